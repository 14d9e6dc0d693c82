// What the server has done since it started, for /metrics in the
// Prometheus text format (version 0.0.4): requests by route and status and
// how long they took, where a batch's time went, events stored and refused by reason, receipts, the
// requests in flight, and the worker pool's connections served and waiting. Counters only go up; every figure is computed here, in
// memory, from what the routes report, and is lost on restart (as
// Prometheus expects of a process's counters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "pool_load.hpp"
#include "store.hpp"

namespace assent::server {

class Metrics {
public:
    // One answered request: route as "METHOD /path" (the path of a file
    // under /assent/ or / counts as "GET static").
    void request(std::string_view route, int status, double seconds);
    // One stage of a batch's intake and how long it took: "ledger" (its
    // consent id's receipts read, with the records it carried), "store" (its
    // events written) or, in scaled mode, "publish" (until JetStream
    // acknowledged them). What an operator reads when batches grow slow.
    void intakeStage(std::string_view stage, double seconds);
    void events(std::size_t stored, std::size_t duplicates, const std::map<std::string, std::size_t>& refusedByReason);
    void receipt(std::string_view outcome);  // new | duplicate | refused
    // The worker pool whose load /metrics shows (connections served and
    // waiting); none: those gauges are left out.
    void watch(std::shared_ptr<const PoolLoad> load);
    // The store's group commits (Store::groupCommits), read at each
    // render; none: those counters are left out.
    void watchCommits(std::function<GroupCommits()> read);
    void begin();                            // a request started
    void end();                              // and was answered
    std::string render() const;

private:
    // Seconds; the last bucket is +Inf.
    static constexpr double kBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    struct Histogram {
        std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(std::size(kBuckets), 0);
        std::uint64_t count = 0;
        double sum = 0;
        void add(double seconds);
    };
    // The series of one histogram per value of one label (name_bucket, _sum, _count).
    static void render(std::ostream& out, const char* name, const char* label,
                       const std::map<std::string, Histogram>& byValue);
    mutable std::mutex lock_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> durations_;
    std::map<std::string, Histogram> stages_;
    std::map<std::string, std::uint64_t> events_;
    std::map<std::string, std::uint64_t> refused_;
    std::map<std::string, std::uint64_t> receipts_;
    std::int64_t inFlight_ = 0;
    std::shared_ptr<const PoolLoad> pool_;
    std::function<GroupCommits()> commits_;
};

}  // namespace assent::server
