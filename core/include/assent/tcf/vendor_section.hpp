// A vendor section (VendorConsents, VendorLegitimateInterests,
// DisclosedVendors): MaxVendorId, then the ids either as one bit per vendor
// or as ranges of consecutive ids, whichever is shorter, as the spec asks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {

enum class VendorEncoding : std::uint8_t { BitField = 0, Range = 1 };

// The section's length in bits, header included, in the given form; the
// range form cannot hold more than 4095 ranges (NumEntries is 12 bits), and
// then its length is SIZE_MAX.
std::size_t vendorSectionBits(const IdSet&, VendorEncoding);

// The shorter form; the bit field on a tie, being the simpler to read.
VendorEncoding smallerVendorEncoding(const IdSet&);

}  // namespace assent::tcf
