#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "assent/wire.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::json;

namespace {

json call(wire::Endpoint& endpoint, const char* method, const json& args) {
    return json::parse(endpoint.call(method, args.dump()));
}

wire::Endpoint endpoint() { return wire::Endpoint(fixtures::kConfig, fixtures::kSeed); }

// The arguments of each method that answer a live core with a value.
const std::vector<std::pair<const char*, json>> kEveryCall = {
    {"warnings", json::array()},
    {"restore", {"", kT0}},
    {"stored", json::array()},
    {"storedCurrent", json::array()},
    {"needsPrompt", {kT0}},
    {"promptNeed", {kT0}},
    {"promptModel", {"banner", {"en"}, kT0, ""}},
    {"choose", {"reject_all", nullptr, "banner", "en", kT0}},
    {"withdraw", {"", "preferences", kT0}},
    {"setGpc", {true, kT0}},
    {"answerPlaceholder", {"marketing", "load_once", "en", kT0}},
    {"wantPermission", {"geolocation", "denied", "en", kT0}},
    {"answerPermission", {"geolocation", "pre_prompt", "denied", "prompt", "en", kT0}},
    {"permissionStep", {"geolocation", "prompt", kT0}},
    {"permissionState", {"geolocation", kT0}},
    {"accepted", {"analytics", kT0}},
    {"scriptPatterns", json::array()},
    {"useScriptPatterns", json::array({json::array({"https://www.googletagmanager.com/gtag/js"})})},
    {"purposeOfScript", {"https://www.googletagmanager.com/gtag/js"}},
    {"record", json::array()},
    {"exportRecords", json::array()},
    {"erase", {kT0}},
    {"storageToClear", {kT0}},
    {"track", {"$click", "", "/", kT0}},
    {"ingest", {"", kT0}},
    {"setClient", {"Mozilla/5.0", false}},
    {"takeBatch", {kT0}},
    {"settleBatch", {"x", true}},
    {"pending", json::array()},
    {"restorePending", {"", kT0}},
    {"visitor", {kT0}},
    {"restoreVisitor", {"", kT0}},
    {"consentMode", {kT0, false}},
    {"trackerSettings", json::array()},
    {"keyHash", {"0123456789abcdef0123456789abcdef"}},
    {"held", json::array()},
    {"queued", json::array()},
};

}  // namespace

TEST_CASE("the JS shells' wire names are the ones the wire generates") {
    const std::string generated = wire::namesModule();
    if (std::getenv("ASSENT_WRITE_WIRE_NAMES")) std::ofstream(ASSENT_WIRE_NAMES_JS) << generated;
    std::ifstream file(ASSENT_WIRE_NAMES_JS);
    std::stringstream committed;
    committed << file.rdbuf();
    INFO("regenerate with: ASSENT_WRITE_WIRE_NAMES=1 build/native/tests/core/assent_core_tests '" +
         Catch::getResultCapture().getCurrentTestName() + "'");
    CHECK(committed.str() == generated);
}

TEST_CASE("every wire method answers a live core, and the JS names give it a dead answer") {
    auto e = endpoint();
    const std::string names = wire::namesModule();
    for (const auto& [method, args] : kEveryCall) {
        INFO(method);
        const json answer = call(e, method, args);
        CHECK_FALSE((answer.is_object() && answer.contains("error") && answer.size() == 2));
        CHECK(names.find(std::string("  ") + method + ": ") != std::string::npos);  // it has a dead answer
    }
}

TEST_CASE("[C01] a core whose config failed answers every call as no consent, and says why") {
    wire::Endpoint dead(R"({"revision":1})", fixtures::kSeed);
    REQUIRE(dead.core() == nullptr);
    const json why = call(dead, "error", json::array());
    CHECK(why["error"].get<std::string>().find("purposes: missing") != std::string::npos);
    CHECK(why["problems"][0]["path"] == "purposes");
    CHECK(call(dead, "choose", {"accept_all", nullptr, "banner", "en", kT0})["error"] == "core unavailable");
    CHECK(call(dead, "accepted", {"analytics", kT0}) == false);
    CHECK(call(dead, "takeBatch", {kT0}).is_null());
    CHECK(call(dead, "permissionStep", {"geolocation", "granted", kT0}) == "refused");
    const json nothing = {{"recorded", false}, {"method", nullptr}, {"state", "unset"}, {"next", "refused"}};
    CHECK(call(dead, "wantPermission", {"geolocation", "denied", "en", kT0}) == nothing);
    CHECK(call(dead, "answerPermission", {"geolocation", "platform", "granted", "prompt", "en", kT0}) == nothing);
    CHECK(call(dead, "pending", json::array()).is_null());  // unknown: what a shell stored stays
    auto live = endpoint();
    CHECK(call(live, "error", json::array()).is_null());
}

TEST_CASE("a call the wire cannot read is refused with what is wrong, and records nothing") {
    auto e = endpoint();
    const auto error = [&](const char* method, const std::string& args) {
        return json::parse(e.call(method, args))["error"].get<std::string>();
    };
    CHECK(error("chose", "[]") == "method: unknown \"chose\"");
    CHECK(error("choose", "{") == "args: must be a JSON array");
    CHECK(error("choose", R"(["maybe",null,"banner","en",1])") == "action (args[0]): unknown \"maybe\"");
    CHECK(error("choose", R"(["custom",{"analytics":"yes"},"banner","en",1])") ==
          "choices.analytics: must be true or false");
    CHECK(error("choose", R"(["custom",[true],"banner","en",1])") == "choices (args[1]): must be an object or null");
    CHECK(error("choose", R"(["custom",{},"sidebar","en",1])") == "surface (args[2]): unknown \"sidebar\"");
    CHECK(error("choose", R"(["custom",{},"banner","en"])") == "now (args[4]): must be a time in ms");
    CHECK(error("choose", R"(["custom",{},"banner","en","1"])") == "now (args[4]): must be a time in ms");
    CHECK(error("choose", R"(["gpc",null,"banner","en",1])") == "action: must be accept_all, reject_all, custom or api");
    CHECK(error("withdraw", R"(["","sidebar",1])") == "surface (args[1]): unknown \"sidebar\"");
    CHECK(error("wantPermission", R"(["geolocation","blocked","en",1])") ==
          "platformState (args[1]): unknown \"blocked\"");
    CHECK(error("wantPermission", R"(["geolocation","denied",1])") == "language (args[2]): must be a string");
    CHECK(error("answerPermission", R"(["geolocation","browser","granted","prompt","en",1])") ==
          "asker (args[1]): unknown \"browser\"");
    CHECK(error("answerPermission", R"(["geolocation","platform","unset","prompt","en",1])") ==
          "answer (args[2]): unknown \"unset\"");
    CHECK(error("answerPermission", R"(["geolocation","platform","denied","prompt","en"])") ==
          "now (args[5]): must be a time in ms");
    CHECK(error("promptModel", R"(["modal",["en"],1,""])") == "kind (args[0]): unknown \"modal\"");
    CHECK(error("permissionStep", R"(["geolocation","blocked",1])") == "platformState (args[1]): unknown \"blocked\"");
    CHECK(call(e, "record", json::array()).is_null());
    CHECK(call(e, "needsPrompt", {kT0}) == true);
}

TEST_CASE("a choice made over the wire is the core's record, and its batch names its own id") {
    auto e = endpoint();
    CHECK(call(e, "choose", {"custom", {{"analytics", true}}, "preferences", "en", kT0}).is_null());
    const json record = call(e, "record", json::array());
    CHECK(record["method"] == "custom");
    CHECK(record["surface"] == "preferences");
    CHECK(record["purposes"]["analytics"] == true);
    CHECK(record["purposes"]["marketing"] == false);
    CHECK(call(e, "track", {"$click", R"({"tag":"a"})", "/", kT0 + 1.75}) == "forwarded");  // a fraction is cut
    const json batch = call(e, "takeBatch", {kT0 + 2});
    REQUIRE(batch.is_object());
    const json body = json::parse(batch["body"].get<std::string>());
    CHECK(body["batch_id"] == batch["id"]);
    CHECK(body["events"][0]["ts"] == kT0 + 1);
    CHECK(call(e, "track", {"nope", "", "/", kT0}) == "unknown_event");
    CHECK(call(e, "track", {"$click", "[1]", "/", kT0}) == "bad_props");
    CHECK(call(e, "permissionStep", {"geolocation", "", kT0}) == "ask");
    CHECK(call(e, "erase", {kT0 + 3})["cookies"] == json{"_ga", "_ga_*", "_fbp"});
}

TEST_CASE("[C16] a permission answer crosses the wire as what was recorded and what comes next") {
    auto e = endpoint();
    CHECK(call(e, "wantPermission", {"geolocation", "prompt", "en", kT0}) ==
          json{{"recorded", false}, {"method", nullptr}, {"state", "unset"}, {"next", "ask"}});
    CHECK(call(e, "answerPermission", {"geolocation", "pre_prompt", "granted", "prompt", "en", kT0}) ==
          json{{"recorded", false}, {"method", nullptr}, {"state", "unset"}, {"next", "platform"}});
    CHECK(call(e, "answerPermission", {"geolocation", "platform", "granted", "prompt", "en", kT0}) ==
          json{{"recorded", true}, {"method", "platform"}, {"state", "granted"}, {"next", "use"}});
    CHECK(call(e, "answerPermission", {"geolocation", "platform", "dismissed", "prompt", "en", kT0}) ==
          json{{"recorded", false}, {"method", nullptr}, {"state", "granted"}, {"next", "later"}});
    CHECK(call(e, "wantPermission", {"geolocation", "denied", "zh-CN", kT0 + 1}) ==
          json{{"recorded", true}, {"method", "platform"}, {"state", "denied"}, {"next", "settings"}});
    CHECK(call(e, "answerPermission", {"geolocation", "pre_prompt", "denied", "denied", "en", kT0 + 2}) ==
          json{{"recorded", true}, {"method", "custom"}, {"state", "denied"}, {"next", "refused"}});
    CHECK(call(e, "record", json::array())["permissions"]["geolocation"] == false);

    // What the core refused comes back as an error, and nothing is recorded.
    const json refused = call(e, "answerPermission", {"camera", "pre_prompt", "denied", "prompt", "en", kT0});
    CHECK(refused["error"] == "permission: unknown capability \"camera\"");
    CHECK(refused["problems"][0]["path"] == "permission");
    CHECK(call(e, "wantPermission", {"geolocation", "denied", "fr", kT0})["error"] ==
          "permission.language: \"fr\" is not a language of the config");
    const std::string names = wire::namesModule();
    for (const char* method : {"wantPermission", "answerPermission"}) {
        INFO(method);
        CHECK(names.find(std::string("\"") + method + "\"", names.find("REFUSING")) != std::string::npos);
    }
    CHECK(names.find(R"(PermissionAsker = Object.freeze({ PrePrompt: "pre_prompt", Platform: "platform" }))") !=
          std::string::npos);
    CHECK(names.find(R"(PermissionAnswer = Object.freeze({ Granted: "granted", Denied: "denied", Dismissed: "dismissed", )"
                     R"(Failed: "failed", Unavailable: "unavailable" }))") != std::string::npos);
    CHECK(names.find(R"(Later: "later", Retry: "retry", Unavailable: "unavailable")") != std::string::npos);
    CHECK(names.find(R"(Prompt: "prompt", Unavailable: "unavailable" }))") != std::string::npos);
    // The states a shell reports and the steps it follows cross the wire by name.
    CHECK(call(e, "wantPermission", {"geolocation", "unavailable", "en", kT0})["next"] == "unavailable");
    CHECK(call(e, "answerPermission", {"geolocation", "platform", "failed", "prompt", "en", kT0})["next"] == "retry");
}

TEST_CASE("a placeholder's answer crosses the wire as what was recorded and how the embed loads") {
    auto e = endpoint();
    CHECK(call(e, "promptModel", {"placeholder", {"en"}, kT0, "marketing"})["buttons"][1]["action"] == "allow");
    CHECK(call(e, "promptModel", {"placeholder", {"en"}, kT0, "video"}) == nullptr);
    CHECK(call(e, "answerPlaceholder", {"marketing", "load_once", "en", kT0}) ==
          json{{"recorded", false}, {"method", nullptr}, {"load", "once"}});
    CHECK(call(e, "answerPlaceholder", {"marketing", "allow", "en", kT0}) ==
          json{{"recorded", true}, {"method", "api"}, {"load", "granted"}});
    CHECK(call(e, "record", json::array())["surface"] == "placeholder");
    CHECK(call(e, "answerPlaceholder", {"marketing", "always", "en", kT0})["error"] ==
          "action (args[1]): unknown \"always\"");
    CHECK(call(e, "answerPlaceholder", {"video", "allow", "en", kT0})["error"] ==
          "placeholder: unknown purpose \"video\"");
    const std::string names = wire::namesModule();
    CHECK(names.find(R"(EmbedLoad = Object.freeze({ None: "none", Once: "once", Granted: "granted" }))") !=
          std::string::npos);
    CHECK(names.find(R"("answerPlaceholder")", names.find("REFUSING")) != std::string::npos);
}

TEST_CASE("[C18] the device key's hash crosses the wire; the secret is hashed, never echoed") {
    auto e = endpoint();
    CHECK(call(e, "keyHash", {"abc"}) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(call(e, "keyHash", {""}) == "");
    CHECK(call(e, "keyHash", {42})["error"] == "secret (args[0]): must be a string");
}
