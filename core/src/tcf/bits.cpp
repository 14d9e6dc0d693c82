#include "assent/tcf/bits.hpp"

namespace assent::tcf {

void BitWriter::write(std::uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) bits_.push_back(((value >> i) & 1U) != 0);
}

std::optional<std::uint64_t> BitReader::read(int width) {
    if (width < 0 || static_cast<std::size_t>(width) > remaining()) return std::nullopt;
    std::uint64_t value = 0;
    for (int i = 0; i < width; ++i) value = (value << 1) | (bits_[position_++] ? 1U : 0U);
    return value;
}

}  // namespace assent::tcf
