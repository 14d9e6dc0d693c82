// What a TCF v2.3 TC string says, as typed values: the core segment, the
// DisclosedVendors segment and the optional PublisherTC segment. Ids are the
// GVL's (purposes 1–24, special features 1–12, vendors 1–65535).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assent/id_set.hpp"

namespace assent::tcf {

inline constexpr int kTcStringVersion = 2;     // the encoding format, TCF v2.x
inline constexpr int kTcfPolicyVersion = 5;    // TCF v2.3
// Strings of older policies are invalid since 30 September 2023: Assent
// never writes one (it still reads them, to know to ask again).
inline constexpr int kOldestPolicyVersion = 4;
// DisclosedVendors is mandatory for strings created from 1 March 2026 (UTC).
inline constexpr std::int64_t kDisclosedVendorsMandatoryFromMs = 1772323200000;

using IdSet = assent::IdSet;

enum class RestrictionType : std::uint8_t {
    NotAllowed = 0,
    RequireConsent = 1,
    RequireLegitimateInterest = 2,
};

// The publisher overrides the legal basis of `purposeId` for these vendors.
struct PublisherRestriction {
    std::uint8_t purposeId = 0;
    RestrictionType type = RestrictionType::NotAllowed;
    IdSet vendors;
    bool operator==(const PublisherRestriction& o) const {
        return purposeId == o.purposeId && type == o.type && vendors == o.vendors;
    }
};

// The publisher's own purposes (PublisherTC segment).
struct PublisherTc {
    IdSet purposeConsents;
    IdSet purposeLegitimateInterests;
    std::uint8_t numCustomPurposes = 0;  // custom purposes are 1..numCustomPurposes
    IdSet customPurposeConsents;
    IdSet customPurposeLegitimateInterests;
    bool operator==(const PublisherTc& o) const {
        return purposeConsents == o.purposeConsents && purposeLegitimateInterests == o.purposeLegitimateInterests &&
               numCustomPurposes == o.numCustomPurposes && customPurposeConsents == o.customPurposeConsents &&
               customPurposeLegitimateInterests == o.customPurposeLegitimateInterests;
    }
};

struct TcModel {
    // Milliseconds since the epoch. The string keeps only the day (UTC
    // midnight): since 2021 the spec wants Created and LastUpdated both set to
    // the day of the last update, so a string does not time the person.
    std::int64_t createdMs = 0;
    std::int64_t lastUpdatedMs = 0;
    std::uint16_t cmpId = 0;
    std::uint16_t cmpVersion = 0;
    std::uint8_t consentScreen = 0;
    std::string consentLanguage = "EN";  // ISO 639-1, two letters A–Z
    std::uint16_t vendorListVersion = 0;
    std::uint8_t policyVersion = kTcfPolicyVersion;
    // IsServiceSpecific is not a field: v2.3 strings always have it set, and a
    // string without it is refused.
    bool useNonStandardTexts = false;
    IdSet specialFeatureOptIns;
    IdSet purposeConsents;
    IdSet purposeLegitimateInterests;  // never 1, nor 3–6 (TCF v2.2)
    bool purposeOneTreatment = false;
    std::string publisherCountryCode = "AA";  // ISO 3166-1 alpha-2
    IdSet vendorConsents;
    IdSet vendorLegitimateInterests;
    std::vector<PublisherRestriction> publisherRestrictions;
    IdSet disclosedVendors;
    std::optional<PublisherTc> publisherTc;

    bool operator==(const TcModel& o) const;
    bool operator!=(const TcModel& o) const { return !(*this == o); }
};

// UTC midnight of the day that holds `ms`: the instant a TC string records.
std::int64_t tcDayMs(std::int64_t ms);

}  // namespace assent::tcf
