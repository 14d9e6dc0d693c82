// Scaled mode under faults (issue 14), with real parts on loopback: a
// three-node NATS JetStream cluster, PostgreSQL, two assent-server
// processes sharing one port, and the consumer. Under a steady load of real
// batches, one NATS node, then one server, then the consumer are killed
// with SIGKILL and started again, and PostgreSQL is restarted; at the end
// every event acknowledged with a 2xx is in PostgreSQL exactly once, and
// none of the events the servers refused by consent is there.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "calendar.hpp"
#include "fresh_store.hpp"
#include "traffic.hpp"

extern char** environ;

using namespace server_test;
namespace load = assent::load;

namespace {

using namespace std::chrono_literals;

const std::string kScripts = std::string(ASSENT_SOURCE_DIR) + "/server/scale/";

// A process of ours, its output appended to `log`, killed at the end.
class Process {
public:
    Process(std::vector<std::string> args, fs::path log) : args_(std::move(args)), log_(std::move(log)) { start(); }
    ~Process() { kill(SIGKILL); }
    void start() {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        std::vector<char*> argv;
        for (auto& a : args_) argv.push_back(a.data());
        argv.push_back(nullptr);
        REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
    }
    void kill(int signal) {
        if (pid_ <= 0) return;
        ::kill(pid_, signal);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    // Waits until the log holds `marker` `times` times in all.
    bool waitFor(const std::string& marker, int times = 1, std::chrono::seconds most = 30s) const {
        const auto end = std::chrono::steady_clock::now() + most;
        while (std::chrono::steady_clock::now() < end) {
            std::ifstream in(log_);
            const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            int seen = 0;
            for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) ++seen;
            if (seen >= times) return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

private:
    std::vector<std::string> args_;
    fs::path log_;
    pid_t pid_ = -1;
};

// Binds a loopback port (0: any) and gives it back at once; the port, or 0
// when it is taken.
int probePort(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return bound ? ntohs(address.sin_port) : 0;
}

int freePort() {
    const int port = probePort(0);
    REQUIRE(port > 0);
    return port;
}

// The first port of a block whose ports base+{0,1,2,10,11,12,20,21,22}
// (nats.sh's client, cluster and monitoring ports) are all free.
int freeNatsBlock() {
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int base = 30000 + static_cast<int>(random() % 3000) * 10;
        bool free = true;
        for (int offset : {0, 1, 2, 10, 11, 12, 20, 21, 22}) free = free && probePort(base + offset) != 0;
        if (free) return base;
    }
    FAIL("no free block of ports for NATS");
    return 0;
}

std::string lastLine(std::string text) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text.substr(text.find_last_of('\n') + 1);
}

// PostgreSQL and NATS of the test's own, stopped at the end whatever happens.
struct Cluster {
    TempDir dir;
    std::string postgresql, nats;
    int natsBase = 0;
    Cluster() {
        const Run pg = run(kScripts + "postgres.sh start " + quoted((dir.path() / "pg").string()) + " " +
                           std::to_string(freePort()));
        INFO(pg.output);
        REQUIRE(pg.status == 0);
        postgresql = lastLine(pg.output);
        natsBase = freeNatsBlock();
        const Run started = run(kScripts + "nats.sh start " + quoted((dir.path() / "nats").string()) + " " +
                                std::to_string(natsBase));
        INFO(started.output);
        REQUIRE(started.status == 0);
        nats = lastLine(started.output);
    }
    ~Cluster() {
        run(kScripts + "nats.sh stop " + quoted((dir.path() / "nats").string()));
        run(kScripts + "postgres.sh stop " + quoted((dir.path() / "pg").string()));
    }
    void nodes(const std::string& command, int n) {
        REQUIRE(run(kScripts + "nats.sh " + command + " " + quoted((dir.path() / "nats").string()) + " " +
                    std::to_string(n)).status == 0);
    }
    void restartPostgresql() {
        REQUIRE(run(kScripts + "postgres.sh restart " + quoted((dir.path() / "pg").string())).status == 0);
    }
};

// Visitors who refused everything, sending batches of events anyway (as a
// broken or hostile shell would): the accepting visitors' batches, under
// the refusers' consent ids and records.
std::vector<load::Visitor> refusers(const std::vector<load::Visitor>& accepting, int count) {
    std::vector<load::Visitor> out;
    for (int n = 0; n < count; ++n) {
        Core core = Core::create(kConfigJson, "refuser-" + std::to_string(n)).value();
        Choice none;
        none.method = Method::RejectAll;
        core.choose(none, kNow);
        const ConsentRecord record = recordOf(core);
        load::Visitor v;
        v.receipt = nlohmann::json{{"consent", core.storedCurrent()}}.dump();
        for (const auto& batch : accepting[static_cast<std::size_t>(n)].batches) {
            SentBatch sent = decodeBatch(batch.body).value();
            sent.consentId = record.consentId;
            sent.recordId = record.recordId;
            sent.consent = core.storedCurrent();
            sent.earlier.clear();
            v.batches.push_back({record.consentId, encodeBatch(sent), batch.eventIds});
        }
        out.push_back(std::move(v));
    }
    return out;
}

// A site whose servers share one PostgreSQL schema of the test's own, with
// its config in a folder of the test's own.
struct SharedSite {
    FreshStore database{"postgresql"};
    TempDir dir;
    fs::path folder = dir.path();
    SharedSite() { writeText(folder / "assent.config.json", kConfigJson); }

    // A server of this site on a port of its own, as behind a load balancer
    // that may send a person's requests to either of two; `settings` adds
    // to its server config (`, "key": value`).
    std::pair<std::unique_ptr<Process>, int> server(const std::string& name, const std::string& settings = "") const {
        const int port = freePort();
        const fs::path config = folder / (name + ".json");
        writeText(config, R"({"listen": {"port": )" + std::to_string(port) + R"(}, "database": ")" + name +
                              R"(.db", "site": {"config": "assent.config.json"}, "http": {"clientRequestsPerSecond": 0},
                  "postgresql": {"url": ")" + database.url() + R"("})" + settings + "}");
        auto process = std::make_unique<Process>(std::vector<std::string>{ASSENT_SERVER_BIN, "--config", config.string()},
                                                 folder / (name + ".log"));
        REQUIRE(process->waitFor("listening on"));
        return {std::move(process), port};
    }
};

}  // namespace

TEST_CASE("[C06] [C01] scaled out, every acknowledged event reaches PostgreSQL exactly once through node, server and "
          "consumer kills and a database restart, and no refused one does",
          "[server][scale]") {
    Cluster services;
    const fs::path folder = services.dir.path();
    const int port = freePort();
    writeText(folder / "assent.config.json", kConfigJson);
    std::string servers;
    for (int n = 0; n < 3; ++n)
        servers += std::string(n ? ", " : "") + "\"nats://127.0.0.1:" + std::to_string(services.natsBase + n) + "\"";
    writeText(folder / "assent-server.json",
              R"({"listen": {"port": )" + std::to_string(port) + R"(, "reusePort": true}, "database": "texts.db",
                  "site": {"config": "assent.config.json"}, "http": {"clientRequestsPerSecond": 0},
                  "postgresql": {"url": ")" + services.postgresql + R"("},
                  "stream": {"servers": [)" + servers + R"(], "replicas": 3}})");
    const std::string bin = ASSENT_SERVER_BIN, config = (folder / "assent-server.json").string();
    Process a({bin, "--config", config}, folder / "a.log");
    REQUIRE(a.waitFor("listening on"));
    Process b({bin, "--config", config}, folder / "b.log");
    REQUIRE(b.waitFor("listening on"));
    Process consumer({bin, "consume", "--config", config}, folder / "consumer.log");
    REQUIRE(consumer.waitFor("consuming"));

    // Capture times are judged by the servers' clocks: the traffic is made now.
    const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    std::string error;
    auto visitors = load::makeVisitors(kConfigJson, load::TrafficShape{240, 20, 10, "scale"}, nowMs, error);
    INFO(error);
    REQUIRE(error.empty());
    const auto refusing = refusers(visitors, 24);
    visitors.insert(visitors.end(), refusing.begin(), refusing.end());
    std::set<std::string> refusingIds;
    for (const auto& v : refusing) refusingIds.insert(v.batches.front().consentId);
    const load::Target target{"127.0.0.1", port};
    REQUIRE(load::postReceipts(target, visitors, 4, error));

    // A steady load (4 connections, 40 batches a second each) while the
    // faults happen, one after another.
    std::atomic<bool> going{true};
    load::Tally tally;
    std::thread loader([&] { tally = load::postBatches(target, visitors, 4, 40, [&] { return going.load(); }); });
    std::this_thread::sleep_for(2s);
    services.nodes("kill", 2);
    std::this_thread::sleep_for(3s);
    services.nodes("restart", 2);
    std::this_thread::sleep_for(2s);
    a.kill(SIGKILL);
    std::this_thread::sleep_for(3s);
    a.start();
    REQUIRE(a.waitFor("listening on", 2));
    std::this_thread::sleep_for(2s);
    consumer.kill(SIGKILL);
    std::this_thread::sleep_for(3s);
    consumer.start();
    std::this_thread::sleep_for(2s);
    services.restartPostgresql();
    std::this_thread::sleep_for(3s);
    going = false;
    loader.join();

    // What the consumer has left to write, it writes: wait until every
    // acknowledged event is there, or nothing more arrives for longer than
    // JetStream takes to redeliver what the killed consumer had fetched
    // (stream_consumer.cpp's ack wait, 5 s), twice: a pull request the killed
    // consumer left at the server may take the first redelivery.
    // The refusers' batches are acknowledged too (2xx, their events refused
    // by reason): only the others' events must be stored.
    std::set<std::pair<std::string, std::string>> acked;
    for (const auto* batch : tally.ackedBatches)
        if (!refusingIds.count(batch->consentId))
            for (const auto& id : batch->eventIds) acked.insert({batch->consentId, id});
    std::size_t rows = 0, distinct = 0, missing = 0, refusedStored = 0;
    auto lastChange = std::chrono::steady_clock::now();
    for (std::size_t before = SIZE_MAX; std::chrono::steady_clock::now() - lastChange < 20s;) {
        pqxx::connection c(services.postgresql);
        pqxx::nontransaction tx(c);
        std::set<std::pair<std::string, std::string>> stored;
        rows = 0;
        refusedStored = 0;
        for (const auto& row : tx.exec("SELECT consent_id, id FROM events")) {
            ++rows;
            stored.insert({row[0].as<std::string>(), row[1].as<std::string>()});
            refusedStored += refusingIds.count(row[0].as<std::string>());
        }
        distinct = stored.size();
        missing = 0;
        for (const auto& key : acked) missing += stored.count(key) == 0;
        if (missing == 0) break;
        if (rows != before) lastChange = std::chrono::steady_clock::now(), before = rows;
        std::this_thread::sleep_for(250ms);
    }
    std::cout << "scaled out under faults: requests " << tally.requests << ", acked batches " << tally.acked
              << ", acked events " << acked.size() << ", stored " << rows << ", duplicates " << rows - distinct
              << ", missing " << missing << ", refused by consent " << tally.refused << ", refused stored "
              << refusedStored << ", no answer " << tally.failed << ", 5xx "
              << tally.statuses[500] + tally.statuses[503] << std::endl;
    if (missing != 0) {
        std::ifstream in(folder / "consumer.log");
        INFO("the consumer's log:\n" << std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
        INFO("the stream, as JetStream reports it:\n"
             << run("curl -s 'http://127.0.0.1:" + std::to_string(services.natsBase + 20) +
                    "/jsz?consumers=true&config=false' | grep -E '\"(messages|num_pending|num_ack_pending|num_redelivered|delivered|ack_floor|stream_seq|consumer_seq|leader)\"'").output);
        CHECK(missing == 0);
    }
    CHECK(tally.acked > 500);  // the load ran through the faults
    CHECK(tally.refused > 0);  // and the refusers' events were judged
    CHECK(rows == distinct);
    CHECK(refusedStored == 0);

    // A server's /metrics says where its batches' time went: the ledger read
    // and the publish; it stores no event itself.
    {
        auto res = httplib::Client("127.0.0.1", port).Get("/metrics");
        REQUIRE(res);
        CHECK_THAT(res->body, Catch::Contains("assent_intake_stage_seconds_count{stage=\"publish\"}"));
        CHECK_THAT(res->body, Catch::Contains("assent_intake_stage_seconds_count{stage=\"ledger\"}"));
        CHECK_THAT(res->body, !Catch::Contains("stage=\"store\""));
    }

    // A server that cannot reach JetStream answers 503 with Retry-After, never 2xx.
    {
        for (int n = 1; n <= 3; ++n) services.nodes("kill", n);
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(15, 0);
        const auto& unsent = visitors.front().batches.back();
        auto res = client.Post("/v1/events", unsent.body, "text/plain");
        INFO("no answer: " << httplib::to_string(res.error()));
        REQUIRE(res);
        CHECK(res->status == 503);
        CHECK(res->get_header_value("Retry-After") == "2");
    }
}

TEST_CASE("[C18] an operator signed in on one of two servers reads the whole site's figures from either of them",
          "[server][scale][dashboard]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    const SharedSite site;
    const fs::path& folder = site.folder;
    const int port = freePort();
    for (const char* file : {"index.html", "login.html", "dashboard.js"}) writeText(folder / "page" / file, file);
    writeText(folder / "assent-server.json",
              R"({"listen": {"port": )" + std::to_string(port) + R"(, "reusePort": true}, "database": "texts.db",
                  "site": {"config": "assent.config.json"}, "http": {"clientRequestsPerSecond": 0},
                  "operators": {"tokenSha256": [")" + sha256Hex(kOperatorToken) + R"("]},
                  "dashboard": {"assets": "page"},
                  "postgresql": {"url": ")" + site.database.url() + R"("}})");
    const std::string bin = ASSENT_SERVER_BIN, config = (folder / "assent-server.json").string();
    Process a({bin, "--config", config}, folder / "a.log");
    REQUIRE(a.waitFor("listening on"));
    Process b({bin, "--config", config}, folder / "b.log");
    REQUIRE(b.waitFor("listening on"));

    // Visitors decide and send their events, over connections the two
    // servers share between them.
    const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    std::string error;
    const auto visitors = load::makeVisitors(kConfigJson, load::TrafficShape{12, 2, 5, "dashboard"}, nowMs, error);
    INFO(error);
    REQUIRE(error.empty());
    const load::Target target{"127.0.0.1", port};
    REQUIRE(load::postReceipts(target, visitors, 4, error));
    for (const auto& v : visitors)
        for (const auto& batch : v.batches) {
            httplib::Client client("127.0.0.1", port);
            auto res = client.Post("/v1/events", batch.body, "text/plain");
            REQUIRE(res);
            REQUIRE(res->status == 200);
        }

    const std::string origin = "http://127.0.0.1:" + std::to_string(port);
    httplib::Client signing("127.0.0.1", port);
    auto signedIn = signing.Post("/dashboard/login", {{"Origin", origin}, {"Sec-Fetch-Site", "same-origin"}},
                                 std::string("token=") + kOperatorToken, "application/x-www-form-urlencoded");
    REQUIRE(signedIn);
    REQUIRE(signedIn->status == 303);
    const std::string set = signedIn->get_header_value("Set-Cookie");
    const std::string cookie = set.substr(0, set.find(';'));

    // Each read on a new connection: the kernel hands each to either server
    // (SO_REUSEPORT), and each must know the session and count every row,
    // whichever server stored it.
    const std::int64_t today = dayOf(nowMs);
    const std::string range = "?from=" + dayText(today - 1) + "&to=" + dayText(today + 1);
    for (int read = 0; read < 12; ++read) {
        httplib::Client client("127.0.0.1", port);
        auto res = client.Get(("/dashboard/api/summary" + range).c_str(), {{"Cookie", cookie}});
        REQUIRE(res);
        INFO("read " << read << ": " << res->body);
        REQUIRE(res->status == 200);
        const auto body = nlohmann::json::parse(res->body);
        CHECK(body["consent"]["decisions"] == visitors.size());
        std::int64_t events = body["traffic"]["pageViews"].get<std::int64_t>();
        for (const auto& c : body["customEvents"]) events += c["count"].get<std::int64_t>();
        for (const auto& c : body["topClicks"]) events += c["clicks"].get<std::int64_t>();
        CHECK(events == 12 * 2 * 5);
    }
}

TEST_CASE("[C15] with the daily visitor hash on, a visitor whose requests reach both servers counts once that day",
          "[server][scale][visitors]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    const SharedSite site;
    const std::string hashing = R"(, "analytics": {"dailyVisitorHash": true})";
    const auto [a, portA] = site.server("a", hashing);
    const auto [b, portB] = site.server("b", hashing);
    // One browser (one address, one user agent) whose batches a load
    // balancer sends to A, then to B, then to A.
    const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string secret = "device-secret-of-the-visitor-test-0123456789";
    Core device = deviceThatChose({{"analytics", true}}, nowMs);
    const std::string consentId = recordOf(device).consentId;
    int sent = 0;
    for (const int port : {portA, portB, portA}) {
        httplib::Client to("127.0.0.1", port);
        const httplib::Headers browser = {{"User-Agent", "Visitor-Test/1"}};
        if (sent == 0) {
            const auto receipt = to.Post("/v1/consent", browser,
                                         nlohmann::json{{"consent", device.storedCurrent()}, {"key", sha256Hex(secret)}}.dump(),
                                         "application/json");
            REQUIRE(receipt);
            REQUIRE(receipt->status == 200);
        }
        REQUIRE(device.track("$click", R"({"tag":"button"})", "/", nowMs + sent) == TrackOutcome::Forwarded);
        const auto res = to.Post("/v1/events", browser, device.takeBatch(nowMs + sent).value().body, "text/plain");
        REQUIRE(res);
        INFO(res->body);
        REQUIRE(nlohmann::json::parse(res->body)["stored"] == 1);
        ++sent;
    }
    pqxx::connection c(site.database.url());
    pqxx::nontransaction tx(c);
    CHECK(tx.exec1("SELECT count(*) FROM events WHERE daily_visitor IS NOT NULL")[0].as<int>() == 3);
    CHECK(tx.exec1("SELECT count(DISTINCT daily_visitor) FROM events")[0].as<int>() == 1);
    // One salt, today's, and it is in no export of the person's data.
    const auto salts = tx.exec("SELECT salt FROM daily_salts");
    REQUIRE(salts.size() == 1);
    const std::string salt = salts[0][0].as<std::string>();
    const httplib::Headers bearer = {{"Authorization", "Bearer " + secret}};
    for (const char* path : {"/v1/events", "/v1/consent"}) {
        const auto exported = httplib::Client("127.0.0.1", portB).Get((std::string(path) + "?consent_id=" + consentId).c_str(), bearer);
        REQUIRE(exported);
        REQUIRE(exported->status == 200);
        CHECK(exported->body.find(salt) == std::string::npos);
    }
}

TEST_CASE("[C13] [C14] [C18] a person reads and erases through one server what another server kept, and the other "
          "then keeps nothing more of theirs",
          "[server][scale][access]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    const SharedSite site;
    const auto [a, portA] = site.server("a");
    const auto [b, portB] = site.server("b");
    httplib::Client toA("127.0.0.1", portA), toB("127.0.0.1", portB);

    // The device decides and sends its receipt, with its secret's hash, and
    // three clicks, all to server A.
    const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string secret = "device-secret-of-the-scale-test-0123456789";
    Core device = deviceThatChose({{"analytics", true}}, nowMs);
    const std::string consentId = recordOf(device).consentId;
    const auto receipt = toA.Post("/v1/consent",
                                  nlohmann::json{{"consent", device.storedCurrent()}, {"key", sha256Hex(secret)}}.dump(),
                                  "application/json");
    REQUIRE(receipt);
    REQUIRE(receipt->status == 200);
    for (int i = 0; i < 3; ++i) REQUIRE(device.track("$click", R"({"tag":"button"})", "/", nowMs + i) == TrackOutcome::Forwarded);
    const auto sent = toA.Post("/v1/events", device.takeBatch(nowMs + 3).value().body, "text/plain");
    REQUIRE(sent);
    INFO(sent->body);
    REQUIRE(nlohmann::json::parse(sent->body)["stored"] == 3);

    // Server B has never seen the device, yet its secret opens what A kept,
    // and only its secret does.
    const httplib::Headers bearer = {{"Authorization", "Bearer " + secret}};
    const std::string query = "?consent_id=" + consentId;
    CHECK(toB.Get(("/v1/events" + query).c_str())->status == 401);
    const auto events = toB.Get(("/v1/events" + query).c_str(), bearer);
    REQUIRE(events);
    INFO(events->body);
    REQUIRE(events->status == 200);
    CHECK(nlohmann::json::parse(events->body)["events"].size() == 3);
    const auto receipts = toB.Get(("/v1/consent" + query).c_str(), bearer);
    REQUIRE(receipts);
    REQUIRE(receipts->status == 200);
    CHECK(nlohmann::json::parse(receipts->body)["receipts"].size() == 1);

    // Erased through B: A opens nothing any more, and stores no new event
    // of that consent id, not even one carrying the erased record again
    // (its tombstone keeps the record id: an erasure is not undone).
    const auto erased = toB.Delete(("/v1/records" + query).c_str(), bearer);
    REQUIRE(erased);
    INFO(erased->body);
    REQUIRE(erased->status == 200);
    CHECK(nlohmann::json::parse(erased->body)["erasedEvents"] == 3);
    CHECK(toA.Get(("/v1/events" + query).c_str(), bearer)->status == 403);
    REQUIRE(device.track("$click", R"({"tag":"button"})", "/", nowMs + 10) == TrackOutcome::Forwarded);
    const auto after = toA.Post("/v1/events", device.takeBatch(nowMs + 11).value().body, "text/plain");
    REQUIRE(after);
    INFO(after->body);
    const auto judged = nlohmann::json::parse(after->body);
    CHECK(judged["stored"] == 0);
    CHECK(judged["refused"] == nlohmann::json{{"undecided", 1}});
    CHECK(judged["consentProblem"] == "consent: record_id already used by another consent id, or by an erased record");
}
