// The tracker's rules in the core: what may leave, in which form, with which ids.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "assent/core.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::json;

namespace {

Core granted(std::map<std::string, bool> choices = {{"analytics", true}, {"marketing", true}}) {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::custom(std::move(choices)), kT0).ok());
    return core;
}

// Events in the packed batch form: name, page, ts, then key/typed-value pairs.
std::string packed(std::initializer_list<std::vector<std::string>> events) {
    std::string out;
    for (const auto& fields : events) {
        if (!out.empty()) out += '\x1e';
        for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "\x1f" : "") + fields[i];
    }
    return out;
}

json drain(Core& core, std::int64_t now) {
    json events = json::array();
    while (const auto taken = core.takeBatch(now)) {
        const json batch = json::parse(taken->body);
        core.settleBatch(taken->id, true);
        for (const auto& e : batch["events"]) events.push_back(e);
    }
    return events;
}

}  // namespace

TEST_CASE("[C10] only the properties a purpose allows leave the device") {
    auto core = granted();
    core.track("$click", R"({"tag":"a","href":"/x","email":"a@b.cn","value":"secret"})", "/", kT0);
    core.track("signup", R"({"plan":"pro","name":"Zhang San"})", "/", kT0);
    const json events = drain(core, kT0);
    REQUIRE(events.size() == 2);
    CHECK(events[0]["props"] == json{{"tag", "a"}, {"href", "/x"}});
    CHECK(events[1]["props"] == json{{"plan", "pro"}});
}

TEST_CASE("[C11] captured text and page URLs are masked before they leave") {
    auto core = granted();
    core.track("$click", R"({"text":"Call 13812345678 or mail li@example.com"})",
               "https://shop.example/checkout?token=abc&phone=13812345678&step=2", kT0);
    const json events = drain(core, kT0);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["props"]["text"] == "Call 138****5678 or mail ***@example.com");
    CHECK(events[0]["page"] == "https://shop.example/checkout?step=2");
}

TEST_CASE("[C11] links in properties lose denied URL parameters, like the page does") {
    auto core = granted();
    core.track("$click", R"({"href":"https://shop.example/reset?token=s3cr3t&lang=en","text":"/not?token=a url"})", "/", kT0);
    const json events = drain(core, kT0);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["props"]["href"] == "https://shop.example/reset?lang=en");
}

TEST_CASE("the batch path takes many events in one call, in capture order, each with its seq") {
    auto core = granted();
    const IngestTally counts = core.ingest(
        packed({{"$pageview", "/a", std::to_string(kT0), "tag", "sx"},
                {"$click", "/a", std::to_string(kT0 + 1), "n", "n42", "ok", "btrue"},
                {"nope", "/a", std::to_string(kT0 + 2)},
                {"nope", "/a", std::to_string(kT0 + 3)},
                {"$click", "/a", "soon"},
                {"$click", "/a", std::to_string(kT0 + 4), "dangling"}}),
        kT0 + 10);
    CHECK(counts.forwarded == 2);
    CHECK(counts.held == 0);
    CHECK(counts.refused == 0);
    CHECK(counts.dropped == 2);
    CHECK(counts.unknown == std::vector<std::string>{"nope"});
    const json events = drain(core, kT0 + 10);
    REQUIRE(events.size() == 2);
    CHECK(events[0]["props"] == json{{"tag", "x"}});
    CHECK(events[1]["props"] == json{{"n", "42"}, {"ok", "true"}});
    CHECK(events[1]["seq"].get<int>() == events[0]["seq"].get<int>() + 1);
}

TEST_CASE("[C01] no identifier exists before a purpose that allows one is granted") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    core.track("$click", "", "/", kT0);
    CHECK(core.storedVisitor(kT0).empty());
    REQUIRE(core.choose(fixtures::custom({{"marketing", true}}), kT0).ok());
    core.track("signup", "", "/", kT0);
    const json events = drain(core, kT0);
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].contains("anonymous_id"));  // marketing does not allow identifiers
    CHECK(core.storedVisitor(kT0).empty());
}

TEST_CASE("anonymous and session ids appear once analytics is granted; a session ends after inactivity") {
    auto core = granted();
    core.track("$click", "", "/", kT0);
    core.track("$click", "", "/", kT0 + 60000);
    core.track("$click", "", "/", kT0 + 60000 + 31 * 60000);
    const json events = drain(core, kT0 + 40 * 60000);
    REQUIRE(events.size() == 3);
    CHECK(events[0]["anonymous_id"] == events[2]["anonymous_id"]);
    CHECK(events[0]["session_id"] == events[1]["session_id"]);
    CHECK(events[1]["session_id"] != events[2]["session_id"]);
    const json visitor = json::parse(core.storedVisitor(kT0 + 40 * 60000));
    CHECK(visitor["anonymousId"] == events[0]["anonymous_id"]);
}

TEST_CASE("[C05] withdrawing the identifier purpose forgets the ids; a stored visitor is not restored without it") {
    auto core = granted();
    core.track("$click", "", "/", kT0);
    drain(core, kT0);
    const std::string stored = core.storedVisitor(kT0);
    REQUIRE(stored != "null");
    REQUIRE(core.withdraw("analytics", assent::Surface::Preferences, kT0 + 1).ok());
    CHECK(core.storedVisitor(kT0 + 1).empty());
    CHECK(core.restoreVisitor(stored, kT0 + 2).ok());
    CHECK(core.storedVisitor(kT0 + 2).empty());
    auto again = granted();
    CHECK(again.restoreVisitor(stored, kT0).ok());
    CHECK(again.storedVisitor(kT0) == stored);
    CHECK(again.restoreVisitor("{\"anonymousId\":1}", kT0).message() == "visitor: not a stored visitor");
}

TEST_CASE("an undelivered batch comes back; a delivered one is forgotten") {
    auto core = granted();
    core.track("$click", "", "/", kT0);
    const json first = json::parse(fixtures::body(core.takeBatch(kT0)));
    CHECK(!core.takeBatch(kT0));
    core.settleBatch(first["batch_id"].get<std::string>(), false);
    const json retry = json::parse(fixtures::body(core.takeBatch(kT0 + 1)));
    CHECK(retry["events"][0]["id"] == first["events"][0]["id"]);  // same id: the collector drops a duplicate
    core.settleBatch(retry["batch_id"].get<std::string>(), true);
    CHECK(core.pending().empty());
}

TEST_CASE("unsent events survive a reload, and are asked again before they leave") {
    auto core = granted();
    core.track("$click", R"({"tag":"b"})", "/", kT0);
    core.track("$pageview", "", "/", kT0 + 1);
    const json inFlight = json::parse(fixtures::body(core.takeBatch(kT0 + 2)));  // 2 events, not yet acknowledged
    core.track("$click", "", "/", kT0 + 3);
    const std::string kept = core.pending();

    auto reloaded = granted();
    CHECK(reloaded.restorePending(kept, kT0 + 10).ok());
    const json events = drain(reloaded, kT0 + 10);
    REQUIRE(events.size() == 3);
    CHECK(events[0]["id"] == inFlight["events"][0]["id"]);
    CHECK(events[0]["props"] == json{{"tag", "b"}});

    auto withdrawn = granted({{"analytics", false}});
    CHECK(withdrawn.restorePending(kept, kT0 + 10).ok());
    CHECK(drain(withdrawn, kT0 + 10).empty());
    const auto damaged = withdrawn.restorePending("[{\"id\":1}]", kT0);
    CHECK(damaged.problems().at(0).message() == "pending[0].id: must be a string, not number");
    CHECK(damaged.problems().at(1).message() == "pending[0].name: missing");
    const auto notId = withdrawn.restorePending(R"([{"id":"x","name":"$click","purpose":"analytics","ts":1,"page":"/","seq":1,"props":{}}])", kT0);
    CHECK(notId.message() == "pending[0].id: must be an id (22 characters of A-Z, a-z, 0-9, - and _)");
    CHECK(withdrawn.restorePending("{", kT0).message() == "pending: is not a list of events");
}

TEST_CASE("the forwarded queue is bounded: the oldest events are dropped first") {
    std::string config = fixtures::kConfig;
    config.replace(config.find("\"holdLimit\": 3"), 14, "\"pendingLimit\": 2, \"holdLimit\": 3");
    auto core = Core::create(config, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    for (int i = 0; i < 5; ++i) core.track("$click", "{\"n\":" + std::to_string(i) + "}", "/", kT0 + i);
    const json events = drain(core, kT0 + 10);
    REQUIRE(events.size() == 2);
    CHECK(events[0]["props"]["n"] == "3");
}

TEST_CASE("every batch fits its byte limit, so a beacon can carry it; the rest waits, in order") {
    std::string config = fixtures::kConfig;
    config.replace(config.find("\"batchMaxEvents\": 2"), 19, "\"batchMaxEvents\": 100, \"batchMaxBytes\": 4096");
    auto core = Core::create(config, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    const std::string longText(300, 'x');
    for (int i = 0; i < 40; ++i) core.track("$click", "{\"text\":\"" + longText + "\"}", "/", kT0 + i);
    std::vector<std::int64_t> order;
    int batches = 0;
    for (std::string body = fixtures::body(core.takeBatch(kT0 + 50)); !body.empty();
         body = fixtures::body(core.takeBatch(kT0 + 50))) {
        CHECK(body.size() <= 4096);
        const json batch = json::parse(body);
        core.settleBatch(batch["batch_id"].get<std::string>(), true);
        for (const auto& e : batch["events"]) order.push_back(e["ts"].get<std::int64_t>());
        ++batches;
    }
    CHECK(batches > 1);
    REQUIRE(order.size() == 40);
    CHECK(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("automation and known bots send nothing when the config excludes them") {
    auto core = granted();
    CHECK(core.setClient("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0", false));
    CHECK(core.track("$click", "", "/", kT0) == TrackOutcome::Refused);
    CHECK(!core.takeBatch(kT0));
    CHECK(core.setClient("Mozilla/5.0 Chrome/156.0", true));
    CHECK_FALSE(core.setClient("Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36", false));
    CHECK(core.track("$click", "", "/", kT0) == TrackOutcome::Forwarded);
}

// Queued events are kept in the form they are sent in, written once at
// capture (issue 11); these hold the rules that form must not loosen.

TEST_CASE("[C05] an event taken in by the batch path and withdrawn before it is taken never leaves") {
    auto core = granted();
    core.ingest(packed({{"$click", "/a", std::to_string(kT0 + 1), "tag", "sx"},
                        {"signup", "/a", std::to_string(kT0 + 2), "plan", "spro"}}),
                kT0 + 3);
    REQUIRE(core.queued() == 2);
    REQUIRE(core.withdraw("analytics", assent::Surface::Preferences, kT0 + 4).ok());
    const json events = drain(core, kT0 + 5);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["name"] == "signup");
}

TEST_CASE("[C05] events withdrawn while their batch is in flight do not come back when it fails") {
    auto core = granted();
    core.ingest(packed({{"$click", "/a", std::to_string(kT0 + 1)}, {"$click", "/a", std::to_string(kT0 + 2)}}),
                kT0 + 3);
    const auto taken = core.takeBatch(kT0 + 3);
    REQUIRE(taken);
    REQUIRE(core.withdraw("analytics", assent::Surface::Preferences, kT0 + 4).ok());
    CHECK(core.pending().empty());
    core.settleBatch(taken->id, false);
    CHECK_FALSE(core.takeBatch(kT0 + 5));
}

TEST_CASE("a batch that failed goes again with the visitor ids of its new take, written once") {
    auto core = granted();
    core.ingest(packed({{"$click", "/a", std::to_string(kT0 + 1)}}), kT0 + 2);
    const auto first = core.takeBatch(kT0 + 2);
    REQUIRE(first);
    core.settleBatch(first->id, false);
    auto other = granted();
    other.track("$click", "", "/", kT0);
    drain(other, kT0);
    const json visitor = json::parse(other.storedVisitor(kT0));
    REQUIRE(core.restoreVisitor(other.storedVisitor(kT0), kT0 + 3).ok());
    const std::string again = fixtures::body(core.takeBatch(kT0 + 3));
    const json event = json::parse(again)["events"].at(0);
    CHECK(event["anonymous_id"] == visitor["anonymousId"]);
    CHECK(event["session_id"] == visitor["sessionId"]);
    CHECK(event["id"] == json::parse(first->body)["events"][0]["id"]);
    const auto count = [&](const std::string& key) {
        std::size_t n = 0;
        for (auto at = again.find(key); at != std::string::npos; at = again.find(key, at + 1)) ++n;
        return n;
    };
    CHECK(count("\"anonymous_id\"") == 1);
    CHECK(count("\"session_id\"") == 1);
}

TEST_CASE("a pending text comes back as the very text it was written as, ids and escapes included") {
    auto core = granted();
    core.track("$click", R"({"tag":"a \"b\" \\ c","text":"line\nbreak"})", "/a?q=1", kT0 + 1);
    core.track("signup", R"({"plan":"pro"})", "/b", kT0 + 2);
    REQUIRE(core.takeBatch(kT0 + 3));  // both in flight, the click with visitor ids
    core.track("$pageview", "", "/c", kT0 + 4);
    const std::string kept = core.pending();
    REQUIRE(kept.find("anonymous_id") != std::string::npos);

    auto reloaded = granted();
    REQUIRE(reloaded.restorePending(kept, kT0 + 5).ok());
    CHECK(reloaded.pending() == kept);
    const json events = drain(reloaded, kT0 + 5);
    REQUIRE(events.size() == 3);
    CHECK(events[0]["props"] == json{{"tag", "a \"b\" \\ c"}, {"text", "line\nbreak"}});
}

TEST_CASE("[C10] visitor ids a pending text carries leave only with a purpose that allows them now") {
    // Written under another config, or damaged: a marketing event that
    // carries the visitor's ids.
    auto core = granted();
    core.track("$click", "", "/", kT0 + 1);
    core.track("signup", R"({"plan":"pro"})", "/", kT0 + 2);
    REQUIRE(core.takeBatch(kT0 + 3));
    json kept = json::parse(core.pending());
    REQUIRE(kept.size() == 2);
    REQUIRE(kept[0].contains("anonymous_id"));
    REQUIRE_FALSE(kept[1].contains("anonymous_id"));
    kept[1]["anonymous_id"] = kept[0]["anonymous_id"];
    kept[1]["session_id"] = kept[0]["session_id"];

    auto reloaded = granted({{"marketing", true}});  // no purpose that allows identifiers
    REQUIRE(reloaded.restorePending(kept.dump(), kT0 + 5).ok());
    const json events = drain(reloaded, kT0 + 5);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["name"] == "signup");
    CHECK_FALSE(events[0].contains("anonymous_id"));
    CHECK_FALSE(events[0].contains("session_id"));
}

TEST_CASE("[C14] an event a pending text dates further ahead than any clock skew does not come back to outlive an erasure") {
    auto core = granted();
    core.track("$click", R"({"tag":"a"})", "/", kT0 + 1);
    core.track("$click", R"({"tag":"b"})", "/", kT0 + 2);
    json kept = json::parse(core.pending());
    REQUIRE(kept.size() == 2);
    kept[1]["ts"] = kT0 + 2 + 2 * 60 * 60 * 1000;  // two hours ahead

    auto reloaded = granted();
    REQUIRE(reloaded.restorePending(kept.dump(), kT0 + 5).ok());
    const json events = drain(reloaded, kT0 + 5);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["props"] == json{{"tag", "a"}});
}
