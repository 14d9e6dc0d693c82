// Published TC strings as data (tests/core/tcf_vectors.json): each decodes
// to every field the IAB's own library reads from it. Strings of older
// policies are among them on purpose: Assent must read what vendors and
// other CMPs wrote, if only to know to ask again.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "assent/tcf/tc_string.hpp"

using nlohmann::json;
using namespace assent::tcf;

namespace {

json idsOf(const IdSet& ids) {
    json out = json::array();
    for (const auto id : ids) out.push_back(id);
    return out;
}

json publisherFields(const PublisherTc& p) {
    return {{"purposeConsents", idsOf(p.purposeConsents)},
            {"purposeLegitimateInterests", idsOf(p.purposeLegitimateInterests)},
            {"numCustomPurposes", p.numCustomPurposes},
            {"customPurposeConsents", idsOf(p.customPurposeConsents)},
            {"customPurposeLegitimateInterests", idsOf(p.customPurposeLegitimateInterests)}};
}

// The model in the vectors' field names.
json fieldsOf(const TcModel& m) {
    return {{"createdMs", m.createdMs},
            {"lastUpdatedMs", m.lastUpdatedMs},
            {"cmpId", m.cmpId},
            {"cmpVersion", m.cmpVersion},
            {"consentScreen", m.consentScreen},
            {"consentLanguage", m.consentLanguage},
            {"vendorListVersion", m.vendorListVersion},
            {"policyVersion", m.policyVersion},
            {"useNonStandardTexts", m.useNonStandardTexts},
            {"specialFeatureOptIns", idsOf(m.specialFeatureOptIns)},
            {"purposeConsents", idsOf(m.purposeConsents)},
            {"purposeLegitimateInterests", idsOf(m.purposeLegitimateInterests)},
            {"purposeOneTreatment", m.purposeOneTreatment},
            {"publisherCountryCode", m.publisherCountryCode},
            {"vendorConsents", idsOf(m.vendorConsents)},
            {"vendorLegitimateInterests", idsOf(m.vendorLegitimateInterests)},
            {"publisherRestrictions", m.publisherRestrictions.size()},
            {"disclosedVendors", idsOf(m.disclosedVendors)},
            {"publisherTc", m.publisherTc ? publisherFields(*m.publisherTc) : json(nullptr)}};
}

}  // namespace

TEST_CASE("published TC strings decode to every field the IAB's library reads from them") {
    std::ifstream in(ASSENT_SOURCE_DIR "/tests/core/tcf_vectors.json");
    REQUIRE(in.good());
    const json strings = json::parse(in)["strings"];
    REQUIRE(strings.size() >= 3);
    for (const auto& row : strings) {
        INFO(row["source"].get<std::string>());
        const auto decoded = decodeTcString(row["tcString"].get<std::string>());
        INFO(decoded.message());
        REQUIRE(decoded.ok());
        const json fields = fieldsOf(decoded.value());
        REQUIRE(row["fields"].size() == fields.size());
        for (const auto& [name, expected] : row["fields"].items()) {
            INFO(name);
            CHECK(fields.at(name) == expected);
        }
    }
}
