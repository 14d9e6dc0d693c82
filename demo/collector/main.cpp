// assent-collector: the server the demo's tracker sends to. It serves the
// demo site and the built web files, re-checks every event's consent with the
// core on arrival, and stores what passes in SQLite.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <httplib.h>

#include "api.hpp"
#include "assent/config.hpp"
#include "files.hpp"
#include "http_limits.hpp"
#include "options.hpp"
#include "store.hpp"

namespace {

using namespace assent;
using namespace assent::collector;

constexpr int kBadUsage = 2;
constexpr int kCannotStart = 1;
constexpr int kChainBroken = 3;

bool readFile(const std::string& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return true;
}

// A collector with a wrong config would re-check consent against the wrong
// purposes: refuse to start, and say what is wrong.
bool loadConfig(const std::string& path, Config& config) {
    std::string text;
    if (!readFile(path, text)) {
        std::cerr << "assent-collector: cannot read config " << path << "\n";
        return false;
    }
    auto parsed = parseConfig(text);
    if (!parsed) {
        std::cerr << "assent-collector: config " << path << " is not valid:\n" << parsed.message() << "\n";
        return false;
    }
    config = std::move(parsed).value();
    for (const Problem& warning : config.warnings) {
        std::cerr << "assent-collector: config " << path << ": warning: " << warning.message() << "\n";
    }
    return true;
}

bool makeParentFolder(const std::string& file) {
    const auto parent = std::filesystem::path(file).parent_path();
    if (parent.empty()) return true;
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (!error) return true;
    std::cerr << "assent-collector: cannot create " << parent.string() << ": " << error.message() << "\n";
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

// Retention (C19): at start and then every hour, in a thread of its own.
void retainInBackground(Store& store, Retention keep) {
    if (keep.eventsMs == 0 && keep.receiptsMs == 0) return;
    std::thread([&store, keep] {
        for (;;) {
            const std::int64_t now = systemNowMs();
            auto retired = store.retire(now, keep);
            if (!retired) std::cerr << "assent-collector: " << retired.message() << std::endl;
            else if (retired.value().events || retired.value().receipts)
                std::cerr << "{\"at\":" << now << ",\"retention\":{\"events\":" << retired.value().events
                          << ",\"receipts\":" << retired.value().receipts << "}}" << std::endl;
            std::this_thread::sleep_for(std::chrono::hours(1));
        }
    }).detach();
}

// assent-collector verify: what the walk of the proof chain found.
int verify(Store& store, const std::string& db) {
    auto report = store.verify();
    if (!report) {
        std::cerr << "assent-collector: " << report.message() << "\n";
        return kCannotStart;
    }
    const ChainReport& r = report.value();
    const std::string chain = "the receipts' chain of site \"" + r.site + "\" in " + db;
    if (r.broken) {
        std::cout << chain << " is broken at " << r.broken->message() << std::endl;
        return kChainBroken;
    }
    std::cout << chain << " verifies: " << r.links << (r.links == 1 ? " link, " : " links, ") << r.tombstones
              << " of them erased" << std::endl;
    return 0;
}

// Port 0 asks the system for a free port; either way the port is known before
// anything is printed.
int bindPort(httplib::Server& server, const Options& options) {
    if (options.port == 0) return server.bind_to_any_port(options.host);
    return server.bind_to_port(options.host, options.port) ? options.port : -1;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parseOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (!options) {
        std::cerr << "assent-collector: " << options.message() << "\n" << usage();
        return kBadUsage;
    }
    if (options.value().help) {
        std::cout << usage();
        return 0;
    }
    const Options& opts = options.value();

    Config config;
    if (!loadConfig(opts.config, config)) return kBadUsage;
    if (!makeParentFolder(opts.db)) return kCannotStart;
    std::string notice;
    auto store = Store::open(opts.db, config.siteId, &notice, config.revision);
    if (!store) {
        std::cerr << "assent-collector: " << store.message() << "\n";
        return kCannotStart;
    }
    if (!notice.empty()) std::cerr << "assent-collector: " << notice << std::endl;
    if (opts.verify) return verify(*store.value(), opts.db);

    constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
    retainInBackground(*store.value(), Retention{opts.retainEventsDays * kDayMs, opts.retainReceiptsDays * kDayMs});

    const sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // A browser that hangs up mid-answer must not end the process.
    signal(SIGPIPE, SIG_IGN);

    httplib::Server server;
    HttpLimits limits;
    limits.workers = opts.workers;
    limits.readTimeoutSeconds = opts.readTimeoutSeconds;
    const Listening listening = applyHttpLimits(server, limits);
    serveCors(server, opts.allowOrigins);
    IntakeRules rules;
    rules.clockSkewMs = std::int64_t{opts.clockSkewMinutes} * 60 * 1000;
    rules.pendingLifeMs = std::int64_t{opts.pendingLifeHours} * 60 * 60 * 1000;
    rules.allowV1Records = opts.allowV1Records;
    Metrics metrics;
    serveApi(server, Services{config, *store.value(), systemNowMs, rules, Access{opts.operatorTokenHashes}, &metrics});
    configureFiles(server);
    // /assent/ first: httplib tries mount points in the order they were added.
    for (const auto& warning :
         {serveFolder(server, "/assent/", opts.assets), serveFolder(server, "/", opts.site)}) {
        if (!warning.empty()) std::cerr << "assent-collector: warning: " << warning << "\n";
    }

    const int port = bindPort(server, opts);
    if (port < 0) {
        std::cerr << "assent-collector: cannot listen on " << opts.host << ":" << opts.port
                  << " (is another server using that port? the collector does not share it)\n";
        return kCannotStart;
    }
    if (!listening.widenBacklog(limits.backlog)) {
        std::cerr << "assent-collector: warning: cannot widen the listen backlog; bursts of connections will wait\n";
    }
    // An IPv6 address goes in brackets in a URL.
    const bool v6 = opts.host.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + opts.host + "]" : opts.host;
    std::cout << "Assent demo collector listening on http://" << host << ":" << port << "/" << std::endl;

    stopOnSignal(server, signals);
    server.listen_after_bind();
    return 0;
}
