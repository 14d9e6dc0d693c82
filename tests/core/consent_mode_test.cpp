#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/consent_mode.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::json;

namespace {

Config withConsentMode() {
    json j = json::parse(fixtures::kConfig);
    j["consentMode"] = {{"enabled", true},
                        {"signals",
                         {{"analytics_storage", "analytics"},
                          {"ad_storage", {"ads"}},
                          {"ad_user_data", {"ads", "marketing"}},
                          {"security_storage", "necessary"}}}};
    return parseConfig(j.dump()).value();
}

}  // namespace

TEST_CASE("Consent Mode defaults to denied for everything not strictly necessary, and waits for an update") {
    const auto c = withConsentMode();
    const auto d = json::parse(consentModeJson(c, Ledger(), kT0, true));
    CHECK(d["analytics_storage"] == "denied");
    CHECK(d["ad_storage"] == "denied");
    CHECK(d["personalization_storage"] == "denied");  // mapped to nothing: never granted
    CHECK(d["security_storage"] == "granted");
    CHECK(d["wait_for_update"] == 500);
    CHECK(d.size() == 8);
}

TEST_CASE("Consent Mode signals follow the purposes they map to; a signal of several needs them all") {
    const auto c = withConsentMode();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    Choice choice;
    choice.method = Method::Custom;
    choice.purposes = {{"analytics", true}, {"ads", true}};
    REQUIRE(ledger.decide(c, choice, kT0, ids).ok());
    const auto u = json::parse(consentModeJson(c, ledger, kT0, false));
    CHECK(u["analytics_storage"] == "granted");
    CHECK(u["ad_storage"] == "granted");
    CHECK(u["ad_user_data"] == "denied");  // marketing is refused
    CHECK_FALSE(u.contains("wait_for_update"));
}

TEST_CASE("Consent Mode is off unless the config enables it, and its map is checked") {
    CHECK(consentModeJson(fixtures::config(), Ledger(), kT0, true) == "null");
    json j = json::parse(fixtures::kConfig);
    j["consentMode"] = {{"enabled", true}, {"signals", {{"ad_storag", "ads"}, {"ad_storage", {"adverts"}}}}};
    const auto r = parseConfig(j.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.message() == "consentMode.signals.ad_storag: unknown Consent Mode signal\n"
                         "consentMode.signals.ad_storage: unknown purpose \"adverts\"");
}
