// Any bytes as a GPP string: decoding refuses, or returns sections that the
// encoder writes and the decoder reads back unchanged, so nothing decoded
// was guessed and nothing crashes on the way.
#include <cstdint>
#include <string_view>

#include "assent/gpp/gpp_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assent::gpp;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = decodeGppString(text);
    if (!decoded.ok()) return 0;
    const auto encoded = encodeGppString(decoded.value());  // a TC string of an old policy decodes, but is written as read
    if (!encoded.ok()) __builtin_trap();
    const auto again = decodeGppString(encoded.value());
    if (!again.ok() || !(again.value() == decoded.value())) __builtin_trap();
    return 0;
}
