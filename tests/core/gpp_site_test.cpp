// A site's GPP setup (config `gpp`) and the mapping from the site's consent
// state to the GPP string (core/src/gpp/site.cpp).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "assent/gpp/gpp_string.hpp"
#include "assent/gpp/site.hpp"

using nlohmann::json;
using namespace assent;
using namespace assent::gpp;

namespace {

json fileJson(const std::string& name) {
    std::ifstream in(name);
    REQUIRE(in.good());
    return json::parse(in);
}

// The demo's purposes (necessary, analytics, marketing, media), the TCF
// fixture and tests/e2e/fixtures/ui/gpp-section.json: marketing is sale,
// sharing and targeted advertising, media sensitive category 8 (precise
// geolocation), analytics personal-data consent; an MSPA covered transaction in opt-out mode.
json siteConfig() {
    json c = fileJson(ASSENT_SOURCE_DIR "/demo/site/assent.config.json");
    c["tcf"] = fileJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/tcf-section.json");
    c["gpp"] = fileJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/gpp-section.json");
    return c;
}

SiteGpp site() { return readSiteGpp(siteConfig().dump()).value(); }

tcf::SiteChoice choice(std::map<std::string, bool> purposes) {
    tcf::SiteChoice c;
    c.purposes = std::move(purposes);
    return c;
}

const std::map<std::string, bool> kAcceptAll = {{"analytics", true}, {"marketing", true}, {"media", true}};
const std::map<std::string, bool> kRejectAll = {{"analytics", false}, {"marketing", false}, {"media", false}};

bool hasProblem(const Problems& problems, const std::string& path) {
    for (const auto& p : problems)
        if (p.path == path) return true;
    return false;
}

}  // namespace

TEST_CASE("the fixture's gpp section is read: which sections, and which purpose stands for each usnat choice") {
    Problems warnings;
    const auto read = readSiteGpp(siteConfig().dump(), &warnings);
    INFO(read.message());
    REQUIRE(read.ok());
    CHECK(warnings.empty());
    const auto& s = read.value();
    CHECK(s.tcfEuV2);
    REQUIRE(s.usNat);
    CHECK(s.usNat->sale == "marketing");
    CHECK(s.usNat->sensitive == std::map<int, std::string>{{8, "media"}});
    CHECK(s.usNat->mspaCovered);
    CHECK(s.cmpId == 300);  // the TCF section's CMP id
}

TEST_CASE("a wrong gpp section is refused with every problem at its path") {
    const std::vector<std::pair<std::string, std::function<void(json&)>>> cases = {
        {"gpp.sections", [](json& c) { c["gpp"].erase("sections"); }},
        {"gpp.sections", [](json& c) { c["gpp"]["sections"] = json::array(); }},
        {"gpp.sections[1]", [](json& c) { c["gpp"]["sections"] = {"usnat", "uspv1"}; }},
        {"gpp.sections[1]", [](json& c) { c["gpp"]["sections"] = {"usnat", "usnat"}; }},
        {"gpp.sections[0]", [](json& c) { c.erase("tcf"); }},
        {"gpp.usnat", [](json& c) { c["gpp"].erase("usnat"); }},
        {"gpp.usnat", [](json& c) { c["gpp"]["sections"] = {"tcfeuv2"}; }},
        {"gpp.usnat.saleOptOut", [](json& c) { c["gpp"]["usnat"]["saleOptOut"] = "ads"; }},
        {"gpp.usnat.sharingOptOut", [](json& c) { c["gpp"]["usnat"]["sharingOptOut"] = 3; }},
        {"gpp.usnat.sensitiveData[0].category", [](json& c) { c["gpp"]["usnat"]["sensitiveData"][0]["category"] = 13; }},
        {"gpp.usnat.sensitiveData[1].category", [](json& c) { c["gpp"]["usnat"]["sensitiveData"].push_back({{"category", 8}, {"purpose", "marketing"}}); }},
        {"gpp.usnat.sensitiveData[0].purpose", [](json& c) { c["gpp"]["usnat"]["sensitiveData"][0].erase("purpose"); }},
        {"gpp.usnat.mspaMode", [](json& c) { c["gpp"]["usnat"].erase("mspaMode"); }},
        {"gpp.usnat.mspaMode", [](json& c) { c["gpp"]["usnat"]["mspaMode"] = "both"; }},
        {"gpp.usnat.mspaMode", [](json& c) { c["gpp"]["usnat"]["mspaCoveredTransaction"] = false; }},
        {"gpp.usnat.mspaCoveredTransaction", [](json& c) { c["gpp"]["usnat"]["mspaCoveredTransaction"] = "yes"; }},
    };
    for (const auto& [path, damage] : cases) {
        json c = siteConfig();
        damage(c);
        const auto read = readSiteGpp(c.dump());
        INFO(path << ": " << read.message());
        REQUIRE_FALSE(read.ok());
        CHECK(hasProblem(read.problems(), path));
    }
}

TEST_CASE("an unknown key of the gpp section is a warning, not a problem") {
    json c = siteConfig();
    c["gpp"]["usnat"]["saleOptout"] = "marketing";
    Problems warnings;
    REQUIRE(readSiteGpp(c.dump(), &warnings).ok());
    CHECK(hasProblem(warnings, "gpp.usnat.saleOptout"));
}

TEST_CASE("accept all: the person did not opt out of sale, sharing or targeted advertising and consented to what was asked") {
    const auto u = usNatFor(*site().usNat, choice(kAcceptAll), false);
    CHECK(u.version == 1);
    CHECK(u.saleOptOutNotice == 1);
    CHECK(u.saleOptOut == 2);
    CHECK(u.sharingOptOut == 2);
    CHECK(u.targetedAdvertisingOptOut == 2);
    CHECK(u.sensitiveDataProcessing[7] == 2);
    CHECK(u.sensitiveDataProcessing[0] == 0);  // a category the site does not process
    CHECK(u.personalDataConsents == 2);
    CHECK(u.mspaCoveredTransaction == 1);
    CHECK(u.mspaOptOutOptionMode == 1);
    CHECK(u.mspaServiceProviderMode == 2);
    CHECK(u.gpc == false);
}

TEST_CASE("reject all opts out of sale, sharing and targeted advertising and consents to nothing") {
    const auto u = usNatFor(*site().usNat, choice(kRejectAll), false);
    CHECK(u.saleOptOut == 1);
    CHECK(u.sharingOptOut == 1);
    CHECK(u.targetedAdvertisingOptOut == 1);
    CHECK(u.sensitiveDataProcessing[7] == 1);
    CHECK(u.personalDataConsents == 1);
}

TEST_CASE("[C03] before any choice every usnat opt-out reads opted out and every consent no consent") {
    const auto u = usNatFor(*site().usNat, choice({}), false);
    CHECK(u.saleOptOut == 1);
    CHECK(u.sharingOptOut == 1);
    CHECK(u.targetedAdvertisingOptOut == 1);
    CHECK(u.sensitiveDataProcessing[7] == 1);
    CHECK(u.personalDataConsents == 1);
}

TEST_CASE("a custom choice maps each purpose to its own usnat fields") {
    const auto u = usNatFor(*site().usNat, choice({{"analytics", true}, {"marketing", false}, {"media", true}}), false);
    CHECK(u.saleOptOut == 1);
    CHECK(u.sensitiveDataProcessing[7] == 2);
    CHECK(u.personalDataConsents == 2);
}

TEST_CASE("[C12] a Global Privacy Control signal opts out of sale, sharing and targeted advertising even after accept all, and the GPC sub-section says so") {
    const auto u = usNatFor(*site().usNat, choice(kAcceptAll), true);
    CHECK(u.saleOptOut == 1);
    CHECK(u.sharingOptOut == 1);
    CHECK(u.targetedAdvertisingOptOut == 1);
    CHECK(u.gpc == true);
    CHECK(u.sensitiveDataProcessing[7] == 2);  // GPC is about sale and sharing, not sensitive data
    const auto decoded = decodeGppString(encodeGppString(gppFor(site(), choice(kAcceptAll), true, "")).value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value().usNat->gpc == true);
}

TEST_CASE("a usnat choice the site does not offer is not applicable, whatever the person chose") {
    json c = siteConfig();
    c["gpp"]["usnat"].erase("sharingOptOut");
    c["gpp"]["usnat"].erase("mspaMode");
    c["gpp"]["usnat"]["mspaCoveredTransaction"] = false;
    const auto u = usNatFor(*readSiteGpp(c.dump()).value().usNat, choice(kRejectAll), true);
    CHECK(u.sharingOptOutNotice == 0);
    CHECK(u.sharingOptOut == 0);
    CHECK(u.mspaCoveredTransaction == 2);
    CHECK(u.mspaOptOutOptionMode == 0);
    CHECK(u.mspaServiceProviderMode == 0);
}

TEST_CASE("the site's GPP string carries the TCF module's TC string in tcfeuv2, and leaves it out when there is none") {
    const std::string tc = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";
    const auto with = gppFor(site(), choice(kAcceptAll), false, tc);
    CHECK(with.tcfEuV2 == tc);
    CHECK(with.sectionIds() == assent::IdSet{2, 7});
    const auto without = gppFor(site(), choice({}), false, "");
    CHECK_FALSE(without.tcfEuV2);
    CHECK(without.sectionIds() == assent::IdSet{7});
}
