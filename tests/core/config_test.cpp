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
    REQUIRE(c.purposes.size() == 3);
    CHECK(c.purposes[0].required);
    CHECK_FALSE(c.purposes[1].required);
    CHECK(c.texts.at("zh-CN").rejectAll == "全部拒绝");
    CHECK(c.tracker.eventPurpose.at("$click") == "analytics");
    CHECK(c.tracker.holdLimit == 3);
    CHECK(c.tracker.holdTtlMs == 30 * 60 * 1000);
    CHECK(c.warnings.empty());
}

TEST_CASE("text that is not JSON is refused with a reason, never defaulted") {
    CHECK(parseConfig("{").message() == "config: is not valid JSON");
    CHECK(parseConfig("[]").message() == "config: must be a JSON object");
    CHECK(parseConfig("").message() == "config: is not valid JSON");
}

TEST_CASE("a duplicate purpose id names its path") {
    const auto r = parseConfig(edited([](json& j) { j["purposes"][2]["id"] = "analytics"; }));
    CHECK(hasProblem(r, "purposes[2].id: duplicate \"analytics\""));
}

TEST_CASE("every problem is reported at once, each with its path") {
    const auto r = parseConfig(edited([](json& j) {
        j.erase("revision");
        j["purposes"][1]["required"] = "yes";
        j["tracker"]["events"]["$click"] = "ads";
        j["texts"]["en"].erase("rejectAll");
    }));
    REQUIRE_FALSE(r.ok());
    CHECK(hasProblem(r, "revision: missing"));
    CHECK(hasProblem(r, "purposes[1].required: must be true or false"));
    CHECK(hasProblem(r, "tracker.events.$click: unknown purpose \"ads\""));
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
