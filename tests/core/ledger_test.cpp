#include <catch2/catch.hpp>

#include "assent/codec.hpp"
#include "assent/ledger.hpp"
#include "fixtures.hpp"

using namespace assent;

namespace {

Choice choice(Method m, std::map<std::string, bool> purposes = {}) {
    Choice c;
    c.method = m;
    c.surface = Surface::Banner;
    c.language = "en";
    c.purposes = std::move(purposes);
    return c;
}

}  // namespace

TEST_CASE("[C01] before any choice nothing but required purposes is granted, and the prompt is needed") {
    const auto config = fixtures::config();
    Ledger ledger;
    CHECK(ledger.needsPrompt(config));
    CHECK(ledger.decision(config, "necessary") == Decision::Granted);
    CHECK(ledger.decision(config, "analytics") == Decision::Unset);
    CHECK(ledger.encode().empty());
}

TEST_CASE("[C09] reject all is recorded as carefully as accept all") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    const auto r = ledger.decide(config, choice(Method::RejectAll), 1000, ids);
    REQUIRE(r.ok());
    const auto& record = r.value();
    CHECK(record.method == Method::RejectAll);
    CHECK(record.revision == 3);
    CHECK(record.updatedMs == 1000);
    CHECK(isId(record.consentId));
    CHECK(isId(record.recordId));
    CHECK(record.purposes == std::map<std::string, bool>{{"analytics", false}, {"marketing", false}, {"necessary", true}});
    CHECK(ledger.decision(config, "analytics") == Decision::Denied);
    CHECK_FALSE(ledger.needsPrompt(config));
}

TEST_CASE("[C04] each purpose is chosen separately; one left out of a custom choice is refused") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::Custom, {{"analytics", true}}), 1000, ids).ok());
    CHECK(ledger.decision(config, "analytics") == Decision::Granted);
    CHECK(ledger.decision(config, "marketing") == Decision::Denied);
}

TEST_CASE("a required purpose cannot be refused") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::Custom, {{"necessary", false}}), 1000, ids).ok());
    CHECK(ledger.decision(config, "necessary") == Decision::Granted);
}

TEST_CASE("a choice naming an unknown purpose records nothing") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    const auto r = ledger.decide(config, choice(Method::Custom, {{"ads", true}}), 1000, ids);
    CHECK(r.message() == "choice.ads: unknown purpose \"ads\"");
    CHECK_FALSE(ledger.current().has_value());
}

TEST_CASE("the consent id stays the same across decisions; each decision gets a new record id") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    const auto first = ledger.decide(config, choice(Method::AcceptAll), 1000, ids).value();
    const auto second = ledger.decide(config, choice(Method::RejectAll), 2000, ids).value();
    CHECK(first.consentId == second.consentId);
    CHECK(first.recordId != second.recordId);
    CHECK(second.createdMs == 1000);
    CHECK(second.updatedMs == 2000);
}

TEST_CASE("a refusal survives a reload through the stored form") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::RejectAll), 1000, ids).ok());
    Ledger reloaded;
    REQUIRE_FALSE(reloaded.restore(ledger.encode()).has_value());
    CHECK(reloaded.decision(config, "analytics") == Decision::Denied);
    CHECK_FALSE(reloaded.needsPrompt(config));
}

TEST_CASE("a corrupted stored record restores as no consent, with the reason") {
    const auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::AcceptAll), 1000, ids).ok());
    std::string stored = ledger.encode();
    stored[5] = stored[5] == 'x' ? 'y' : 'x';
    Ledger reloaded;
    const auto problem = reloaded.restore(stored);
    REQUIRE(problem.has_value());
    CHECK(problem->message() == "stored record: checksum mismatch");
    CHECK(reloaded.decision(config, "analytics") == Decision::Unset);
    CHECK(reloaded.needsPrompt(config));
}

TEST_CASE("[C07] a new policy revision asks again, and the old grant no longer counts") {
    auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::AcceptAll), 1000, ids).ok());
    config.revision = 4;
    CHECK(ledger.needsPrompt(config));
    CHECK(ledger.decision(config, "analytics") == Decision::Unset);
}

TEST_CASE("[C07] a purpose added to the config asks again for that purpose") {
    auto config = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    REQUIRE(ledger.decide(config, choice(Method::AcceptAll), 1000, ids).ok());
    config.purposes.push_back(Purpose{"personalisation", false});
    CHECK(ledger.needsPrompt(config));
    CHECK(ledger.decision(config, "personalisation") == Decision::Unset);
    CHECK(ledger.decision(config, "analytics") == Decision::Granted);
}
