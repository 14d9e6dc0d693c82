#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/config.hpp"
#include "fixtures.hpp"

using assent::parseConfig;
using nlohmann::json;

namespace {

// Edits the valid fixture so each test shows only what it breaks.
std::string edited(void (*edit)(json&)) {
    json j = json::parse(fixtures::kConfig);
    edit(j);
    return j.dump();
}

bool hasProblem(const assent::Result<assent::Config>& r, const std::string& message) {
    if (r.ok()) return false;
    for (const auto& p : r.problems())
        if (p.message() == message) return true;
    return false;
}

}  // namespace

TEST_CASE("a valid config parses into typed purposes, texts and tracker settings") {
    const auto r = parseConfig(fixtures::kConfig);
    REQUIRE(r.ok());
    const auto& c = r.value();
    CHECK(c.revision == 3);
    REQUIRE(c.purposes.size() == 5);
    CHECK(c.purposes[0].required);
    CHECK_FALSE(c.purposes[1].required);
    CHECK(c.texts.at("zh-CN").rejectAll == "全部拒绝");
    CHECK(c.tracker.eventPurpose.at("$click") == "analytics");
    CHECK(c.tracker.holdLimit == 3);
    CHECK(c.tracker.holdTtlMs == 30 * 60 * 1000);
    CHECK(c.warnings.empty());
}

TEST_CASE("text that is not JSON is refused with a reason, never defaulted") {
    CHECK(parseConfig("{").message() == "config: is not valid JSON: line 1, column 2, unexpected the end of the text in: {");
    CHECK(parseConfig("[]").message() == "config: must be a JSON object");
    CHECK(parseConfig("").message() == "config: is not valid JSON: line 1, column 1, unexpected the end of the text in: ");
}

TEST_CASE("a JSON mistake names its line and column, what was found there, and shows the line") {
    struct Case {
        std::string text, message;
    };
    const Case cases[] = {
        {"{\n  \"revision\": 3,,\n  \"texts\": {}\n}",
         "config: is not valid JSON: line 2, column 17, unexpected \",\" in:   \"revision\": 3,,"},
        {"{\n  \"title\": \"Privacy\"\n  \"body\": \"x\"\n}",
         "config: is not valid JSON: line 3, column 3, unexpected \"\"\" in:   \"body\": \"x\""},
        {"{\"a\": tru}", "config: is not valid JSON: line 1, column 7, unexpected \"t\" in: {\"a\": tru}"},
        {"{\"a\": 1} x", "config: is not valid JSON: line 1, column 10, unexpected \"x\" in: {\"a\": 1} x"},
        // Columns count characters, not bytes; a tab shows as a space.
        {"{\"标题\":\t\"隐私\" ]", "config: is not valid JSON: line 1, column 13, unexpected \"]\" in: {\"标题\": \"隐私\" ]"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(parseConfig(c.text).message() == c.message);
    }
    // A long line shows the 40 characters before the place, whole characters only.
    const std::string longLine = "{\"k\": \"" + std::string(30, 'a') + "隐私隐私隐私隐私隐私" + "\" ?}";
    const std::string message = parseConfig(longLine).message();
    CHECK(message.find("line 1, column 50, unexpected \"?\"") != std::string::npos);
    CHECK(message.substr(message.find(" in: ") + 5).rfind("a", 0) == 0);
}

TEST_CASE("a duplicate purpose id names its path") {
    const auto r = parseConfig(edited([](json& j) { j["purposes"][2]["id"] = "analytics"; }));
    CHECK(hasProblem(r, "purposes[2].id: duplicate \"analytics\""));
}

TEST_CASE("a duplicate service id or capability names its path, and only the repeat") {
    const auto r = parseConfig(edited([](json& j) {
        j["services"][2]["id"] = "ga";
        j["permissions"].push_back(j["permissions"][0]);
    }));
    CHECK(hasProblem(r, "services[2].id: duplicate \"ga\""));
    CHECK(hasProblem(r, "permissions[1].capability: duplicate \"geolocation\""));
    CHECK_FALSE(hasProblem(r, "services[0].id: duplicate \"ga\""));
    CHECK_FALSE(hasProblem(r, "permissions[0].capability: duplicate \"geolocation\""));
}

TEST_CASE("every problem is reported at once, each with its path") {
    const auto r = parseConfig(edited([](json& j) {
        j.erase("revision");
        j["purposes"][1]["required"] = "yes";
        j["tracker"]["events"]["$click"] = "adverts";
        j["texts"]["en"].erase("rejectAll");
    }));
    REQUIRE_FALSE(r.ok());
    CHECK(hasProblem(r, "revision: missing"));
    CHECK(hasProblem(r, "purposes[1].required: must be true or false"));
    CHECK(hasProblem(r, "tracker.events.$click: unknown purpose \"adverts\""));
    CHECK(hasProblem(r, "texts.en.rejectAll: missing"));
    CHECK(r.problems().size() == 4);
}

TEST_CASE("a purpose without words in some language is refused: consent must be informed") {
    const auto r = parseConfig(edited([](json& j) { j["texts"]["zh-CN"]["purposes"].erase("marketing"); }));
    CHECK(hasProblem(r, "texts.zh-CN.purposes.marketing: missing"));
}

TEST_CASE("purpose ids that could break the stored record are refused") {
    for (const char* bad : {"", "Analytics", "a.b", "a|b", "a=b", "with space", "x23456789012345678901234567890123"}) {
        json j = json::parse(fixtures::kConfig);
        j["purposes"][1]["id"] = bad;
        const auto result = parseConfig(j.dump());
        INFO(bad);
        CHECK_FALSE(result.ok());
    }
}

TEST_CASE("numbers outside their range name the range") {
    const auto r = parseConfig(edited([](json& j) { j["tracker"]["batchMaxEvents"] = 0; }));
    CHECK(hasProblem(r, "tracker.batchMaxEvents: must be between 1 and 1000"));
    const auto neg = parseConfig(edited([](json& j) { j["revision"] = -1; }));
    CHECK(neg.message().find("revision: must be between 0") == 0);
    const auto frac = parseConfig(edited([](json& j) { j["revision"] = 1.5; }));
    CHECK(hasProblem(frac, "revision: must be a whole number"));
}

TEST_CASE("a default language without texts is refused") {
    const auto r = parseConfig(edited([](json& j) { j["defaultLanguage"] = "fr"; }));
    CHECK(hasProblem(r, "defaultLanguage: \"fr\" has no entry in texts"));
}

TEST_CASE("unknown keys are warnings, not errors") {
    const auto r = parseConfig(edited([](json& j) {
        j["colour"] = "blue";
        j["purposes"][0]["note"] = 1;
    }));
    REQUIRE(r.ok());
    REQUIRE(r.value().warnings.size() == 2);
    CHECK(r.value().warnings[0].message() == "colour: unknown key, ignored");
    CHECK(r.value().warnings[1].message() == "purposes[0].note: unknown key, ignored");
}

TEST_CASE("an unknown key that is one or two typing slips from a known one says which was meant") {
    const auto r = parseConfig(edited([](json& j) {
        j["purposes"][1]["expireAfterDays"] = 30;            // a letter left out
        j["tracker"]["batchMaxEvnets"] = 10;                 // two letters swapped
        j["texts"]["en"]["AcceptAll"] = "Yes";               // case aside
        j["texts"]["en"]["placeholder"] = {{"loadonce", "x"}, {"allow", "y"}, {"alow", "z"}};
        j["tracker"]["colour"] = "blue";                     // near nothing
        j["siteID"] = "x";
    }));
    REQUIRE_FALSE(r.ok());  // loadOnce is missing
    const auto warnings = parseConfig(edited([](json& j) {
                              j["purposes"][1]["expireAfterDays"] = 30;
                              j["tracker"]["batchMaxEvnets"] = 10;
                              j["texts"]["en"]["AcceptAll"] = "Yes";
                              j["tracker"]["colour"] = "blue";
                              j["siteID"] = "x";
                          }))
                              .value()
                              .warnings;
    std::vector<std::string> messages;
    for (const auto& w : warnings) messages.push_back(w.message());
    CHECK(messages == std::vector<std::string>{
                          "siteID: unknown key, ignored; did you mean \"siteId\"?",
                          "purposes[1].expireAfterDays: unknown key, ignored; did you mean \"expiresAfterDays\"?",
                          "texts.en.AcceptAll: unknown key, ignored; did you mean \"acceptAll\"?",
                          "tracker.batchMaxEvnets: unknown key, ignored; did you mean \"batchMaxEvents\"?",
                          "tracker.colour: unknown key, ignored",
                      });
}

TEST_CASE("one mistake in a purpose gives one error, not one more for every place that names it") {
    const std::pair<void (*)(json&), std::string> cases[] = {
        {[](json& j) { j["purposes"][1]["id"] = "Analytics!"; },
         "purposes[1].id: \"Analytics!\" must be 1-32 of a-z, 0-9, _ and -"},
        {[](json& j) { j["purposes"][1]["id"] = 7; }, "purposes[1].id: must be a string"},
        {[](json& j) { j["purposes"][1] = "analytics"; }, "purposes[1]: must be an object"},
        {[](json& j) { j["purposes"] = json::object(); }, "purposes: must be a non-empty list"},
        {[](json& j) {
             for (int i = 0; j["purposes"].size() <= assent::kMaxPurposes; ++i) j["purposes"].push_back({{"id", "p" + std::to_string(i)}});
         },
         "purposes: at most 1000 purposes"},
    };
    for (const auto& [edit, only] : cases) {
        const auto r = parseConfig(edited(edit));
        REQUIRE_FALSE(r.ok());
        CHECK(r.message() == only);
    }
    // With the purposes readable, a name nobody declared is still an error.
    CHECK(parseConfig(edited([](json& j) { j["tracker"]["events"]["$click"] = "adverts"; })).message() ==
          "tracker.events.$click: unknown purpose \"adverts\"");
}

TEST_CASE("[C03] only a required purpose may be on by default") {
    const auto r = parseConfig(edited([](json& j) { j["purposes"][1]["default"] = true; }));
    CHECK(hasProblem(r, "purposes[1].default: only a required purpose may be on by default"));
}

TEST_CASE("purposes carry their expiry, legal basis, sale/share and sensitive flags") {
    const auto c = parseConfig(fixtures::kConfig).value();
    CHECK(c.purpose("necessary")->legalBasis == assent::LegalBasis::Necessary);
    CHECK(c.purpose("analytics")->legalBasis == assent::LegalBasis::Consent);
    CHECK(c.purpose("analytics")->expiresAfterDays == 180);
    CHECK(c.purpose("ads")->saleOrShare);
    CHECK(c.purpose("ads")->expiresAfterDays == 90);
    CHECK(c.purpose("location")->sensitive);
    const auto wrong = parseConfig(edited([](json& j) { j["purposes"][1]["legalBasis"] = "necessary"; }));
    CHECK(hasProblem(wrong, "purposes[1].legalBasis: necessary goes with required: true, and only with it"));
    const auto typo = parseConfig(edited([](json& j) { j["purposes"][1]["legalBasis"] = "contract"; }));
    CHECK(hasProblem(typo, "purposes[1].legalBasis: must be consent, legitimate_interest or necessary"));
}

TEST_CASE("services and permissions must name known purposes") {
    const auto r = parseConfig(edited([](json& j) {
        j["services"][1]["purpose"] = "adverts";
        j["permissions"][0]["purpose"] = "ads2";
        j["permissions"][0]["capability"] = "geo location";
    }));
    CHECK(hasProblem(r, "services[1].purpose: unknown purpose \"adverts\""));
    CHECK(hasProblem(r, "permissions[0].purpose: unknown purpose \"ads2\""));
    CHECK(hasProblem(r, "permissions[0].capability: \"geo location\" is not a capability name"));
    const auto c = parseConfig(fixtures::kConfig).value();
    CHECK(c.service("ga")->cookies == std::vector<std::string>{"_ga", "_ga_*"});
    CHECK(c.permission("geolocation")->expiresAfterDays == 30);
}

TEST_CASE("a permission needs its pre-prompt words in every language") {
    const auto r = parseConfig(edited([](json& j) { j["texts"]["zh-CN"]["permissions"]["geolocation"].erase("body"); }));
    CHECK(hasProblem(r, "texts.zh-CN.permissions.geolocation.body: missing"));
}

TEST_CASE("[C16] a permission's deny button worded as \"not now\" is warned about: pressing it records a refusal") {
    // What the config says about the deny button of `language`'s geolocation pre-prompt ("": nothing).
    const auto warning = [](const char* language, const char* deny) {
        json j = json::parse(fixtures::kConfig);
        j["texts"][language]["permissions"]["geolocation"]["deny"] = deny;
        j["texts"][language]["permissions"]["geolocation"]["later"] = "Ask me another day";
        const auto parsed = parseConfig(j.dump());
        REQUIRE(parsed.ok());  // a warning: the config still loads
        const std::string at = std::string("texts.") + language + ".permissions.geolocation.deny: ";
        for (const auto& w : parsed.value().warnings)
            if (w.message().rfind(at, 0) == 0) return w.message().substr(at.size());
        return std::string();
    };
    const std::string misleads =
        "reads like \"not now\", but pressing it records a refusal: word it as one (\"Don't allow\"); "
        "\"not now\" is the later button";
    // The words the core itself puts on its "not now" button (prompt.cpp), and the like.
    for (const char* deny : {"Not now", "not now.", " Later ", "Maybe later!"}) CHECK(warning("en", deny) == misleads);
    for (const char* deny : {"\u7a0d\u540e", "\u4ee5\u540e\u518d\u8bf4"}) CHECK(warning("zh-CN", deny) == misleads);
    // The same words as the permission's own later button.
    CHECK(warning("en", "ask me another day") == misleads);
    // A refusal worded as one is not warned about.
    for (const char* deny : {"Don't allow", "No, thanks", "Not allowed"}) CHECK(warning("en", deny).empty());
    CHECK(warning("zh-CN", "\u4e0d\u5141\u8bb8").empty());
}

TEST_CASE("links may only go to http(s) or this site: no javascript: URLs") {
    for (const char* bad : {"javascript:alert(1)", "data:text/html,x", "//evil.example", "", "JAVASCRIPT:x"}) {
        json j = json::parse(fixtures::kConfig);
        j["texts"]["en"]["links"][0]["url"] = bad;
        INFO(bad);
        CHECK(hasProblem(parseConfig(j.dump()), "texts.en.links[0].url: must start with https://, http:// or /"));
    }
}

TEST_CASE("the texts hash changes when any word shown changes, and only then") {
    const auto c = parseConfig(fixtures::kConfig).value();
    const auto en = assent::textsHash(c, "en");
    CHECK(en.size() == 16);
    CHECK(en != assent::textsHash(c, "zh-CN"));
    CHECK(en == assent::textsHash(parseConfig(fixtures::kConfig).value(), "en"));
    const auto changed = parseConfig(edited([](json& j) { j["texts"]["en"]["purposes"]["ads"]["description"] = "x"; }));
    CHECK(en != assent::textsHash(changed.value(), "en"));
}
