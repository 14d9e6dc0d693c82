#include "assent/gpp/model_json.hpp"

#include "assent/tcf/model_json.hpp"
#include "assent/tcf/tc_string.hpp"

namespace assent::gpp {
namespace {

void twoBitList(JsonWriter& out, const char* key, const std::vector<std::uint8_t>& list) {
    out.key(key).beginArray();
    for (const auto v : list) out.value(static_cast<std::int64_t>(v));
    out.endArray();
}

std::int64_t n(std::int64_t v) { return v; }

// tcfeuv2, with the field names the IAB's reference GPP library uses.
void writeTcfEuV2(JsonWriter& out, const tcf::TcModel& m) {
    out.beginArray().beginObject();
    out.key("Version").value(n(2)).key("Created").value(m.createdMs).key("LastUpdated").value(m.lastUpdatedMs);
    out.key("CmpId").value(n(m.cmpId)).key("CmpVersion").value(n(m.cmpVersion)).key("ConsentScreen").value(n(m.consentScreen));
    out.key("ConsentLanguage").value(m.consentLanguage).key("VendorListVersion").value(n(m.vendorListVersion));
    out.key("PolicyVersion").value(n(m.policyVersion)).key("IsServiceSpecific").value(true);
    out.key("UseNonStandardStacks").value(m.useNonStandardTexts);
    writeIds(out, "SpecialFeatureOptins", m.specialFeatureOptIns);
    writeIds(out, "PurposeConsents", m.purposeConsents);
    writeIds(out, "PurposeLegitimateInterests", m.purposeLegitimateInterests);
    out.key("PurposeOneTreatment").value(m.purposeOneTreatment).key("PublisherCountryCode").value(m.publisherCountryCode);
    writeIds(out, "VendorConsents", m.vendorConsents);
    writeIds(out, "VendorLegitimateInterests", m.vendorLegitimateInterests);
    out.key("PublisherRestrictions").beginArray();
    for (const auto& r : m.publisherRestrictions) {
        out.beginObject().key("key").value(n(r.purposeId)).key("type").value(n(static_cast<std::int64_t>(r.type)));
        writeIds(out, "ids", r.vendors);
        out.endObject();
    }
    out.endArray().endObject();
    out.beginObject().key("VendorsDisclosedSegmentType").value(n(1));
    writeIds(out, "VendorsDisclosed", m.disclosedVendors);
    out.endObject();
    if (m.publisherTc) {
        const auto& p = *m.publisherTc;
        out.beginObject().key("PublisherPurposesSegmentType").value(n(3));
        writeIds(out, "PublisherConsents", p.purposeConsents);
        writeIds(out, "PublisherLegitimateInterests", p.purposeLegitimateInterests);
        out.key("NumCustomPurposes").value(n(p.numCustomPurposes));
        writeIds(out, "PublisherCustomConsents", p.customPurposeConsents);
        writeIds(out, "PublisherCustomLegitimateInterests", p.customPurposeLegitimateInterests);
        out.endObject();
    }
    out.endArray();
}

void writeUsNat(JsonWriter& out, const UsNat& u) {
    out.beginArray().beginObject();
    out.key("Version").value(n(u.version));
    out.key("SharingNotice").value(n(u.sharingNotice)).key("SaleOptOutNotice").value(n(u.saleOptOutNotice));
    out.key("SharingOptOutNotice").value(n(u.sharingOptOutNotice));
    out.key("TargetedAdvertisingOptOutNotice").value(n(u.targetedAdvertisingOptOutNotice));
    out.key("SensitiveDataProcessingOptOutNotice").value(n(u.sensitiveDataProcessingOptOutNotice));
    out.key("SensitiveDataLimitUseNotice").value(n(u.sensitiveDataLimitUseNotice));
    out.key("SaleOptOut").value(n(u.saleOptOut)).key("SharingOptOut").value(n(u.sharingOptOut));
    out.key("TargetedAdvertisingOptOut").value(n(u.targetedAdvertisingOptOut));
    twoBitList(out, "SensitiveDataProcessing", u.sensitiveDataProcessing);
    twoBitList(out, "KnownChildSensitiveDataConsents", u.knownChildSensitiveDataConsents);
    out.key("PersonalDataConsents").value(n(u.personalDataConsents));
    out.key("MspaCoveredTransaction").value(n(u.mspaCoveredTransaction));
    out.key("MspaOptOutOptionMode").value(n(u.mspaOptOutOptionMode));
    out.key("MspaServiceProviderMode").value(n(u.mspaServiceProviderMode));
    out.endObject();
    if (u.gpc) out.beginObject().key("SubsectionType").value(n(1)).key("Gpc").value(*u.gpc).endObject();
    out.endArray();
}

}  // namespace

void writeParsedSections(JsonWriter& out, const GppString& g) {
    out.beginObject();
    if (g.tcfEuV2) {
        const auto tc = tcf::decodeTcString(*g.tcfEuV2);
        if (tc) {
            out.key(kTcfEuV2Prefix);
            writeTcfEuV2(out, tc.value());
        }
    }
    if (g.usNat) {
        out.key(kUsNatPrefix);
        writeUsNat(out, *g.usNat);
    }
    out.endObject();
}

}  // namespace assent::gpp
