// services[].scripts: which purpose a script's URL belongs to (the browser
// shell holds back a script the page forgot to mark until the core accepts
// that purpose). Same rules as docs/config.md#scripts-held-by-their-url;
// making the patterns absolute is the shell's (the browser's URL parser).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/script_urls.hpp"
#include "assent/wire.hpp"
#include "fixtures.hpp"

using namespace assent;

namespace {

const char* const kConfigUrl = "https://shop.example/assent/assent.config.json?v=3";

Config shop() {
    Config c;
    c.services = {
        {"ga4", "analytics", {}, {}, {"https://www.googletagmanager.com/gtag/js*"}},
        {"pixel", "marketing", {}, {}, {"https://connect.facebook.net/*"}},
        {"own", "analytics", {}, {}, {"/js/stats.js", "widgets/*"}},
        {"cookies-only", "marketing", {"_x"}, {}, {}},
        {"later", "ads", {}, {}, {"https://connect.facebook.net/en_US/fbevents.js"}},
    };
    return c;
}

// shop()'s patterns as the browser shell makes them absolute against
// https://shop.example/assent/assent.config.json?v=3 (the resolving itself
// is the shell's: tests/shell/script-patterns.test.cjs).
const std::vector<std::string> kShopAbsolute = {
    "https://www.googletagmanager.com/gtag/js*",
    "https://connect.facebook.net/*",
    "https://shop.example/js/stats.js",
    "https://shop.example/assent/widgets/*",
    "https://connect.facebook.net/en_US/fbevents.js",
};

}  // namespace

TEST_CASE("the shell is handed every script pattern in the order matching tries them") {
    const Config c = shop();  // the patterns are views into it
    const auto patterns = scriptPatterns(c);
    CHECK(std::vector<std::string>(patterns.begin(), patterns.end()) ==
          std::vector<std::string>{"https://www.googletagmanager.com/gtag/js*", "https://connect.facebook.net/*",
                                   "/js/stats.js", "widgets/*", "https://connect.facebook.net/en_US/fbevents.js"});
}

TEST_CASE("a script belongs to the purpose of the first service whose pattern it equals, or starts with when the pattern ends in *") {
    const Config c = shop();
    const std::pair<const char*, const char*> cases[] = {
        // script URL (absolute, as the browser writes it), purpose ("" : none)
        {"https://www.googletagmanager.com/gtag/js?id=G-1", "analytics"},
        {"https://www.googletagmanager.com/gtag/js", "analytics"},
        {"https://www.googletagmanager.com/gtm.js?id=GTM-1", ""},
        {"https://connect.facebook.net/en_US/fbevents.js", "marketing"},  // the first service wins, not "ads"
        {"https://connect.facebook.net.evil.example/fbevents.js", ""},
        {"http://connect.facebook.net/en_US/fbevents.js", ""},
        {"https://shop.example/js/stats.js", "analytics"},  // "/js/stats.js" against the config's origin
        {"https://shop.example/js/stats.js?v=2", ""},       // exact: no query
        {"https://other.example/js/stats.js", ""},
        {"https://shop.example/assent/widgets/chat.js", "analytics"},  // "widgets/*" against the config's folder
        {"https://shop.example/widgets/chat.js", ""},
        {"", ""},
    };
    for (const auto& [url, purpose] : cases) {
        INFO(url);
        CHECK(purposeOfScript(c, kShopAbsolute, url) == purpose);
    }
}

TEST_CASE("a pattern the shell could not make absolute, or did not hand back, claims no script") {
    const Config c = shop();
    std::vector<std::string> absolute = kShopAbsolute;
    absolute[1] = "";  // "https://connect.facebook.net/*": the next service's exact URL still claims its script
    CHECK(purposeOfScript(c, absolute, "https://connect.facebook.net/en_US/fbevents.js") == "ads");
    CHECK(purposeOfScript(c, absolute, "https://connect.facebook.net/sdk.js").empty());
    absolute.resize(3);  // the last two missing
    CHECK(purposeOfScript(c, absolute, "https://shop.example/js/stats.js") == "analytics");
    CHECK(purposeOfScript(c, absolute, "https://shop.example/assent/widgets/chat.js").empty());
    CHECK(purposeOfScript(c, absolute, "https://connect.facebook.net/en_US/fbevents.js").empty());
    CHECK(purposeOfScript(c, {}, "https://www.googletagmanager.com/gtag/js").empty());
}

TEST_CASE("a config without services[].scripts claims no script") {
    Config c;
    CHECK(scriptPatterns(c).empty());
    CHECK(purposeOfScript(c, {}, "https://connect.facebook.net/en_US/fbevents.js").empty());
    c.services = {{"a", "analytics", {"_a"}, {}, {}}};
    CHECK(purposeOfScript(c, {}, "https://connect.facebook.net/en_US/fbevents.js").empty());
}

TEST_CASE("the wire hands out the patterns, takes them back absolute, then answers a script's purpose, \"\" for none; before that, or from a dead core, it cannot say (null)") {
    using nlohmann::json;
    wire::Endpoint live(fixtures::kConfig, fixtures::kSeed);
    const auto call = [](wire::Endpoint& e, const char* method, const json& args) {
        return json::parse(e.call(method, args.dump()));
    };
    const json patterns = call(live, "scriptPatterns", json::array());
    REQUIRE(patterns.is_array());
    REQUIRE(patterns.size() >= 1);
    CHECK(patterns[0] == "https://www.googletagmanager.com/gtag/js");
    CHECK(call(live, "purposeOfScript", {"https://www.googletagmanager.com/gtag/js"}).is_null());
    CHECK(call(live, "useScriptPatterns", {"not a list"})["error"] == "absolute (args[0]): must be an array of strings");
    CHECK(call(live, "useScriptPatterns", json::array({patterns})).is_null());
    CHECK(call(live, "purposeOfScript", {"https://www.googletagmanager.com/gtag/js"}) == "analytics");
    CHECK(call(live, "purposeOfScript", {"https://www.googletagmanager.com/gtag/js?id=G-1"}) == "");
    CHECK(call(live, "purposeOfScript", json::array())["error"] == "url (args[0]): must be a string");
    wire::Endpoint dead(R"({"revision":1})", fixtures::kSeed);
    CHECK(call(dead, "scriptPatterns", json::array()) == json::array());
    CHECK(call(dead, "useScriptPatterns", json::array({json::array()})).is_null());
    CHECK(call(dead, "purposeOfScript", {"https://www.googletagmanager.com/gtag/js"}).is_null());
}
