// services[].scripts: which purpose a script's URL belongs to (the browser
// shell holds back a script the page forgot to mark until the core accepts
// that purpose). Same rules as docs/config.md#scripts-held-by-their-url.
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

}  // namespace

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
        CHECK(purposeOfScript(c, url, kConfigUrl) == purpose);
    }
}

TEST_CASE("a config without services[].scripts claims no script") {
    Config c;
    CHECK(purposeOfScript(c, "https://connect.facebook.net/en_US/fbevents.js", kConfigUrl).empty());
    c.services = {{"a", "analytics", {"_a"}, {}, {}}};
    CHECK(purposeOfScript(c, "https://connect.facebook.net/en_US/fbevents.js", kConfigUrl).empty());
}

TEST_CASE("a pattern is resolved against the config's URL and written as the browser writes URLs") {
    const char* const base = "https://Shop.Example/a/b/config.json?x=1#top";
    const std::pair<const char*, const char*> cases[] = {
        // pattern (without its *), absolute form
        {"https://CDN.Example.COM/lib.js", "https://cdn.example.com/lib.js"},  // host in lower case
        {"HTTPS://cdn.example.com/Lib.js", "https://cdn.example.com/Lib.js"},  // the path keeps its case
        {"https://cdn.example.com:443/x.js", "https://cdn.example.com/x.js"},  // no default port
        {"http://cdn.example.com:80/x.js", "http://cdn.example.com/x.js"},
        {"https://cdn.example.com:8443/x.js", "https://cdn.example.com:8443/x.js"},
        {"https://cdn.example.com", "https://cdn.example.com/"},  // an empty path is "/"
        {"https://cdn.example.com?v=1", "https://cdn.example.com/?v=1"},
        {"https://cdn.example.com/a/./b/../c.js", "https://cdn.example.com/a/c.js"},
        {"https://cdn.example.com/lib/v2/..", "https://cdn.example.com/lib/"},  // a folder, as a prefix wants it
        {"https://cdn.example.com/lib/.", "https://cdn.example.com/lib/"},
        {"//cdn.example.com/x.js", "https://cdn.example.com/x.js"},  // the config's scheme
        {"/js/x.js", "https://shop.example/js/x.js"},                // the config's origin
        {"x.js", "https://shop.example/a/b/x.js"},                   // the config's folder
        {"./x.js", "https://shop.example/a/b/x.js"},
        {"../x.js", "https://shop.example/a/x.js"},
        {"../../../../x.js", "https://shop.example/x.js"},
        {"?y=2", "https://shop.example/a/b/config.json?y=2"},
        {"data:text/javascript,1", "data:text/javascript,1"},  // not http(s): as written
    };
    for (const auto& [pattern, absolute] : cases) {
        INFO(pattern);
        CHECK(absoluteUrl(pattern, base) == absolute);
    }
    CHECK(absoluteUrl("x.js", "https://shop.example") == "https://shop.example/x.js");
}

TEST_CASE("the wire answers a script's purpose, \"\" for none, and a dead core cannot say (null)") {
    using nlohmann::json;
    wire::Endpoint live(fixtures::kConfig, fixtures::kSeed);
    const auto ask = [](wire::Endpoint& e, const json& args) { return json::parse(e.call("purposeOfScript", args.dump())); };
    CHECK(ask(live, {"https://www.googletagmanager.com/gtag/js", "https://shop.example/assent.config.json"}) == "analytics");
    CHECK(ask(live, {"https://www.googletagmanager.com/gtag/js?id=G-1", "https://shop.example/c.json"}) == "");
    CHECK(ask(live, {"https://cdn.example.com/x.js"})["error"] == "configUrl (args[1]): must be a string");
    wire::Endpoint dead(R"({"revision":1})", fixtures::kSeed);
    CHECK(ask(dead, {"https://www.googletagmanager.com/gtag/js", "https://shop.example/c.json"}).is_null());
}
