// The usnat section (GPP section 7, "MSPA US National"): its core segment
// and the optional GPC sub-section, as typed values, with their codec.
// Versions 1 (12 sensitive-data categories, 2 known-child entries) and 2
// (16 and 3) are read; either is written, as the model's version says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/result.hpp"

namespace assent::gpp {

inline constexpr std::uint16_t kUsNatSectionId = 7;
inline constexpr const char* kUsNatPrefix = "usnat";

// Every Int(2) field of the section: 0 not applicable, then
//   notices:   1 notice given, 2 not given
//   opt-outs:  1 opted out, 2 did not opt out
//   consents:  1 no consent, 2 consent
//   MSPA:      1 yes, 2 no (MspaCoveredTransaction is never 0)
// 3 is defined for none of them.
struct UsNat {
    std::uint8_t version = 1;
    std::uint8_t sharingNotice = 0;
    std::uint8_t saleOptOutNotice = 0;
    std::uint8_t sharingOptOutNotice = 0;
    std::uint8_t targetedAdvertisingOptOutNotice = 0;
    std::uint8_t sensitiveDataProcessingOptOutNotice = 0;
    std::uint8_t sensitiveDataLimitUseNotice = 0;
    std::uint8_t saleOptOut = 0;
    std::uint8_t sharingOptOut = 0;
    std::uint8_t targetedAdvertisingOptOut = 0;
    std::vector<std::uint8_t> sensitiveDataProcessing = std::vector<std::uint8_t>(12, 0);  // category i+1
    std::vector<std::uint8_t> knownChildSensitiveDataConsents = std::vector<std::uint8_t>(2, 0);
    std::uint8_t personalDataConsents = 0;
    std::uint8_t mspaCoveredTransaction = 2;
    std::uint8_t mspaOptOutOptionMode = 0;
    std::uint8_t mspaServiceProviderMode = 0;
    // The GPC sub-section: absent, or the Gpc flag it carries.
    std::optional<bool> gpc;

    bool operator==(const UsNat& o) const;
};

// How many sensitive-data categories and known-child entries a version has;
// 0 for a version Assent does not know.
std::size_t sensitiveCategories(int version);
std::size_t knownChildEntries(int version);

// The section's text: core segment, then ".": the GPC sub-section when
// the model has one. A model that does not fit is refused with the field.
Result<std::string> encodeUsNat(const UsNat&);
// Strict: an unknown version, a value out of its field's range, a cut
// string, padding that is not zeros, or a third sub-section is a problem.
Result<UsNat> decodeUsNat(std::string_view);

}  // namespace assent::gpp
