// Shared by the server's tests: a site config, a device that makes real
// batches with the core, a temporary folder, and a collector running on a
// free port in this process.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <sqlite3.h>

#include "api.hpp"
#include "assent/sha256.hpp"
#include "assent/batch.hpp"
#include "assent/codec.hpp"
#include "assent/config.hpp"
#include "assent/core.hpp"
#include "files.hpp"
#include "http_limits.hpp"
#include "sqlite_store.hpp"
#include "sqlite_texts_archive.hpp"

namespace server_test {

namespace fs = std::filesystem;
using namespace assent;
using namespace assent::server;

inline constexpr std::int64_t kNow = 1'700'000'000'000;  // 2023-11-14, in ms

// Analytics and marketing need consent; "$consent_shown" is strictly necessary.
inline const std::string kConfigJson = R"({
  "revision": 1,
  "defaultLanguage": "en",
  "purposes": [
    { "id": "necessary", "required": true },
    { "id": "analytics" },
    { "id": "marketing" }
  ],
  "texts": {
    "en": {
      "title": "Privacy", "body": "We ask first.", "acceptAll": "Accept all", "rejectAll": "Reject all",
      "customise": "Customise", "save": "Save",
      "purposes": {
        "necessary": { "name": "Necessary", "description": "Keeps the site working." },
        "analytics": { "name": "Analytics", "description": "Counts clicks." },
        "marketing": { "name": "Marketing", "description": "Measures offers." }
      }
    }
  },
  "tracker": {
    "collectorUrl": "/v1/events",
    "events": { "$pageview": "analytics", "$click": "analytics", "newsletter_signup": "marketing",
                "$consent_shown": "necessary" }
  }
})";

inline Config parsedConfig(const std::string& json) {
    auto config = parseConfig(json);
    INFO(config.message());
    REQUIRE(config.ok());
    return std::move(config).value();
}

inline const Config& testConfig() {
    static const Config config = parsedConfig(kConfigJson);
    return config;
}

// A browser: the core, after the person chose in the preferences.
inline Core deviceThatChose(std::map<std::string, bool> purposes, std::int64_t now = kNow) {
    static std::atomic<int> devices{0};
    auto created = Core::create(kConfigJson, "seed-of-test-device-" + std::to_string(++devices));
    INFO(created.message());
    REQUIRE(created.ok());
    Core core = std::move(created).value();
    Choice choice;
    choice.method = Method::Custom;
    choice.surface = Surface::Preferences;
    choice.purposes = std::move(purposes);
    choice.language = "en";
    REQUIRE(core.choose(std::move(choice), now).ok());
    return core;
}

// A real batch of `clicks` events, as the browser would send it.
inline std::string clickBatch(int clicks, std::int64_t now = kNow) {
    Core core = deviceThatChose({{"analytics", true}}, now);
    for (int i = 0; i < clicks; ++i) {
        REQUIRE(core.track("$click", R"({"tag":"button"})", "/", now + i) == TrackOutcome::Forwarded);
    }
    const auto batch = core.takeBatch(now + clicks);
    REQUIRE(batch);
    return batch->body;
}

// A version 1 record (named no site) of `consentId`, granting analytics, as
// the first release wrote them.
inline std::string v1Record(const std::string& consentId, const std::string& recordId, std::int64_t decidedMs) {
    const auto base36 = [](std::int64_t v) {
        std::string out;
        do {
            out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36]);
            v /= 36;
        } while (v > 0);
        return out;
    };
    const std::string body = "1." + consentId + "." + recordId + ".1." + base36(decidedMs) + "." + base36(decidedMs) +
                             ".custom.preferences.en.analytics=1|marketing=0|necessary=1";
    char check[9];
    std::snprintf(check, sizeof check, "%08x", fnv1a32(body));
    return body + "." + check;
}

// The device's newest record, for making batches by hand.
inline ConsentRecord recordOf(const Core& core) {
    REQUIRE(core.ledger().current() != nullptr);
    return *core.ledger().current();
}

// An id (22 base64url characters) that reads as `name`: "c1" -> "c1____…".
inline std::string idOf(std::string name) {
    name.resize(22, '_');
    return name;
}

inline Event event(std::string id, std::string name, std::string purpose, std::int64_t ts = kNow) {
    Event e;
    e.id = std::move(id);
    e.name = std::move(name);
    e.purpose = std::move(purpose);
    e.ts = ts;
    e.page = "/";
    e.props = {{"tag", "button"}};
    return e;
}

inline std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A raw socket to 127.0.0.1:port, for tests that must write the request bytes themselves.
inline int connectTo(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return fd;
}

// What a command printed (standard output and error together) and its exit status.
struct Run {
    int status = 0;
    std::string output;
};

inline Run run(const std::string& command) {
    Run out;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) out.output += buffer;
    const int status = pclose(pipe);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// A path or word quoted for the shell (none of the tests' paths holds a quote).
inline std::string quoted(const std::string& text) { return "'" + text + "'"; }

inline void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() / ("assent-server-test-" + std::to_string(random()) + "-" +
                                             std::to_string(random()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

inline std::unique_ptr<SqliteStore> openStore(const fs::path& file, const std::string& site = "",
                                        std::int64_t configRevision = 0) {
    auto store = SqliteStore::open(file.string(), site, nullptr, configRevision);
    INFO(store.message());
    REQUIRE(store.ok());
    return std::move(store).value();
}

// One text value from an SQL query, read with a connection of its own.
inline std::string queryText(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

// A texts archive in `file` holding the test config's texts.
inline std::unique_ptr<TextsArchive> keptTexts(const fs::path& file) {
    auto archive = SqliteTextsArchive::open(file.string(), testConfig().siteId);
    INFO(archive.message());
    REQUIRE(archive.ok());
    REQUIRE(archive.value()->keep(testConfig(), kNow).ok());
    return std::move(archive).value();
}

// The operator token of the test collectors (only its SHA-256 is given to them).
inline constexpr const char* kOperatorToken = "operator-token-of-the-tests-0123456789";

// The server's routes on a free port of 127.0.0.1, in a thread of this test.
class RunningCollector {
public:
    struct Folders {
        std::string site;
        std::string assets;
    };

    explicit RunningCollector(Folders folders = {}, IntakeRules rules = {}, HttpLimits limits = {},
                              std::vector<std::string> origins = {}, bool dailyVisitorHash = false)
        : store_(openStore(dir_.path() / "assent.db", testConfig().siteId, testConfig().revision)),
          texts_(keptTexts(dir_.path() / "assent.db")),
          services_{testConfig(), *store_, [this] { return now_.load(); }, rules,
                    Access{{assent::sha256Hex(kOperatorToken)}}, &metrics_, texts_.get()} {
        if (dailyVisitorHash) services_.dailyVisitors = &dailyVisitors_;
        const Listening listening = applyHttpLimits(server_, limits);
        metrics_.watch(listening.load());
        metrics_.watchCommits([this] { return store_->groupCommits(); });  // as main.cpp
        guardRequests(server_, limits, std::move(origins));
        serveApi(server_, services_);
        configureFiles(server_);
        if (!folders.assets.empty()) REQUIRE(serveFolder(server_, "/assent/", folders.assets) == "");
        if (!folders.site.empty()) REQUIRE(serveFolder(server_, "/", folders.site) == "");
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        REQUIRE(listening.widenBacklog(limits.backlog));
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        // stop() only acts on a running server: wait until it runs.
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~RunningCollector() {
        server_.stop();
        thread_.join();
    }
    RunningCollector(const RunningCollector&) = delete;
    RunningCollector& operator=(const RunningCollector&) = delete;

    // A client of an operator: reads and erasures need a credential (C18),
    // and most tests are about something else.
    httplib::Client client() const {
        httplib::Client client = anonymousClient();
        client.set_default_headers({{"Authorization", std::string("Bearer ") + kOperatorToken}});
        return client;
    }
    // A client with no credential of its own.
    httplib::Client anonymousClient() const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(10, 0);
        return client;
    }
    int port() const { return port_; }
    // The server's clock (kNow until set).
    void setNow(std::int64_t nowMs) { now_ = nowMs; }
    SqliteStore& store() { return *store_; }
    fs::path dbFile() const { return dir_.path() / "assent.db"; }

private:
    TempDir dir_;
    std::atomic<std::int64_t> now_{kNow};
    std::unique_ptr<SqliteStore> store_;
    std::unique_ptr<TextsArchive> texts_;  // the test config's texts, kept as the server keeps them at start
    Metrics metrics_;
    DailyVisitorHash dailyVisitors_{*store_};
    Services services_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

}  // namespace server_test
