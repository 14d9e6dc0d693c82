// Any bytes as a stored record: decoding refuses or returns a record that
// encodes back to exactly the same bytes (so nothing was guessed).
#include <cstdint>
#include <string_view>

#include "assent/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = assent::decodeRecord(text);
    if (decoded.ok() && assent::encodeRecord(decoded.value()) != text) __builtin_trap();
    return 0;
}
