// Any bytes as what a page can pass the core through the wire: stored
// record, choices, event props, whole argument lists. Nothing crashes, and a
// refusal is never turned into a grant.
#include <cstdint>
#include <string>
#include <string_view>

#include "assent/json_writer.hpp"
#include "assent/wire.hpp"
#include "../core/fixtures.hpp"

namespace {

std::string quoted(std::string_view text) {
    assent::JsonWriter w;
    w.value(text);
    return w.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using assent::wire::call;
    static const auto made = assent::Core::create(fixtures::kConfig, fixtures::kSeed);
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // Whole argument lists of every kind of call, on a core of their own.
    auto any = made.value();
    for (const char* method : {"choose", "withdraw", "wantPermission", "answerPermission", "promptModel", "ingest", "restoreVisitor"})
        call(&any, method, text);

    auto core = made.value();
    call(&core, "restore", "[" + quoted(text) + ",0]");
    core.choose(fixtures::rejectAll(), 1);
    call(&core, "choose", "[\"custom\"," + std::string(text) + ",\"banner\",\"en\",2]");
    call(&core, "track", "[\"$click\"," + quoted(text) + ",\"/\",3]");
    core.choose(fixtures::choice(assent::Method::RejectAll, assent::Surface::Api, {}, ""), 4);
    call(&core, "track", "[\"$click\"," + quoted(text) + ",\"/\",5]");
    if (core.takeBatch(6) || core.accepted("analytics", 6)) __builtin_trap();
    return 0;
}
