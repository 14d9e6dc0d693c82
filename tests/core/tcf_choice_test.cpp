// The person's per-vendor and special-feature choices on a TCF site, as the
// main core records them (ledger, stored record, wire): what the TCF module
// then writes into the TC string (tcf_site_test.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/codec.hpp"
#include "assent/wire.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::json;

namespace {

// The fixture config with a TCF site's vendors 8, 28 and 755 and special feature 1.
std::string tcfConfig() {
    json c = json::parse(fixtures::kConfig);
    c["tcf"] = {{"vendorList", "/gvl.json"}, {"cmpId", 300}, {"cmpVersion", 2}, {"publisherCountryCode", "DE"},
                {"vendors", {8, 28, 755}}, {"specialFeatures", {1}},
                {"purposes", {{{"purpose", "marketing"}, {"consent", {1, 2, 3, 4}}}}}};
    return c.dump();
}

struct Site {
    wire::Endpoint endpoint{tcfConfig(), fixtures::kSeed};

    json call(const char* method, const json& args) { return json::parse(endpoint.call(method, args.dump())); }
    json choose(const char* action, const json& tcf, const json& purposes = nullptr) {
        return call("choose", {action, purposes, "preferences", "en", kT0, tcf});
    }
    json tcf() { return call("record", json::array())["tcf"]; }
};

json tcfChoice(std::vector<int> consents, std::vector<int> li, std::vector<int> features) {
    return {{"vendorConsents", consents}, {"vendorLegitimateInterests", li}, {"specialFeatureOptIns", features}};
}

}  // namespace

TEST_CASE("[C02] reject all refuses every vendor and special feature in one action, as accept all grants every one") {
    Site accepted, rejected;
    REQUIRE(accepted.choose("accept_all", nullptr).is_null());
    REQUIRE(rejected.choose("reject_all", nullptr).is_null());
    CHECK(accepted.tcf() == tcfChoice({8, 28, 755}, {8, 28, 755}, {1}));
    CHECK(rejected.tcf() == tcfChoice({}, {}, {}));
    // Toggles sent with either are not read: the one action decides all.
    Site rejectedWithToggles;
    REQUIRE(rejectedWithToggles.choose("reject_all", tcfChoice({8}, {8}, {1})).is_null());
    CHECK(rejectedWithToggles.tcf() == tcfChoice({}, {}, {}));
}

TEST_CASE("[C04] a custom choice records each vendor's consent and legitimate-interest objection as the person set them") {
    Site s;
    REQUIRE(s.choose("custom", tcfChoice({8, 755}, {8, 28}, {}), {{"marketing", true}}).is_null());
    CHECK(s.tcf() == tcfChoice({8, 755}, {8, 28}, {}));
    // Kept in the stored record: a reload reads the same choices.
    const std::string stored = s.call("stored", json::array()).get<std::string>();
    Site reloaded;
    REQUIRE(reloaded.call("restore", {stored, kT0 + 1}).is_null());
    CHECK(reloaded.tcf() == tcfChoice({8, 755}, {8, 28}, {}));
    // The proof form (an access request, a receipt) carries them too.
    CHECK(s.call("exportRecords", json::array())["records"][0]["tcf"] == tcfChoice({8, 755}, {8, 28}, {}));
}

TEST_CASE("[C03] a custom choice without vendor toggles ticks no vendor consent and no special feature") {
    Site s;
    REQUIRE(s.choose("custom", nullptr, {{"marketing", true}}).is_null());
    CHECK(s.tcf() == tcfChoice({}, {8, 28, 755}, {}));
    // Later choices without toggles keep the person's earlier ones.
    REQUIRE(s.choose("custom", tcfChoice({28}, {}, {1})).is_null());
    REQUIRE(s.choose("custom", nullptr, {{"marketing", false}}).is_null());
    CHECK(s.tcf() == tcfChoice({28}, {}, {1}));
}

TEST_CASE("[C05] withdrawing everything refuses every vendor and special feature as well") {
    Site s;
    REQUIRE(s.choose("accept_all", nullptr).is_null());
    REQUIRE(s.call("withdraw", {"", "preferences", kT0 + 5}).is_null());
    CHECK(s.tcf() == tcfChoice({}, {}, {}));
}

TEST_CASE("toggles for a vendor or special feature the config does not offer are refused with a path, and nothing is recorded") {
    struct Case {
        json tcf;
        std::string error;
    };
    const Case cases[] = {
        {tcfChoice({4242}, {}, {}), "choice.tcf.vendorConsents: vendor 4242 is not one of the config's (tcf.vendors)"},
        {tcfChoice({}, {9}, {}), "choice.tcf.vendorLegitimateInterests: vendor 9 is not one of the config's (tcf.vendors)"},
        {tcfChoice({}, {}, {2}), "choice.tcf.specialFeatureOptIns: special feature 2 is not one of the config's (tcf.specialFeatures)"},
        {{{"vendorConsents", {8}}}, "tcf.vendorLegitimateInterests: must be an array of GVL ids"},
        {tcfChoice({0}, {}, {}), "tcf.vendorConsents: must hold whole numbers between 1 and 65535"},
        {json::array(), "tcf (args[5]): must be an object or null"},
    };
    for (const auto& c : cases) {
        INFO(c.tcf.dump());
        Site s;
        CHECK(s.choose("custom", c.tcf)["error"] == c.error);
        CHECK(s.call("record", json::array()).is_null());
    }
    // A site without a tcf section has no vendors to choose.
    wire::Endpoint plain(fixtures::kConfig, fixtures::kSeed);
    CHECK(json::parse(plain.call("choose", json({"custom", nullptr, "banner", "en", kT0, tcfChoice({}, {}, {})}).dump()))["error"] ==
          "choice.tcf: the config has no tcf section");
}

TEST_CASE("a site without a tcf section records no tcf choices and keeps the version 2 stored form") {
    wire::Endpoint plain(fixtures::kConfig, fixtures::kSeed);
    REQUIRE(plain.call("choose", json({"accept_all", nullptr, "banner", "en", kT0}).dump()) == "null");
    CHECK_FALSE(json::parse(plain.call("record", "[]")).contains("tcf"));
    CHECK(json::parse(plain.call("stored", "[]")).get<std::string>().rfind("2~", 0) == 0);
}

TEST_CASE("a new policy revision forgets the vendor choices with the purposes") {
    Site s;
    REQUIRE(s.choose("custom", tcfChoice({8}, {8}, {1})).is_null());
    const std::string stored = s.call("stored", json::array()).get<std::string>();
    json c = json::parse(tcfConfig());
    c["revision"] = c["revision"].get<int>() + 1;
    wire::Endpoint next(c.dump(), fixtures::kSeed);
    REQUIRE(json::parse(next.call("restore", json({stored, kT0 + 1}).dump())).is_null());
    REQUIRE(json::parse(next.call("choose", json({"custom", nullptr, "banner", "en", kT0 + 2}).dump())).is_null());
    CHECK(json::parse(next.call("record", "[]"))["tcf"] == tcfChoice({}, {8, 28, 755}, {}));
}

TEST_CASE("[C03] a record made before any vendor choice (a permission answered first, or a withdrawal of one "
          "purpose after a new revision) gives vendors nothing") {
    Site s;
    REQUIRE(s.call("answerPermission", {"geolocation", "platform", "granted", "prompt", "en", kT0}).is_object());
    CHECK(s.tcf() == tcfChoice({}, {}, {}));

    Site before;
    REQUIRE(before.choose("accept_all", nullptr).is_null());
    json c = json::parse(tcfConfig());
    c["revision"] = c["revision"].get<int>() + 1;
    wire::Endpoint next(c.dump(), fixtures::kSeed);
    const std::string stored = before.call("stored", json::array()).get<std::string>();
    REQUIRE(json::parse(next.call("restore", json({stored, kT0 + 1}).dump())).is_null());
    REQUIRE(json::parse(next.call("withdraw", json({"marketing", "preferences", kT0 + 2}).dump())).is_null());
    CHECK(json::parse(next.call("record", "[]"))["tcf"] == tcfChoice({}, {}, {}));
}

TEST_CASE("a site that drops its tcf section (same revision) writes no vendor choices into the next decisions") {
    Site s;
    REQUIRE(s.choose("custom", tcfChoice({8}, {8}, {1})).is_null());
    const std::string stored = s.call("stored", json::array()).get<std::string>();
    REQUIRE(stored.rfind("3~", 0) == 0);
    // The same site and revision, without TCF: its old record still reads.
    wire::Endpoint plain(fixtures::kConfig, fixtures::kSeed);
    REQUIRE(json::parse(plain.call("restore", json({stored, kT0 + 1}).dump())).is_null());
    REQUIRE(json::parse(plain.call("record", "[]"))["consentId"] == s.call("record", json::array())["consentId"]);
    for (const char* action : {"accept_all", "custom"}) {
        REQUIRE(json::parse(plain.call("choose", json({action, nullptr, "banner", "en", kT0 + 2}).dump())).is_null());
        CHECK_FALSE(json::parse(plain.call("record", "[]")).contains("tcf"));
        CHECK(json::parse(plain.call("storedCurrent", "[]")).get<std::string>().rfind("2~", 0) == 0);
    }
    REQUIRE(json::parse(plain.call("withdraw", json({"", "preferences", kT0 + 3}).dump())).is_null());
    CHECK(json::parse(plain.call("storedCurrent", "[]")).get<std::string>().rfind("2~", 0) == 0);
}

TEST_CASE("a history that mixes version 3 and version 2 records restores whole, each record with its own choices") {
    Site s;
    REQUIRE(s.choose("custom", tcfChoice({8}, {8}, {1})).is_null());
    wire::Endpoint plain(fixtures::kConfig, fixtures::kSeed);
    REQUIRE(json::parse(plain.call("restore", json({s.call("stored", json::array()), kT0 + 1}).dump())).is_null());
    REQUIRE(json::parse(plain.call("choose", json({"reject_all", nullptr, "banner", "en", kT0 + 2}).dump())).is_null());
    const std::string mixed = json::parse(plain.call("stored", "[]")).get<std::string>();
    REQUIRE(mixed.rfind("3~", 0) == 0);
    REQUIRE(mixed.find("\n2~") != std::string::npos);
    // Read back on the TCF site (it took TCF up again), then on the plain one.
    for (wire::Endpoint* site : {&s.endpoint, &plain}) {
        REQUIRE(json::parse(site->call("restore", json({mixed, kT0 + 3}).dump())).is_null());
        const json records = json::parse(site->call("exportRecords", "[]"))["records"];
        REQUIRE(records.size() == 2);
        CHECK(records[0]["tcf"] == tcfChoice({8}, {8}, {1}));
        CHECK_FALSE(records[1].contains("tcf"));
        CHECK(records[1]["method"] == "reject_all");
    }
}

TEST_CASE("[C06] the TC string made for a TCF decision is attested in its record, once, before it is stored") {
    Site s;
    REQUIRE(s.choose("accept_all", nullptr).is_null());
    const std::string tcString = "CQu26YAQu26YAEsACBENCMFoAPEAAALAAAYgF5wAwAEAAcAXmBecAEBeYAA.IF5wAwAEAAcAXmA.cCAAAAAAAAMA";
    CHECK(s.call("attestTcString", {tcString}).is_null());
    const json record = s.call("record", json::array());
    // Its SHA-256 (by Python's hashlib).
    CHECK(record["tcf"]["tcStringHash"] == "fc64e7edffaceff19b8d89ffad299457cdfbcb7c867d081344e3f2125e631282");
    CHECK(s.call("storedCurrent", json::array()).get<std::string>().find("|" + record["tcf"]["tcStringHash"].get<std::string>() + "~") !=
          std::string::npos);
    CHECK(s.call("storedCurrent", json::array()).get<std::string>().rfind("4~", 0) == 0);  // the form with the hash
    // Once only: a record is stored and sent as it was attested.
    CHECK(s.call("attestTcString", {"CQ"})["error"] == "tcString: this record's TC string was attested already");
    // The next decision has a TC string of its own, not attested yet.
    REQUIRE(s.choose("reject_all", nullptr).is_null());
    CHECK_FALSE(s.call("record", json::array())["tcf"].contains("tcStringHash"));
    // The history keeps the earlier record's hash.
    const json records = s.call("exportRecords", json::array())["records"];
    REQUIRE(records.size() == 2);
    CHECK(records[0]["tcf"]["tcStringHash"] == record["tcf"]["tcStringHash"]);
    // A restored record was stored and sent as it is: attesting it now would
    // send the same record id with other content, and the receipt be refused.
    Site reloaded;
    REQUIRE(reloaded.call("restore", {s.call("stored", json::array()), kT0 + 1}).is_null());
    CHECK(reloaded.call("attestTcString", {tcString})["error"] ==
          "tcString: a restored record was stored and sent as it is: only a new decision is attested");
    CHECK_FALSE(reloaded.call("record", json::array())["tcf"].contains("tcStringHash"));
}

TEST_CASE("a TC string is attested only for a record with TCF choices") {
    Site before;
    CHECK(before.call("attestTcString", {"CQ"})["error"] == "tcString: no record with TCF choices to attest it for");
    wire::Endpoint plain(fixtures::kConfig, fixtures::kSeed);
    REQUIRE(plain.call("choose", json({"accept_all", nullptr, "banner", "en", kT0}).dump()) == "null");
    CHECK(json::parse(plain.call("attestTcString", json({"CQ"}).dump()))["error"] ==
          "tcString: no record with TCF choices to attest it for");
    Site empty;
    REQUIRE(empty.choose("accept_all", nullptr).is_null());
    CHECK(empty.call("attestTcString", {""})["error"] == "tcString: empty");
}
