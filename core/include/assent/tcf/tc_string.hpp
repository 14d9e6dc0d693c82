// The TC string (TCF v2.3): core segment, DisclosedVendors, optional
// PublisherTC, each base64url without padding, joined by '.'.
//
// Encoding refuses a model that does not fit the format (an id out of range,
// a language that is not two letters) instead of cutting bits, which could
// turn one vendor's id into another's. Decoding is strict: any damage is a
// problem naming the segment and field, never a partial model, so a bad
// string can only count as no consent.
#pragma once

#include <string>
#include <string_view>

#include "assent/result.hpp"
#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {

Result<std::string> encodeTcString(const TcModel&);
Result<TcModel> decodeTcString(std::string_view);

}  // namespace assent::tcf
