// A site's TCF setup (config `tcf` + its self-hosted GVL) and the mapping
// from the site's consent state to the TC string (core/src/tcf/site.cpp).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "assent/config.hpp"
#include "assent/gpp/site.hpp"
#include "assent/tcf/site.hpp"
#include "assent/tcf/tc_string.hpp"

using nlohmann::json;
using namespace assent;
using namespace assent::tcf;

namespace {

std::string fileText(const std::string& name) {
    std::ifstream in(name);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The GVL fixture the e2e test serves too: vendors 8 (consent 1–4), 28
// (consent 1, 7, 8), 755 (consent 1, 3, 4; legitimate interest 2, 7, 9, 10),
// 999 (deleted).
const std::string& gvl() {
    static const std::string text = fileText(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/vendor-list.json");
    return text;
}

json siteConfig() {
    json c = json::parse(fileText(ASSENT_SOURCE_DIR "/demo/site/assent.config.json"));
    c["tcf"] = json::parse(fileText(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/tcf-section.json"));
    return c;
}

// Every problem as "path: reason", for comparing whole lists.
std::vector<std::string> problemsOf(const json& config, const std::string& gvlText = gvl()) {
    const auto site = readSiteTcf(config.dump(), gvlText);
    std::vector<std::string> out;
    for (const auto& p : site.problems()) out.push_back(p.message());
    return out;
}

bool hasProblemAt(const std::vector<std::string>& problems, const std::string& path, const std::string& words) {
    for (const auto& p : problems)
        if (p.rfind(path + ": ", 0) == 0 && p.find(words) != std::string::npos) return true;
    return false;
}

SiteTcf site() {
    const auto s = readSiteTcf(siteConfig().dump(), gvl());
    INFO(s.message());
    REQUIRE(s.ok());
    return s.value();
}

constexpr std::int64_t kNow = 1796000000000;  // 2026-11-30

TcModel modelFor(const std::string& record) {
    const auto choice = readSiteChoice(record);
    REQUIRE(choice.ok());
    return tcModelFor(site(), choice.value(), kNow);
}

}  // namespace

TEST_CASE("the e2e fixture's tcf section is valid against its vendor list") {
    Problems warnings;
    const auto s = readSiteTcf(siteConfig().dump(), gvl(), &warnings);
    INFO(s.message());
    REQUIRE(s.ok());
    CHECK(warnings.empty());
    CHECK(s.value().vendorListVersion == 140);
    CHECK(s.value().vendors.size() == 3);
}

TEST_CASE("tcf config problems are reported all at once, each with its path") {
    json c = siteConfig();
    c["tcf"]["vendors"] = {8, 4242, 999, 28, 8};
    c["tcf"]["purposes"][0]["consent"] = {1, 2, 3, 4, 7};                     // 7 is analytics' already
    c["tcf"]["purposes"][1]["legitimateInterest"] = {1, 7, 10};               // 1 is consent only
    c["tcf"]["purposes"].push_back({{"purpose", "nope"}, {"consent", {11}}});  // not a site purpose
    c["tcf"]["cmpId"] = 1;
    c["tcf"]["publisherCountryCode"] = "de";
    const auto problems = problemsOf(c);
    CHECK(hasProblemAt(problems, "tcf.vendors[1]", "vendor 4242 is not in the vendor list (version 140)"));
    CHECK(hasProblemAt(problems, "tcf.vendors[2]", "vendor 999 was deleted"));
    CHECK(hasProblemAt(problems, "tcf.vendors[4]", "vendor 8 is listed twice"));
    CHECK(hasProblemAt(problems, "tcf.purposes[1].legitimateInterest[0]", "TCF purpose 1 may only be based on consent"));
    CHECK(hasProblemAt(problems, "tcf.purposes[2].purpose", "\"nope\" is not one of the config's purposes"));
    CHECK(hasProblemAt(problems, "tcf.cmpId", "must be between 2 and 4095"));
    CHECK(hasProblemAt(problems, "tcf.publisherCountryCode", "two capital letters"));
    // A purpose mapped twice names where it was mapped first.
    CHECK(hasProblemAt(problems, "tcf.purposes[1].legitimateInterest[1]",
                       "TCF purpose 7 is mapped already at tcf.purposes[0].consent[4]"));
    CHECK(problems.size() == 8);
}

TEST_CASE("a TCF purpose mapped twice is an error at its second place") {
    json c = siteConfig();
    c["tcf"]["purposes"][1]["legitimateInterest"] = {2};  // marketing maps 2 for consent
    CHECK(problemsOf(c) ==
          std::vector<std::string>{"tcf.purposes[1].legitimateInterest[0]: TCF purpose 2 is mapped already at tcf.purposes[0].consent[1]"});
}

TEST_CASE("purposes 1 and 3-6 never take legitimate interest; 2 and 7-11 may") {
    for (int purpose = 1; purpose <= 11; ++purpose) {
        json c = siteConfig();
        c["tcf"]["purposes"] = json::array({{{"purpose", "analytics"}, {"legitimateInterest", {purpose}}}});
        const auto problems = problemsOf(c);
        const bool consentOnly = purpose == 1 || (purpose >= 3 && purpose <= 6);
        INFO("TCF purpose " << purpose);
        CHECK(hasProblemAt(problems, "tcf.purposes[0].legitimateInterest[0]", "may only be based on consent") == consentOnly);
        CHECK(problems.empty() == !consentOnly);
    }
}

TEST_CASE("a purpose or vendor the GVL gives no text for is an error naming the GVL's path") {
    json list = json::parse(gvl());
    list["purposes"]["8"].erase("description");
    list["purposes"]["2"]["name"] = "";
    list["vendors"]["28"].erase("name");
    CHECK(problemsOf(siteConfig(), list.dump()) ==
          std::vector<std::string>{"vendorList.vendors.28.name: missing: the dialog must name every vendor",
                                   "vendorList.purposes.2.name: missing: the dialog must show every purpose's name",
                                   "vendorList.purposes.8.description: missing: the dialog must show every purpose's description"});
    list["purposes"].erase("11");
    json c = siteConfig();
    c["tcf"]["purposes"][1]["consent"] = {8, 11};
    CHECK(hasProblemAt(problemsOf(c, list.dump()), "tcf.purposes[1].consent[1]", "TCF purpose 11 is not in the vendor list"));
}

TEST_CASE("a vendor list that is not a TCF v2.3 GVL v3, or missing fields, is refused with paths") {
    CHECK(problemsOf(siteConfig(), "[]") == std::vector<std::string>{"vendorList: is not a JSON object (the Global Vendor List, v3)"});
    json list = json::parse(gvl());
    list["tcfPolicyVersion"] = 4;
    list["gvlSpecificationVersion"] = 2;
    const auto problems = problemsOf(siteConfig(), list.dump());
    CHECK(hasProblemAt(problems, "vendorList.tcfPolicyVersion", "must be between 5 and 5"));
    CHECK(hasProblemAt(problems, "vendorList.gvlSpecificationVersion", "must be between 3 and 3"));
    json c = siteConfig();
    c["tcf"].erase("vendors");
    c["tcf"].erase("cmpVersion");
    c["tcf"]["unknownThing"] = 1;
    Problems warnings;
    const auto s = readSiteTcf(c.dump(), gvl(), &warnings);
    CHECK(s.message() == "tcf.cmpVersion: missing\ntcf.vendors: missing");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].message() == "tcf.unknownThing: unknown key, ignored");
}

// The mapping, as a table: the site's record -> what the string grants.
TEST_CASE("the site's choice maps to TCF purposes and vendors") {
    struct Case {
        const char* record;
        IdSet purposeConsents, purposeLi, vendorConsents, vendorLi;
    };
    const Case cases[] = {
        // no choice yet, and "reject all": nothing at all
        {"null", {}, {}, {}, {}},
        {R"({"purposes":{"necessary":true,"analytics":false,"marketing":false,"media":false}})", {}, {}, {}, {}},
        // accept all
        {R"({"purposes":{"necessary":true,"analytics":true,"marketing":true,"media":true}})",
         {1, 2, 3, 4, 8}, {7, 9, 10}, {8, 28, 755}, {755}},
        // marketing only: vendor 28 asks consent for 1 (granted), so it has consent
        {R"({"purposes":{"analytics":false,"marketing":true}})", {1, 2, 3, 4}, {}, {8, 28, 755}, {}},
        // analytics only: no purpose 1, vendor 8 has nothing
        {R"({"purposes":{"analytics":true,"marketing":false}})", {8}, {7, 9, 10}, {28}, {755}},
    };
    for (const auto& c : cases) {
        INFO(c.record);
        const TcModel m = modelFor(c.record);
        CHECK(m.purposeConsents == c.purposeConsents);
        CHECK(m.purposeLegitimateInterests == c.purposeLi);
        CHECK(m.vendorConsents == c.vendorConsents);
        CHECK(m.vendorLegitimateInterests == c.vendorLi);
        CHECK(m.disclosedVendors == IdSet{8, 28, 755});
    }
}

TEST_CASE("the string carries the site's CMP, country, list version and the prompt's language, at day resolution") {
    const TcModel m = modelFor(R"({"purposes":{"marketing":true},"language":"fr-CA","updatedMs":1795999000123})");
    CHECK(m.cmpId == 300);
    CHECK(m.cmpVersion == 2);
    CHECK(m.publisherCountryCode == "DE");
    CHECK(m.vendorListVersion == 140);
    CHECK(m.policyVersion == 5);
    CHECK(m.consentLanguage == "FR");
    CHECK(m.createdMs == tcDayMs(1795999000123));
    CHECK(m.lastUpdatedMs == m.createdMs);
    const auto encoded = encodeTcString(m);
    REQUIRE(encoded.ok());
    const auto decoded = decodeTcString(encoded.value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == m);
}

namespace {

// The record of a person who granted every site purpose, with their own
// TCF choices (`tcf` as the main core records them).
std::string allPurposesWith(const std::string& tcf) {
    return R"({"purposes":{"necessary":true,"analytics":true,"marketing":true,"media":true},"tcf":)" + tcf + "}";
}

json dialogFor(const std::string& record, const SiteTcf& s = site()) {
    const auto choice = readSiteChoice(record);
    REQUIRE(choice.ok());
    JsonWriter w;
    writeVendorDialog(w, s, choice.value());
    return json::parse(w.str());
}

}  // namespace

// Per-vendor choices, as a table: the person's own choices on top of the
// purposes they granted -> what the string says of each vendor.
TEST_CASE("[C04] each vendor's consent and legitimate interest in the string are the person's own choice") {
    struct Case {
        const char* why;
        std::string record;
        IdSet vendorConsents, vendorLi;
        IdSet purposeConsents = {1, 2, 3, 4, 8};  // every site purpose granted
    };
    const Case cases[] = {
        {"all given, none objected", allPurposesWith(R"({"vendorConsents":[8,28,755],"vendorLegitimateInterests":[8,28,755],"specialFeatureOptIns":[]})"),
         {8, 28, 755}, {755}},
        {"vendor 28 refused, vendor 755's legitimate interest objected to",
         allPurposesWith(R"({"vendorConsents":[8,755],"vendorLegitimateInterests":[8,28],"specialFeatureOptIns":[]})"), {8, 755}, {}},
        {"every vendor refused and objected to: the purposes alone give no vendor anything",
         allPurposesWith(R"({"vendorConsents":[],"vendorLegitimateInterests":[],"specialFeatureOptIns":[]})"), {}, {}},
        {"a vendor's consent needs one of its purposes granted too (vendor 8 asks for 1-4, all refused)",
         R"({"purposes":{"analytics":true,"marketing":false},"tcf":{"vendorConsents":[8,28,755],"vendorLegitimateInterests":[755],"specialFeatureOptIns":[]}})",
         {28}, {755}, {8}},
        {"a record from before per-vendor choices: vendors follow the purposes", allPurposesWith("null"), {8, 28, 755}, {755}},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const TcModel m = modelFor(c.record);
        CHECK(m.vendorConsents == c.vendorConsents);
        CHECK(m.vendorLegitimateInterests == c.vendorLi);
        CHECK(m.disclosedVendors == IdSet{8, 28, 755});
        // The purposes stay as granted: the vendor choices narrow vendors only.
        CHECK(m.purposeConsents == c.purposeConsents);
        const auto decoded = decodeTcString(encodeTcString(m).value());
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == m);
    }
}

TEST_CASE("[C03] a special feature is on in the string only when the person opted in and the site offers it") {
    const auto features = [](const std::string& optIns) {
        return modelFor(allPurposesWith(R"({"vendorConsents":[8],"vendorLegitimateInterests":[],"specialFeatureOptIns":)" + optIns + "}"))
            .specialFeatureOptIns;
    };
    CHECK(features("[]").empty());
    CHECK(features("[1]") == IdSet{1});
    CHECK(features("[2]").empty());  // the site offers only special feature 1
    CHECK(modelFor(allPurposesWith("null")).specialFeatureOptIns.empty());
    CHECK(modelFor("null").specialFeatureOptIns.empty());
}

TEST_CASE("a record's tcf choices that are not lists of vendor ids are refused with their path") {
    CHECK(readSiteChoice(R"({"tcf":[]})").message() == "record.tcf: must be an object");
    CHECK(readSiteChoice(R"({"tcf":{"vendorConsents":[8],"vendorLegitimateInterests":[]}})").message() ==
          "record.tcf.specialFeatureOptIns: must be an array of GVL ids");
    CHECK(readSiteChoice(R"({"tcf":{"vendorConsents":[0],"vendorLegitimateInterests":[],"specialFeatureOptIns":[]}})").message() ==
          "record.tcf.vendorConsents: must hold whole numbers between 1 and 65535");
}

TEST_CASE("the dialog lists each of the site's vendors with the GVL's purposes, retention and data categories") {
    const json d = dialogFor("null");
    REQUIRE(d["vendors"].size() == 3);
    const json& v755 = d["vendors"][2];
    CHECK(v755["id"] == 755);
    CHECK(v755["name"] == "Insight Vendor");
    CHECK(v755["purposes"] == json({"Store and/or access information on a device", "Create profiles for personalised advertising",
                                    "Use profiles to select personalised advertising"}));
    CHECK(v755["legitimateInterestPurposes"] ==
          json({"Use limited data to select advertising", "Measure advertising performance",
                "Understand audiences through statistics or combinations of data from different sources", "Develop and improve services"}));
    CHECK(v755["retentionDays"] == 365);
    CHECK(v755["dataCategories"] == json({"IP addresses", "Device characteristics", "Browsing and interaction data"}));
    CHECK(v755["privacyUrl"] == "https://vendor755.example/privacy");
    CHECK(v755["asksConsent"] == true);
    CHECK(v755["usesLegitimateInterest"] == true);
    CHECK(d["vendors"][0]["specialFeatures"] == json({"Use precise geolocation data"}));
    CHECK(d["vendors"][1]["usesLegitimateInterest"] == false);
    CHECK(d["specialFeatures"] == json::parse(R"([{"id":1,"name":"Use precise geolocation data","description":"Fixture text.","optedIn":false}])"));
}

TEST_CASE("[C03] before any choice the dialog ticks no vendor consent and no special feature; legitimate interest stands until objected to") {
    for (const auto* record : {"null", R"({"purposes":{"marketing":true}})"}) {
        INFO(record);
        const json d = dialogFor(record);
        for (const auto& v : d["vendors"]) {
            CHECK(v["consent"] == false);
            CHECK(v["legitimateInterest"] == true);
        }
        CHECK(d["specialFeatures"][0]["optedIn"] == false);
    }
    const json chosen = dialogFor(allPurposesWith(R"({"vendorConsents":[28],"vendorLegitimateInterests":[8],"specialFeatureOptIns":[1]})"));
    CHECK(chosen["vendors"][0]["consent"] == false);
    CHECK(chosen["vendors"][1]["consent"] == true);
    CHECK(chosen["vendors"][2]["legitimateInterest"] == false);  // 755 objected to
    CHECK(chosen["specialFeatures"][0]["optedIn"] == true);
}

TEST_CASE("purposes 1 and 3-6 are never shown nor encoded as a vendor's legitimate interest, whatever the GVL says") {
    json list = json::parse(gvl());
    list["vendors"]["755"]["legIntPurposes"] = {1, 3, 6, 7};
    const auto s = readSiteTcf(siteConfig().dump(), list.dump());
    REQUIRE(s.ok());
    CHECK(s.value().vendors.at(755).legIntPurposes == IdSet{7});
    CHECK(dialogFor("null", s.value())["vendors"][2]["legitimateInterestPurposes"] == json({"Measure advertising performance"}));
}

TEST_CASE("special features and data categories the dialog cannot show are config errors with paths") {
    json c = siteConfig();
    c["tcf"]["specialFeatures"] = {1, 2, 1, 13};
    json list = json::parse(gvl());
    list["specialFeatures"]["1"].erase("description");
    list["dataCategories"].erase("4");
    CHECK(problemsOf(c, list.dump()) ==
          std::vector<std::string>{
              "tcf.specialFeatures[3]: must be a whole number between 1 and 12",
              "vendorList.specialFeatures.1.description: missing: the dialog must show every special feature's description",
              "tcf.specialFeatures[1]: special feature 2 is not in the vendor list",
              "tcf.specialFeatures[2]: special feature 1 is listed twice",
              "vendorList.dataCategories.4.name: missing: the dialog must name every data category a vendor declares",
          });
}

namespace {

// The fixture site, with the publisher's own processing: TCF purposes 1, 3
// and 4 on marketing's consent, 7 on analytics' legitimate interest, and two
// custom purposes (1: media on consent, 2: analytics on legitimate interest).
json publisherConfig() {
    json c = siteConfig();
    c["tcf"]["publisher"] = {
        {"purposes", {{{"purpose", "marketing"}, {"consent", {1, 3, 4}}}, {{"purpose", "analytics"}, {"legitimateInterest", {7}}}}},
        {"customPurposes", {{{"purpose", "media"}, {"basis", "consent"}}, {{"purpose", "analytics"}, {"basis", "legitimateInterest"}}}}};
    return c;
}

TcModel publisherModelFor(const std::string& record) {
    const auto s = readSiteTcf(publisherConfig().dump(), gvl());
    INFO(s.message());
    REQUIRE(s.ok());
    const auto choice = readSiteChoice(record);
    REQUIRE(choice.ok());
    return tcModelFor(s.value(), choice.value(), kNow);
}

}  // namespace

TEST_CASE("without tcf.publisher the string has no PublisherTC segment") {
    CHECK_FALSE(modelFor(R"({"purposes":{"marketing":true}})").publisherTc);
}

TEST_CASE("the PublisherTC segment's purposes and custom purposes follow the site's purposes they are mapped to") {
    struct Case {
        const char* record;
        IdSet consents, legitimateInterests, customConsents, customLegitimateInterests;
    };
    const Case cases[] = {
        // no choice yet, and "reject all": the custom purposes are declared, none granted
        {"null", {}, {}, {}, {}},
        {R"({"purposes":{"necessary":true,"analytics":false,"marketing":false,"media":false}})", {}, {}, {}, {}},
        // accept all
        {R"({"purposes":{"necessary":true,"analytics":true,"marketing":true,"media":true}})", {1, 3, 4}, {7}, {1}, {2}},
        // one purpose at a time
        {R"({"purposes":{"marketing":true}})", {1, 3, 4}, {}, {}, {}},
        {R"({"purposes":{"analytics":true}})", {}, {7}, {}, {2}},
        {R"({"purposes":{"media":true}})", {}, {}, {1}, {}},
    };
    for (const auto& c : cases) {
        INFO(c.record);
        const TcModel m = publisherModelFor(c.record);
        REQUIRE(m.publisherTc);
        CHECK(m.publisherTc->purposeConsents == c.consents);
        CHECK(m.publisherTc->purposeLegitimateInterests == c.legitimateInterests);
        CHECK(m.publisherTc->numCustomPurposes == 2);
        CHECK(m.publisherTc->customPurposeConsents == c.customConsents);
        CHECK(m.publisherTc->customPurposeLegitimateInterests == c.customLegitimateInterests);
        // The segment travels in the string and reads back the same.
        const auto encoded = encodeTcString(m);
        REQUIRE(encoded.ok());
        const auto decoded = decodeTcString(encoded.value());
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == m);
    }
    // The vendors' purposes are the vendors' mapping's, not the publisher's.
    CHECK(publisherModelFor(R"({"purposes":{"analytics":true}})").purposeConsents == IdSet{8});
}

TEST_CASE("tcf.publisher problems are reported each with its path") {
    json c = publisherConfig();
    auto& p = c["tcf"]["publisher"];
    p["purposes"][0]["consent"] = {1, 3, 3};                    // 3 twice
    p["purposes"][1]["legitimateInterest"] = {4};              // consent only
    p["purposes"].push_back({{"purpose", "marketing"}, {"consent", {2}}});  // marketing mapped twice
    p["customPurposes"][0]["basis"] = "contract";
    p["customPurposes"][1].erase("basis");
    p["customPurposes"].push_back({{"purpose", "nope"}, {"basis", "consent"}});
    p["colour"] = "blue";
    Problems warnings;
    const auto site = readSiteTcf(c.dump(), gvl(), &warnings);
    std::vector<std::string> problems;
    for (const auto& pr : site.problems()) problems.push_back(pr.message());
    CHECK(problems == std::vector<std::string>{
                          "tcf.publisher.purposes[0].consent[2]: TCF purpose 3 is mapped already at tcf.publisher.purposes[0].consent[1]",
                          "tcf.publisher.purposes[1].legitimateInterest[0]: TCF purpose 4 may only be based on consent, never on legitimate interest",
                          "tcf.publisher.purposes[1]: maps no TCF purpose: give it \"consent\" or \"legitimateInterest\" ids",
                          "tcf.publisher.purposes[2].purpose: \"marketing\" is mapped already at tcf.publisher.purposes[0].purpose",
                          "tcf.publisher.customPurposes[0].basis: must be \"consent\" or \"legitimateInterest\"",
                          "tcf.publisher.customPurposes[1].basis: missing: \"consent\" or \"legitimateInterest\"",
                          "tcf.publisher.customPurposes[2].purpose: \"nope\" is not one of the config's purposes",
                      });
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].message() == "tcf.publisher.colour: unknown key, ignored");
    // A TCF purpose the vendors' mapping uses may be the publisher's too.
    CHECK(problemsOf(publisherConfig()).empty());
}

TEST_CASE("more than 63 custom purposes do not fit the string's count and are an error") {
    json c = publisherConfig();
    c["tcf"]["publisher"]["customPurposes"] = json::array();
    for (int i = 0; i < 64; ++i) c["tcf"]["publisher"]["customPurposes"].push_back({{"purpose", "media"}, {"basis", "consent"}});
    CHECK(problemsOf(c) == std::vector<std::string>{"tcf.publisher.customPurposes: more than 63 custom purposes (the TC string counts them in 6 bits)"});
    c["tcf"]["publisher"]["customPurposes"].erase(63);
    CHECK(problemsOf(c).empty());
}

TEST_CASE("the ad-funded demo's config is valid: for the main core, its tcf section against its vendor list, and its gpp section") {
    const std::string config = fileText(ASSENT_SOURCE_DIR "/demo/ads/site/assent.config.json");
    const auto main = parseConfig(config);
    INFO(main.message());
    CHECK(main.ok());
    Problems warnings;
    const auto tcf = readSiteTcf(config, fileText(ASSENT_SOURCE_DIR "/demo/ads/site/vendor-list.json"), &warnings);
    INFO(tcf.message());
    REQUIRE(tcf.ok());
    CHECK(warnings.empty());
    CHECK(tcf.value().publisher);
    const auto gpp = gpp::readSiteGpp(config);
    INFO(gpp.message());
    CHECK(gpp.ok());
}
