// The server's intake: batches read by the core's codec (decodeBatch),
// receipts by parseReceiptBody. Messages are the server's contract.
#include "intake.hpp"

#include <string>

#include "support.hpp"

using namespace server_test;

namespace {

std::string problemsOf(const std::string& body) {
    auto batch = decodeBatch(body);
    REQUIRE_FALSE(batch.ok());
    return batch.message();
}

// A batch as the core makes one (its ids are ids), holding `eventsJson`.
std::string batchWithEvent(const std::string& eventsJson) {
    return R"({"v":2,"batch_id":")" + idOf("b") + R"(","consent_id":")" + idOf("c") + R"(","record_id":")" +
           idOf("r") + R"(","consent":"x","sent_at":1,"events":[)" + eventsJson + "]}";
}

// An event as the core writes one, but for the fields in `replaced` ("ts":…).
std::string eventJson(const std::string& replaced = "") {
    return R"({"id":")" + idOf("e") + R"(","name":"$click","purpose":"analytics","ts":1,"page":"/","seq":1,"props":{})" +
           (replaced.empty() ? "" : "," + replaced) + "}";
}

}  // namespace

TEST_CASE("a batch made by the core reads back as the same events", "[collector][intake]") {
    Core core = deviceThatChose({{"analytics", true}});
    const ConsentRecord record = recordOf(core);
    std::vector<Event> events = {event(idOf("e1"), "$click", "analytics"),
                                 event(idOf("e2"), "$pageview", "analytics", kNow + 5)};
    events[1].props = {{"z", "last"}, {"a", "first"}, {"path", "/x?y=\"1\""}};
    events[1].page = "";

    auto batch = decodeBatch(encodeBatch(idOf("test-batch"), record, {}, events, kNow + 9));
    INFO(batch.message());
    REQUIRE(batch.ok());
    CHECK(batch.value().consentId == record.consentId);
    CHECK(batch.value().recordId == record.recordId);
    CHECK(batch.value().consent == core.storedCurrent());
    CHECK(batch.value().sentAtMs == kNow + 9);
    REQUIRE(batch.value().events.size() == 2);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& got = batch.value().events[i];
        CHECK(got.id == events[i].id);
        CHECK(got.name == events[i].name);
        CHECK(got.purpose == events[i].purpose);
        CHECK(got.ts == events[i].ts);
        CHECK(got.page == events[i].page);
        CHECK(got.props == events[i].props);  // order kept as sent
    }
}

TEST_CASE("a batch with a problem names its path", "[collector][intake]") {
    const std::string good = eventJson();
    struct Case {
        std::string body;
        std::string expected;
    };
    const Case cases[] = {
        {"not json", "body: not valid JSON"},
        {"", "body: not valid JSON"},
        {R"({"v":2)", "body: not valid JSON"},
        {"[1,2]", "body: must be a JSON object, not array"},
        {R"("text")", "body: must be a JSON object, not string"},
        {"{}", "v: missing"},
        {"{}", "consent_id: missing"},
        {"{}", "record_id: missing"},
        {"{}", "consent: missing"},
        {"{}", "sent_at: missing"},
        {"{}", "events: missing"},
        {R"({"v":1,"consent_id":"c","record_id":"r","consent":"x","sent_at":1,"events":[]})",
         "v: unsupported version 1; this collector reads 2"},
        {R"({"v":"1","consent_id":"c","record_id":"r","consent":"x","sent_at":1,"events":[]})",
         "v: must be a whole number, not string"},
        {R"({"v":2,"consent_id":"","record_id":"r","consent":"x","sent_at":1,"events":[]})", "consent_id: empty"},
        {R"({"v":2,"consent_id":7,"record_id":"r","consent":"x","sent_at":1,"events":[]})",
         "consent_id: must be a string, not number"},
        {R"({"v":2,"consent_id":"c","record_id":"r","consent":"x","sent_at":1.5,"events":[]})",
         "sent_at: must be a whole number, not number"},
        {R"({"v":2,"consent_id":"c","record_id":"r","consent":"x","sent_at":-1,"events":[]})",
         "sent_at: must not be negative"},
        {R"({"v":2,"consent_id":"c","record_id":"r","consent":"x","sent_at":18446744073709551615,"events":[]})",
         "sent_at: too large"},
        {R"({"v":2,"consent_id":"c","record_id":"r","consent":"x","sent_at":1,"events":{}})",
         "events: must be an array, not object"},
        {batchWithEvent(good + "," + good + "," + good + R"(,{"name":"$click","purpose":"analytics","ts":1,"page":"/","props":{}})"),
         "events[3].id: missing"},
        {batchWithEvent("42"), "events[0]: must be an object, not number"},
        {batchWithEvent(R"({"id":"","name":"$click","purpose":"analytics","ts":1,"page":"/","props":{}})"),
         "events[0].id: empty"},
        {batchWithEvent(R"({"id":"e","name":"$click","purpose":"analytics","ts":"1","page":"/","props":{}})"),
         "events[0].ts: must be a whole number, not string"},
        {batchWithEvent(R"({"id":"e","name":"$click","purpose":"analytics","ts":1,"page":null,"props":{}})"),
         "events[0].page: must be a string, not null"},
        {batchWithEvent(R"({"id":"e","name":"$click","purpose":"analytics","ts":1,"page":"/","props":[]})"),
         "events[0].props: must be an object, not array"},
        {batchWithEvent(R"({"id":"e","name":"$click","purpose":"analytics","ts":1,"page":"/","props":{"n":3}})"),
         "events[0].props.n: must be a string, not number"},
        {batchWithEvent(R"({"id":"e","name":"$click","purpose":"analytics","ts":1,"page":"/","props":{"o":{}}})"),
         "events[0].props.o: must be a string, not object"},
    };
    for (const Case& c : cases) {
        INFO("body: " << c.body);
        CHECK_THAT(problemsOf(c.body), Catch::Contains(c.expected));
    }
}

TEST_CASE("one bad event refuses the whole batch", "[collector][intake]") {
    auto batch = decodeBatch(batchWithEvent(eventJson() + R"(,{"id":")" + idOf("f") + R"("})"));
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.problems().front().path == "events[1].name");
}

TEST_CASE("a body full of problems gets a bounded list of them", "[collector][intake]") {
    std::string events;
    for (int i = 0; i < 1000; ++i) events += (i ? ",{}" : "{}");
    auto batch = decodeBatch(batchWithEvent(events));
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.problems().size() == kMaxBatchProblems + 1);
    CHECK(batch.problems().back().reason == "more problems not shown");
}

TEST_CASE("hostile bodies are problems, never crashes", "[collector][intake]") {
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    const std::string bodies[] = {
        deep,
        std::string(200000, '['),
        std::string("{\"v\":1,\"consent_id\":\"\xff\xfe\"}"),
        std::string("{\"v\":1\0,\"x\":2}", 14),
        R"({"v":1e400})",
        R"({"v":-99999999999999999999999})",
        "{\"consent_id\":\"\\ud800\"}",
    };
    for (const std::string& body : bodies) {
        CHECK_FALSE(decodeBatch(body).ok());
        CHECK_FALSE(parseReceiptBody(body).ok());
    }
}

TEST_CASE("a receipt body carries the stored record as a string", "[collector][intake]") {
    auto good = parseReceiptBody(R"({"consent":"1.abc"})");
    REQUIRE(good.ok());
    CHECK(good.value().stored == "1.abc");
    CHECK(good.value().key.empty());
    CHECK_THAT(parseReceiptBody("{}").message(), Catch::Contains("consent: missing"));
    CHECK_THAT(parseReceiptBody(R"({"consent":true})").message(), Catch::Contains("consent: must be a string"));
    CHECK_THAT(parseReceiptBody("nope").message(), Catch::Contains("body: not valid JSON"));
}

TEST_CASE("[C18] a receipt body may carry the hash of the device's secret, and only as 64 lowercase hex", "[collector][intake]") {
    const std::string hash(64, 'a');
    auto good = parseReceiptBody(R"({"consent":"1.abc","key":")" + hash + "\"}");
    REQUIRE(good.ok());
    CHECK(good.value().key == hash);
    for (const char* bad : {R"("ABC")", R"("")", "42", R"("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")"}) {
        INFO(bad);
        CHECK(parseReceiptBody(std::string(R"({"consent":"1.abc","key":)") + bad + "}").message() ==
              "key: must be 64 lowercase hex characters (the SHA-256 of the device's secret)");
    }
}
