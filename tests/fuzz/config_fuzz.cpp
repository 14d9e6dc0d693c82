// Any text as a site config: parsing reports problems, never crashes or throws.
#include <cstdint>
#include <string_view>

#include "assent/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto result = assent::parseConfig(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!result.ok() && result.problems().empty()) __builtin_trap();  // a refusal always says why
    return 0;
}
