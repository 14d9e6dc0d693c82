// The HTTP layer's limits, each against a real server with a real client or
// a raw socket: body size, events per batch, slow and idle clients, a taken
// port, TCP_NODELAY, and the origins allowed to call the server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

void sendAll(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;  // the server may close first: that is allowed
        sent += static_cast<std::size_t>(n);
    }
}

// Everything the server sends until it closes, or until `waitMs` of silence.
struct Received {
    std::string bytes;
    bool closed = false;
};
Received readUntilClosed(int fd, int waitMs) {
    Received out;
    char buffer[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, waitMs) <= 0) return out;
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            out.closed = true;  // an orderly close or a reset
            return out;
        }
        out.bytes.append(buffer, static_cast<std::size_t>(n));
    }
}

// Sends `pieces` one every 200 ms (each read is quick, so the read timeout
// never fires) until the server closes; what it sent, and how long from the
// first piece.
struct Trickled {
    Received received;
    std::int64_t tookMs = 0;
};
Trickled trickle(int fd, const std::vector<std::string>& pieces) {
    Trickled out;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < pieces.size() && !out.received.closed; ++i) {
        sendAll(fd, pieces[i]);
        out.received = readUntilClosed(fd, 200);
    }
    close(fd);
    out.tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    return out;
}

std::size_t countOf(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

std::string chunk(const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

}  // namespace

TEST_CASE("a chunked body over the limit is answered 413 once and its connection closed, so nothing after it "
          "runs as a second request",
          "[collector][limits]") {
    RunningCollector collector;
    const int fd = connectTo(collector.port());
    std::string request = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string piece(64 * 1024, ' ');
    for (int i = 0; i < 17; ++i) request += chunk(piece);  // 1 MiB + 64 KiB
    // What a proxy would take for the rest of the same body, and the server
    // must never answer as a request of its own.
    request += chunk("\r\nGET /v1/consent?consent_id=smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    request += "0\r\n\r\nGET /v1/events?consent_id=smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    sendAll(fd, request);
    const Received received = readUntilClosed(fd, 5000);
    close(fd);
    CHECK(received.closed);
    CHECK(countOf(received.bytes, "HTTP/1.1 ") <= 1);  // the 413, unless the close reset it first
    if (!received.bytes.empty()) CHECK_THAT(received.bytes, Catch::StartsWith("HTTP/1.1 413"));
    CHECK(received.bytes.find("receipts") == std::string::npos);
    CHECK(received.bytes.find("\"events\"") == std::string::npos);
    // And the server still answers.
    auto client = collector.client();
    auto res = client.Post("/v1/events", clickBatch(1), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
}

TEST_CASE("a body over the limit with its length declared is answered 413 and the connection closed",
          "[collector][limits]") {
    RunningCollector collector;
    auto client = collector.client();
    auto res = client.Post("/v1/events", std::string(2 * 1024 * 1024, ' '), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(res->get_header_value("Connection") == "close");
}

TEST_CASE("a batch with more events than the site's tracker.batchMaxEvents is refused whole with 413",
          "[collector][limits]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::uint32_t most = testConfig().tracker.batchMaxEvents;
    Core device = deviceThatChose({{"analytics", true}});
    std::vector<Event> events;
    for (std::uint32_t i = 0; i <= most; ++i) {
        events.push_back(event(idOf("e" + std::to_string(i)), "$click", "analytics", kNow + i));
    }
    const ConsentRecord record = recordOf(device);
    auto res = client.Post("/v1/events", encodeBatch(idOf("big"), record, {}, events, kNow + most + 1),
                           "application/json");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK_THAT(Json::parse(res->body)["error"].get<std::string>(), Catch::Contains("tracker.batchMaxEvents (50)"));
    CHECK(collector.store().events(record.consentId, 500).value().empty());

    events.pop_back();  // exactly the limit is fine
    res = client.Post("/v1/events", encodeBatch(idOf("full"), record, {}, events, kNow + most), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(Json::parse(res->body)["stored"] == most);
}

TEST_CASE("idle and trickling connections do not hold the workers: a normal request is answered within the timeouts",
          "[collector][limits]") {
    HttpLimits limits;
    limits.workers = 4;
    limits.readTimeoutSeconds = 1;
    limits.keepAliveTimeoutSeconds = 1;
    RunningCollector collector({}, {}, limits);
    std::vector<int> hogs;
    for (int i = 0; i < 6; ++i) hogs.push_back(connectTo(collector.port()));  // idle: never send a byte
    for (int i = 0; i < 6; ++i) {
        const int fd = connectTo(collector.port());
        sendAll(fd, "POST /v1/events HTTP/1.1\r\nHost: x\r\n");  // a request that stops half-way
        hogs.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto start = Steady::now();
    auto client = collector.client();
    auto res = client.Get("/v1/events?consent_id=someone");
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
    REQUIRE(res);
    CHECK(res->status == 200);
    // Each hog holds a worker for at most a timeout (1 s): 12 hogs on 4
    // workers clear in about 3 s, where httplib's defaults would take 15 s.
    CHECK(waited < 4500);
    for (int fd : hogs) close(fd);
}

TEST_CASE("200 idle or trickling connections do not delay a normal request by more than 1 s",
          "[collector][limits]") {
    RunningCollector collector;  // the server's default limits
    std::vector<int> hogs;
    for (int i = 0; i < 100; ++i) hogs.push_back(connectTo(collector.port()));
    for (int i = 0; i < 100; ++i) {
        const int fd = connectTo(collector.port());
        sendAll(fd, "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
        hogs.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 100; i < hogs.size(); ++i) sendAll(hogs[i], " ");  // a byte now and then
        const auto start = Steady::now();
        auto client = collector.client();
        auto res = client.Post("/v1/events", clickBatch(1), "application/json");
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
        REQUIRE(res);
        CHECK(res->status == 200);
        INFO("round " << round);
        CHECK(waited < 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    for (int fd : hogs) close(fd);
}

TEST_CASE("an idle connection is closed after the keep-alive timeout", "[collector][limits]") {
    HttpLimits limits;
    limits.keepAliveTimeoutSeconds = 1;
    RunningCollector collector({}, {}, limits);
    const int fd = connectTo(collector.port());
    const auto start = Steady::now();
    const Received received = readUntilClosed(fd, 5000);
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
    close(fd);
    CHECK(received.closed);
    CHECK(waited < 2500);
}

TEST_CASE("answers on a kept-alive connection are not held back by delayed ACKs (TCP_NODELAY)",
          "[collector][limits]") {
    RunningCollector collector;
    auto client = collector.client();
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);  // so that only the server's side is measured
    REQUIRE(client.Get("/v1/events?consent_id=warm-up"));
    const auto start = Steady::now();
    constexpr int kRequests = 20;
    for (int i = 0; i < kRequests; ++i) {
        auto res = client.Get("/v1/events?consent_id=someone");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
    INFO(kRequests << " requests took " << took << " ms");
    // With Nagle's algorithm each answer's body waits about 40 ms for the ACK.
    CHECK(took < kRequests * 20);
}

TEST_CASE("a second server cannot take a port the server listens on", "[collector][limits]") {
    RunningCollector collector;
    httplib::Server second;
    applyHttpLimits(second, {});
    CHECK_FALSE(second.bind_to_port("127.0.0.1", collector.port()));
}

TEST_CASE("a page of the server's own origin may post, with or without CORS", "[collector][limits]") {
    RunningCollector collector;
    auto client = collector.client();
    const std::string own = "http://127.0.0.1:" + std::to_string(collector.port());
    auto res = client.Post("/v1/events", {{"Origin", own}}, clickBatch(1), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));  // same origin: none needed
}

TEST_CASE("[C01] a POST from an origin that is not allowed is refused with 403 and nothing is stored",
          "[collector][limits]") {
    RunningCollector collector({}, {}, {}, {"https://shop.example"});
    auto client = collector.client();
    const std::string batch = clickBatch(2);
    auto res = client.Post("/v1/events", {{"Origin", "https://evil.example"}}, batch, "text/plain");
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK_THAT(Json::parse(res->body)["error"].get<std::string>(), Catch::Contains("https://evil.example"));
    CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));
    auto fresh = collector.client();
    auto receipt = fresh.Post("/v1/consent", {{"Origin", "null"}},
                              Json{{"consent", Json::parse(batch)["consent"]}}.dump(), "text/plain");
    REQUIRE(receipt);
    CHECK(receipt->status == 403);
    const std::string consentId = Json::parse(batch)["consent_id"].get<std::string>();
    CHECK(collector.store().events(consentId, 500).value().empty());
    CHECK(collector.store().receipts(consentId).value().empty());
}

TEST_CASE("an allowed origin gets its preflight answered and its POST stored, never with credentials",
          "[collector][limits]") {
    RunningCollector collector({}, {}, {}, {"https://shop.example"});
    auto client = collector.client();
    auto preflight = client.Options("/v1/events", {{"Origin", "https://shop.example"},
                                                   {"Access-Control-Request-Method", "POST"},
                                                   {"Access-Control-Request-Headers", "content-type"}});
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK_THAT(preflight->get_header_value("Access-Control-Allow-Methods"), Catch::Contains("POST"));
    CHECK_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
               Catch::Contains("Content-Type") && Catch::Contains("Authorization"));  // exportMyData from an allowed site
    CHECK_FALSE(preflight->has_header("Access-Control-Allow-Credentials"));

    auto res = client.Post("/v1/events", {{"Origin", "https://shop.example"}}, clickBatch(1), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK(res->get_header_value("Vary") == "Origin");
    CHECK_FALSE(res->has_header("Access-Control-Allow-Credentials"));

    auto refused = collector.client().Options("/v1/events", {{"Origin", "https://evil.example"}});
    REQUIRE(refused);
    CHECK(refused->status == 403);
}

TEST_CASE("a connection the workers and their waiting line have no room for is answered 503 with Retry-After at once",
          "[server][limits]") {
    HttpLimits limits;
    limits.workers = 2;
    limits.waiting = 1;
    limits.readTimeoutSeconds = 3;
    limits.keepAliveTimeoutSeconds = 3;
    RunningCollector collector({}, {}, limits);
    std::vector<int> hogs;
    for (int i = 0; i < 3; ++i) {  // two hold the workers, one waits
        hogs.push_back(connectTo(collector.port()));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    const auto start = Steady::now();
    auto res = collector.client().Get("/v1/events?consent_id=someone");
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->get_header_value("Retry-After") == "1");
    CHECK(Json::parse(res->body)["error"] == "the server is busy; retry after 1 s");
    CHECK(waited < 1000);  // not after the hogs' timeouts
    for (int fd : hogs) close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto later = collector.client().Get("/v1/events?consent_id=someone");
    REQUIRE(later);
    CHECK(later->status == 200);
}

TEST_CASE("a client over its rate gets 429 with Retry-After, and its next request after the wait is served",
          "[server][limits]") {
    HttpLimits limits;
    limits.perClient = RateLimit{1, 3};
    RunningCollector collector({}, {}, limits);
    for (int i = 0; i < 3; ++i) CHECK(collector.client().Get("/v1/events?consent_id=someone")->status == 200);
    const std::string batch = clickBatch(1);
    auto over = collector.client().Post("/v1/events", batch, "application/json");
    REQUIRE(over);
    CHECK(over->status == 429);
    CHECK(over->get_header_value("Retry-After") == "1");
    CHECK(Json::parse(over->body)["error"] == "too many requests from this client; retry after 1 s");
    const std::string consentId = Json::parse(batch)["consent_id"].get<std::string>();
    CHECK(collector.store().events(consentId, 500).value().empty());  // nothing of a refused batch is kept
    CHECK(collector.client().Get("/healthz")->status == 200);  // probes are never limited
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(collector.client().Get("/v1/events?consent_id=someone")->status == 200);
}

TEST_CASE("pages of one origin over its rate get 429 while another origin's are served", "[server][limits]") {
    HttpLimits limits;
    limits.perClient = RateLimit{0, 0};  // every test client is 127.0.0.1: only the origin counts here
    limits.perOrigin = RateLimit{1, 2};
    RunningCollector collector({}, {}, limits, {"https://a.example", "https://b.example"});
    const auto from = [&](const char* origin) {
        return collector.client().Get("/v1/events?consent_id=someone", {{"Origin", origin}})->status;
    };
    CHECK(from("https://a.example") == 200);
    CHECK(from("https://a.example") == 200);
    auto over = collector.client().Get("/v1/events?consent_id=someone", {{"Origin", "https://a.example"}});
    CHECK(over->status == 429);
    CHECK(Json::parse(over->body)["error"] == "too many requests from pages of https://a.example; retry after 1 s");
    CHECK(from("https://b.example") == 200);
}

TEST_CASE("a rate bucket allows its burst, then its rate, and says how long to wait", "[server][limits]") {
    RateLimiter limiter(RateLimit{2, 3});  // 3 at once, then 2 a second
    for (int i = 0; i < 3; ++i) CHECK(limiter.admit("a", kNow) == 0);
    CHECK(limiter.admit("a", kNow) == 1);
    CHECK(limiter.admit("b", kNow) == 0);  // each key has its own bucket
    CHECK(limiter.admit("a", kNow + 499) == 1);
    CHECK(limiter.admit("a", kNow + 500) == 0);  // half a second gave one request back
    CHECK(limiter.admit("a", kNow + 10000) == 0);  // refilled to the burst, no more
    CHECK(limiter.admit("a", kNow + 10000) == 0);
    CHECK(limiter.admit("a", kNow + 10000) == 0);
    CHECK(limiter.admit("a", kNow + 10000) == 1);
    RateLimiter slow(RateLimit{0.1, 1});  // one request every 10 s
    CHECK(slow.admit("a", kNow) == 0);
    CHECK(slow.admit("a", kNow) == 10);
    CHECK(RateLimiter(RateLimit{0, 0}).admit("a", kNow) == 0);  // no limit
}

TEST_CASE("a flood of client addresses cannot grow the rate buckets without bound", "[server][limits]") {
    RateLimiter limiter(RateLimit{10, 10});
    for (int i = 0; i < 250000; ++i) limiter.admit("client-" + std::to_string(i), kNow + i / 100);
    CHECK(limiter.keys() <= 100001);
}

TEST_CASE("a header line over 8 KB is refused with 400, and the server goes on answering", "[server][limits]") {
    RunningCollector collector;
    const int fd = connectTo(collector.port());
    sendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n");
    const Received received = readUntilClosed(fd, 500);
    close(fd);
    CHECK_THAT(received.bytes, Catch::StartsWith("HTTP/1.1 400 "));
    CHECK(collector.client().Get("/healthz")->status == 200);
}

namespace {

// Sends until done or refused; how many bytes went.
std::size_t sendCounted(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    return sent;
}

std::size_t residentKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
    return 0;
}

// `count` header lines of about 1 KB: a request's head of that size.
std::string headerLines(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i) lines += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'a') + "\r\n";
    return lines;
}

}  // namespace

TEST_CASE("headers that never end are cut off at 64 KiB and the connection closed; memory does not grow",
          "[server][limits]") {
    RunningCollector collector;
    const std::size_t before = residentKb();
    const int fd = connectTo(collector.port());
    // 40 MB of header lines, as fast as the socket takes them (httplib 0.11.4
    // alone kept every one: 687 MB after 8 s of this).
    std::string flood = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    const std::string lines = headerLines(1000);
    std::size_t sent = sendCounted(fd, flood);
    for (int i = 0; i < 40 && sent == flood.size() + i * lines.size(); ++i) sent += sendCounted(fd, lines);
    const Received received = readUntilClosed(fd, 2000);
    close(fd);
    INFO("sent " << sent << " bytes; resident " << before << " kB before, " << residentKb() << " kB after; received "
                 << received.bytes.substr(0, 80));
    CHECK(sent < 20'000'000);  // refused long before the end (what went sits in socket buffers)
    // A client that goes on sending may see the connection reset before it
    // reads all of the 400; its request is never answered as one.
    CHECK(received.bytes.find("200 OK") == std::string::npos);
    CHECK(received.closed);
    CHECK(residentKb() < before + 16 * 1024);
    CHECK(collector.client().Get("/healthz")->status == 200);
}

TEST_CASE("headers trickled for longer than their time are cut off, however slowly each byte comes",
          "[server][limits]") {
    HttpLimits limits;
    limits.headers.maxMs = 1000;
    RunningCollector collector({}, {}, limits);
    const int fd = connectTo(collector.port());
    sendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    std::vector<std::string> lines;
    for (int i = 0; i < 30; ++i) lines.push_back("X-Slow-" + std::to_string(i) + ": a\r\n");
    const Trickled trickled = trickle(fd, lines);
    INFO("closed after " << trickled.tookMs << " ms");
    CHECK(trickled.received.closed);
    CHECK(trickled.tookMs < 3000);
}

TEST_CASE("[C01] a body trickled for longer than its time is cut off, and nothing of it is stored", "[server][limits]") {
    HttpLimits limits;
    limits.headers.bodyMaxMs = 1000;
    RunningCollector collector({}, {}, limits);
    Core core = deviceThatChose({{"analytics", true}});
    const std::string body =
        encodeBatch(idOf("slow"), recordOf(core), {}, {event(idOf("slow"), "$click", "analytics", kNow + 1)}, kNow + 2);
    const int fd = connectTo(collector.port());
    sendAll(fd, "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n");
    std::vector<std::string> bytes;
    for (char c : body) bytes.emplace_back(1, c);
    const Trickled trickled = trickle(fd, bytes);
    INFO("closed after " << trickled.tookMs << " ms");
    CHECK(trickled.received.closed);
    CHECK(trickled.tookMs < 3000);
    CHECK(trickled.received.bytes.find("200 OK") == std::string::npos);
    CHECK(collector.store().events(recordOf(core).consentId, 500).value().empty());
    CHECK(collector.client().Get("/healthz")->status == 200);
}

TEST_CASE("each request on a kept-alive connection has its own 64 KiB of headers, and bodies are not counted in them",
          "[server][limits]") {
    RunningCollector collector;
    const int fd = connectTo(collector.port());
    // Two requests of 40 KB of headers each, one after the other's answer
    // (80 KB on one connection), then a body of 200 KB: read, and refused
    // as a batch with a 400 that says why.
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n" + headerLines(40) + "\r\n";
    sendAll(fd, head);
    CHECK_THAT(readUntilClosed(fd, 300).bytes, Catch::StartsWith("HTTP/1.1 200 "));
    sendAll(fd, head);
    CHECK_THAT(readUntilClosed(fd, 300).bytes, Catch::StartsWith("HTTP/1.1 200 "));
    const std::string body(200'000, ' ');
    sendAll(fd, "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
    const Received refused = readUntilClosed(fd, 1000);
    close(fd);
    CHECK_THAT(refused.bytes, Catch::StartsWith("HTTP/1.1 400 ") && Catch::Contains("\"error\""));
}

TEST_CASE("the worker pool reports the connections it serves and those waiting for a worker, for /metrics",
          "[server][limits][metrics]") {
    auto load = std::make_shared<PoolLoad>();
    std::mutex gate;
    std::unique_lock<std::mutex> held(gate);
    {
        WorkerPool pool(1, 2, {}, load);
        // One worker, held by the first connection; two more wait.
        for (int i = 0; i < 3; ++i) pool.enqueue([&] { std::lock_guard<std::mutex> pass(gate); });
        for (int i = 0; i < 200 && load->busy != 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CHECK(load->busy == 1);
        CHECK(load->waiting == 2);
        Metrics metrics;
        metrics.watch(load);
        CHECK_THAT(metrics.render(), Catch::Contains("assent_connections_served 1\n") &&
                                         Catch::Contains("assent_connections_waiting 2\n"));
        held.unlock();  // all three go through
        for (int i = 0; i < 200 && (load->busy != 0 || load->waiting != 0); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CHECK(load->busy == 0);
        CHECK(load->waiting == 0);
    }
}

TEST_CASE("/metrics of a running server shows its pool's load", "[server][limits][metrics]") {
    RunningCollector collector;
    auto res = collector.client().Get("/metrics");
    REQUIRE(res);
    // The /metrics request itself is the one connection being served.
    CHECK_THAT(res->body, Catch::Contains("assent_connections_served 1\n") &&
                              Catch::Contains("assent_connections_waiting 0\n"));
}
