// Any bytes as what a page can pass the core: stored record, choices, event
// props. Nothing crashes, and a refusal is never turned into a grant.
#include <cstdint>
#include <string>
#include <string_view>

#include "assent/core.hpp"
#include "../core/fixtures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto made = assent::Core::create(fixtures::kConfig, fixtures::kSeed);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto core = made.value();
    core.restore(text, 0);
    core.choose("reject_all", "", "banner", "en", 1);
    core.choose("custom", text, "banner", "en", 2);
    core.track("$click", text, "/", 3);
    core.choose("reject_all", "", "api", "", 4);
    core.track("$click", text, "/", 5);
    if (!core.takeBatch(6).empty() || core.accepted("analytics", 6)) __builtin_trap();
    return 0;
}
