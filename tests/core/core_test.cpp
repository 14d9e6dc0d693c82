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

Core makeCore() { return Core::create(fixtures::kConfig, fixtures::kSeed).value(); }

}  // namespace

TEST_CASE("a broken config makes no core, and says why") {
    const auto made = Core::create(R"({"revision":1})", fixtures::kSeed);
    REQUIRE_FALSE(made.ok());
    CHECK(made.message().find("purposes: missing") != std::string::npos);
}

TEST_CASE("[C01] before any choice no event can be sent and nothing is stored") {
    auto core = makeCore();
    CHECK(core.track("$pageview", "", "/", 1) == TrackOutcome::Held);
    CHECK(core.takeBatch(2).empty());
    CHECK(core.stored().empty());
    CHECK(core.recordJson() == "null");
}

TEST_CASE("[C05] events held before a refusal are purged and never sent") {
    auto core = makeCore();
    core.track("$click", "", "/", 1);
    REQUIRE(core.choose("reject_all", "", "banner", "en", 10).empty());
    CHECK(core.held() == 0);
    CHECK(core.takeBatch(11).empty());
    CHECK(core.track("$click", "", "/", 12) == TrackOutcome::Refused);
    CHECK(core.takeBatch(13).empty());
}

TEST_CASE("[C04] after granting only analytics, analytics events are sent and marketing ones are not") {
    auto core = makeCore();
    core.track("$pageview", "", "/", 1);
    REQUIRE(core.choose("custom", R"({"analytics":true,"marketing":false})", "preferences", "en", 10).empty());
    CHECK(core.track("$click", R"({"tag":"button","n":2,"ok":true})", "/shop", 11) == TrackOutcome::Forwarded);
    CHECK(core.track("signup", "", "/shop", 12) == TrackOutcome::Refused);
    const json batch = json::parse(core.takeBatch(20));
    CHECK(batch["consent_id"] == json::parse(core.recordJson())["consentId"]);
    CHECK(batch["consent"] == core.stored());
    REQUIRE(batch["events"].size() == 2);  // batchMaxEvents is 2 in the fixture
    CHECK(batch["events"][0]["name"] == "$pageview");  // held, then released on grant
    CHECK(batch["events"][0]["ts"] == 1);
    CHECK(batch["events"][1]["props"] == json{{"tag", "button"}, {"n", "2"}, {"ok", "true"}});
    CHECK(batch["events"][0]["id"] != batch["events"][1]["id"]);
    for (const auto& e : batch["events"]) CHECK(e["purpose"] == "analytics");
    CHECK(core.takeBatch(21).empty());
}

TEST_CASE("every event gets its own id") {
    auto core = makeCore();
    REQUIRE(core.choose("accept_all", "", "banner", "en", 1).empty());
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        core.track("$click", "", "/", i);
        while (true) {
            const auto body = core.takeBatch(i);
            if (body.empty()) break;
            const json batch = json::parse(body);
            for (const auto& e : batch["events"]) CHECK(seen.insert(e["id"].get<std::string>()).second);
        }
    }
    CHECK(seen.size() == 500);
}

TEST_CASE("unknown event names and malformed props are dropped with their own outcome") {
    auto core = makeCore();
    REQUIRE(core.choose("accept_all", "", "banner", "en", 1).empty());
    CHECK(core.track("nope", "", "/", 2) == TrackOutcome::UnknownEvent);
    CHECK(core.track("$click", "{not json", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.track("$click", R"({"nested":{"a":1}})", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.track("$click", "[1]", "/", 2) == TrackOutcome::BadProps);
    CHECK(core.queued() == 0);
}

TEST_CASE("a malformed choice records nothing and names what is wrong") {
    auto core = makeCore();
    CHECK(core.choose("maybe", "", "banner", "en", 1) == "action: unknown \"maybe\"");
    CHECK(core.choose("gpc", "", "banner", "en", 1) == "action: unknown \"gpc\"");
    CHECK(core.choose("custom", "{", "banner", "en", 1) == "choices: must be a JSON object of purpose to true or false");
    CHECK(core.choose("custom", R"({"analytics":"yes"})", "banner", "en", 1) == "choices.analytics: must be true or false");
    CHECK(core.choose("custom", "{}", "sidebar", "en", 1) == "surface: unknown \"sidebar\"");
    CHECK(core.choose("custom", "{}", "banner", "fr", 1) == "choice.language: \"fr\" is not a language of the config");
    CHECK(core.recordJson() == "null");
    CHECK(core.needsPrompt(1));
}

TEST_CASE("[C05] withdrawing after granting purges queued events at once") {
    auto core = makeCore();
    REQUIRE(core.choose("accept_all", "", "banner", "en", 1).empty());
    core.track("$click", "", "/", 2);
    REQUIRE(core.choose("custom", R"({"analytics":false})", "preferences", "en", 3).empty());
    CHECK(core.queued() == 0);
    CHECK(core.takeBatch(4).empty());
}

TEST_CASE("a reload restores the decision: a refused purpose never forwards an event, even after reload") {
    auto first = makeCore();
    REQUIRE(first.choose("reject_all", "", "banner", "en", 1).empty());
    auto reloaded = makeCore();
    CHECK(reloaded.restore(first.stored(), 2).empty());
    CHECK_FALSE(reloaded.needsPrompt(2));
    CHECK(reloaded.track("$click", "", "/", 2) == TrackOutcome::Refused);
    CHECK(reloaded.takeBatch(3).empty());
}

TEST_CASE("[C12] a GPC signal is honoured before the prompt, and the prompt does not offer it as granted") {
    auto core = makeCore();
    core.setGpc(true, kT0);
    CHECK(json::parse(core.recordJson())["method"] == "gpc");
    CHECK(core.needsPrompt(kT0));
    const json prefs = json::parse(core.promptModel("preferences", "en", kT0));
    CHECK(prefs["toggles"][3]["purpose"] == "ads");
    CHECK(prefs["toggles"][3]["checked"] == false);
    REQUIRE(core.choose("accept_all", "", "banner", "en", kT0 + 1).empty());
    CHECK_FALSE(core.accepted("ads", kT0 + 1));
    CHECK(core.accepted("analytics", kT0 + 1));
}

TEST_CASE("[C08] a lapsed grant stops events and asks again") {
    auto core = makeCore();
    REQUIRE(core.choose("accept_all", "", "banner", "en", kT0).empty());
    const auto later = kT0 + 181 * fixtures::kDay;
    CHECK(core.needsPrompt(later));
    CHECK(json::parse(core.promptNeedJson(later))["expired"].size() == 4);
    CHECK(core.track("$click", "", "/", later) == TrackOutcome::Held);
    CHECK(core.takeBatch(later).empty());
}

TEST_CASE("[C16] a permission result is recorded; the pre-prompt then shows its state") {
    auto core = makeCore();
    CHECK(core.permissionState("geolocation", kT0) == "unset");
    CHECK(core.decidePermission("geolocation", "denied", "platform", "", kT0).empty());
    CHECK(core.permissionState("geolocation", kT0) == "denied");
    CHECK(json::parse(core.promptModel("permission", "en", kT0, "geolocation"))["state"] == "denied");
    CHECK(core.decidePermission("geolocation", "maybe", "platform", "", kT0) == "result: must be granted or denied");
    CHECK(core.decidePermission("geolocation", "granted", "accept_all", "", kT0) == "method: must be platform or custom");
}

TEST_CASE("[C14] erasing forgets the record and every queued or held event") {
    auto core = makeCore();
    core.track("$click", "", "/", kT0);
    REQUIRE(core.choose("accept_all", "", "banner", "en", kT0).empty());
    core.track("$click", "", "/", kT0);
    const json e = json::parse(core.erase(kT0 + 1));
    CHECK(e["cookies"] == json{"_ga", "_ga_*", "_fbp"});
    CHECK(core.stored().empty());
    CHECK(core.queued() == 0);
    CHECK(core.held() == 0);
    CHECK(core.needsPrompt(kT0));
}

TEST_CASE("[C05] withdrawing names the refused services' cookies for the shell to delete") {
    auto core = makeCore();
    REQUIRE(core.choose("accept_all", "", "banner", "en", kT0).empty());
    CHECK(json::parse(core.storageToClear(kT0))["cookies"].empty());
    REQUIRE(core.withdraw("analytics", "preferences", kT0 + 1).empty());
    CHECK(json::parse(core.storageToClear(kT0 + 1))["cookies"] == json{"_ga", "_ga_*"});
    CHECK(core.withdraw("", "sidebar", kT0 + 1) == "surface: unknown \"sidebar\"");
}

TEST_CASE("[C06] a permission decision records the language of the pre-prompt that was read") {
    auto core = makeCore();
    REQUIRE(core.decidePermission("geolocation", "granted", "custom", "zh-CN", kT0).empty());
    CHECK(json::parse(core.recordJson())["language"] == "zh-CN");
    CHECK(json::parse(core.recordJson())["textsHash"] == textsHash(core.config(), "zh-CN"));
    CHECK(core.decidePermission("geolocation", "granted", "custom", "fr", kT0) ==
          "permission.language: \"fr\" is not a language of the config");
}

TEST_CASE("[C16] what to do when a capability is wanted follows both the person and the platform") {
    auto core = makeCore();
    CHECK(core.permissionStep("geolocation", "prompt", kT0) == "ask");
    CHECK(core.permissionStep("geolocation", "denied", kT0) == "settings");  // never a silent re-ask
    REQUIRE(core.decidePermission("geolocation", "granted", "custom", "en", kT0).empty());
    CHECK(core.permissionStep("geolocation", "prompt", kT0) == "platform");
    CHECK(core.permissionStep("geolocation", "granted", kT0) == "use");
    REQUIRE(core.decidePermission("geolocation", "denied", "custom", "en", kT0 + 1).empty());
    CHECK(core.permissionStep("geolocation", "prompt", kT0 + 2) == "refused");
    CHECK(core.permissionStep("geolocation", "prompt", kT0 + 1 + 30 * fixtures::kDay) == "ask");  // lapsed
    CHECK(core.permissionStep("camera", "granted", kT0) == "refused");  // not in the config
}
