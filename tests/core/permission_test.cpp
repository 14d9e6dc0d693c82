// [C16] [C08] [C09] What a permission answer records, and what comes next:
// the one rule both shells follow (core.hpp, wantPermission and
// answerPermission), as one table.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assent/core.hpp"
#include "assent/config.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kDay;
using fixtures::kT0;
using nlohmann::json;

namespace {

using fixtures::makeCore;

constexpr const char* kCap = "geolocation";  // 30 days in the fixture's config
constexpr std::int64_t kExpiryMs = 30 * kDay;

// The ledger's state for the capability before the row's call.
enum class Before { Unset, Lapsed, Granted, Denied };
// What the shell reports: the platform's state as read (wantPermission), or
// an answer to the pre-prompt or to the platform's own dialog.
enum class Report { Read, PrePrompt, Platform };

using A = PermissionAnswer;
using P = PlatformState;
using D = Decision;
using S = PermissionStep;
constexpr auto kNone = std::nullopt;
constexpr auto kPlatform = Method::Platform;
constexpr auto kCustom = Method::Custom;

struct Row {
    Report report;
    A answer;  // not read for Report::Read
    P platform;
    Before before;
    std::optional<Method> recorded;
    D after;
    S next;
};

const char* name(Report r) { return r == Report::Read ? "read" : r == Report::PrePrompt ? "pre-prompt" : "platform"; }
const char* name(A a) {
    return a == A::Granted     ? "granted"
           : a == A::Denied    ? "denied"
           : a == A::Dismissed ? "dismissed"
           : a == A::Failed    ? "failed"
                               : "unavailable";
}
const char* name(P p) {
    return p == P::Unknown     ? "unknown"
           : p == P::Granted   ? "granted"
           : p == P::Denied    ? "denied"
           : p == P::Prompt    ? "prompt"
                               : "unavailable";
}
const char* name(Before l) {
    return l == Before::Unset ? "unset" : l == Before::Lapsed ? "lapsed" : l == Before::Granted ? "granted" : "denied";
}

// A core whose ledger holds `before` for the capability at kT0.
Core withLedger(Before before) {
    auto core = makeCore();
    const auto platformGrant = [&](std::int64_t at) {
        REQUIRE(core.answerPermission(kCap, PermissionAsker::Platform, A::Granted, P::Prompt, "en", at).ok());
    };
    switch (before) {
        case Before::Unset: break;
        case Before::Lapsed: platformGrant(kT0 - 31 * kDay); break;
        case Before::Granted: platformGrant(kT0 - kDay); break;
        case Before::Denied:
            REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Denied, P::Prompt, "en", kT0 - kDay).ok());
            break;
    }
    const D held = before == Before::Granted ? D::Granted : before == Before::Denied ? D::Denied : D::Unset;
    REQUIRE(core.permissionState(kCap, kT0) == held);
    return core;
}

// report × answer × platform state × ledger before → recorded (method), state after, next.
const std::vector<Row> kRule = {
    // The platform's state, read before anyone is asked. A refusal there is
    // one in the ledger too, once: revoked in the settings, or never granted.
    {Report::Read, A::Dismissed, P::Denied, Before::Unset, kPlatform, D::Denied, S::Settings},
    {Report::Read, A::Dismissed, P::Denied, Before::Lapsed, kPlatform, D::Denied, S::Settings},
    {Report::Read, A::Dismissed, P::Denied, Before::Granted, kPlatform, D::Denied, S::Settings},
    {Report::Read, A::Dismissed, P::Denied, Before::Denied, kNone, D::Denied, S::Settings},
    {Report::Read, A::Dismissed, P::Granted, Before::Unset, kNone, D::Unset, S::Ask},  // the platform's yes is not the person's (C16)
    {Report::Read, A::Dismissed, P::Granted, Before::Lapsed, kNone, D::Unset, S::Ask},
    {Report::Read, A::Dismissed, P::Granted, Before::Granted, kNone, D::Granted, S::Use},
    {Report::Read, A::Dismissed, P::Granted, Before::Denied, kNone, D::Denied, S::Refused},
    {Report::Read, A::Dismissed, P::Prompt, Before::Unset, kNone, D::Unset, S::Ask},
    {Report::Read, A::Dismissed, P::Prompt, Before::Lapsed, kNone, D::Unset, S::Ask},
    {Report::Read, A::Dismissed, P::Prompt, Before::Granted, kNone, D::Granted, S::Platform},
    {Report::Read, A::Dismissed, P::Prompt, Before::Denied, kNone, D::Denied, S::Refused},
    {Report::Read, A::Dismissed, P::Unknown, Before::Unset, kNone, D::Unset, S::Ask},
    {Report::Read, A::Dismissed, P::Unknown, Before::Lapsed, kNone, D::Unset, S::Ask},
    {Report::Read, A::Dismissed, P::Unknown, Before::Granted, kNone, D::Granted, S::Platform},
    {Report::Read, A::Dismissed, P::Unknown, Before::Denied, kNone, D::Denied, S::Refused},

    // The pre-prompt's yes records nothing: it only leads to the platform's
    // dialog, or to its settings when the platform refuses.
    {Report::PrePrompt, A::Granted, P::Prompt, Before::Unset, kNone, D::Unset, S::Platform},
    {Report::PrePrompt, A::Granted, P::Unknown, Before::Unset, kNone, D::Unset, S::Platform},
    {Report::PrePrompt, A::Granted, P::Granted, Before::Unset, kNone, D::Unset, S::Platform},
    {Report::PrePrompt, A::Granted, P::Prompt, Before::Lapsed, kNone, D::Unset, S::Platform},
    {Report::PrePrompt, A::Granted, P::Prompt, Before::Granted, kNone, D::Granted, S::Platform},
    {Report::PrePrompt, A::Granted, P::Prompt, Before::Denied, kNone, D::Denied, S::Platform},
    {Report::PrePrompt, A::Granted, P::Denied, Before::Unset, kNone, D::Unset, S::Settings},
    {Report::PrePrompt, A::Granted, P::Denied, Before::Denied, kNone, D::Denied, S::Settings},
    // Its no is a fresh answer: always recorded (C09).
    {Report::PrePrompt, A::Denied, P::Prompt, Before::Unset, kCustom, D::Denied, S::Refused},
    {Report::PrePrompt, A::Denied, P::Prompt, Before::Lapsed, kCustom, D::Denied, S::Refused},
    {Report::PrePrompt, A::Denied, P::Prompt, Before::Granted, kCustom, D::Denied, S::Refused},
    {Report::PrePrompt, A::Denied, P::Prompt, Before::Denied, kCustom, D::Denied, S::Refused},
    {Report::PrePrompt, A::Denied, P::Denied, Before::Denied, kCustom, D::Denied, S::Refused},
    // Closed without an answer: nothing.
    {Report::PrePrompt, A::Dismissed, P::Prompt, Before::Unset, kNone, D::Unset, S::Later},
    {Report::PrePrompt, A::Dismissed, P::Prompt, Before::Granted, kNone, D::Granted, S::Later},
    {Report::PrePrompt, A::Dismissed, P::Prompt, Before::Denied, kNone, D::Denied, S::Later},
    {Report::PrePrompt, A::Dismissed, P::Denied, Before::Denied, kNone, D::Denied, S::Later},

    // The platform's yes is recorded unless a grant is in force: using a
    // permission does not renew it (C08).
    {Report::Platform, A::Granted, P::Prompt, Before::Unset, kPlatform, D::Granted, S::Use},
    {Report::Platform, A::Granted, P::Prompt, Before::Lapsed, kPlatform, D::Granted, S::Use},
    {Report::Platform, A::Granted, P::Granted, Before::Granted, kNone, D::Granted, S::Use},
    {Report::Platform, A::Granted, P::Prompt, Before::Granted, kNone, D::Granted, S::Use},
    {Report::Platform, A::Granted, P::Denied, Before::Denied, kPlatform, D::Granted, S::Use},  // turned on in the settings
    // Its no is recorded unless the ledger refuses already.
    {Report::Platform, A::Denied, P::Prompt, Before::Unset, kPlatform, D::Denied, S::Refused},
    {Report::Platform, A::Denied, P::Prompt, Before::Lapsed, kPlatform, D::Denied, S::Refused},
    {Report::Platform, A::Denied, P::Prompt, Before::Granted, kPlatform, D::Denied, S::Refused},
    {Report::Platform, A::Denied, P::Denied, Before::Denied, kNone, D::Denied, S::Refused},
    // Its dialog closed, or a failure that is no answer on the capability.
    {Report::Platform, A::Dismissed, P::Prompt, Before::Unset, kNone, D::Unset, S::Later},
    {Report::Platform, A::Dismissed, P::Prompt, Before::Granted, kNone, D::Granted, S::Later},
    {Report::Platform, A::Dismissed, P::Denied, Before::Denied, kNone, D::Denied, S::Later},
    // A platform without the capability: nothing to ask, nothing recorded,
    // whatever the ledger holds (a device without a camera is not a refusal).
    {Report::Read, A::Dismissed, P::Unavailable, Before::Unset, kNone, D::Unset, S::Unavailable},
    {Report::Read, A::Dismissed, P::Unavailable, Before::Granted, kNone, D::Granted, S::Unavailable},
    {Report::Read, A::Dismissed, P::Unavailable, Before::Denied, kNone, D::Denied, S::Unavailable},
    {Report::Platform, A::Unavailable, P::Prompt, Before::Unset, kNone, D::Unset, S::Unavailable},
    {Report::Platform, A::Unavailable, P::Unknown, Before::Granted, kNone, D::Granted, S::Unavailable},
    // The platform's request failed without an answer: try again, nothing recorded.
    {Report::Platform, A::Failed, P::Prompt, Before::Unset, kNone, D::Unset, S::Retry},
    {Report::Platform, A::Failed, P::Granted, Before::Granted, kNone, D::Granted, S::Retry},
    {Report::Platform, A::Failed, P::Unknown, Before::Lapsed, kNone, D::Unset, S::Retry},
};

}  // namespace

TEST_CASE("[C16] one rule records a permission answer and says what comes next, for every shell") {
    for (const Row& row : kRule) {
        INFO(name(row.report) << " " << (row.report == Report::Read ? "" : name(row.answer)) << ", platform "
                              << name(row.platform) << ", ledger " << name(row.before));
        auto core = withLedger(row.before);
        const std::size_t records = core.ledger().historySize();
        const auto outcome =
            row.report == Report::Read
                ? core.wantPermission(kCap, row.platform, "en", kT0)
                : core.answerPermission(kCap,
                                        row.report == Report::PrePrompt ? PermissionAsker::PrePrompt
                                                                        : PermissionAsker::Platform,
                                        row.answer, row.platform, "en", kT0);
        REQUIRE(outcome.ok());
        CHECK(outcome.value().recorded == row.recorded);
        CHECK(outcome.value().state == row.after);
        CHECK(outcome.value().next == row.next);
        CHECK(core.permissionState(kCap, kT0) == row.after);
        CHECK(core.ledger().historySize() == records + (row.recorded ? 1 : 0));
        if (row.recorded) {
            const ConsentRecord& r = *core.record();
            CHECK(r.method == *row.recorded);
            CHECK(r.surface == Surface::PermissionPrompt);
            CHECK(r.updatedMs == kT0);
            const Grant& g = r.permissions.at(kCap);
            CHECK(g.granted == (row.after == D::Granted));
            CHECK(g.expiresMs == kT0 + kExpiryMs);  // a refusal lapses too (C08, C09)
        }
    }
}

TEST_CASE("[C16] a grant revoked on the platform is one refusal in the ledger, and turning it on again is a grant") {
    auto core = makeCore();
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Granted, P::Prompt, "en", kT0).value().next ==
            S::Platform);
    REQUIRE(core.answerPermission(kCap, PermissionAsker::Platform, A::Granted, P::Prompt, "en", kT0).value().recorded ==
            kPlatform);
    CHECK(core.wantPermission(kCap, P::Granted, "en", kT0 + 1).value().next == S::Use);

    // Turned off in the platform's settings: the ledger learns it once.
    const auto revoked = core.wantPermission(kCap, P::Denied, "en", kT0 + 2).value();
    CHECK(revoked.recorded == kPlatform);
    CHECK(revoked.state == D::Denied);
    CHECK(revoked.next == S::Settings);
    CHECK_FALSE(core.wantPermission(kCap, P::Denied, "en", kT0 + 3).value().recorded);
    CHECK(core.ledger().historySize() == 2);

    // Turned on again in the settings page the pre-prompt led to.
    CHECK(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Granted, P::Denied, "en", kT0 + 4).value().next ==
          S::Settings);
    const auto again = core.answerPermission(kCap, PermissionAsker::Platform, A::Granted, P::Denied, "en", kT0 + 5).value();
    CHECK(again.recorded == kPlatform);
    CHECK(again.next == S::Use);
    CHECK(core.wantPermission(kCap, P::Granted, "en", kT0 + 6).value().next == S::Use);
    CHECK(core.ledger().historySize() == 3);
}

TEST_CASE("[C16] what to do when a capability is wanted follows both the person and the platform") {
    auto core = makeCore();
    CHECK(core.permissionStep(kCap, P::Prompt, kT0) == S::Ask);
    CHECK(core.permissionStep(kCap, P::Denied, kT0) == S::Settings);  // never a silent re-ask
    REQUIRE(core.answerPermission(kCap, PermissionAsker::Platform, A::Granted, P::Prompt, "en", kT0).ok());
    CHECK(core.permissionStep(kCap, P::Prompt, kT0) == S::Platform);
    CHECK(core.permissionStep(kCap, P::Granted, kT0) == S::Use);
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Denied, P::Prompt, "en", kT0 + 1).ok());
    CHECK(core.permissionStep(kCap, P::Prompt, kT0 + 2) == S::Refused);
    CHECK(core.permissionStep(kCap, P::Prompt, kT0 + 1 + 30 * kDay) == S::Ask);  // lapsed (C08)
    CHECK(core.permissionStep("camera", P::Granted, kT0) == S::Refused);        // not in the config
}

TEST_CASE("[C16] a recorded permission shows in its pre-prompt's state") {
    auto core = makeCore();
    CHECK(core.permissionState(kCap, kT0) == D::Unset);
    REQUIRE(core.answerPermission(kCap, PermissionAsker::Platform, A::Denied, P::Prompt, "", kT0).ok());
    CHECK(core.permissionState(kCap, kT0) == D::Denied);
    CHECK(json::parse(*core.promptModel(PromptKind::Permission, {"en"}, kT0, kCap))["state"] == "denied");
}

TEST_CASE("[C06] a permission record carries the language of the pre-prompt that was read") {
    auto core = makeCore();
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Denied, P::Prompt, "zh-CN", kT0).ok());
    CHECK(core.record()->language == "zh-CN");
    CHECK(core.record()->textsHash == textsHash(core.config(), "zh-CN"));
    REQUIRE(core.wantPermission(kCap, P::Denied, "en", kT0 + 1).ok());  // a refusal already: nothing new
    CHECK(core.record()->language == "zh-CN");
}

TEST_CASE("[C16] a capability the config lacks, or a language it has no texts for, fails before the ledger is read") {
    for (const Before before : {Before::Unset, Before::Denied}) {
        auto core = withLedger(before);
        const std::size_t records = core.ledger().historySize();
        CHECK(core.wantPermission("camera", P::Denied, "en", kT0).message() == "permission: unknown capability \"camera\"");
        CHECK(core.answerPermission("camera", PermissionAsker::PrePrompt, A::Dismissed, P::Prompt, "en", kT0).message() ==
              "permission: unknown capability \"camera\"");
        // Failing whether or not the answer would record anything.
        for (const A answer : {A::Granted, A::Denied, A::Dismissed})
            CHECK(core.answerPermission(kCap, PermissionAsker::Platform, answer, P::Prompt, "fr", kT0).message() ==
                  "permission.language: \"fr\" is not a language of the config");
        CHECK(core.wantPermission(kCap, P::Prompt, "fr", kT0).message() ==
              "permission.language: \"fr\" is not a language of the config");
        CHECK(core.ledger().historySize() == records);
    }
}

namespace {

// The fixture's config with geolocation resting `minutes` after a "not now".
Core coreResting(int minutes) {
    json raw = json::parse(fixtures::kConfig);
    raw["permissions"][0]["askAgainAfterMinutes"] = minutes;
    return Core::create(raw.dump(), fixtures::kSeed).value();
}

constexpr std::int64_t kMinute = 60'000;

}  // namespace

TEST_CASE("[C09] \"not now\" on the pre-prompt records no refusal, and is not asked again before the config's rest") {
    auto core = coreResting(60);
    const auto later = core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Dismissed, P::Prompt, "en", kT0).value();
    CHECK_FALSE(later.recorded);
    CHECK(later.state == D::Unset);  // no refusal the person never gave
    CHECK(later.next == S::Later);
    CHECK(core.ledger().historySize() == 0);
    // Wanted again within the hour: not asked; the hour over: asked.
    const auto soon = core.wantPermission(kCap, P::Prompt, "en", kT0 + 59 * kMinute).value();
    CHECK_FALSE(soon.recorded);
    CHECK(soon.next == S::Later);
    CHECK(core.wantPermission(kCap, P::Prompt, "en", kT0 + 60 * kMinute).value().next == S::Ask);
    CHECK(core.ledger().historySize() == 0);
}

TEST_CASE("[C16] \"not now\" on the platform's blocked note rests it too, and never turns the rest into a grant") {
    auto core = coreResting(10);
    // The platform refuses: the ledger learns it, and the note shows how to change it.
    REQUIRE(core.wantPermission(kCap, P::Denied, "en", kT0).value().next == S::Settings);
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Dismissed, P::Denied, "en", kT0 + 1).value().next ==
            S::Later);
    CHECK(core.wantPermission(kCap, P::Denied, "en", kT0 + 2).value().next == S::Later);
    CHECK(core.wantPermission(kCap, P::Denied, "en", kT0 + 1 + 10 * kMinute).value().next == S::Settings);
    CHECK(core.permissionState(kCap, kT0 + 2) == D::Denied);
    // A rest does not hide a grant in force, nor a refusal.
    auto granted = coreResting(10);
    REQUIRE(granted.answerPermission(kCap, PermissionAsker::Platform, A::Granted, P::Prompt, "en", kT0).ok());
    REQUIRE(granted.answerPermission(kCap, PermissionAsker::PrePrompt, A::Dismissed, P::Prompt, "en", kT0 + 1).ok());
    CHECK(granted.wantPermission(kCap, P::Granted, "en", kT0 + 2).value().next == S::Use);
}

TEST_CASE("[C16] without askAgainAfterMinutes, or when the platform's own dialog was closed, it is asked the next time it is wanted") {
    auto core = makeCore();
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Dismissed, P::Prompt, "en", kT0).ok());
    CHECK(core.wantPermission(kCap, P::Prompt, "en", kT0 + 1).value().next == S::Ask);
    // The platform's dialog closed (or WeChat's privacy declined) is not
    // Assent's "not now": the platform keeps its own rules for asking again.
    auto resting = coreResting(60);
    REQUIRE(resting.answerPermission(kCap, PermissionAsker::Platform, A::Dismissed, P::Prompt, "en", kT0).ok());
    CHECK(resting.wantPermission(kCap, P::Prompt, "en", kT0 + 1).value().next == S::Ask);
}

TEST_CASE("[C14] erasing forgets a \"not now\" with everything else") {
    auto core = coreResting(60);
    REQUIRE(core.answerPermission(kCap, PermissionAsker::PrePrompt, A::Dismissed, P::Prompt, "en", kT0).ok());
    core.erase(kT0 + 1);
    CHECK(core.wantPermission(kCap, P::Prompt, "en", kT0 + 2).value().next == S::Ask);
}

TEST_CASE("[C16] only the platform's request can fail or find the capability missing, not the pre-prompt") {
    auto core = makeCore();
    for (const A answer : {A::Failed, A::Unavailable}) {
        const auto bad = core.answerPermission(kCap, PermissionAsker::PrePrompt, answer, P::Prompt, "en", kT0);
        CHECK(bad.message() == "permission.answer: a pre-prompt cannot fail: only the platform's request can");
    }
    CHECK(core.ledger().historySize() == 0);
}

namespace {

// A view's buttons as [action, label, level].
json buttonsOf(const json& model, const char* view) {
    json out = json::array();
    for (const auto& b : model["views"][view]["buttons"]) out.push_back({b["action"], b["label"], b["level"]});
    return out;
}

}  // namespace

TEST_CASE("[C16] the pre-prompt offers \"not now\" beside allow and deny, and each view of a step that asks has the core's buttons") {
    auto core = makeCore();
    const json en = json::parse(*core.promptModel(PromptKind::Permission, {"en"}, kT0, kCap));
    const json words = json::parse(fixtures::kConfig)["texts"]["en"]["permissions"][kCap];
    const json question = {{"allow", words["allow"], "primary"}, {"deny", words["deny"], "primary"},
                           {"later", "Not now", "secondary"}};
    CHECK(buttonsOf(en, "ask") == question);
    CHECK(en["views"]["ask"]["note"] == words["next"]);
    // Where the pre-prompt's yes opens the platform's settings: the same question, and how to change it.
    CHECK(buttonsOf(en, "settings") == question);
    CHECK(en["views"]["settings"]["note"] == words["blocked"]);
    // Where a page cannot open them: "I changed it" or "not now".
    CHECK(buttonsOf(en, "blocked") == json({{"retry", "Try again", "primary"}, {"later", "Not now", "primary"}}));
    CHECK(en["views"]["blocked"]["note"] == words["blocked"]);
    CHECK(buttonsOf(en, "failed") == json({{"retry", "Try again", "primary"}, {"later", "Not now", "primary"}}));
    CHECK(en["views"]["failed"]["note"] == "That did not work this time.");
    CHECK(en["views"].size() == 4);
    CHECK_FALSE(en.contains("buttons"));  // no view's buttons for a shell to pick from
    const json zh = json::parse(*core.promptModel(PromptKind::Permission, {"zh-CN"}, kT0, kCap));
    CHECK(zh["views"]["ask"]["buttons"][2]["label"] == "\u4ee5\u540e\u518d\u8bf4");
    CHECK(zh["views"]["failed"]["buttons"][0]["label"] == "\u91cd\u8bd5");
    CHECK(zh["views"]["blocked"]["buttons"][1]["label"] == "\u4ee5\u540e\u518d\u8bf4");

    // A config's own words win, and only then enter the texts hash (C06).
    json raw = json::parse(fixtures::kConfig);
    const std::string before = textsHash(fixtures::config(), "en");
    raw["texts"]["en"]["permissions"][kCap]["later"] = "Maybe later";
    raw["texts"]["en"]["permissions"][kCap]["retry"] = "I changed it, try again";
    auto own = Core::create(raw.dump(), fixtures::kSeed).value();
    const json model = json::parse(*own.promptModel(PromptKind::Permission, {"en"}, kT0, kCap));
    CHECK(model["views"]["ask"]["buttons"][2]["label"] == "Maybe later");
    for (const char* view : {"blocked", "failed"})
        CHECK(buttonsOf(model, view) ==
              json({{"retry", "I changed it, try again", "primary"}, {"later", "Maybe later", "primary"}}));
    CHECK(model["views"]["failed"]["note"] == "That did not work this time.");
    CHECK(textsHash(own.config(), "en") != before);
    // Other words, another hash: the receipt names the words shown.
    raw["texts"]["en"]["permissions"][kCap]["later"] = "Later, please";
    CHECK(textsHash(Core::create(raw.dump(), fixtures::kSeed).value().config(), "en") != textsHash(own.config(), "en"));
}

TEST_CASE("[C02] on every view of the pre-prompt, declining weighs as going on does: deny as allow, or, with no deny, \"not now\" as \"try again\"") {
    for (const char* language : {"en", "zh-CN"}) {
        const json model = json::parse(*makeCore().promptModel(PromptKind::Permission, {language}, kT0, kCap));
        for (const auto& [view, shown] : model["views"].items()) {
            INFO(language << " " << view);
            std::map<std::string, std::string> level;
            for (const auto& b : shown["buttons"]) level[b["action"]] = b["level"];
            const std::string yes = level.count("allow") ? "allow" : "retry";
            const std::string no = level.count("deny") ? "deny" : "later";
            REQUIRE(level.count(yes));
            REQUIRE(level.count(no));
            CHECK(level[no] == level[yes]);
            CHECK(level.count("later"));  // "not now" everywhere: answering is never forced
        }
    }
}

TEST_CASE("[C16] askAgainAfterMinutes out of range is an error that names its path") {
    json raw = json::parse(fixtures::kConfig);
    raw["permissions"][0]["askAgainAfterMinutes"] = -1;
    const auto parsed = parseConfig(raw.dump());
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.message().find("permissions[0].askAgainAfterMinutes") != std::string::npos);
}
