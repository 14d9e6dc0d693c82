// assent-server: the server a site's tracker sends to. It re-checks every
// event's consent with the core on arrival, stores what passes in SQLite,
// keeps the consent receipts' proof chain, and may serve the site's pages
// and the built web files (the demo does).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <httplib.h>

#include "api.hpp"
#include "calendar.hpp"
#include "checkpoints.hpp"
#include "assent/config.hpp"
#include "dashboard.hpp"
#include "files.hpp"
#include "http_limits.hpp"
#include "log.hpp"
#include "options.hpp"
#include "server_config.hpp"
#include "pg_analytics.hpp"
#include "pg_store.hpp"
#include "pg_texts_archive.hpp"
#include "sqlite_analytics.hpp"
#include "sqlite_store.hpp"
#include "sqlite_texts_archive.hpp"
#include "stream_consumer.hpp"

namespace {

using namespace assent;
using namespace assent::server;

constexpr int kBadUsage = 2;
constexpr int kCannotStart = 1;
constexpr int kInvalid = 1;
constexpr int kChainBroken = 3;

// A server with a wrong site config would re-check consent against the wrong
// purposes: refuse to start, and say what is wrong.
bool loadConfig(const std::string& path, Config& config) {
    const auto text = readFile(path);
    if (!text) {
        std::cerr << "assent-server: cannot read the site config " << path << "\n";
        return false;
    }
    auto parsed = parseConfig(*text);
    if (!parsed) {
        std::cerr << "assent-server: the site config " << path << " is not valid:\n" << parsed.message() << "\n";
        return false;
    }
    config = std::move(parsed).value();
    for (const Problem& warning : config.warnings) {
        std::cerr << "assent-server: the site config " << path << ": warning: " << warning.message() << "\n";
    }
    return true;
}

bool makeParentFolder(const std::string& file) {
    const auto parent = std::filesystem::path(file).parent_path();
    if (parent.empty()) return true;
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (!error) return true;
    std::cerr << "assent-server: cannot create " << parent.string() << ": " << error.message() << "\n";
    return false;
}

// SIGINT and SIGTERM are blocked in every thread (httplib's workers inherit
// the mask) and taken by one thread with sigwait, so stopping runs as normal
// code rather than inside a signal handler, where almost nothing is safe.
sigset_t stopSignals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

void stopOnSignal(httplib::Server& server, const sigset_t& signals) {
    std::thread([&server, signals] {
        int received = 0;
        sigwait(&signals, &received);
        // A signal that arrives between bind and listen would otherwise be
        // lost: stop() only acts on a server that is already running.
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        server.stop();
    }).detach();
}

// assent-server verify: what the walk of the proof chain found, and the
// head to keep outside the file.
int verify(Store& store, const std::string& db, const std::optional<ChainHead>& anchor) {
    auto report = store.verify(anchor);
    if (!report) {
        std::cerr << "assent-server: " << report.message() << "\n";
        return kCannotStart;
    }
    const ChainReport& r = report.value();
    const std::string chain = "the receipts' chain of site \"" + r.site + "\" in " + db;
    if (r.broken) {
        std::cout << chain << " is broken at " << r.broken->message() << std::endl;
        return kChainBroken;
    }
    std::cout << chain << " verifies: " << r.links << (r.links == 1 ? " link, " : " links, ") << r.tombstones
              << " of them erased" << (anchor ? ", and holds the anchored link " + std::to_string(anchor->seq) : "")
              << "; head " << r.head.seq << ":" << r.head.linkHash << std::endl;
    return 0;
}

// The chain's head as a JSON line, for logs kept outside the file: a head
// recorded there is an anchor verify can check the file against.
void logChainHead(Store& store) {
    auto head = store.chainHead();
    if (!head) return log::error(head.message());
    log::info("the receipts' chain head, to keep outside the file",
              {{"chainHead", {{"seq", head.value().seq}, {"linkHash", head.value().linkHash}}}});
}

void retire(Store& store, Retention keep) {
    const std::int64_t now = systemNowMs();
    auto retired = store.retire(now, keep);
    if (!retired) return log::error(retired.message());
    if (retired.value().events || retired.value().receipts)
        log::info("retention", {{"retention", {{"events", retired.value().events}, {"receipts", retired.value().receipts}}}});
}

// The dashboard's per-day rollups (rollups.hpp, pg_rollups.hpp) of every
// day before yesterday: yesterday and today are read from the events
// themselves. Every server of a shared PostgreSQL runs it; the first to
// come rolls a day up, the others find it done.
void rollUp(Store& store) {
    const auto rolled = store.rollUp(dayOf(systemNowMs()) - 1);
    if (!rolled) return log::error(rolled.message());
    if (rolled.value() > 0) log::info("rolled up the events of past days", {{"days", rolled.value()}});
}

// Every hour, in a thread of its own, from the start: retention (C19), the
// rollups the dashboard reads, then the chain's head as a JSON line.
void hourlyInBackground(Store& store, Retention keep) {
    std::thread([&store, keep] {
        for (;;) {
            if (keep.eventsMs != 0 || keep.receiptsMs != 0) retire(store, keep);
            rollUp(store);
            logChainHead(store);
            std::this_thread::sleep_for(std::chrono::hours(1));
        }
    }).detach();
}

// Port 0 asks the system for a free port; either way the port is known before
// anything is printed.
int bindPort(httplib::Server& server, const ServerConfig& settings) {
    if (settings.port == 0) return server.bind_to_any_port(settings.host);
    return server.bind_to_port(settings.host, settings.port) ? settings.port : -1;
}

void warnIf(const std::string& warning) {
    if (!warning.empty()) log::warning(warning);
}

// The server config with the command line's overrides applied.
bool loadSettings(const Options& options, ServerConfig& settings) {
    auto loaded = loadServerConfig(options.configFile);
    if (!loaded) {
        std::cerr << "assent-server: the server config is not valid:\n" << loaded.message() << "\n";
        return false;
    }
    settings = std::move(loaded).value();
    if (options.host) settings.host = *options.host;
    if (options.port) settings.port = *options.port;
    if (options.db) settings.database = *options.db;
    return true;
}

// assent-server validate: the folders a config names must exist too, or the
// server would start and answer 404 for the whole site.
int validate(const Options& options, const ServerConfig& settings) {
    bool valid = true;
    for (const auto& [key, folder] : {std::pair{"site.pages", settings.pages}, std::pair{"site.assets", settings.assets},
                                      std::pair{"dashboard.assets", settings.dashboardAssets}}) {
        if (folder.empty() || std::filesystem::is_directory(folder)) continue;
        std::cerr << "assent-server: " << options.configFile << ": " << key << ": " << folder << " is not a folder\n";
        valid = false;
    }
    if (!valid) return kInvalid;
    std::cout << options.configFile << " is valid: site config " << settings.siteConfig << ", database "
              << settings.database << std::endl;
    return 0;
}

// Where the words behind each textsHash live: beside the store. In scaled
// mode that is PostgreSQL, which every server keeps into and reads, so a
// receipt taken by a server on another config revision still shows its
// words. Texts a server archived in its own database file before (when each
// server had its own archive) are carried into it: no words once kept are lost.
Result<std::unique_ptr<TextsArchive>> openTexts(const ServerConfig& settings, const Config& config) {
    if (settings.postgresql.empty()) {
        if (!makeParentFolder(settings.database)) return Problems{{"database", "cannot create its folder"}};
        auto sqlite = SqliteTextsArchive::open(settings.database, config.siteId);
        if (!sqlite) return sqlite.problems();
        return std::unique_ptr<TextsArchive>(std::move(sqlite).value());
    }
    auto pg = PgTextsArchive::open(settings.postgresql, config.siteId);
    if (!pg) return pg.problems();
    std::error_code error;
    if (std::filesystem::is_regular_file(settings.database, error)) {
        auto local = SqliteTextsArchive::open(settings.database, config.siteId);
        if (!local) return local.problems();
        auto earlier = local.value()->all();
        if (!earlier) return earlier.problems();
        auto carried = pg.value()->add(earlier.value());
        if (!carried) return carried.problems();
        if (carried.value() > 0)
            log::info("carried " + std::to_string(carried.value()) + " kept texts from " + settings.database +
                      " into PostgreSQL");
    }
    return std::unique_ptr<TextsArchive>(std::move(pg).value());
}

// The words of every language of the site config, kept by their hash before
// the first request, so every record made under them can be shown with them.
std::unique_ptr<TextsArchive> keepTexts(const ServerConfig& settings, const Config& config) {
    auto archive = openTexts(settings, config);
    if (!archive) return log::error(archive.message()), nullptr;
    auto kept = archive.value()->keep(config, systemNowMs());
    if (!kept) return log::error(kept.message()), nullptr;
    if (kept.value() > 0)
        log::info("kept the texts of " + std::to_string(kept.value()) + " language(s) by their hash",
                  {{"revision", config.revision}});
    return std::move(archive).value();
}

// The store the config names: PostgreSQL (scaled mode), or the SQLite file.
struct OpenedStore {
    std::unique_ptr<Store> store;
    SqliteStore* sqlite = nullptr;  // the same store, when it is SQLite
    PgStore* postgresql = nullptr;  // the same store, when it is PostgreSQL
};

Result<OpenedStore> openStore(const ServerConfig& settings, const Config& config, std::string& notice) {
    OpenedStore opened;
    if (!settings.postgresql.empty()) {
        auto pg = PgStore::open(settings.postgresql, config.siteId, &notice, config.revision, settings.postgresqlPool);
        if (!pg) return pg.problems();
        opened.postgresql = pg.value().get();
        opened.store = std::move(pg).value();
        return opened;
    }
    if (!makeParentFolder(settings.database)) return Problems{{"database", "cannot create its folder"}};
    auto sqlite = SqliteStore::open(settings.database, config.siteId, &notice, config.revision);
    if (!sqlite) return sqlite.problems();
    opened.sqlite = sqlite.value().get();
    opened.store = std::move(sqlite).value();
    return opened;
}

// The dashboard's reader of the same store.
Result<std::unique_ptr<Analytics>> openAnalytics(const ServerConfig& settings, const Config& config) {
    if (!settings.postgresql.empty()) {
        auto pg = PgAnalytics::open(settings.postgresql, config.siteId);
        if (!pg) return pg.problems();
        return std::unique_ptr<Analytics>(std::move(pg).value());
    }
    auto sqlite = SqliteAnalytics::open(settings.database, config.siteId);
    if (!sqlite) return sqlite.problems();
    return std::unique_ptr<Analytics>(std::move(sqlite).value());
}

StreamSettings streamSettings(const ServerConfig& settings) {
    return StreamSettings{settings.streamServers, settings.streamName, settings.streamReplicas,
                          settings.streamAckTimeoutMs};
}

// assent-server consume: the stream into PostgreSQL until SIGINT or SIGTERM.
int consume(const ServerConfig& settings, const Config& config, PgStore* store) {
    if (!store || settings.streamServers.empty()) {
        std::cerr << "assent-server: consume needs postgresql and stream in the server config\n";
        return kBadUsage;
    }
    const sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::atomic<bool> stop{false};
    std::thread([&stop, signals] {
        int received = 0;
        sigwait(&signals, &received);
        stop = true;
    }).detach();
    ConsumerTally tally;
    std::cout << "Assent consumer reading stream " << settings.streamName << std::endl;  // for a person, and the tests
    log::info("consuming", {{"stream", settings.streamName}});
    auto done = consumeStream(streamSettings(settings), config.siteId, *store, stop, tally);
    log::info("the consumer stopped", {{"messages", tally.messages}, {"stored", tally.stored},
                                       {"duplicates", tally.duplicates}, {"dropped", tally.dropped},
                                       {"malformed", tally.malformed}});
    if (!done) return log::error(done.message()), kCannotStart;
    return 0;
}

int serve(const ServerConfig& settings, const Config& config, const OpenedStore& opened, const TextsArchive& texts) {
    Store& store = *opened.store;
    // Before any thread starts: a thread created earlier would keep the
    // signals unblocked, take SIGTERM itself and end the process at once.
    const sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // A browser that hangs up mid-answer must not end the process.
    signal(SIGPIPE, SIG_IGN);

    hourlyInBackground(store, Retention{settings.retainEventsDays * kDayMs, settings.retainReceiptsDays * kDayMs});
    // Commits only append to the log; a thread copies it into the file.
    std::unique_ptr<BackgroundCheckpoints> checkpoints;
    if (opened.sqlite) {
        auto started = BackgroundCheckpoints::start(*opened.sqlite, settings.database, std::chrono::milliseconds(100));
        if (!started) log::warning(started.message() + "; commits copy the log themselves");
        else checkpoints = std::move(started).value();
    }
    std::unique_ptr<EventStream> stream;
    if (!settings.streamServers.empty()) {
        auto connected = EventStream::connect(streamSettings(settings), config.siteId);
        if (!connected) return log::error(connected.message()), kCannotStart;
        stream = std::move(connected).value();
    }

    httplib::Server server;
    HttpLimits limits;
    limits.workers = settings.workers;
    limits.readTimeoutSeconds = settings.readTimeoutSeconds;
    limits.waiting = settings.waiting;
    limits.perClient = RateLimit{double(settings.clientRequestsPerSecond), double(settings.clientBurst)};
    limits.perOrigin = RateLimit{double(settings.originRequestsPerSecond), double(settings.originBurst)};
    limits.reusePort = settings.reusePort;
    const Listening listening = applyHttpLimits(server, limits);
    guardRequests(server, limits, settings.allowOrigins);
    IntakeRules rules;
    rules.clockSkewMs = std::int64_t{settings.clockSkewMinutes} * 60 * 1000;
    rules.pendingLifeMs = std::int64_t{settings.pendingLifeHours} * 60 * 60 * 1000;
    rules.allowV1Records = settings.allowV1Records;
    Metrics metrics;
    metrics.watch(listening.load());
    metrics.watchCommits([&store] { return store.groupCommits(); });
    const Access access{settings.operatorTokenHashes};
    DailyVisitorHash dailyVisitors(store);
    serveApi(server, Services{config, store, systemNowMs, rules, access, &metrics, &texts,
                              settings.dailyVisitorHash ? &dailyVisitors : nullptr, stream.get()});
    // The dashboard reads with a connection of its own (analytics.hpp).
    std::unique_ptr<Analytics> analytics;
    // Servers that share PostgreSQL share the sessions too (operator_sessions.hpp).
    OperatorSessions sessions(std::int64_t{settings.dashboardSessionHours} * 60 * 60 * 1000, opened.postgresql);
    std::optional<Dashboard> dashboard;
    if (!settings.dashboardAssets.empty()) {
        auto analyticsOpened = openAnalytics(settings, config);
        if (!analyticsOpened) return log::error(analyticsOpened.message()), kCannotStart;
        analytics = std::move(analyticsOpened).value();
        dashboard.emplace(
            Dashboard{*analytics, sessions, access, settings.dashboardAssets, config.siteId, systemNowMs, &metrics});
        serveDashboard(server, *dashboard);
    }
    configureFiles(server);
    // /assent/ first: httplib tries mount points in the order they were added.
    if (!settings.assets.empty()) warnIf(serveFolder(server, "/assent/", settings.assets));
    if (!settings.pages.empty()) warnIf(serveFolder(server, "/", settings.pages));

    const int port = bindPort(server, settings);
    if (port < 0) {
        log::error("cannot listen on " + settings.host + ":" + std::to_string(settings.port) +
                   " (is another server using that port? the server does not share it)");
        return kCannotStart;
    }
    if (!listening.widenBacklog(limits.backlog)) {
        log::warning("cannot widen the listen backlog; bursts of connections will wait");
    }
    // An IPv6 address goes in brackets in a URL.
    const bool v6 = settings.host.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + settings.host + "]" : settings.host;
    const std::string url = "http://" + host + ":" + std::to_string(port) + "/";
    std::cout << "Assent server listening on " << url << std::endl;  // for a person, and the tests
    log::info("listening", {{"url", url}});

    stopOnSignal(server, signals);
    server.listen_after_bind();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto parsed = parseOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed) {
        std::cerr << "assent-server: " << parsed.message() << "\n" << usage();
        return kBadUsage;
    }
    const Options& options = parsed.value();
    if (options.help) {
        std::cout << usage();
        return 0;
    }
    ServerConfig settings;
    if (!loadSettings(options, settings)) return kBadUsage;
    Config config;
    if (!loadConfig(settings.siteConfig, config)) return kBadUsage;
    if (options.command == Command::Validate) return validate(options, settings);

    std::string notice;
    auto opened = openStore(settings, config, notice);
    if (!opened) {
        std::cerr << "assent-server: " << opened.message() << "\n";
        return kCannotStart;
    }
    if (!notice.empty()) log::info(notice);
    const std::string where = settings.postgresql.empty() ? settings.database : "PostgreSQL";
    if (options.command == Command::Verify) return verify(*opened.value().store, where, options.anchor);
    if (options.command == Command::Consume) return consume(settings, config, opened.value().postgresql);
    const auto texts = keepTexts(settings, config);
    if (!texts) return kCannotStart;
    return serve(settings, config, opened.value(), *texts);
}
