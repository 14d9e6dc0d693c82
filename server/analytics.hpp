// The dashboard's figures, each computed by SQL over the rows the store
// kept (events and consent receipts of one site), never kept as counters
// of their own that could drift from them. A date range is [from, to) in
// whole UTC days; events fall on the day they were captured (their `ts`),
// receipts on the day this server received them (a record's own times are
// the device's claim; its arrival is this server's).
//
// Visitors and visits count only what carries identifiers: an event has an
// anonymous id and a session id only where the person granted a purpose
// that allows them (tracker.identifiers). Nothing is counted from anything
// else (no IP, no agent: C15).
//
// Each implementation reads with a connection of its own, so a long query
// never holds the store's writers back, and intake goes on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assent/result.hpp"

namespace assent::server {

// Whole UTC days [fromDay, toDay), as day numbers (calendar.hpp).
struct DayRange {
    std::int64_t fromDay = 0;
    std::int64_t toDay = 0;
};

struct Traffic {
    std::int64_t pageViews = 0;  // $pageview events
    std::int64_t visitors = 0;   // distinct anonymous ids
    std::int64_t visits = 0;     // distinct session ids
    // Visits whose events in the range are one page view (and its
    // $pageleave) and nothing else: no click, no second page.
    std::int64_t bounces = 0;
    // Each day's distinct daily visitor hashes, summed over the days: people
    // counted without an identifier, once a day (daily_visitor.hpp). 0 when
    // the server keeps no such hash.
    std::int64_t visitorDays = 0;
};

// From $pageleave events: how long a page was seen and how far it was scrolled.
struct Engagement {
    std::int64_t leaves = 0;
    double meanDwellMs = 0;
    double meanScrollDepth = 0;  // percent
};

struct DayCount {
    std::int64_t day = 0;
    std::int64_t count = 0;
};

struct Counted {
    std::string key;  // a page, an event name
    std::int64_t count = 0;
};

struct ClickCount {
    std::string page;
    std::string selector;  // as the browser shell describes the target ("" when none)
    std::string text;
    std::int64_t clicks = 0;
};

// Consent decisions (receipts) of one day, by how they were given.
struct DecisionDay {
    std::int64_t day = 0;
    std::int64_t acceptAll = 0, rejectAll = 0, custom = 0, withdraw = 0, other = 0;
    std::int64_t total() const { return acceptAll + rejectAll + custom + withdraw + other; }
};

// Of the consent ids that decided in the range, judged by the newest of
// their decisions in it: how many were asked about `id`, and granted it.
struct GrantRate {
    std::string id;  // a purpose id or a capability
    std::int64_t granted = 0;
    std::int64_t decided = 0;
};

// Of the decisions the server received on one day, how many were about
// `purpose`, and how many granted it: the grant rate over time.
struct PurposeDay {
    std::int64_t day = 0;
    std::string purpose;
    std::int64_t granted = 0;
    std::int64_t decided = 0;
};

// The figures, whichever store kept the rows: SqliteAnalytics
// (sqlite_analytics.hpp) reads the server's file and its per-day rollups;
// PgAnalytics (pg_analytics.hpp) reads PostgreSQL. Both answer the same
// tests (tests/server/analytics_test.cpp runs against each).
class Analytics {
public:
    virtual ~Analytics() = default;

    virtual Result<Traffic> traffic(const DayRange&) = 0;
    virtual Result<Engagement> engagement(const DayRange&) = 0;
    // Every day of the range, days without a page view as 0.
    virtual Result<std::vector<DayCount>> pageViewsByDay(const DayRange&) = 0;
    // The most viewed pages, most first (ties by page, bytewise).
    virtual Result<std::vector<Counted>> topPages(const DayRange&, int limit) = 0;
    // The most clicked targets ($click), most first.
    virtual Result<std::vector<ClickCount>> topClicks(const DayRange&, int limit) = 0;
    // Events the site names itself (names not starting with "$"), most first.
    virtual Result<std::vector<Counted>> customEvents(const DayRange&) = 0;
    // Every day of the range, days without a decision as zeros.
    virtual Result<std::vector<DecisionDay>> decisionsByDay(const DayRange&) = 0;
    virtual Result<std::vector<GrantRate>> purposeGrants(const DayRange&) = 0;
    // Events refused at intake in the range, by reason, most first (by the
    // day they arrived: a refused event has no row, only a count).
    virtual Result<std::vector<Counted>> refusals(const DayRange&) = 0;
    // By day and purpose, oldest day first; days without decisions are absent.
    virtual Result<std::vector<PurposeDay>> purposeGrantsByDay(const DayRange&) = 0;
    virtual Result<std::vector<GrantRate>> permissionGrants(const DayRange&) = 0;
};

// Every day of the range in order, each a T{day} of zeros, for the figures
// to fill in (a day without rows is then a 0, not a gap).
template <class T>
std::vector<T> everyDayOf(const DayRange& range) {
    std::vector<T> days;
    for (std::int64_t d = range.fromDay; d < range.toDay; ++d) days.push_back(T{d});
    return days;
}

// Adds a decision method's count to its column of the day (the stores keep
// the method as its wire name).
void countDecisions(DecisionDay&, const std::string& method, std::int64_t n);

}  // namespace assent::server
