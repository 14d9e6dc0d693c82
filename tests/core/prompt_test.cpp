#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/prompt.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::json;

namespace {

json model(const Config& c, const Ledger& l, PromptKind kind, std::vector<std::string> langs = {"en"},
           std::string_view capability = {}) {
    return json::parse(promptModelJson(c, l, kind, langs, kT0, capability));
}

// The core, not the shell, decides what is valid: each of `bad` as the
// config's `key` is one problem, at that path, with that reason.
void requireOneProblem(json raw, const char* key, std::initializer_list<json> bad, const char* reason) {
    for (const json& value : bad) {
        INFO(value.dump());
        raw[key] = value;
        const auto parsed = parseConfig(raw.dump());
        REQUIRE_FALSE(parsed.ok());
        REQUIRE(parsed.problems().size() == 1);
        CHECK(parsed.problems()[0].path == key);
        CHECK(parsed.problems()[0].reason == reason);
    }
}

}  // namespace

TEST_CASE("the prompt language follows the person's order, against the fixture config (en and zh-CN)") {
    const auto c = fixtures::config();
    struct Case {
        std::vector<std::string> preferred;
        std::string chosen;
    };
    const std::vector<Case> cases = {
        {{"zh-CN", "en"}, "zh-CN"},
        {{"zh-cn"}, "zh-CN"},
        {{"zh-TW"}, "zh-CN"},
        {{"zh"}, "zh-CN"},
        {{"fr", "zh-HK"}, "zh-CN"},
        {{"en-GB", "zh-CN"}, "en"},  // the first language, by its base, beats an exact second one
        {{"en-US", "zh-CN"}, "en"},
        {{"en-GB", "fr"}, "en"},
        {{"fr", "de"}, "en"},
        {{}, "en"},
    };
    for (const auto& k : cases) {
        INFO(k.chosen);
        CHECK(chooseLanguage(c, k.preferred) == k.chosen);
    }
}

TEST_CASE("[C02] reject all is on the first layer beside accept all, at the same level") {
    const auto c = fixtures::config();
    for (auto kind : {PromptKind::Banner, PromptKind::Preferences}) {
        const auto m = model(c, Ledger(), kind);
        const auto& buttons = m["buttons"];
        REQUIRE(buttons.size() == 3);
        CHECK(buttons[0]["action"] == "accept_all");
        CHECK(buttons[1]["action"] == "reject_all");
        CHECK(buttons[0]["level"] == buttons[1]["level"]);
    }
    const auto banner = model(c, Ledger(), PromptKind::Banner);
    CHECK(banner["kind"] == "banner");
    CHECK(banner["buttons"][1]["label"] == "Reject all");
    CHECK(banner["buttons"][2]["action"] == "customise");
    CHECK(banner["links"][0]["url"] == "/privacy");
}

TEST_CASE("[C03] nothing is pre-ticked; only required purposes are on and locked") {
    const auto c = fixtures::config();
    const auto m = model(c, Ledger(), PromptKind::Preferences, {"zh-CN"});
    CHECK(m["language"] == "zh-CN");
    CHECK(m["buttons"][2]["action"] == "save");
    REQUIRE(m["toggles"].size() == 5);
    for (const auto& t : m["toggles"]) {
        const bool required = t["purpose"] == "necessary";
        CHECK(t["checked"] == required);
        CHECK(t["locked"] == required);
    }
    CHECK(m["toggles"][1]["label"] == "统计");
    CHECK(m["toggles"][4]["sensitive"] == true);
}

TEST_CASE("the toggles show the current choice when preferences are reopened") {
    const auto c = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    Choice choice;
    choice.method = Method::Custom;
    choice.purposes = {{"marketing", true}};
    REQUIRE(ledger.decide(c, choice, kT0, ids).ok());
    const auto m = model(c, ledger, PromptKind::Preferences);
    CHECK(m["toggles"][1]["checked"] == false);
    CHECK(m["toggles"][2]["checked"] == true);
}

TEST_CASE("[C16] a permission pre-prompt says why first, and what the platform asks next") {
    const auto c = fixtures::config();
    const auto m = model(c, Ledger(), PromptKind::Permission, {"en"}, "geolocation");
    CHECK(m["kind"] == "permission");
    CHECK(m["capability"] == "geolocation");
    CHECK(m["purpose"] == "location");
    CHECK(m["state"] == "unset");
    CHECK(m["body"] == "We use your location once to list nearby shops.");
    const auto& ask = m["views"]["ask"];
    CHECK(ask["note"] == "Your browser will ask for your location next.");
    CHECK(ask["buttons"][0]["action"] == "allow");
    CHECK(ask["buttons"][1]["action"] == "deny");
    CHECK(ask["buttons"][0]["level"] == ask["buttons"][1]["level"]);
    CHECK(promptModelJson(c, Ledger(), PromptKind::Permission, {"en"}, kT0, "camera") == "null");
}

TEST_CASE("texts with markup and quotes come out as JSON strings, unchanged") {
    auto c = fixtures::config();
    c.texts["en"].title = "<img src=x onerror=alert(1)>\"\\\n";
    CHECK(model(c, Ledger(), PromptKind::Banner)["title"] == "<img src=x onerror=alert(1)>\"\\\n");
}

TEST_CASE("the preferences' close (x) is named by texts.<lang>.close, and without it by the banner's title") {
    // Every word the UI shows comes from the config through the core, the
    // close button's accessible name too; a language without the word still
    // gets a name the config supplies: the title of the banner it returns to.
    json raw = json::parse(fixtures::kConfig);
    raw["texts"]["en"]["close"] = "Close";
    const auto c = parseConfig(raw.dump()).value();
    CHECK(model(c, Ledger(), PromptKind::Preferences, {"en"})["close"] == "Close");
    CHECK(model(c, Ledger(), PromptKind::Preferences, {"zh-CN"})["close"] == "隐私");
    CHECK_FALSE(model(c, Ledger(), PromptKind::Banner, {"en"}).contains("close"));
    // The name is among the words a record proves were shown.
    CHECK(textsHash(c, "en") != textsHash(fixtures::config(), "en"));
    CHECK(textsHash(c, "zh-CN") == textsHash(fixtures::config(), "zh-CN"));
    raw["texts"]["en"]["close"] = 7;
    CHECK_FALSE(parseConfig(raw.dump()).ok());
}

TEST_CASE("[C13] [C14] the preferences carry the own-data controls only with a collector, with the words the config gives and no others") {
    // The defaults for the rest are the prompt chunk's (web/src/ui/my-data.js,
    // tested in tests/shell/my-data-words.test.cjs and tests/e2e).
    json raw = json::parse(fixtures::kConfig);
    raw["texts"]["en"]["myData"] = {{"erase", "Forget me"}};
    const auto c = parseConfig(raw.dump()).value();
    CHECK(model(c, Ledger(), PromptKind::Preferences, {"en"})["myData"] == json{{"erase", "Forget me"}});
    CHECK(model(c, Ledger(), PromptKind::Preferences, {"zh-CN"})["myData"] == json::object());
    CHECK(model(fixtures::config(), Ledger(), PromptKind::Preferences, {"en"})["myData"] == json::object());
    CHECK_FALSE(model(c, Ledger(), PromptKind::Banner, {"en"}).contains("myData"));
    // Given words are among those a record proves were shown; defaults keep
    // a config's hashes.
    CHECK(textsHash(c, "en") != textsHash(fixtures::config(), "en"));
    CHECK(textsHash(c, "zh-CN") == textsHash(fixtures::config(), "zh-CN"));

    // Without a collector there is nothing of the visitor's to download or erase.
    raw["tracker"].erase("collectorUrl");
    const auto none = parseConfig(raw.dump()).value();
    CHECK_FALSE(model(none, Ledger(), PromptKind::Preferences, {"en"}).contains("myData"));

    raw["texts"]["en"]["myData"] = {{"erase", 7}};
    CHECK_FALSE(parseConfig(raw.dump()).ok());
    raw["texts"]["en"]["myData"] = {{"delete", "x"}};
    const auto misspelt = parseConfig(raw.dump());
    REQUIRE(misspelt.ok());
    REQUIRE(misspelt.value().warnings.size() == 1);
    CHECK(misspelt.value().warnings[0].message().rfind("texts.en.myData.delete: unknown key", 0) == 0);
}

TEST_CASE("[C06] the own-data words a config gives are hashed after its other words, in their documented order") {
    // The order is part of every textsHash a record of such a config holds:
    // reading, hashing and writing the words in one loop must keep it.
    json raw = json::parse(fixtures::kConfig);
    const char* const keys[] = {"download", "erase", "confirm", "confirmYes", "cancel", "downloaded", "erased", "failed"};
    for (const char* key : keys) raw["texts"]["en"]["myData"][key] = std::string("my ") + key;
    const auto c = parseConfig(raw.dump()).value();
    std::string words = "6:myData";
    for (const char* key : keys) words += std::to_string(std::string(key).size() + 3) + ":my " + key;
    const std::string canon = textsCanonical(c, "en");
    CHECK(canon == textsCanonical(fixtures::config(), "en") + words);
    const auto en = model(c, Ledger(), PromptKind::Preferences, {"en"})["myData"];
    for (const char* key : keys) CHECK(en[key] == std::string("my ") + key);
}

TEST_CASE("the banner's layout is the config's choice among kLayouts, box by default, and any other is a problem at \"layout\"") {
    CHECK(model(fixtures::config(), Ledger(), PromptKind::Banner)["layout"] == "box");
    json raw = json::parse(fixtures::kConfig);
    for (const char* layout : {"box", "bar-bottom", "bar-top", "corner-left", "corner-right"}) {
        INFO(layout);
        raw["layout"] = layout;
        const auto parsed = parseConfig(raw.dump());
        REQUIRE(parsed.ok());
        CHECK(model(parsed.value(), Ledger(), PromptKind::Banner)["layout"] == layout);
        CHECK_FALSE(model(parsed.value(), Ledger(), PromptKind::Preferences).contains("layout"));
    }
    requireOneProblem(raw, "layout", {json("sidebar"), json("Box"), json(""), json(3), json::array({"box"})},
                      "must be box, bar-bottom, bar-top, corner-left or corner-right");
}

TEST_CASE("the config's theme is auto, light or dark, auto by default, named in every prompt, and any other is a problem at \"theme\"") {
    const PromptKind kinds[] = {PromptKind::Banner, PromptKind::Preferences, PromptKind::Permission,
                                PromptKind::Placeholder};
    const auto subject = [](PromptKind k) {
        return k == PromptKind::Permission ? "geolocation" : k == PromptKind::Placeholder ? "analytics" : "";
    };
    const auto themeOf = [&](const Config& c, PromptKind k) {
        return json::parse(promptModelJson(c, Ledger(), k, {"en"}, kT0, subject(k)))["theme"];
    };
    for (const PromptKind k : kinds) CHECK(themeOf(fixtures::config(), k) == "auto");
    json raw = json::parse(fixtures::kConfig);
    for (const char* theme : {"auto", "light", "dark"}) {
        INFO(theme);
        raw["theme"] = theme;
        const auto parsed = parseConfig(raw.dump());
        REQUIRE(parsed.ok());
        CHECK(parsed.value().warnings.empty());
        for (const PromptKind k : kinds) CHECK(themeOf(parsed.value(), k) == theme);
    }
    requireOneProblem(raw, "theme", {json("Dark"), json("system"), json(""), json(true), json::array({"dark"})},
                      "must be auto, light or dark");
}

TEST_CASE("the config's launcher places the settings button in a corner or turns it off, bottom-right by default, and any other is a problem at \"launcher\"") {
    CHECK(model(fixtures::config(), Ledger(), PromptKind::Preferences)["launcher"] == "bottom-right");
    json raw = json::parse(fixtures::kConfig);
    for (const char* launcher : {"bottom-right", "bottom-left", "top-right", "top-left", "off"}) {
        INFO(launcher);
        raw["launcher"] = launcher;
        const auto parsed = parseConfig(raw.dump());
        REQUIRE(parsed.ok());
        CHECK(model(parsed.value(), Ledger(), PromptKind::Preferences)["launcher"] == launcher);
        CHECK_FALSE(model(parsed.value(), Ledger(), PromptKind::Banner).contains("launcher"));
    }
    requireOneProblem(raw, "launcher", {json("left"), json("Off"), json(""), json(false), json::array({"off"})},
                      "must be bottom-right, bottom-left, top-right, top-left or off");
}
