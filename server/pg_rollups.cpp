#include "pg_rollups.hpp"

#include <algorithm>
#include <sstream>

namespace assent::server {

// rollups.cpp's tables. No primary key on the text of pages, clicks and
// names: a btree entry has a size limit that SQLite's has not, and the rows
// are made by GROUP BY, never looked up by them. IF NOT EXISTS: made once,
// whichever migration a database comes from.
const char* const kPgRollupSchema = R"sql(
CREATE TABLE IF NOT EXISTS rollup_marks (site TEXT PRIMARY KEY, until_day BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS day_pages (site TEXT NOT NULL, day BIGINT NOT NULL, name TEXT NOT NULL, page TEXT NOT NULL, n BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS day_pages_by_day ON day_pages (site, day, name);
CREATE TABLE IF NOT EXISTS day_clicks (
  site TEXT NOT NULL, day BIGINT NOT NULL, page TEXT NOT NULL, selector TEXT NOT NULL, text TEXT NOT NULL, n BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS day_clicks_by_day ON day_clicks (site, day);
CREATE TABLE IF NOT EXISTS day_leaves (
  site TEXT NOT NULL, day BIGINT NOT NULL, leaves BIGINT NOT NULL, dwell_sum FLOAT8 NOT NULL, dwell_n BIGINT NOT NULL,
  scroll_sum FLOAT8 NOT NULL, scroll_n BIGINT NOT NULL, PRIMARY KEY (site, day));
CREATE TABLE IF NOT EXISTS day_visitors (site TEXT NOT NULL, day BIGINT NOT NULL, anonymous_id TEXT NOT NULL,
  PRIMARY KEY (site, day, anonymous_id));
CREATE INDEX IF NOT EXISTS day_visitors_by_id ON day_visitors (site, anonymous_id, day);
CREATE TABLE IF NOT EXISTS day_sessions (
  site TEXT NOT NULL, day BIGINT NOT NULL, session_id TEXT NOT NULL, views BIGINT NOT NULL, others BIGINT NOT NULL,
  spans BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (site, day, session_id));
CREATE INDEX IF NOT EXISTS day_sessions_by_id ON day_sessions (site, session_id, day);
CREATE TABLE IF NOT EXISTS day_visitor_hashes (site TEXT NOT NULL, day BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (site, day));
)sql";

namespace {

// rollups.cpp's kRollUpDay, statement for statement, as one script: {site}
// is the quoted site, {day} the day (a bigint: a day's first ms is past
// integer's range). The expressions are pg_analytics.cpp's.
constexpr const char* kRollUpDay = R"sql(
DELETE FROM day_pages WHERE site = {site} AND day = {day};
DELETE FROM day_clicks WHERE site = {site} AND day = {day};
DELETE FROM day_leaves WHERE site = {site} AND day = {day};
DELETE FROM day_visitors WHERE site = {site} AND day = {day};
DELETE FROM day_sessions WHERE site = {site} AND day = {day};
DELETE FROM day_visitor_hashes WHERE site = {site} AND day = {day};
INSERT INTO day_pages (site, day, name, page, n)
  SELECT {site}, {day}, name, page, count(*) FROM events
  WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 GROUP BY name, page;
INSERT INTO day_clicks (site, day, page, selector, text, n)
  SELECT {site}, {day}, page, s, t, count(*) FROM (
    SELECT page, coalesce(props::jsonb->>'selector', '') AS s, coalesce(props::jsonb->>'text', '') AS t
    FROM events WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 AND name = '$click'
  ) AS clicks GROUP BY page, s, t;
INSERT INTO day_leaves (site, day, leaves, dwell_sum, dwell_n, scroll_sum, scroll_n)
  SELECT {site}, {day}, count(*), coalesce(sum(d), 0), count(d), coalesce(sum(s), 0), count(s) FROM (
    SELECT )sql" ASSENT_PG_NUMBER("dwell_ms") " AS d, " ASSENT_PG_NUMBER("scroll_depth") R"sql( AS s
    FROM (SELECT props::jsonb AS p FROM events
          WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 AND name = '$pageleave') AS leaves
  ) AS numbers HAVING count(*) > 0;
INSERT INTO day_visitors (site, day, anonymous_id)
  SELECT DISTINCT {site}, {day}, anonymous_id FROM events
  WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 AND anonymous_id IS NOT NULL;
INSERT INTO day_sessions (site, day, session_id, views, others)
  SELECT {site}, {day}, session_id, count(*) FILTER (WHERE name = '$pageview'),
         count(*) FILTER (WHERE name NOT IN ('$pageview', '$pageleave')) FROM events
  WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 AND session_id IS NOT NULL
  GROUP BY session_id;
UPDATE day_sessions SET spans = true WHERE site = {site} AND NOT spans AND session_id IN (
  SELECT d.session_id FROM day_sessions AS d WHERE d.site = {site} AND d.day = {day} AND EXISTS (
    SELECT 1 FROM day_sessions AS o WHERE o.site = {site} AND o.session_id = d.session_id AND o.day <> {day}));
INSERT INTO day_visitor_hashes (site, day, n)
  SELECT {site}, {day}, count(DISTINCT daily_visitor) FROM events
  WHERE site = {site} AND ts >= {day} * 86400000 AND ts < ({day} + 1) * 86400000 AND daily_visitor IS NOT NULL
  HAVING count(DISTINCT daily_visitor) > 0;
)sql";

// The lock's two keys: what it guards, and the site.
void advisory(pqxx::transaction_base& tx, const char* function, const char* what, const std::string& site) {
    tx.exec_params(std::string("SELECT ") + function + "(hashtext($1), hashtext($2))", what, site);
}

}  // namespace

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

void holdMarkShared(pqxx::transaction_base& tx, const std::string& site) {
    advisory(tx, "pg_advisory_xact_lock_shared", "assent-rollup-mark", site);
}

void holdMark(pqxx::transaction_base& tx, const std::string& site) {
    advisory(tx, "pg_advisory_xact_lock", "assent-rollup-mark", site);
}

std::int64_t rolledUntil(pqxx::transaction_base& tx, const std::string& site) {
    const auto rows = tx.exec_params("SELECT until_day FROM rollup_marks WHERE site = $1", site);
    return rows.empty() ? 0 : rows[0][0].as<std::int64_t>();
}

void markRolledUntil(pqxx::transaction_base& tx, const std::string& site, std::int64_t day) {
    tx.exec_params("INSERT INTO rollup_marks (site, until_day) VALUES ($1, $2) ON CONFLICT (site) "
                   "DO UPDATE SET until_day = greatest(rollup_marks.until_day, excluded.until_day)",
                   site, day);
}

void rollUpDay(pqxx::transaction_base& tx, const std::string& site, std::int64_t day) {
    tx.exec(replaced(replaced(kRollUpDay, "{site}", tx.quote(site)), "{day}", std::to_string(day) + "::bigint"));
}

ChangedEvents changeEvents(pqxx::transaction_base& tx, const std::string& site, const std::string& sql) {
    const auto row = tx.exec_params1(
        "WITH changed AS (" + sql + ") SELECT count(*), coalesce(string_agg(DISTINCT (ts / 86400000)::text, ' ') "
        "FILTER (WHERE ts / 86400000 < (SELECT until_day FROM rollup_marks WHERE site = $1)), '') FROM changed",
        site);
    ChangedEvents changed;
    changed.rows = row[0].as<std::size_t>();
    std::istringstream days(row[1].as<std::string>());
    for (std::int64_t day = 0; days >> day;) changed.rolledDays.push_back(day);
    return changed;
}

void rollUpAgain(pqxx::transaction_base& tx, const std::string& site, const std::vector<std::int64_t>& days) {
    if (days.empty()) return;
    advisory(tx, "pg_advisory_xact_lock", "assent-rollup-again", site);
    std::vector<std::int64_t> sorted = days;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (std::int64_t day : sorted) rollUpDay(tx, site, day);
}

}  // namespace assent::server
