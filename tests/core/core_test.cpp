#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "assent/config.hpp"
#include "assent/core.hpp"
#include "fixtures.hpp"

using fixtures::kT0;

using namespace assent;
using nlohmann::json;

namespace {

using fixtures::makeCore;

}  // namespace

TEST_CASE("a broken config makes no core, and says why") {
    const auto made = Core::create(R"({"revision":1})", fixtures::kSeed);
    REQUIRE_FALSE(made.ok());
    CHECK(made.message().find("purposes: missing") != std::string::npos);
}

TEST_CASE("[C01] before any choice no event can be sent and nothing is stored") {
    auto core = makeCore();
    CHECK(core.track("$pageview", "", "/", 1) == TrackOutcome::Held);
    CHECK(!core.takeBatch(2));
    CHECK(core.stored().empty());
    CHECK(core.record() == nullptr);
}

TEST_CASE("[C05] events held before a refusal are purged and never sent") {
    auto core = makeCore();
    core.track("$click", "", "/", 1);
    REQUIRE(core.choose(fixtures::rejectAll(), 10).ok());
    CHECK(core.held() == 0);
    CHECK(!core.takeBatch(11));
    CHECK(core.track("$click", "", "/", 12) == TrackOutcome::Refused);
    CHECK(!core.takeBatch(13));
}

TEST_CASE("[C04] after granting only analytics, analytics events are sent and marketing ones are not") {
    auto core = makeCore();
    core.track("$pageview", "", "/", 1);
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}, {"marketing", false}}, Surface::Preferences), 10).ok());
    CHECK(core.track("$click", R"({"tag":"button","n":2,"ok":true})", "/shop", 11) == TrackOutcome::Forwarded);
    CHECK(core.track("signup", "", "/shop", 12) == TrackOutcome::Refused);
    const json batch = json::parse(fixtures::body(core.takeBatch(20)));
    CHECK(batch["consent_id"] == core.record()->consentId);
    CHECK(batch["consent"] == core.stored());
    REQUIRE(batch["events"].size() == 2);  // batchMaxEvents is 2 in the fixture
    CHECK(batch["events"][0]["name"] == "$pageview");  // held, then released on grant
    CHECK(batch["events"][0]["ts"] == 1);
    CHECK(batch["events"][1]["props"] == json{{"tag", "button"}, {"n", "2"}, {"ok", "true"}});
    CHECK(batch["events"][0]["id"] != batch["events"][1]["id"]);
    for (const auto& e : batch["events"]) CHECK(e["purpose"] == "analytics");
    CHECK(!core.takeBatch(21));
}

TEST_CASE("every event gets its own id") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), 1).ok());
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        core.track("$click", "", "/", i);
        while (true) {
            const auto taken = core.takeBatch(i);
            if (!taken) break;
            const json batch = json::parse(taken->body);
            for (const auto& e : batch["events"]) CHECK(seen.insert(e["id"].get<std::string>()).second);
        }
    }
    CHECK(seen.size() == 500);
}

TEST_CASE("unknown event names and malformed props are dropped with their own outcome") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), 1).ok());
    CHECK(core.track("nope", "", "/", 2) == TrackOutcome::UnknownEvent);
    CHECK(core.track("$click", "{not json", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.track("$click", R"({"nested":{"a":1}})", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.track("$click", "[1]", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.queued() == 0);
}

TEST_CASE("a malformed choice records nothing and names what is wrong") {
    auto core = makeCore();
    // Only a person's own choice is a choice: the other methods are recorded by their own calls.
    for (const Method m : {Method::Gpc, Method::Withdraw, Method::Platform})
        CHECK(core.choose(fixtures::choice(m, Surface::Banner, {}, "en"), 1).message() ==
              "action: must be accept_all, reject_all, custom or api");
    CHECK(core.choose(fixtures::choice(Method::Custom, Surface::Banner, {}, "fr"), 1).message() ==
          "choice.language: \"fr\" is not a language of the config");
    CHECK(core.record() == nullptr);
    CHECK(core.needsPrompt(1));
}

TEST_CASE("[C05] withdrawing after granting purges queued events at once") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), 1).ok());
    core.track("$click", "", "/", 2);
    REQUIRE(core.choose(fixtures::custom({{"analytics", false}}, Surface::Preferences), 3).ok());
    CHECK(core.queued() == 0);
    CHECK(!core.takeBatch(4));
}

TEST_CASE("a reload restores the decision: a refused purpose never forwards an event, even after reload") {
    auto first = makeCore();
    REQUIRE(first.choose(fixtures::rejectAll(), 1).ok());
    auto reloaded = makeCore();
    CHECK(reloaded.restore(first.stored(), 2).ok());
    CHECK_FALSE(reloaded.needsPrompt(2));
    CHECK(reloaded.track("$click", "", "/", 2) == TrackOutcome::Refused);
    CHECK(!reloaded.takeBatch(3));
}

TEST_CASE("[C12] a GPC signal is honoured before the prompt, and the prompt does not offer it as granted") {
    auto core = makeCore();
    core.setGpc(true, kT0);
    CHECK(core.record()->method == Method::Gpc);
    CHECK(core.needsPrompt(kT0));
    const json prefs = json::parse(*core.promptModel(PromptKind::Preferences, {"en"}, kT0));
    CHECK(prefs["toggles"][3]["purpose"] == "ads");
    CHECK(prefs["toggles"][3]["checked"] == false);
    REQUIRE(core.choose(fixtures::acceptAll(), kT0 + 1).ok());
    CHECK_FALSE(core.accepted("ads", kT0 + 1));
    CHECK(core.accepted("analytics", kT0 + 1));
}

TEST_CASE("[C08] a lapsed grant stops events and asks again") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    const auto later = kT0 + 181 * fixtures::kDay;
    CHECK(core.needsPrompt(later));
    CHECK(core.promptNeed(later).expired.size() == 4);
    CHECK(core.track("$click", "", "/", later) == TrackOutcome::Held);
    CHECK(!core.takeBatch(later));
}

TEST_CASE("[C14] erasing forgets the record and every queued or held event") {
    auto core = makeCore();
    core.track("$click", "", "/", kT0);
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    core.track("$click", "", "/", kT0);
    const Erasure e = core.erase(kT0 + 1);
    CHECK(e.cookies == std::vector<std::string>{"_ga", "_ga_*", "_fbp"});
    CHECK(core.stored().empty());
    CHECK(core.queued() == 0);
    CHECK(core.held() == 0);
    CHECK(core.needsPrompt(kT0));
}

TEST_CASE("[C05] withdrawing names the refused services' cookies for the shell to delete") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    CHECK(core.storageToClear(kT0).cookies.empty());
    REQUIRE(core.withdraw("analytics", Surface::Preferences, kT0 + 1).ok());
    CHECK(core.storageToClear(kT0 + 1).cookies == std::vector<std::string>{"_ga", "_ga_*"});
}
