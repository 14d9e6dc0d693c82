#include "assent/tcf/model_json.hpp"

namespace assent::tcf {
namespace {

void writePublisherTc(JsonWriter& out, const PublisherTc& p) {
    out.key("publisherTc").beginObject();
    writeIds(out, "purposeConsents", p.purposeConsents);
    writeIds(out, "purposeLegitimateInterests", p.purposeLegitimateInterests);
    out.key("numCustomPurposes").value(static_cast<std::int64_t>(p.numCustomPurposes));
    writeIds(out, "customPurposeConsents", p.customPurposeConsents);
    writeIds(out, "customPurposeLegitimateInterests", p.customPurposeLegitimateInterests);
    out.endObject();
}

}  // namespace

void writeTcModel(JsonWriter& out, const TcModel& m) {
    out.beginObject();
    out.key("createdMs").value(m.createdMs).key("lastUpdatedMs").value(m.lastUpdatedMs);
    out.key("cmpId").value(static_cast<std::int64_t>(m.cmpId)).key("cmpVersion").value(static_cast<std::int64_t>(m.cmpVersion));
    out.key("consentScreen").value(static_cast<std::int64_t>(m.consentScreen)).key("consentLanguage").value(m.consentLanguage);
    out.key("vendorListVersion").value(static_cast<std::int64_t>(m.vendorListVersion));
    out.key("policyVersion").value(static_cast<std::int64_t>(m.policyVersion));
    out.key("useNonStandardTexts").value(m.useNonStandardTexts);
    writeIds(out, "specialFeatureOptIns", m.specialFeatureOptIns);
    writeIds(out, "purposeConsents", m.purposeConsents);
    writeIds(out, "purposeLegitimateInterests", m.purposeLegitimateInterests);
    out.key("purposeOneTreatment").value(m.purposeOneTreatment).key("publisherCountryCode").value(m.publisherCountryCode);
    writeIds(out, "vendorConsents", m.vendorConsents);
    writeIds(out, "vendorLegitimateInterests", m.vendorLegitimateInterests);
    out.key("publisherRestrictions").beginArray();
    for (const auto& r : m.publisherRestrictions) {
        out.beginObject().key("purposeId").value(static_cast<std::int64_t>(r.purposeId));
        out.key("type").value(static_cast<std::int64_t>(r.type));
        writeIds(out, "vendors", r.vendors);
        out.endObject();
    }
    out.endArray();
    writeIds(out, "disclosedVendors", m.disclosedVendors);
    if (m.publisherTc) writePublisherTc(out, *m.publisherTc);
    out.endObject();
}

}  // namespace assent::tcf
