// An embed's placeholder: its words come from the config (and are in the
// record's texts hash), and what its buttons record is the core's rule, the
// same for every shell.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/core.hpp"
#include "assent/prompt.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kDay;
using fixtures::kT0;
using nlohmann::json;

namespace {

using fixtures::makeCore;

json placeholder(const Core& core, const char* purpose, std::vector<std::string> languages = {"en"}) {
    const auto model = core.promptModel(PromptKind::Placeholder, languages, kT0, purpose);
    return model ? json::parse(*model) : json();
}

std::vector<std::string> actions(const json& model) {
    std::vector<std::string> out;
    for (const auto& b : model["buttons"]) out.push_back(b["action"]);
    return out;
}

// The purpose's state before the answer, as the table below names it.
enum class Before { Undecided, Granted, Refused, Lapsed };

void arrange(Core& core, const std::string& purpose, Before before) {
    if (before == Before::Undecided) return;
    const bool granted = before != Before::Refused;
    REQUIRE(core.choose(fixtures::choice(Method::Api, Surface::Api, {{purpose, granted}}, "en"),
                        kT0 - (before == Before::Lapsed ? 200 * kDay : 0))
                .ok());
}

}  // namespace

TEST_CASE("a placeholder shows its purpose's own words and the config's two buttons, in the person's language") {
    const auto core = makeCore();
    const json m = placeholder(core, "marketing");
    CHECK(m["kind"] == "placeholder");
    CHECK(m["purpose"] == "marketing");
    CHECK(m["language"] == "en");
    CHECK(m["title"] == "Marketing");
    CHECK(m["body"] == "Measures offers.");
    CHECK(m["links"][0]["url"] == "/privacy");
    CHECK(actions(m) == std::vector<std::string>{"load_once", "allow"});
    CHECK(m["buttons"][0]["label"] == "Load once");
    CHECK(m["buttons"][1]["label"] == "Always allow");
    CHECK(m["buttons"][0]["level"] == m["buttons"][1]["level"]);
}

TEST_CASE("a language without placeholder words offers the preferences, never words the config did not give") {
    const json m = placeholder(makeCore(), "marketing", {"zh-CN"});
    CHECK(m["language"] == "zh-CN");
    CHECK(m["title"] == "营销");
    CHECK(actions(m) == std::vector<std::string>{"customise"});
    CHECK(m["buttons"][0]["label"] == "自定义");
}

TEST_CASE("a placeholder for a purpose the config lacks is nothing") {
    CHECK_FALSE(makeCore().promptModel(PromptKind::Placeholder, {"en"}, kT0, "video"));
    CHECK_FALSE(makeCore().promptModel(PromptKind::Placeholder, {"en"}, kT0, ""));
}

TEST_CASE("one rule says what a placeholder's answer records and how the embed loads") {
    using A = PlaceholderAction;
    using L = EmbedLoad;
    struct Row {
        Before before;
        A action;
        bool recorded;
        L load;
        bool grantedAfter;
    };
    // clang-format off
    const Row rows[] = {
        // before            action        recorded  load        granted after
        {Before::Undecided, A::LoadOnce,  false,    L::Once,    false},
        {Before::Refused,   A::LoadOnce,  false,    L::Once,    false},  // this page view only: no decision
        {Before::Granted,   A::LoadOnce,  false,    L::Once,    true},
        {Before::Undecided, A::Allow,     true,     L::Granted, true},
        {Before::Refused,   A::Allow,     true,     L::Granted, true},
        {Before::Lapsed,    A::Allow,     true,     L::Granted, true},
        {Before::Granted,   A::Allow,     false,    L::Granted, true},   // nothing new to record
    };
    // clang-format on
    for (const auto& row : rows) {
        INFO("row " << (&row - rows));
        auto core = makeCore();
        arrange(core, "marketing", row.before);
        const std::size_t records = core.ledger().historySize();
        const auto out = core.answerPlaceholder("marketing", row.action, "en", kT0);
        REQUIRE(out.ok());
        CHECK(out.value().recorded.has_value() == row.recorded);
        CHECK(out.value().load == row.load);
        CHECK(core.ledger().historySize() == records + (row.recorded ? 1 : 0));
        CHECK(core.accepted("marketing", kT0) == row.grantedAfter);
    }
}

TEST_CASE("[C06] allowing on a placeholder records that one purpose, where and in which words it was read") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}, {"marketing", false}}), kT0).ok());
    const auto out = core.answerPlaceholder("marketing", PlaceholderAction::Allow, "en", kT0 + 1);
    REQUIRE(out.ok());
    CHECK(out.value().recorded == Method::Api);
    const ConsentRecord& r = *core.record();
    CHECK(r.surface == Surface::Placeholder);
    CHECK(r.method == Method::Api);
    CHECK(r.language == "en");
    CHECK(r.textsHash == textsHash(core.config(), "en"));
    CHECK(r.purposes.at("marketing").granted);
    CHECK(r.purposes.at("analytics").granted);   // every other decision stays
    CHECK_FALSE(r.purposes.at("ads").granted);
    CHECK(r.updatedMs == kT0 + 1);
}

TEST_CASE("[C16] a sensitive purpose may be allowed from its own placeholder: that is its own choice") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    CHECK_FALSE(core.accepted("location", kT0));  // accept all never grants it
    REQUIRE(core.answerPlaceholder("location", PlaceholderAction::Allow, "en", kT0 + 1).ok());
    CHECK(core.accepted("location", kT0 + 1));
}

TEST_CASE("[C17] events captured before a placeholder's allow are judged by the consent then") {
    auto core = makeCore();
    REQUIRE(core.choose(fixtures::rejectAll(), kT0).ok());
    CHECK(core.track("signup", R"({"plan":"pro"})", "/", kT0 + 1) == TrackOutcome::Refused);
    REQUIRE(core.answerPlaceholder("marketing", PlaceholderAction::Allow, "en", kT0 + 2).ok());
    CHECK(core.track("signup", R"({"plan":"pro"})", "/", kT0 + 3) == TrackOutcome::Forwarded);
    const auto batch = core.takeBatch(kT0 + 4);
    REQUIRE(batch);
    CHECK(json::parse(batch->body)["events"].size() == 1);
}

TEST_CASE("a placeholder's answer for an unknown purpose or language records nothing and says why") {
    auto core = makeCore();
    const auto unknown = core.answerPlaceholder("video", PlaceholderAction::Allow, "en", kT0);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.message() == "placeholder: unknown purpose \"video\"");
    const auto language = core.answerPlaceholder("marketing", PlaceholderAction::Allow, "fr", kT0);
    REQUIRE_FALSE(language.ok());
    CHECK(language.message() == "placeholder.language: \"fr\" is not a language of the config");
    CHECK(core.record() == nullptr);
}

TEST_CASE("placeholder words are checked like every text, and are in the texts hash only when given") {
    json j = json::parse(fixtures::kConfig);
    const auto withWords = textsHash(parseConfig(j.dump()).value(), "en");
    j["texts"]["en"]["placeholder"]["allow"] = "Allow";
    CHECK(textsHash(parseConfig(j.dump()).value(), "en") != withWords);
    j["texts"]["en"].erase("placeholder");
    const auto without = parseConfig(j.dump()).value();
    CHECK(textsHash(without, "en") != withWords);
    CHECK_FALSE(without.texts.at("en").placeholder);

    j["texts"]["en"]["placeholder"] = {{"loadOnce", "Load once"}};
    auto missing = parseConfig(j.dump());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.message() == "texts.en.placeholder.allow: missing");
    j["texts"]["en"]["placeholder"] = "Load once";
    auto wrong = parseConfig(j.dump());
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.message() == "texts.en.placeholder: must be an object");
    j["texts"]["en"]["placeholder"] = {{"loadOnce", "Load once"}, {"allow", "Allow"}, {"alwaysAllow", "x"}};
    const auto warned = parseConfig(j.dump());
    REQUIRE(warned.ok());
    CHECK(warned.value().warnings.at(0).message() == "texts.en.placeholder.alwaysAllow: unknown key, ignored");
}
