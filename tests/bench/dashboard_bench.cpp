// The dashboard's queries (server/analytics.hpp) over a store filled with
// synthetic events and receipts, then the time of each panel's query for
// the last 30 days and for the whole year. Figures only, never asserted.
//
//   assent_dashboard_bench [events] [database file | postgresql://… URL]
// events: 1,000,000 by default (or ASSENT_BENCH_DASHBOARD_EVENTS).
// SQLite: the closed days are rolled up first (as the server does hourly,
// rollups.hpp); the file is made in /tmp and kept, so a second run with the
// same size and file skips the filling. PostgreSQL (pg_analytics.hpp,
// pg_rollups.hpp): the database is filled when its events table is empty,
// and rolled up as SQLite is; with ASSENT_BENCH_NO_ROLLUPS set, it is not
// (a database rolled up before stays so: use a fresh one).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "calendar.hpp"
#include "pg_analytics.hpp"
#include "pg_store.hpp"
#include "sqlite_analytics.hpp"
#include "sqlite_store.hpp"

namespace {

using namespace assent;
using namespace assent::server;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kYearDays = 365;
const std::int64_t kFirstDay = *dayNumber("2024-01-01");

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string idOf(const char* kind, std::uint64_t n) {
    std::string id = kind + std::to_string(n);
    id.resize(22, '_');
    return id;
}

// A year of a site, as visits: a visit starts with a page view and goes on
// for about 10 events a minute apart (page views, clicks, a page leave, now
// and then a custom event) over 200 pages (a few much more viewed than the
// rest). A visitor makes about 5 visits; 70 % of visits carry identifiers.
void fillEvents(Store& store, std::int64_t count, std::mt19937_64& random) {
    const std::int64_t visitors = std::max<std::int64_t>(1, count / 50);
    std::uniform_int_distribution<std::int64_t> visitor(0, visitors - 1), day(0, kYearDays - 1), minute(0, 24 * 60 - 1);
    std::geometric_distribution<int> page(0.05), length(0.1);
    std::uniform_int_distribution<int> kind(0, 99), selector(0, 19);
    const char* custom[] = {"newsletter_signup", "add_to_cart", "checkout"};
    std::int64_t made = 0, visits = 0, chunk = 0;
    std::vector<Event> events;
    while (made < count) {
        const std::int64_t v = visitor(random);
        const bool identified = kind(random) < 70;
        std::int64_t ts = (kFirstDay + day(random)) * kDayMs + minute(random) * 60000;
        const int n = 1 + std::min(length(random), 39);
        for (int i = 0; i < n && made < count; ++i, ++made, ts += 60000) {
            Event e;
            e.id = idOf("e", static_cast<std::uint64_t>(made));
            e.ts = ts;
            e.page = "/page/" + std::to_string(std::min(page(random), 199));
            e.purpose = "analytics";
            const int k = i == 0 ? 0 : kind(random);
            e.name = k < 55 ? "$pageview" : k < 83 ? "$click" : k < 94 ? "$pageleave" : custom[k % 3];
            if (e.name == "$click") e.props = {{"selector", "#button-" + std::to_string(selector(random))}, {"text", "Buy"}};
            if (e.name == "$pageleave") e.props = {{"dwell_ms", std::to_string(k * 300)}, {"scroll_depth", std::to_string(k)}};
            if (identified) {
                e.anonymousId = idOf("a", static_cast<std::uint64_t>(v));
                e.sessionId = idOf("s", static_cast<std::uint64_t>(visits));
            }
            events.push_back(std::move(e));
            // Stored a thousand at a time (the consent id does not matter here).
            if (events.size() == 1000) {
                auto added = store.addEvents(idOf("c", static_cast<std::uint64_t>(chunk++)), idOf("r", 0), events, kFirstDay * kDayMs);
                if (!added) throw std::runtime_error(added.message());
                events.clear();
            }
        }
        ++visits;
    }
    if (!events.empty()) {
        auto added = store.addEvents(idOf("c", static_cast<std::uint64_t>(chunk)), idOf("r", 0), events, kFirstDay * kDayMs);
        if (!added) throw std::runtime_error(added.message());
    }
}

// One decision for every 50 events, by a method drawn like a real banner's
// (60 % accept all, 25 % reject all, 10 % custom, 5 % withdraw).
void fillReceipts(Store& store, std::int64_t count, std::mt19937_64& random) {
    std::uniform_int_distribution<std::int64_t> when(0, kYearDays * kDayMs - 1);
    std::uniform_int_distribution<int> kind(0, 99);
    for (std::int64_t n = 0; n < count; ++n) {
        const int k = kind(random);
        ConsentRecord r;
        r.consentId = idOf("c", static_cast<std::uint64_t>(n));
        r.recordId = idOf("d", static_cast<std::uint64_t>(n));
        r.revision = 1;
        r.createdMs = r.updatedMs = kFirstDay * kDayMs + when(random);
        r.method = k < 60 ? Method::AcceptAll : k < 85 ? Method::RejectAll : k < 95 ? Method::Custom : Method::Withdraw;
        r.surface = Surface::Banner;
        r.language = "en";
        r.purposes = {{"analytics", {k < 60 || k % 2 == 0, 0}}, {"marketing", {k < 60, 0}}};
        if (k % 4 == 0) r.permissions = {{"geolocation", {k % 8 == 0, 0}}};
        auto kept = store.addReceipt(r, "synthetic", r.updatedMs);
        if (!kept) throw std::runtime_error(kept.message());
    }
}

// Wall-clock, and this process's CPU time beside it: on a machine shared
// with other work the wall-clock figure mostly measures the others, while a
// query's CPU time (the bench runs one at a time, on one thread) does not.
template <class Query>
void time(const char* panel, const DayRange& range, Query&& query) {
    const std::clock_t cpu = std::clock();
    const auto start = Clock::now();
    const auto result = query(range);
    const double ms = secondsSince(start) * 1000;
    const double cpuMs = 1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    if (!result) throw std::runtime_error(result.message());
    std::printf("  %-40s %9.1f ms (CPU %7.1f ms)\n", panel, ms, cpuMs);
}

void timePanels(Analytics& a, const char* label, const DayRange& range) {
    std::printf("%s (%s to %s):\n", label, dayText(range.fromDay).c_str(), dayText(range.toDay).c_str());
    time("tiles: page views, visitors, visits", range, [&](const DayRange& r) { return a.traffic(r); });
    time("tiles: time on page, scroll depth", range, [&](const DayRange& r) { return a.engagement(r); });
    time("chart: page views per day", range, [&](const DayRange& r) { return a.pageViewsByDay(r); });
    time("table: top pages", range, [&](const DayRange& r) { return a.topPages(r, 10); });
    time("table: top clicks", range, [&](const DayRange& r) { return a.topClicks(r, 10); });
    time("table: custom events", range, [&](const DayRange& r) { return a.customEvents(r); });
    time("chart: consent decisions per day", range, [&](const DayRange& r) { return a.decisionsByDay(r); });
    time("grant rate per purpose", range, [&](const DayRange& r) { return a.purposeGrants(r); });
    time("grant rate per permission", range, [&](const DayRange& r) { return a.permissionGrants(r); });
    time("chart: grant rate per purpose per day", range, [&](const DayRange& r) { return a.purposeGrantsByDay(r); });
    time("refusals by reason", range, [&](const DayRange& r) { return a.refusals(r); });
}

}  // namespace

void fill(Store& store, std::int64_t events, const std::string& where) {
    std::mt19937_64 random(20240101);  // the same data every run
    const auto start = Clock::now();
    fillEvents(store, events, random);
    const double eventSeconds = secondsSince(start);
    fillReceipts(store, events / 50, random);
    std::printf("filled %s: %lld events in %.1f s, %lld receipts in %.1f s\n", where.c_str(),
                static_cast<long long>(events), eventSeconds, static_cast<long long>(events / 50),
                secondsSince(start) - eventSeconds);
}

// Twice: the first read of data bigger than memory waits for the disk.
void timeBothRanges(Analytics& analytics) {
    const std::int64_t end = kFirstDay + kYearDays;
    for (const char* pass : {"first read", "again"}) {
        std::printf("-- %s\n", pass);
        timePanels(analytics, "the last 30 days", {end - 30, end});
        timePanels(analytics, "the whole year", {kFirstDay, end});
    }
}

void benchPostgresql(const std::string& url, std::int64_t events) {
    auto store = PgStore::open(url, "bench");
    if (!store) throw std::runtime_error(store.message());
    {
        pqxx::connection c(url);
        pqxx::nontransaction tx(c);
        if (tx.exec("SELECT count(*) FROM events WHERE site = 'bench'")[0][0].as<std::int64_t>() == 0)
            fill(*store.value(), events, "PostgreSQL");
        tx.exec("ANALYZE");
        const auto rows = tx.exec("SELECT count(*), pg_size_pretty(pg_database_size(current_database())) "
                                  "FROM events WHERE site = 'bench'");
        std::printf("PostgreSQL: %s events (%s), over %lld days\n", rows[0][0].c_str(), rows[0][1].c_str(),
                    static_cast<long long>(kYearDays));
    }
    if (std::getenv("ASSENT_BENCH_NO_ROLLUPS")) {
        std::printf("%s\n", "(no rollups: each range reads its events)");
    } else {
        const auto start = Clock::now();
        auto rolled = store.value()->rollUp(kFirstDay + kYearDays - 2);
        if (!rolled) throw std::runtime_error(rolled.message());
        std::printf("rolled up %lld days in %.1f s (days rolled up before: kept in the database)\n",
                    static_cast<long long>(rolled.value()), secondsSince(start));
        pqxx::connection c(url);
        pqxx::nontransaction tx(c);
        tx.exec("ANALYZE");
        std::printf("%s\n", "(each range: days before yesterday from their rollups, yesterday and today from the events)");
    }
    auto analytics = PgAnalytics::open(url, "bench");
    if (!analytics) throw std::runtime_error(analytics.message());
    timeBothRanges(*analytics.value());
}

int main(int argc, char** argv) {
    const char* env = std::getenv("ASSENT_BENCH_DASHBOARD_EVENTS");
    const std::int64_t events = argc > 1 ? std::atoll(argv[1]) : env ? std::atoll(env) : 1'000'000;
    const std::string where = argc > 2 ? argv[2] : "/tmp/assent-dashboard-bench-" + std::to_string(events) + ".db";
    try {
        if (where.rfind("postgresql://", 0) == 0) {
            benchPostgresql(where, events);
            return 0;
        }
        const std::string& file = where;
        const bool filled = std::filesystem::exists(file);
        auto store = SqliteStore::open(file, "bench");
        if (!store) throw std::runtime_error(store.message());
        if (!filled) fill(*store.value(), events, file);
        std::printf("%s: %lld events, %lld receipts over %lld days, %.0f MB\n", file.c_str(),
                    static_cast<long long>(events), static_cast<long long>(events / 50),
                    static_cast<long long>(kYearDays), static_cast<double>(std::filesystem::file_size(file)) / 1e6);
        auto analytics = SqliteAnalytics::open(file, "bench");
        if (!analytics) throw std::runtime_error(analytics.message());
        // As a server does hourly: every day before yesterday.
        const auto start = Clock::now();
        auto rolled = store.value()->rollUp(kFirstDay + kYearDays - 2);
        if (!rolled) throw std::runtime_error(rolled.message());
        std::printf("rolled up %lld days in %.1f s (days rolled up before: kept in the file)\n",
                    static_cast<long long>(rolled.value()), secondsSince(start));
        std::printf("%s\n", "(each range: days before yesterday from their rollups, yesterday and today from the events)");
        timeBothRanges(*analytics.value());
    } catch (const std::exception& e) {
        std::cerr << "assent_dashboard_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
