#include "traffic.hpp"

#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "assent/batch.hpp"
#include "assent/config.hpp"
#include "assent/core.hpp"
#include "assent/sha256.hpp"

namespace assent::load {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// The first event the config maps to a purpose that needs consent: the
// traffic must pass the server's judgement, not skip it.
std::string gatedEvent(const Config& config) {
    for (const auto& [name, purpose] : config.tracker.eventPurpose) {
        for (const Purpose& p : config.purposes)
            if (p.id == purpose && !p.required) return name;
    }
    return "";
}

httplib::Client clientOf(const Target& target) {
    httplib::Client client(target.host, target.port);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_read_timeout(10, 0);
    return client;
}

Visitor visit(const std::string& configJson, const std::string& event, const TrafficShape& shape, int n,
              std::int64_t nowMs) {
    Core core = Core::create(configJson, shape.seed + "-visitor-" + std::to_string(n)).value();
    Choice all;
    all.method = Method::AcceptAll;
    core.choose(all, nowMs);
    Visitor v;
    v.receipt = Json{{"consent", core.storedCurrent()}, {"key", sha256Hex(shape.seed + "-secret-" + std::to_string(n))}}.dump();
    std::int64_t at = nowMs + 1;
    for (int b = 0; b < shape.batchesEach; ++b) {
        for (int e = 0; e < shape.eventsPerBatch; ++e)
            core.track(event, R"({"tag":"button","path":"/pricing"})", "/pricing", at++);
        const auto batch = core.takeBatch(at);
        if (!batch) break;
        core.settleBatch(batch->id, true);
        auto decoded = decodeBatch(batch->body).value();
        BatchToSend sent{decoded.consentId, batch->body, {}};
        for (const Event& e : decoded.events) sent.eventIds.push_back(e.id);
        v.batches.push_back(std::move(sent));
    }
    return v;
}

}  // namespace

std::vector<Visitor> makeVisitors(const std::string& configJson, const TrafficShape& shape, std::int64_t nowMs,
                                  std::string& error) {
    auto config = parseConfig(configJson);
    if (!config) {
        error = "the site config is not valid: " + config.message();
        return {};
    }
    const std::string event = gatedEvent(config.value());
    if (event.empty()) {
        error = "the site config maps no event to a purpose that needs consent";
        return {};
    }
    std::vector<Visitor> visitors;
    visitors.reserve(static_cast<std::size_t>(shape.visitors));
    for (int n = 0; n < shape.visitors; ++n) visitors.push_back(visit(configJson, event, shape, n, nowMs));
    return visitors;
}

void Tally::add(const Tally& other) {
    requests += other.requests;
    acked += other.acked;
    eventsStored += other.eventsStored;
    eventsDuplicate += other.eventsDuplicate;
    refused += other.refused;
    failed += other.failed;
    for (std::size_t i = 0; i < statuses.size(); ++i) statuses[i] += other.statuses[i];
    latenciesMs.insert(latenciesMs.end(), other.latenciesMs.begin(), other.latenciesMs.end());
    ackedBatches.insert(ackedBatches.end(), other.ackedBatches.begin(), other.ackedBatches.end());
}

bool postReceipts(const Target& target, const std::vector<Visitor>& visitors, int connections, std::string& error) {
    std::atomic<std::size_t> next{0};
    std::mutex lock;
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&] {
            auto client = clientOf(target);
            for (std::size_t i = next++; i < visitors.size(); i = next++) {
                auto res = client.Post("/v1/consent", visitors[i].receipt, "application/json");
                if (res && res->status == 200) continue;
                std::lock_guard<std::mutex> guard(lock);
                error = res ? "a receipt was answered " + std::to_string(res->status) + ": " + res->body
                            : "a receipt got no answer";
            }
        });
    }
    for (auto& t : threads) t.join();
    return error.empty();
}

Tally postBatches(const Target& target, const std::vector<Visitor>& visitors, int connections,
                  double perConnectionRate, const std::function<bool()>& keepGoing) {
    std::vector<const BatchToSend*> batches;
    // Round-robin over visitors, so that one visitor's batches are spread out.
    for (std::size_t b = 0;; ++b) {
        bool any = false;
        for (const Visitor& v : visitors)
            if (b < v.batches.size()) batches.push_back(&v.batches[b]), any = true;
        if (!any) break;
    }
    std::atomic<std::size_t> next{0};
    std::vector<Tally> tallies(static_cast<std::size_t>(connections));
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            Tally& t = tallies[static_cast<std::size_t>(c)];
            auto client = clientOf(target);
            const auto interval = perConnectionRate > 0 ? std::chrono::duration<double>(1.0 / perConnectionRate)
                                                        : std::chrono::duration<double>(0);
            auto due = Clock::now();
            for (std::size_t i = next++; i < batches.size() && keepGoing(); i = next++) {
                if (perConnectionRate > 0) {
                    std::this_thread::sleep_until(due);
                    due += std::chrono::duration_cast<Clock::duration>(interval);
                }
                const auto start = perConnectionRate > 0 ? due - std::chrono::duration_cast<Clock::duration>(interval)
                                                         : Clock::now();
                auto res = client.Post("/v1/events", batches[i]->body, "text/plain");
                ++t.requests;
                if (!res) {
                    ++t.failed;
                    continue;
                }
                // From when it was due, so a server that falls behind shows it (no coordinated omission).
                t.latenciesMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                ++t.statuses[static_cast<std::size_t>(res->status) % t.statuses.size()];
                if (res->status / 100 != 2) continue;
                ++t.acked;
                t.ackedBatches.push_back(batches[i]);
                const auto answer = Json::parse(res->body, nullptr, false);
                if (answer.is_discarded()) continue;
                t.eventsStored += answer.value("stored", 0u);
                t.eventsDuplicate += answer.value("duplicates", 0u);
                // A local: a range-for over items() of value()'s temporary would read it after it is gone.
                const Json refused = answer.value("refused", Json::object());
                for (const auto& [reason, n] : refused.items()) t.refused += n.get<std::uint64_t>();
            }
        });
    }
    for (auto& t : threads) t.join();
    Tally total;
    for (const Tally& t : tallies) total.add(t);
    return total;
}

}  // namespace assent::load
