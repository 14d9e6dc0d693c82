// Real HTTP round trips against the server's routes on a free port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "assent/json_writer.hpp"
#include "assent/record.hpp"
#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

Json bodyOf(const httplib::Result& res) {
    REQUIRE(res);
    const Json json = Json::parse(res->body, nullptr, false);
    INFO(res->body);
    REQUIRE(json.is_object());
    return json;
}

httplib::Result postJson(httplib::Client& client, const std::string& path, const std::string& body,
                         const char* type = "application/json") {
    return client.Post(path.c_str(), body, type);
}

Json listEvents(httplib::Client& client, const std::string& consentId) {
    auto res = client.Get(("/v1/events?consent_id=" + consentId).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return bodyOf(res)["events"];
}

std::string consentIdOf(const std::string& batch) { return Json::parse(batch)["consent_id"].get<std::string>(); }

// A request line sent as written: the test must control the raw path.
std::string rawGet(int port, const std::string& target) {
    const int fd = connectTo(port);
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    REQUIRE(send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string response;
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    return response;
}

}  // namespace

TEST_CASE("a batch from the core is stored and listed back for its consent id", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::string batch = clickBatch(3);

    auto res = postJson(client, "/v1/events", batch);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(bodyOf(res) == Json{{"stored", 3}, {"duplicates", 0}, {"refused", Json::object()}});

    const Json events = listEvents(client, consentIdOf(batch));
    REQUIRE(events.size() == 3);
    const Json sent = Json::parse(batch)["events"];
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(events[i]["id"] == sent[i]["id"]);
        CHECK(events[i]["name"] == "$click");
        CHECK(events[i]["purpose"] == "analytics");
        CHECK(events[i]["ts"] == sent[i]["ts"]);
        CHECK(events[i]["page"] == "/");
        CHECK(events[i]["props"] == sent[i]["props"]);
        CHECK(events[i]["receivedMs"] == kNow);
    }
}

TEST_CASE("sendBeacon's text/plain and fetch's application/json bodies are both read", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    for (const char* type : {"text/plain;charset=UTF-8", "application/json"}) {
        INFO(type);
        auto res = postJson(client, "/v1/events", clickBatch(1), type);
        CHECK(bodyOf(res)["stored"] == 1);
    }
}

TEST_CASE("a batch delivered twice stores each event once", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::string batch = clickBatch(4);

    CHECK(bodyOf(postJson(client, "/v1/events", batch)) == Json{{"stored", 4}, {"duplicates", 0}, {"refused", Json::object()}});
    CHECK(bodyOf(postJson(client, "/v1/events", batch)) == Json{{"stored", 0}, {"duplicates", 4}, {"refused", Json::object()}});
    CHECK(listEvents(client, consentIdOf(batch)).size() == 4);
}

TEST_CASE("[C15] nothing resembling the sender's IP address or user agent is stored", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const httplib::Headers sender = {{"User-Agent", "AssentProbeAgent/9.9"},
                                     {"X-Forwarded-For", "203.0.113.77"},
                                     {"X-Real-IP", "198.51.100.23"}};
    Core core = deviceThatChose({{"analytics", true}});
    REQUIRE(core.track("$click", R"({"tag":"button"})", "/", kNow) == TrackOutcome::Forwarded);
    const std::string batch = core.takeBatch(kNow).value().body;
    const std::string receipt = Json{{"consent", core.storedCurrent()}}.dump();

    auto events = client.Post("/v1/events", sender, batch, "application/json");
    REQUIRE(events);
    REQUIRE(bodyOf(events)["stored"] == 1);
    auto consent = client.Post("/v1/consent", sender, receipt, "application/json");
    REQUIRE(consent);
    REQUIRE(consent->status == 200);

    // Every byte the store wrote: the database and its write-ahead log.
    std::string bytes;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        bytes += readBytes(collector.dbFile().string() + suffix);
    }
    REQUIRE(bytes.find(recordOf(core).recordId) != std::string::npos);  // the scan does see stored data
    for (const char* trace : {"127.0.0.1", "127.0.0", "203.0.113.77", "198.51.100.23", "AssentProbeAgent"}) {
        INFO(trace);
        CHECK(bytes.find(trace) == std::string::npos);
    }
    // Nor is any of it handed back.
    const std::string listed = client.Get(("/v1/events?consent_id=" + recordOf(core).consentId).c_str())->body +
                               client.Get(("/v1/consent?consent_id=" + recordOf(core).consentId).c_str())->body;
    CHECK(listed.find("127.0.0.1") == std::string::npos);
    CHECK(listed.find("AssentProbeAgent") == std::string::npos);
}

TEST_CASE("[C01] a batch whose record refuses analytics stores no analytics event", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    // A shell that ignores the gate: it sends clicks with a record refusing them.
    const ConsentRecord refusing = recordOf(deviceThatChose({{"analytics", false}}));
    const std::string batch = encodeBatch(idOf("test-batch"), refusing, {},
                                          {event(idOf("c1"), "$click", "analytics"),
                                           event(idOf("c2"), "$pageview", "analytics")},
                                          kNow);

    auto res = postJson(client, "/v1/events", batch);
    CHECK(bodyOf(res) == Json{{"stored", 0}, {"duplicates", 0}, {"refused", {{"notGranted", 2}}}});
    CHECK(listEvents(client, refusing.consentId).empty());
}

TEST_CASE("[C01] a consent string with any one character changed stores nothing", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const Json batch = Json::parse(clickBatch(2));
    const std::string consent = batch["consent"].get<std::string>();

    for (std::size_t i = 0; i < consent.size(); ++i) {
        Json tampered = batch;
        std::string changed = consent;
        changed[i] = changed[i] == 'x' ? 'y' : 'x';
        tampered["consent"] = changed;
        INFO("changed character " << i << ": " << changed);
        const Json answer = bodyOf(postJson(client, "/v1/events", tampered.dump()));
        CHECK(answer["stored"] == 0);
        CHECK(answer["refused"] == Json{{"undecided", 2}});
        CHECK(answer.contains("consentProblem"));
    }
    CHECK(listEvents(client, batch["consent_id"].get<std::string>()).empty());
}

TEST_CASE("a body over 1 MiB is refused with 413", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    auto res = postJson(client, "/v1/events", std::string(2 * 1024 * 1024, ' '), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK_THAT(bodyOf(res)["error"].get<std::string>(), Catch::Contains("1 MiB"));
    // And the server still answers.
    CHECK(bodyOf(postJson(client, "/v1/events", clickBatch(1)))["stored"] == 1);
}

TEST_CASE("a chunked body over 1 MiB is refused with 413 too", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    // No Content-Length: only counting the bytes as they come can stop it.
    std::size_t sent = 0;
    const std::string chunk(64 * 1024, ' ');
    auto res = client.Post(
        "/v1/events",
        [&](std::size_t, httplib::DataSink& sink) {
            if (sent < 2 * 1024 * 1024) {
                sent += chunk.size();
                return sink.write(chunk.data(), chunk.size());
            }
            sink.done();
            return true;
        },
        "text/plain");
    if (res) {  // the server may also close before the client has sent it all
        CHECK(res->status == 413);
    }
    auto fresh = collector.client();
    CHECK(bodyOf(postJson(fresh, "/v1/events", clickBatch(1)))["stored"] == 1);
}

TEST_CASE("a multipart form is not a batch", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const httplib::MultipartFormDataItems items = {{"batch", clickBatch(1), "", "application/json"}};
    auto res = client.Post("/v1/events", items);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(bodyOf(res)["error"].is_string());
}

TEST_CASE("malformed JSON is refused with 400 and an error", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::string bodies[] = {"", "{", "not json", "[]", "{\"v\":1,}", std::string(100000, '[')};
    for (const std::string& body : bodies) {
        for (const char* path : {"/v1/events", "/v1/consent"}) {
            INFO(path << " <- " << body.substr(0, 20));
            auto res = postJson(client, path, body);
            REQUIRE(res);
            CHECK(res->status == 400);
            CHECK(bodyOf(res)["error"].is_string());
        }
    }
}

TEST_CASE("a batch with one bad event is refused whole, naming the path", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Json batch = Json::parse(clickBatch(3));
    batch["events"][1].erase("id");

    auto res = postJson(client, "/v1/events", batch.dump());
    REQUIRE(res);
    CHECK(res->status == 400);
    const Json answer = bodyOf(res);
    CHECK(answer["error"] == "events[1].id: missing");
    CHECK(answer["problems"] == Json::array({{{"path", "events[1].id"}, {"reason", "missing"}}}));
    CHECK(listEvents(client, batch["consent_id"].get<std::string>()).empty());
}

TEST_CASE("[C06] a consent receipt is stored once per record and listed back", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Core core = deviceThatChose({{"analytics", true}, {"marketing", false}});
    const ConsentRecord record = recordOf(core);
    const std::string receipt = Json{{"consent", core.storedCurrent()}}.dump();

    CHECK(bodyOf(postJson(client, "/v1/consent", receipt, "text/plain")) == Json{{"ok", true}, {"duplicate", false}});
    CHECK(bodyOf(postJson(client, "/v1/consent", receipt)) == Json{{"ok", true}, {"duplicate", true}});

    auto res = client.Get(("/v1/consent?consent_id=" + record.consentId).c_str());
    const Json receipts = bodyOf(res)["receipts"];
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0]["recordId"] == record.recordId);
    CHECK(receipts[0]["consentId"] == record.consentId);
    CHECK(receipts[0]["revision"] == 1);
    CHECK(receipts[0]["method"] == "custom");
    CHECK(receipts[0]["surface"] == "preferences");
    CHECK(receipts[0]["language"] == "en");
    CHECK(receipts[0]["textsHash"] == record.textsHash);
    const auto expires = record.purposes.at("analytics").expiresMs;
    CHECK(expires > kNow);
    CHECK(receipts[0]["purposes"] == Json{{"analytics", {{"granted", true}, {"expiresMs", expires}}},
                                          {"marketing", {{"granted", false}, {"expiresMs", expires}}},
                                          {"necessary", {{"granted", true}, {"expiresMs", 0}}}});
    CHECK(receipts[0]["createdMs"] == record.createdMs);
    CHECK(receipts[0]["updatedMs"] == record.updatedMs);
    CHECK(receipts[0]["receivedMs"] == kNow);
    CHECK(receipts[0]["consent"] == core.storedCurrent());

    // The record is the core's one form of it, as the ledger's export writes it too.
    JsonWriter proof;
    writeRecord(proof, record, RecordDetail::Proof);
    Json written = receipts[0];
    for (const char* added : {"receivedMs", "configRevision", "consent", "texts", "chain"}) written.erase(added);
    CHECK(written == Json::parse(proof.str()));

    // [C06] With when it arrived under which config, and its place in the site's proof chain.
    CHECK(receipts[0]["configRevision"] == testConfig().revision);
    const Json chain = receipts[0]["chain"];
    CHECK(chain["site"] == testConfig().siteId);
    CHECK(chain["seq"] == 1);
    CHECK(chain["prevHash"] == "");
    CHECK(chain["linkHash"].get<std::string>().size() == 64);
    CHECK(collector.store().verify().value().links == 1);
}

TEST_CASE("a receipt whose record does not decode is refused with the reason", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Core core = deviceThatChose({{"analytics", true}});
    std::string damaged = core.storedCurrent();
    damaged[5] = damaged[5] == 'x' ? 'y' : 'x';

    auto res = postJson(client, "/v1/consent", Json{{"consent", damaged}}.dump());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK_THAT(bodyOf(res)["error"].get<std::string>(), Catch::StartsWith("consent: "));
    CHECK(bodyOf(client.Get(("/v1/consent?consent_id=" + recordOf(core).consentId).c_str()))["receipts"].empty());
}

TEST_CASE("[C13] listing needs a consent id", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    for (const char* path : {"/v1/events", "/v1/consent", "/v1/events?consent_id="}) {
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(bodyOf(res)["error"] == "consent_id: missing");
    }
}

TEST_CASE("[C14] erasing a consent id over HTTP removes its events and receipts", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Core core = deviceThatChose({{"analytics", true}});
    REQUIRE(core.track("$click", "", "/", kNow) == TrackOutcome::Forwarded);
    const std::string consentId = recordOf(core).consentId;
    REQUIRE(bodyOf(postJson(client, "/v1/events", core.takeBatch(kNow).value().body))["stored"] == 1);
    REQUIRE(postJson(client, "/v1/consent", Json{{"consent", core.storedCurrent()}}.dump())->status == 200);

    auto res = client.Delete(("/v1/records?consent_id=" + consentId).c_str());
    CHECK(bodyOf(res) == Json{{"erasedEvents", 1}, {"erasedReceipts", 1}});
    CHECK(listEvents(client, consentId).empty());
}

TEST_CASE("an unknown endpoint answers 404 in JSON", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    auto res = client.Get("/v1/nothing");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(bodyOf(res)["error"].is_string());
}

TEST_CASE("the site and the built files are served with their MIME types, and nothing outside them",
          "[collector][http]") {
    TempDir dir;
    const fs::path site = dir.path() / "site", assets = dir.path() / "web";
    writeText(dir.path() / "secret.txt", "SECRET");
    writeText(site / "index.html", "<!doctype html>");
    for (const char* name : {"app.js", "app.mjs", "style.css", "data.json", "logo.svg", "logo.png", "favicon.ico"}) {
        writeText(site / name, "x");
    }
    writeText(assets / "assent.wasm", std::string("\0asm", 4));
    writeText(assets / "assent.js", "// core");
    RunningCollector collector({site.string(), assets.string()});
    auto client = collector.client();

    struct Case {
        const char* path;
        const char* type;
    };
    const Case cases[] = {
        {"/", "text/html; charset=utf-8"},
        {"/index.html", "text/html; charset=utf-8"},
        {"/app.js", "text/javascript; charset=utf-8"},
        {"/app.mjs", "text/javascript; charset=utf-8"},
        {"/style.css", "text/css; charset=utf-8"},
        {"/data.json", "application/json"},
        {"/logo.svg", "image/svg+xml"},
        {"/logo.png", "image/png"},
        {"/favicon.ico", "image/x-icon"},
        {"/assent/assent.wasm", "application/wasm"},
        {"/assent/assent.js", "text/javascript; charset=utf-8"},
    };
    for (const Case& c : cases) {
        INFO(c.path);
        auto res = client.Get(c.path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == c.type);
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    }
    CHECK(client.Get("/assent/assent.wasm")->body == std::string("\0asm", 4));
    CHECK(client.Get("/missing.html")->status == 404);

    for (const char* target : {"/../secret.txt", "/assent/../../secret.txt", "/assent/../secret.txt",
                               "/%2e%2e/secret.txt", "/assent/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt",
                               "/assent/..%2f..%2fsecret.txt", "/%2E%2E%2Fsecret.txt"}) {
        INFO(target);
        const std::string response = rawGet(collector.port(), target);
        CHECK_THAT(response, !Catch::StartsWith("HTTP/1.1 200"));
        CHECK(response.find("SECRET") == std::string::npos);
    }
}

TEST_CASE("the server keeps answering after hostile bodies", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::string hostile[] = {
        std::string(500000, '[') + std::string(500000, ']'),
        std::string("{\"v\":1,\"consent_id\":\"\xc3\x28\"}"),
        std::string("\0\0\0\0", 4),
        R"({"v":2,"consent_id":"c","record_id":"r","consent":"","sent_at":1,"events":[]})",
        R"({"v":2,"consent_id":"c","record_id":"r","consent":"1.a.b","sent_at":1,"events":[{"id":"e","name":"$click","purpose":"analytics","ts":1,"page":"/","props":{}}]})",
        R"({"consent":"1.........."})",
    };
    for (const std::string& body : hostile) {
        for (const char* path : {"/v1/events", "/v1/consent"}) {
            auto res = postJson(client, path, body);
            REQUIRE(res);
            CHECK((res->status == 400 || res->status == 200));
        }
    }
    CHECK(bodyOf(postJson(client, "/v1/events", clickBatch(1)))["stored"] == 1);
}

TEST_CASE("[C17] a batch carrying a back-dated record stores no event stamped long before the server received it",
          "[collector][http]") {
    RunningCollector collector;  // its clock reads kNow
    auto client = collector.client();
    constexpr std::int64_t kDay = 24 * 60 * 60 * 1000;
    Core device = deviceThatChose({{"analytics", true}}, kNow - 10 * kDay);  // claims a choice ten days ago
    REQUIRE(device.track("$click", "", "/", kNow - 5 * kDay) == TrackOutcome::Forwarded);
    REQUIRE(device.track("$click", "", "/", kNow) == TrackOutcome::Forwarded);
    const std::string batch = device.takeBatch(kNow).value().body;

    const Json answer = bodyOf(postJson(client, "/v1/events", batch));
    CHECK(answer == Json{{"stored", 1}, {"duplicates", 0}, {"refused", {{"beforeReceipt", 1}}}});
    const Json receipts = bodyOf(client.Get(("/v1/consent?consent_id=" + consentIdOf(batch)).c_str()))["receipts"];
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0]["receivedMs"] == kNow);  // the carried record became a receipt, received now
}

TEST_CASE("an event stamped more than a few minutes ahead of the server's clock is refused", "[collector][http]") {
    RunningCollector collector;
    collector.setNow(kNow - 10 * 60 * 1000);  // the browser's clock is ten minutes ahead
    auto client = collector.client();
    const Json answer = bodyOf(postJson(client, "/v1/events", clickBatch(2)));
    CHECK(answer["stored"] == 0);
    CHECK(answer["refused"] == Json{{"fromTheFuture", 2}});
}

TEST_CASE("[C05] a withdrawal the server holds is not undone by a batch carrying the older grant",
          "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Core device = deviceThatChose({{"analytics", true}}, kNow);
    const ConsentRecord grant = recordOf(device);
    REQUIRE(device.withdraw("analytics", Surface::Preferences, kNow + 20).ok());
    REQUIRE(postJson(client, "/v1/consent", Json{{"consent", device.storedCurrent()}}.dump())->status == 200);

    // A batch made by hand with the old grant as its record, events after the withdrawal.
    const std::string batch =
        encodeBatch(idOf("forged-batch"), grant, {}, {event(idOf("e1"), "$click", "analytics", kNow + 30)}, kNow + 40);
    collector.setNow(kNow + 40);
    const Json answer = bodyOf(postJson(client, "/v1/events", batch));
    CHECK(answer["stored"] == 0);
    CHECK(answer["refused"] == Json{{"notGranted", 1}});
    CHECK_THAT(answer["consentProblem"].get<std::string>(), Catch::Contains("decided before its newest receipt"));
}

TEST_CASE("a receipt of another site is refused with 400 and the reason", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    std::string config = kConfigJson;
    config.replace(config.find("\"revision\""), 0, "\"siteId\": \"another.example\", ");
    auto core = Core::create(config, "seed-of-another-site");
    REQUIRE(core.ok());
    Core device = std::move(core).value();
    Choice choice;
    choice.surface = Surface::Preferences;
    choice.purposes = {{"analytics", true}};
    choice.language = "en";
    REQUIRE(device.choose(choice, kNow).ok());

    auto res = postJson(client, "/v1/consent", Json{{"consent", device.storedCurrent()}}.dump());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(bodyOf(res)["error"] == "consent: a record of another site");
}

TEST_CASE("a receipt that does not follow its consent id's history is refused with 409", "[collector][http]") {
    RunningCollector collector;
    auto client = collector.client();
    Core device = deviceThatChose({{"analytics", true}}, kNow);
    const std::string first = device.storedCurrent();
    REQUIRE(device.withdraw("analytics", Surface::Preferences, kNow + 20).ok());
    REQUIRE(postJson(client, "/v1/consent", Json{{"consent", device.storedCurrent()}}.dump())->status == 200);

    auto res = postJson(client, "/v1/consent", Json{{"consent", first}}.dump());
    REQUIRE(res);
    CHECK(res->status == 409);
    CHECK_THAT(bodyOf(res)["error"].get<std::string>(), Catch::StartsWith("consent: does not follow"));
}
