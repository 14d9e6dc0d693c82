#include "rollups.hpp"

#include <type_traits>

#include <sqlite3.h>

#include "sqlite.hpp"

namespace assent::server {

// One table per panel family, each keyed by (site, day, …) so a date range
// is one index range:
//   day_pages          events per name and page: page views, top pages, custom events
//   day_clicks         $click per page, selector and text
//   day_leaves         $pageleave: how many, and the sums and counts of dwell and scroll
//   day_visitors       the anonymous ids seen that day
//   day_sessions       per session: page views and other events (not $pageleave) that day,
//                      and whether the session has rows on other days too (spans)
//   day_visitor_hashes distinct daily visitor hashes that day
const char* const kRollupSchema = R"sql(
CREATE TABLE IF NOT EXISTS rollup_marks (site TEXT PRIMARY KEY, until_day INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS day_pages (
  site TEXT NOT NULL, day INTEGER NOT NULL, name TEXT NOT NULL, page TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (site, day, name, page)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_clicks (
  site TEXT NOT NULL, day INTEGER NOT NULL, page TEXT NOT NULL, selector TEXT NOT NULL, text TEXT NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (site, day, page, selector, text)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_leaves (
  site TEXT NOT NULL, day INTEGER NOT NULL, leaves INTEGER NOT NULL, dwell_sum REAL NOT NULL, dwell_n INTEGER NOT NULL,
  scroll_sum REAL NOT NULL, scroll_n INTEGER NOT NULL, PRIMARY KEY (site, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_visitors (
  site TEXT NOT NULL, day INTEGER NOT NULL, anonymous_id TEXT NOT NULL,
  PRIMARY KEY (site, day, anonymous_id)) WITHOUT ROWID;
-- By visitor: distinct visitors over a range without sorting them, and "was
-- this visitor seen on those days" as one seek (analytics.cpp).
CREATE INDEX IF NOT EXISTS day_visitors_by_id ON day_visitors (site, anonymous_id, day);
CREATE TABLE IF NOT EXISTS day_sessions (
  site TEXT NOT NULL, day INTEGER NOT NULL, session_id TEXT NOT NULL, views INTEGER NOT NULL, others INTEGER NOT NULL,
  spans INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (site, day, session_id)) WITHOUT ROWID;
-- A session's rows on every day, for spans and for the sessions that go on
-- past the rolled-up days (analytics.cpp).
CREATE INDEX IF NOT EXISTS day_sessions_by_id ON day_sessions (site, session_id, day);
CREATE TABLE IF NOT EXISTS day_visitor_hashes (
  site TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (site, day)) WITHOUT ROWID;
)sql";

namespace {

// ?1 the site, ?2 the day: that day's rollup rows go, then are made from its
// events. The expressions are analytics.cpp's, so a rolled-up day and a day
// read from its events give the same figures.
constexpr const char* kRollUpDay[] = {
    "DELETE FROM day_pages WHERE site = ?1 AND day = ?2",
    "DELETE FROM day_clicks WHERE site = ?1 AND day = ?2",
    "DELETE FROM day_leaves WHERE site = ?1 AND day = ?2",
    "DELETE FROM day_visitors WHERE site = ?1 AND day = ?2",
    "DELETE FROM day_sessions WHERE site = ?1 AND day = ?2",
    "DELETE FROM day_visitor_hashes WHERE site = ?1 AND day = ?2",
    R"sql(INSERT INTO day_pages (site, day, name, page, n)
      SELECT ?1, ?2, name, page, count(*) FROM events
      WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 GROUP BY name, page)sql",
    R"sql(INSERT INTO day_clicks (site, day, page, selector, text, n)
      SELECT ?1, ?2, page, s, t, count(*) FROM (
        SELECT page, coalesce(json_extract(props, '$.selector'), '') AS s, coalesce(json_extract(props, '$.text'), '') AS t
        FROM events WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 AND name = '$click')
      GROUP BY page, s, t)sql",
    R"sql(INSERT INTO day_leaves (site, day, leaves, dwell_sum, dwell_n, scroll_sum, scroll_n)
      SELECT ?1, ?2, count(*), total(d), count(d), total(s), count(s) FROM (
        SELECT CAST(json_extract(props, '$.dwell_ms') AS REAL) AS d, CAST(json_extract(props, '$.scroll_depth') AS REAL) AS s
        FROM events WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 AND name = '$pageleave')
      HAVING count(*) > 0)sql",
    R"sql(INSERT INTO day_visitors (site, day, anonymous_id)
      SELECT DISTINCT ?1, ?2, anonymous_id FROM events
      WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 AND anonymous_id IS NOT NULL)sql",
    R"sql(INSERT INTO day_sessions (site, day, session_id, views, others)
      SELECT ?1, ?2, session_id, sum(name = '$pageview'), sum(name NOT IN ('$pageview', '$pageleave')) FROM events
      WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 AND session_id IS NOT NULL
      GROUP BY session_id)sql",
    // Every row of a session seen on this day and another is marked: a
    // visit is then counted from one row unless it spans days, and only
    // those few are grouped (a mark left on a session that no longer spans
    // days only makes it counted the slower way).
    R"sql(UPDATE day_sessions SET spans = 1 WHERE site = ?1 AND spans = 0 AND session_id IN (
        SELECT d.session_id FROM day_sessions AS d WHERE d.site = ?1 AND d.day = ?2 AND EXISTS (
          SELECT 1 FROM day_sessions AS o INDEXED BY day_sessions_by_id
          WHERE o.site = ?1 AND o.session_id = d.session_id AND o.day <> ?2)))sql",
    R"sql(INSERT INTO day_visitor_hashes (site, day, n)
      SELECT ?1, ?2, count(DISTINCT daily_visitor) FROM events
      WHERE site = ?1 AND ts >= ?2 * 86400000 AND ts < (?2 + 1) * 86400000 AND daily_visitor IS NOT NULL
      HAVING count(DISTINCT daily_visitor) > 0)sql",
};

// Runs `sql` with ?1 the site and ?2 `value`, handing each row to `row`.
template <class Value, class Row>
bool each(sqlite3* db, const char* sql, const std::string& site, const Value& value, Row&& row) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) return false;
    const Statement s(raw);
    sqlite3_bind_text(raw, 1, site.data(), static_cast<int>(site.size()), SQLITE_STATIC);
    if constexpr (std::is_integral_v<Value>) {
        sqlite3_bind_int64(raw, 2, value);
    } else {
        sqlite3_bind_text(raw, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) row(raw);
    return rc == SQLITE_DONE;
}

template <class Value>
std::vector<std::int64_t> daysOf(sqlite3* db, const char* sql, const std::string& site, const Value& value, bool& ok) {
    std::vector<std::int64_t> days;
    ok = each(db, sql, site, value, [&](sqlite3_stmt* s) { days.push_back(sqlite3_column_int64(s, 0)); });
    return days;
}

std::string daysSql(std::int64_t untilDay, const char* where) {
    return "SELECT DISTINCT ts / 86400000 FROM events WHERE site = ?1 AND " + std::string(where) +
           " AND ts < " + std::to_string(untilDay * 86400000);
}

}  // namespace

std::int64_t rolledUntil(sqlite3* db, const std::string& site) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT until_day FROM rollup_marks WHERE site = ?1", -1, &raw, nullptr) != SQLITE_OK)
        return -1;
    const Statement s(raw);
    sqlite3_bind_text(raw, 1, site.data(), static_cast<int>(site.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(raw);
    return rc == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : rc == SQLITE_DONE ? 0 : -1;
}

bool rollUpDay(sqlite3* db, const std::string& site, std::int64_t day) {
    for (const char* sql : kRollUpDay) {
        if (!each(db, sql, site, day, [](sqlite3_stmt*) {})) return false;
    }
    return true;
}

bool markRolledUntil(sqlite3* db, const std::string& site, std::int64_t day) {
    return each(db,
                "INSERT INTO rollup_marks (site, until_day) VALUES (?1, ?2) "
                "ON CONFLICT (site) DO UPDATE SET until_day = max(until_day, excluded.until_day)",
                site, day, [](sqlite3_stmt*) {});
}

std::vector<std::int64_t> rolledDaysOfPerson(sqlite3* db, const std::string& site, std::int64_t untilDay,
                                             std::string_view consentId, bool& ok) {
    return daysOf(db, daysSql(untilDay, "consent_id = ?2").c_str(), site, consentId, ok);
}

std::vector<std::int64_t> rolledDaysReceivedBefore(sqlite3* db, const std::string& site, std::int64_t untilDay,
                                                   std::int64_t receivedBeforeMs, bool& ok) {
    return daysOf(db, daysSql(untilDay, "received_ms < ?2").c_str(), site, receivedBeforeMs, ok);
}

}  // namespace assent::server
