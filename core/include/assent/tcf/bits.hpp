// The bit stream under every TCF segment: fields are big-endian, written and
// read left to right, with no alignment between them (spec: "Consent string
// and vendor list formats v2", TC String Format).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace assent::tcf {

using Bits = std::vector<bool>;

class BitWriter {
public:
    // The low `width` bits of `value`, most significant first. The caller has
    // checked that the value fits: a wider value would silently lose bits.
    void write(std::uint64_t value, int width);
    void write(bool flag) { bits_.push_back(flag); }
    std::size_t size() const { return bits_.size(); }
    const Bits& bits() const { return bits_; }

private:
    Bits bits_;
};

class BitReader {
public:
    explicit BitReader(const Bits& bits) : bits_(bits) {}
    // The next `width` bits as a number, or nullopt (nothing consumed) when
    // fewer remain: a truncated string must fail, not read zeros.
    std::optional<std::uint64_t> read(int width);
    std::size_t remaining() const { return bits_.size() - position_; }

private:
    const Bits& bits_;
    std::size_t position_ = 0;
};

}  // namespace assent::tcf
