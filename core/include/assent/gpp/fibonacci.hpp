// The GPP field types that TCF does not have: the Fibonacci-coded integer
// and the Fibonacci range (spec: GPP "Consent String Specification", section
// encoding). Each has an encoder and its exact inverse; the header and any
// later section compose them.
#pragma once

#include <cstdint>
#include <string_view>

#include "assent/tcf/bits.hpp"
#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {
class FieldReader;
}

namespace assent::gpp {

using tcf::IdSet;

// A code word is the Zeckendorf bits of n, lowest Fibonacci number first,
// then a closing 1 (the only "11" in it). n >= 1: 0 has no code.
void writeFibonacci(tcf::BitWriter&, std::uint32_t n);
// Past this many bits (F(32) = 2,178,309) a code word is refused: no field
// of GPP needs more, and a string of ones must not run on unread.
inline constexpr int kMaxFibonacciBits = 32;
std::uint32_t readFibonacci(tcf::FieldReader&, std::string_view field);

// Int(12) the number of entries, then per entry a flag (0 one id, 1 a
// group), the offset of its (first) id from the last id written before it
// (0 at the start), and for a group the offset of its last id from its
// first. Ids come out sorted and unique; ids are 1–65535.
void writeFibonacciRange(tcf::BitWriter&, const IdSet&);
IdSet readFibonacciRange(tcf::FieldReader&, std::string_view field);

}  // namespace assent::gpp
