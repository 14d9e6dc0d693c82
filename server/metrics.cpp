#include "metrics.hpp"

#include <iterator>
#include <sstream>

namespace assent::server {
namespace {

// A label value as the text format wants it: \, " and newline escaped.
std::string escaped(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        out += c == '\n' ? 'n' : c;
    }
    return out;
}

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

void Metrics::Histogram::add(double seconds) {
    for (std::size_t i = 0; i < std::size(kBuckets); ++i)
        if (seconds <= kBuckets[i]) ++counts[i];
    ++count;
    sum += seconds;
}

void Metrics::render(std::ostream& out, const char* name, const char* label,
                     const std::map<std::string, Histogram>& byValue) {
    for (const auto& [value, h] : byValue) {
        const std::string l = std::string(label) + "=\"" + escaped(value) + "\"";
        for (std::size_t i = 0; i < std::size(kBuckets); ++i)
            out << name << "_bucket{" << l << ",le=\"" << kBuckets[i] << "\"} " << h.counts[i] << '\n';
        out << name << "_bucket{" << l << ",le=\"+Inf\"} " << h.count << '\n';
        out << name << "_sum{" << l << "} " << h.sum << '\n';
        out << name << "_count{" << l << "} " << h.count << '\n';
    }
}

void Metrics::request(std::string_view route, int status, double seconds) {
    std::lock_guard<std::mutex> guard(lock_);
    ++requests_[{std::string(route), status}];
    durations_[std::string(route)].add(seconds);
}

void Metrics::intakeStage(std::string_view stage, double seconds) {
    std::lock_guard<std::mutex> guard(lock_);
    stages_[std::string(stage)].add(seconds);
}

void Metrics::events(std::size_t stored, std::size_t duplicates, const std::map<std::string, std::size_t>& refused) {
    std::lock_guard<std::mutex> guard(lock_);
    events_["stored"] += stored;
    events_["duplicate"] += duplicates;
    for (const auto& [reason, n] : refused) refused_[reason] += n;
}

void Metrics::receipt(std::string_view outcome) {
    std::lock_guard<std::mutex> guard(lock_);
    ++receipts_[std::string(outcome)];
}

void Metrics::watch(std::shared_ptr<const PoolLoad> load) {
    std::lock_guard<std::mutex> guard(lock_);
    pool_ = std::move(load);
}

void Metrics::watchCommits(std::function<GroupCommits()> read) {
    std::lock_guard<std::mutex> guard(lock_);
    commits_ = std::move(read);
}

void Metrics::begin() {
    std::lock_guard<std::mutex> guard(lock_);
    ++inFlight_;
}

void Metrics::end() {
    std::lock_guard<std::mutex> guard(lock_);
    --inFlight_;
}

std::string Metrics::render() const {
    std::lock_guard<std::mutex> guard(lock_);
    std::ostringstream out;
    header(out, "assent_requests_total", "counter", "Requests answered, by route and status.");
    for (const auto& [key, n] : requests_)
        out << "assent_requests_total{route=\"" << escaped(key.first) << "\",status=\"" << key.second << "\"} " << n << '\n';
    header(out, "assent_request_duration_seconds", "histogram", "Time from routing a request to its answer.");
    render(out, "assent_request_duration_seconds", "route", durations_);
    header(out, "assent_intake_stage_seconds", "histogram",
           "Time a batch spent in each stage of its intake: ledger (receipts read), store, or publish (until JetStream acknowledged).");
    render(out, "assent_intake_stage_seconds", "stage", stages_);
    header(out, "assent_events_total", "counter", "Events received, by what became of them.");
    for (const auto& [outcome, n] : events_) out << "assent_events_total{outcome=\"" << outcome << "\"} " << n << '\n';
    header(out, "assent_events_refused_total", "counter", "Events refused (never stored), by reason.");
    for (const auto& [reason, n] : refused_) out << "assent_events_refused_total{reason=\"" << escaped(reason) << "\"} " << n << '\n';
    header(out, "assent_receipts_total", "counter", "Consent receipts received, by what became of them.");
    for (const auto& [outcome, n] : receipts_) out << "assent_receipts_total{outcome=\"" << outcome << "\"} " << n << '\n';
    header(out, "assent_requests_in_flight", "gauge", "Requests being answered now (workers busy).");
    out << "assent_requests_in_flight " << inFlight_ << '\n';
    if (pool_) {
        header(out, "assent_connections_served", "gauge", "Connections a worker is serving now.");
        out << "assent_connections_served " << pool_->busy.load() << '\n';
        header(out, "assent_connections_waiting", "gauge", "Connections accepted that wait for a worker (the queue).");
        out << "assent_connections_waiting " << pool_->waiting.load() << '\n';
    }
    if (commits_) {
        const GroupCommits c = commits_();
        header(out, "assent_event_commits_total", "counter",
               "Transactions that stored events; batches that arrive together share one.");
        out << "assent_event_commits_total " << c.commits << '\n';
        header(out, "assent_event_batches_committed_total", "counter", "Batches of events those transactions stored.");
        out << "assent_event_batches_committed_total " << c.batches << '\n';
    }
    return out.str();
}

}  // namespace assent::server
