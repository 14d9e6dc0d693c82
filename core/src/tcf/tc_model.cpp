#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {

bool TcModel::operator==(const TcModel& o) const {
    return createdMs == o.createdMs && lastUpdatedMs == o.lastUpdatedMs && cmpId == o.cmpId &&
           cmpVersion == o.cmpVersion && consentScreen == o.consentScreen && consentLanguage == o.consentLanguage &&
           vendorListVersion == o.vendorListVersion && policyVersion == o.policyVersion &&
           useNonStandardTexts == o.useNonStandardTexts && specialFeatureOptIns == o.specialFeatureOptIns &&
           purposeConsents == o.purposeConsents && purposeLegitimateInterests == o.purposeLegitimateInterests &&
           purposeOneTreatment == o.purposeOneTreatment && publisherCountryCode == o.publisherCountryCode &&
           vendorConsents == o.vendorConsents && vendorLegitimateInterests == o.vendorLegitimateInterests &&
           publisherRestrictions == o.publisherRestrictions && disclosedVendors == o.disclosedVendors &&
           publisherTc == o.publisherTc;
}

std::int64_t tcDayMs(std::int64_t ms) {
    constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
    const std::int64_t day = ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
    return day * kDayMs;
}

}  // namespace assent::tcf
