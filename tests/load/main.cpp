// assent-load: drives a running assent-server with real traffic made by the
// core (receipts first, then batches of clicks) and prints what it measured:
// requests and events a second, latency percentiles, answers by status. A
// benchmark, not a test: it prints figures and fails only when it cannot run.
//
//   assent-load --port 8080 --site-config demo/site/assent.config.json
//               [--host 127.0.0.1] [--connections 16] [--seconds 10]
//               [--events-per-batch 20] [--rate 0]   (requests a second in all; 0: as fast as answered)
//
// The server should not rate-limit the driver's one address:
// http.clientRequestsPerSecond 0 in its config.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "traffic.hpp"

using namespace assent::load;

namespace {

struct Args {
    Target target;
    std::string siteConfig;
    int connections = 16;
    double seconds = 10;
    int eventsPerBatch = 20;
    double rate = 0;
};

bool parse(int argc, char** argv, Args& a) {
    std::map<std::string, std::string> given;
    for (int i = 1; i + 1 < argc; i += 2) given[argv[i]] = argv[i + 1];
    if (argc % 2 == 0 || !given.count("--site-config")) return false;
    for (const auto& [flag, value] : given) {
        if (flag == "--host") a.target.host = value;
        else if (flag == "--port") a.target.port = std::stoi(value);
        else if (flag == "--site-config") a.siteConfig = value;
        else if (flag == "--connections") a.connections = std::max(1, std::stoi(value));
        else if (flag == "--seconds") a.seconds = std::stod(value);
        else if (flag == "--events-per-batch") a.eventsPerBatch = std::max(1, std::stoi(value));
        else if (flag == "--rate") a.rate = std::stod(value);
        else return false;
    }
    return true;
}

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto at = static_cast<std::size_t>(std::ceil(p / 100 * sorted.size())) - 1;
    return sorted[std::min(at, sorted.size() - 1)];
}

std::int64_t systemMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    try {
        if (!parse(argc, argv, a)) throw std::invalid_argument("usage");
    } catch (const std::exception&) {
        std::cerr << "usage: assent-load --port PORT --site-config FILE [--host H] [--connections 16] [--seconds 10]\n"
                     "                   [--events-per-batch 20] [--rate REQUESTS_PER_SECOND]\n";
        return 2;
    }
    std::ifstream in(a.siteConfig);
    std::stringstream text;
    text << in.rdbuf();

    // Enough batches for the whole run at the rate asked, or at a generous 5,000 a second.
    const double perSecond = a.rate > 0 ? a.rate : 5000;
    TrafficShape shape;
    shape.eventsPerBatch = a.eventsPerBatch;
    shape.batchesEach = 20;
    shape.seed = "load-" + std::to_string(systemMs());  // new visitors each run, even against the same file
    shape.visitors = static_cast<int>(std::ceil(perSecond * a.seconds / shape.batchesEach)) + a.connections;
    std::string error;
    const auto made = std::chrono::steady_clock::now();
    const auto visitors = makeVisitors(text.str(), shape, systemMs(), error);
    if (!error.empty()) return std::cerr << "assent-load: " << error << "\n", 1;
    std::printf("made %d visitors x %d batches x %d events in %.1f s\n", shape.visitors, shape.batchesEach,
                shape.eventsPerBatch,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - made).count());
    if (!postReceipts(a.target, visitors, a.connections, error)) return std::cerr << "assent-load: " << error << "\n", 1;

    const auto start = std::chrono::steady_clock::now();
    const auto end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(a.seconds));
    Tally t = postBatches(a.target, visitors, a.connections, a.rate / a.connections,
                          [end] { return std::chrono::steady_clock::now() < end; });
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::sort(t.latenciesMs.begin(), t.latenciesMs.end());
    std::printf("%d connections, %s, %d events a batch, %.1f s\n", a.connections,
                a.rate > 0 ? ("paced at " + std::to_string(static_cast<int>(a.rate)) + " requests/s").c_str()
                           : "as fast as answered",
                a.eventsPerBatch, took);
    std::printf("requests: %llu (%.0f/s), acknowledged %llu, no answer %llu\n",
                static_cast<unsigned long long>(t.requests), t.requests / took,
                static_cast<unsigned long long>(t.acked), static_cast<unsigned long long>(t.failed));
    std::printf("events stored: %llu (%.0f/s), duplicates %llu, refused %llu\n",
                static_cast<unsigned long long>(t.eventsStored), t.eventsStored / took,
                static_cast<unsigned long long>(t.eventsDuplicate), static_cast<unsigned long long>(t.refused));
    std::printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n", percentile(t.latenciesMs, 50),
                percentile(t.latenciesMs, 90), percentile(t.latenciesMs, 99),
                t.latenciesMs.empty() ? 0 : t.latenciesMs.back());
    std::printf("answers:");
    for (std::size_t s = 0; s < t.statuses.size(); ++s)
        if (t.statuses[s]) std::printf(" %zu x%llu", s, static_cast<unsigned long long>(t.statuses[s]));
    std::printf("\n");
    return 0;
}
