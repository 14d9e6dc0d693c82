#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "assent/prompt.hpp"
#include "fixtures.hpp"

using namespace assent;
using nlohmann::json;

TEST_CASE("the prompt language is the exact tag, then the base language, then the default") {
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
        {{"en-GB", "zh-CN"}, "zh-CN"},  // an exact match anywhere beats a base match
        {{"fr", "de"}, "en"},
        {{}, "en"},
    };
    for (const auto& c2 : cases) {
        INFO(c2.chosen);
        CHECK(chooseLanguage(c, c2.preferred) == c2.chosen);
    }
}

TEST_CASE("[C02] reject all is on the first layer beside accept all, at the same level") {
    const auto c = fixtures::config();
    const json model = json::parse(promptModelJson(c, Ledger(), {"en"}));
    CHECK(model["kind"] == "banner");
    const auto& buttons = model["buttons"];
    REQUIRE(buttons.size() == 3);
    CHECK(buttons[0]["action"] == "accept_all");
    CHECK(buttons[1]["action"] == "reject_all");
    CHECK(buttons[1]["label"] == "Reject all");
    CHECK(buttons[2]["action"] == "customise");
}

TEST_CASE("[C03] nothing is pre-ticked; only required purposes are on and locked") {
    const auto c = fixtures::config();
    const json model = json::parse(promptModelJson(c, Ledger(), {"zh-CN"}));
    CHECK(model["language"] == "zh-CN");
    for (const auto& t : model["toggles"]) {
        const bool required = t["purpose"] == "necessary";
        CHECK(t["checked"] == required);
        CHECK(t["locked"] == required);
    }
    CHECK(model["toggles"][1]["label"] == "统计");
}

TEST_CASE("the toggles show the current choice when preferences are reopened") {
    const auto c = fixtures::config();
    IdSource ids(fixtures::kSeed);
    Ledger ledger;
    Choice choice;
    choice.method = Method::Custom;
    choice.purposes = {{"marketing", true}};
    REQUIRE(ledger.decide(c, choice, 1, ids).ok());
    const json model = json::parse(promptModelJson(c, ledger, {"en"}));
    CHECK(model["toggles"][1]["checked"] == false);
    CHECK(model["toggles"][2]["checked"] == true);
}

TEST_CASE("texts with markup and quotes come out as JSON strings, unchanged") {
    auto c = fixtures::config();
    c.texts["en"].title = "<img src=x onerror=alert(1)>\"\\\n";
    const json model = json::parse(promptModelJson(c, Ledger(), {"en"}));
    CHECK(model["title"] == "<img src=x onerror=alert(1)>\"\\\n");
}
