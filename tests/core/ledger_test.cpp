#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/codec.hpp"
#include "assent/ledger.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kDay;
using fixtures::kT0;

namespace {

Choice choice(Method m, std::map<std::string, bool> purposes = {}, bool gpc = false) {
    Choice c;
    c.method = m;
    c.surface = Surface::Banner;
    c.language = "en";
    c.purposes = std::move(purposes);
    c.gpc = gpc;
    return c;
}

// A ledger and what it needs, so each test states only its steps.
struct Visit {
    Config config = fixtures::config();
    IdSource ids{fixtures::kSeed};
    Ledger ledger;

    ConsentRecord decide(Method m, std::map<std::string, bool> purposes = {}, std::int64_t at = kT0) {
        return ledger.decide(config, choice(m, std::move(purposes)), at, ids).value();
    }
    Decision of(const char* purpose, std::int64_t at = kT0) const { return ledger.decision(config, purpose, at); }
};

}  // namespace

TEST_CASE("[C01] before any choice nothing but required purposes is granted, and the prompt is needed") {
    Visit v;
    CHECK(v.ledger.promptNeed(v.config, kT0).noRecord);
    CHECK(v.of("necessary") == Decision::Granted);
    CHECK(v.of("analytics") == Decision::Unset);
    CHECK(v.ledger.encode().empty());
}

TEST_CASE("[C06] a record says who, when, which revision, which texts, which action and which surface") {
    Visit v;
    const auto r = v.decide(Method::AcceptAll);
    CHECK(isId(r.consentId));
    CHECK(isId(r.recordId));
    CHECK(r.siteHash == siteHash("shop.example"));
    CHECK(r.revision == 3);
    CHECK(r.createdMs == kT0);
    CHECK(r.updatedMs == kT0);
    CHECK(r.method == Method::AcceptAll);
    CHECK(r.surface == Surface::Banner);
    CHECK(r.language == "en");
    CHECK(r.textsHash == textsHash(v.config, "en"));
    CHECK(r.purposes.at("analytics") == Grant{true, kT0 + 180 * kDay});
    CHECK(r.purposes.at("ads") == Grant{true, kT0 + 90 * kDay});
    CHECK(r.services == std::map<std::string, bool>{{"ga", true}, {"pixel", true}, {"session", true}});
}

TEST_CASE("[C09] reject all is recorded as carefully as accept all, with its own expiry") {
    Visit v;
    const auto r = v.decide(Method::RejectAll);
    CHECK(r.method == Method::RejectAll);
    CHECK(r.purposes.at("analytics") == Grant{false, kT0 + 180 * kDay});
    CHECK(r.purposes.at("necessary") == Grant{true, 0});
    CHECK(r.services.at("ga") == false);
    CHECK(v.of("analytics") == Decision::Denied);
    CHECK_FALSE(v.ledger.needsPrompt(v.config, kT0));
}

TEST_CASE("[C04] each purpose is chosen separately; one left out of a custom choice is refused") {
    Visit v;
    v.decide(Method::Custom, {{"analytics", true}});
    CHECK(v.of("analytics") == Decision::Granted);
    CHECK(v.of("marketing") == Decision::Denied);
}

TEST_CASE("an api choice changes only the purposes it names") {
    Visit first;
    first.decide(Method::Api, {{"analytics", true}});
    CHECK(first.of("analytics") == Decision::Granted);
    CHECK(first.of("marketing") == Decision::Unset);  // not named: still to be asked
    CHECK(first.ledger.promptNeed(first.config, kT0).newPurposes == std::vector<std::string>{"marketing", "ads", "location"});
    Visit v;
    v.decide(Method::Custom, {{"analytics", true}, {"marketing", true}});
    v.decide(Method::Api, {{"marketing", false}});
    CHECK(v.of("analytics") == Decision::Granted);
    CHECK(v.of("marketing") == Decision::Denied);
}

TEST_CASE("a required purpose cannot be refused") {
    Visit v;
    v.decide(Method::Custom, {{"necessary", false}});
    CHECK(v.of("necessary") == Decision::Granted);
}

TEST_CASE("[C16] accept all never grants a sensitive purpose: it needs its own choice") {
    Visit v;
    v.decide(Method::AcceptAll);
    CHECK(v.of("location") == Decision::Denied);
    v.decide(Method::Custom, {{"location", true}, {"analytics", true}});
    CHECK(v.of("location") == Decision::Granted);
    v.decide(Method::AcceptAll, {}, kT0 + 1);  // keeps the sensitive purpose's own choice
    CHECK(v.of("location", kT0 + 1) == Decision::Granted);
}

TEST_CASE("a choice naming an unknown purpose records nothing") {
    Visit v;
    const auto r = v.ledger.decide(v.config, choice(Method::Custom, {{"adverts", true}}), kT0, v.ids);
    CHECK(r.message() == "choice.adverts: unknown purpose \"adverts\"");
    CHECK(v.ledger.current() == nullptr);
}

TEST_CASE("the consent id stays across decisions; each decision gets a new record id") {
    Visit v;
    const auto first = v.decide(Method::AcceptAll, {}, 1000);
    const auto second = v.decide(Method::RejectAll, {}, 2000);
    CHECK(first.consentId == second.consentId);
    CHECK(first.recordId != second.recordId);
    CHECK(second.createdMs == 1000);
    CHECK(second.updatedMs == 2000);
    CHECK(v.ledger.history().size() == 2);
}

TEST_CASE("history is bounded: the first record and the newest ones are kept") {
    Visit v;
    v.config.historyLimit = 5;
    std::vector<std::string> ids;
    for (int i = 0; i < 12; ++i) ids.push_back(v.decide(i % 2 ? Method::AcceptAll : Method::RejectAll, {}, kT0 + i).recordId);
    const auto& h = v.ledger.history();
    REQUIRE(h.size() == 5);
    CHECK(h[0].recordId == ids[0]);
    CHECK(h[1].recordId == ids[8]);
    CHECK(h[4].recordId == ids[11]);
}

TEST_CASE("a refusal survives a reload through the stored history") {
    Visit v;
    v.decide(Method::AcceptAll, {}, kT0);
    v.decide(Method::RejectAll, {}, kT0 + 1);
    Ledger reloaded;
    REQUIRE_FALSE(reloaded.restore(v.config, v.ledger.encode()).has_value());
    CHECK(reloaded.history().size() == 2);
    CHECK(reloaded.decision(v.config, "analytics", kT0 + 2) == Decision::Denied);
    CHECK_FALSE(reloaded.needsPrompt(v.config, kT0 + 2));
}

TEST_CASE("a corrupted newest record restores as no consent, with the reason") {
    Visit v;
    v.decide(Method::AcceptAll);
    std::string stored = v.ledger.encode();
    stored[30] = stored[30] == 'x' ? 'y' : 'x';
    Ledger reloaded;
    const auto problem = reloaded.restore(v.config, stored);
    REQUIRE(problem.has_value());
    CHECK(problem->message() == "stored record: checksum mismatch");
    CHECK(reloaded.decision(v.config, "analytics", kT0) == Decision::Unset);
    CHECK(reloaded.needsPrompt(v.config, kT0));
}

TEST_CASE("a damaged older record is dropped and the newest still counts") {
    Visit v;
    v.decide(Method::AcceptAll, {}, kT0);
    v.decide(Method::RejectAll, {}, kT0 + 1);
    std::string stored = v.ledger.encode();
    stored[30] = stored[30] == 'x' ? 'y' : 'x';  // inside the first line
    Ledger reloaded;
    CHECK_FALSE(reloaded.restore(v.config, stored).has_value());
    CHECK(reloaded.history().size() == 1);
    CHECK(reloaded.decision(v.config, "analytics", kT0 + 2) == Decision::Denied);
}

TEST_CASE("a record stored by another site never counts here") {
    Visit v;
    v.decide(Method::AcceptAll);
    auto other = v.config;
    other.siteId = "other.example";
    Ledger reloaded;
    const auto problem = reloaded.restore(other, v.ledger.encode());
    REQUIRE(problem.has_value());
    CHECK(problem->message() == "stored record: for another site");
    CHECK(reloaded.decision(other, "analytics", kT0) == Decision::Unset);
}

TEST_CASE("[C07] a new policy revision asks again, and the old grant no longer counts") {
    Visit v;
    v.decide(Method::AcceptAll);
    v.config.revision = 4;
    const auto need = v.ledger.promptNeed(v.config, kT0);
    CHECK(need.newRevision);
    CHECK(v.of("analytics") == Decision::Unset);
    // The new decision carries nothing over from the old revision.
    v.decide(Method::Api, {{"marketing", true}}, kT0 + 1);
    CHECK(v.of("marketing", kT0 + 1) == Decision::Granted);
    CHECK(v.of("analytics", kT0 + 1) == Decision::Unset);
}

TEST_CASE("[C07] a purpose added to the config asks again for that purpose") {
    Visit v;
    v.decide(Method::AcceptAll);
    v.config.purposes.push_back(Purpose{"personalisation"});
    const auto need = v.ledger.promptNeed(v.config, kT0);
    CHECK(need.newPurposes == std::vector<std::string>{"personalisation"});
    CHECK(v.of("personalisation") == Decision::Unset);
    CHECK(v.of("analytics") == Decision::Granted);
}

TEST_CASE("[C08] a grant lapses after its purpose's expiry and is asked again") {
    Visit v;
    v.decide(Method::AcceptAll);
    CHECK(v.of("ads", kT0 + 90 * kDay - 1) == Decision::Granted);
    CHECK(v.of("ads", kT0 + 90 * kDay) == Decision::Unset);
    const auto need = v.ledger.promptNeed(v.config, kT0 + 91 * kDay);
    CHECK(need.expired == std::vector<std::string>{"ads", "location"});  // the refusal of location lapses too
    CHECK(v.of("analytics", kT0 + 91 * kDay) == Decision::Granted);
    CHECK(v.ledger.needsPrompt(v.config, kT0 + 181 * kDay));
}

TEST_CASE("[C05] withdrawing one purpose is one call, recorded, and leaves the others") {
    Visit v;
    v.decide(Method::AcceptAll);
    const auto r = v.ledger.withdraw(v.config, "analytics", Surface::Preferences, kT0 + 5, v.ids);
    REQUIRE(r.ok());
    CHECK(r.value().method == Method::Withdraw);
    CHECK(v.of("analytics", kT0 + 5) == Decision::Denied);
    CHECK(v.of("marketing", kT0 + 5) == Decision::Granted);
    CHECK(r.value().purposes.at("marketing").expiresMs == kT0 + 180 * kDay);  // not extended
}

TEST_CASE("[C05] withdrawing everything refuses every purpose and permission") {
    Visit v;
    v.decide(Method::AcceptAll);
    REQUIRE(v.ledger.decidePermission(v.config, "geolocation", true, Method::Platform, Surface::PermissionPrompt, "", kT0, v.ids).ok());
    REQUIRE(v.ledger.withdraw(v.config, "", Surface::Api, kT0 + 5, v.ids).ok());
    for (const char* p : {"analytics", "marketing", "ads", "location"}) CHECK(v.of(p, kT0 + 5) == Decision::Denied);
    CHECK(v.ledger.permission(v.config, "geolocation", kT0 + 5) == Decision::Denied);
    CHECK(v.of("necessary", kT0 + 5) == Decision::Granted);
}

TEST_CASE("withdrawing a required or unknown purpose is refused with a reason") {
    Visit v;
    v.decide(Method::AcceptAll);
    CHECK(v.ledger.withdraw(v.config, "necessary", Surface::Api, kT0, v.ids).message() ==
          "withdraw: \"necessary\" is required and cannot be withdrawn");
    CHECK(v.ledger.withdraw(v.config, "adverts", Surface::Api, kT0, v.ids).message() ==
          "withdraw: unknown purpose \"adverts\"");
    CHECK(v.ledger.history().size() == 1);
}

TEST_CASE("[C12] a GPC signal refuses sale/share purposes, is recorded once, and accept all does not override it") {
    Visit v;
    const auto r = v.ledger.honourGpc(v.config, kT0, v.ids);
    REQUIRE(r.has_value());
    CHECK(r->method == Method::Gpc);
    CHECK(v.of("ads") == Decision::Denied);
    CHECK(v.of("analytics") == Decision::Unset);  // the prompt still asks for the rest
    CHECK_FALSE(v.ledger.honourGpc(v.config, kT0 + 1, v.ids).has_value());
    v.ledger.decide(v.config, choice(Method::AcceptAll, {}, /*gpc=*/true), kT0 + 2, v.ids);
    CHECK(v.of("ads", kT0 + 2) == Decision::Denied);
    CHECK(v.of("analytics", kT0 + 2) == Decision::Granted);
}

TEST_CASE("[C16] a permission is recorded with its own expiry and asked again after it") {
    Visit v;
    const auto r = v.ledger.decidePermission(v.config, "geolocation", true, Method::Platform, Surface::PermissionPrompt, "", kT0, v.ids);
    REQUIRE(r.ok());
    CHECK(r.value().permissions.at("geolocation") == Grant{true, kT0 + 30 * kDay});
    CHECK(v.ledger.permission(v.config, "geolocation", kT0 + 30 * kDay - 1) == Decision::Granted);
    CHECK(v.ledger.permission(v.config, "geolocation", kT0 + 30 * kDay) == Decision::Unset);
    CHECK(v.ledger.decidePermission(v.config, "camera", true, Method::Platform, Surface::PermissionPrompt, "", kT0, v.ids)
              .message() == "permission: unknown capability \"camera\"");
}

TEST_CASE("[C13] the export holds every record of the consent id, readable") {
    Visit v;
    v.decide(Method::AcceptAll, {}, kT0);
    v.decide(Method::RejectAll, {}, kT0 + 1);
    const auto j = nlohmann::json::parse(v.ledger.exportJson(v.config));
    CHECK(j["siteId"] == "shop.example");
    CHECK(j["consentId"] == v.ledger.current()->consentId);
    REQUIRE(j["records"].size() == 2);
    CHECK(j["records"][0]["method"] == "accept_all");
    CHECK(j["records"][1]["method"] == "reject_all");
    CHECK(j["records"][1]["purposes"]["analytics"]["granted"] == false);
    CHECK(j["records"][1]["textsHash"] == textsHash(v.config, "en"));
}

TEST_CASE("[C14] erasure forgets every record and names the cookies and keys to delete") {
    Visit v;
    v.decide(Method::AcceptAll);
    const auto e = v.ledger.erase(v.config);
    CHECK(v.ledger.current() == nullptr);
    CHECK(v.ledger.encode().empty());
    CHECK(e.cookies == std::vector<std::string>{"_ga", "_ga_*", "_fbp"});  // not the site's own session
    CHECK(e.storageKeys == std::vector<std::string>{"ga:clientId"});
}

TEST_CASE("[C05] after a refusal the refused services' cookies are named for deletion") {
    Visit v;
    v.decide(Method::Custom, {{"analytics", true}});
    const auto e = storageToClear(v.config, v.ledger, kT0);
    CHECK(e.cookies == std::vector<std::string>{"_fbp"});
    CHECK(e.storageKeys.empty());
}
