// Any bytes as a TC string: decoding refuses, or returns a model that the
// encoder writes and the decoder reads back unchanged (the string's
// timestamps taken to the day, as the encoder keeps them), so nothing
// decoded was guessed and nothing crashes on the way.
#include <cstdint>
#include <string_view>

#include "assent/tcf/tc_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assent::tcf;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = decodeTcString(text);
    if (!decoded.ok()) return 0;
    auto model = decoded.value();
    model.createdMs = tcDayMs(model.createdMs);
    model.lastUpdatedMs = tcDayMs(model.lastUpdatedMs);
    const auto encoded = encodeTcString(model);  // refuses old policies, which decode
    if (!encoded.ok()) return 0;
    const auto again = decodeTcString(encoded.value());
    if (!again.ok() || again.value() != model) __builtin_trap();
    return 0;
}
