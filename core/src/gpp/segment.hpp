// What every bit-coded part of a GPP string shares: splitting on a
// delimiter, base64url to bits with a problem naming the part, and the
// check that what follows the last field is only the zeros that pad it.
// Internal to the core.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../tcf/fields.hpp"
#include "assent/result.hpp"
#include "assent/tcf/bits.hpp"

namespace assent::gpp {

std::vector<std::string_view> splitOn(std::string_view text, char delimiter);

// The bits of one base64url part; `part` names it in a problem.
Result<tcf::Bits> segmentBits(std::string_view text, const std::string& part);

// Encoders pad to whole bytes and then to whole characters (at most 11
// bits); the spec's own examples pad to whole characters only. Either way
// padding is zeros: anything else is a string of another shape.
inline constexpr std::size_t kMaxPaddingBits = 11;
void checkPadding(tcf::FieldReader&, std::string_view field);

}  // namespace assent::gpp
