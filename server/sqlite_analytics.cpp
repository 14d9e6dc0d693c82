#include "sqlite_analytics.hpp"

#include <map>
#include <mutex>
#include <utility>

#include <sqlite3.h>

#include "calendar.hpp"
#include "sqlite.hpp"

namespace assent::server {
namespace {

// Every query binds ?1 the site, ?2 and ?3 the range's bounds in ms.
// Events: the days below the site's rollup mark are read from their rollups
// (rollups.hpp), the rest of the range from the events themselves, by
// capture time with the columns events_by_time covers. r.lo and r.hi: the
// rolled-up days of the range; live.ms: where the events take over.
#define ASSENT_RANGES                                                                                          \
    "WITH r AS (SELECT ?2 / 86400000 AS lo, "                                                                  \
    "  min(?3 / 86400000, coalesce((SELECT until_day FROM rollup_marks WHERE site = ?1), 0)) AS hi), "        \
    "live AS (SELECT max(?2, (SELECT hi FROM r) * 86400000) AS ms) "
#define ASSENT_ROLLED "site = ?1 AND day >= (SELECT lo FROM r) AND day < (SELECT hi FROM r)"
#define ASSENT_LIVE "site = ?1 AND ts >= (SELECT ms FROM live) AND ts < ?3"

// Visits and bounces: a rolled-up session that spans no day is one row
// (counted as it is); those that span days are grouped (few); the sessions
// of the days read from events are grouped and merged with their rolled-up
// rows, if any, so a visit that crosses the mark counts once.
constexpr const char* kTraffic = ASSENT_RANGES R"sql(,
rolled AS (
  SELECT count(*) AS visits, coalesce(sum(v = 1 AND o = 0), 0) AS bounces FROM (
    SELECT views AS v, others AS o FROM day_sessions WHERE )sql" ASSENT_ROLLED R"sql( AND spans = 0
    UNION ALL
    SELECT sum(views), sum(others) FROM day_sessions WHERE )sql" ASSENT_ROLLED R"sql( AND spans = 1 GROUP BY session_id)
),
fresh AS (
  SELECT l.v + coalesce(p.views, 0) AS v, l.o + coalesce(p.others, 0) AS o, p.rows IS NOT NULL AS before,
         coalesce(p.views = 1 AND p.others = 0, 0) AS bouncedBefore
  FROM (
    SELECT session_id AS s, sum(name = '$pageview') AS v, sum(name NOT IN ('$pageview', '$pageleave')) AS o
    FROM events WHERE )sql" ASSENT_LIVE R"sql( AND session_id IS NOT NULL GROUP BY session_id
  ) AS l
  LEFT JOIN (
    SELECT session_id, count(*) AS rows, sum(views) AS views, sum(others) AS others
    FROM day_sessions INDEXED BY day_sessions_by_id
    WHERE )sql" ASSENT_ROLLED R"sql( AND session_id IN (
      SELECT session_id FROM events WHERE )sql" ASSENT_LIVE R"sql( AND session_id IS NOT NULL)
    GROUP BY session_id
  ) AS p ON p.session_id = l.s
)
SELECT
  (SELECT coalesce(sum(n), 0) FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview')
    + (SELECT count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview'),
  -- Visitors of the rolled-up days (read in id order: no sort), then those
  -- of the rest not already counted. INDEXED BY: left to itself SQLite
  -- reads by day and sorts 700,000 ids for a year of a busy site.
  (SELECT count(DISTINCT anonymous_id) FROM day_visitors INDEXED BY day_visitors_by_id
   WHERE )sql" ASSENT_ROLLED R"sql()
    + (SELECT count(DISTINCT e.anonymous_id) FROM events AS e
       WHERE )sql" ASSENT_LIVE R"sql( AND e.anonymous_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM day_visitors AS v INDEXED BY day_visitors_by_id
         WHERE v.site = ?1 AND v.anonymous_id = e.anonymous_id AND v.day >= (SELECT lo FROM r) AND v.day < (SELECT hi FROM r))),
  (SELECT visits FROM rolled) + (SELECT count(*) FROM fresh WHERE NOT before),
  (SELECT bounces FROM rolled) + (SELECT coalesce(sum(v = 1 AND o = 0) - sum(before AND bouncedBefore), 0) FROM fresh)
)sql";

// A daily hash means nothing across days: count each day's, then add.
constexpr const char* kVisitorDays = ASSENT_RANGES R"sql(
SELECT (SELECT coalesce(sum(n), 0) FROM day_visitor_hashes WHERE )sql" ASSENT_ROLLED R"sql()
  + (SELECT coalesce(sum(n), 0) FROM (
      SELECT count(DISTINCT daily_visitor) AS n FROM events
      WHERE )sql" ASSENT_LIVE R"sql( AND daily_visitor IS NOT NULL GROUP BY ts / 86400000))
)sql";

// Props are kept as text (a flat object of strings). A mean is a sum over a
// count, so rolled-up days and live ones add up exactly as one avg() would.
constexpr const char* kEngagement = ASSENT_RANGES R"sql(
SELECT coalesce(sum(l), 0), coalesce(sum(ds) / nullif(sum(dn), 0), 0), coalesce(sum(ss) / nullif(sum(sn), 0), 0)
FROM (
  SELECT leaves AS l, dwell_sum AS ds, dwell_n AS dn, scroll_sum AS ss, scroll_n AS sn FROM day_leaves
  WHERE )sql" ASSENT_ROLLED R"sql(
  UNION ALL
  SELECT count(*), total(d), count(d), total(s), count(s) FROM (
    SELECT CAST(json_extract(props, '$.dwell_ms') AS REAL) AS d, CAST(json_extract(props, '$.scroll_depth') AS REAL) AS s
    FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageleave')
)
)sql";

constexpr const char* kPageViewsByDay = ASSENT_RANGES R"sql(
SELECT day, sum(n) FROM (
  SELECT day, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview'
  UNION ALL
  SELECT ts / 86400000, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview' GROUP BY 1
) GROUP BY day
)sql";

constexpr const char* kTopPages = ASSENT_RANGES R"sql(
SELECT page, sum(n) AS total FROM (
  SELECT page, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview'
  UNION ALL
  SELECT page, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview' GROUP BY page
) GROUP BY page ORDER BY total DESC, page LIMIT ?4
)sql";

constexpr const char* kTopClicks = ASSENT_RANGES R"sql(
SELECT page, selector, text, sum(n) AS total FROM (
  SELECT page, selector, text, n FROM day_clicks WHERE )sql" ASSENT_ROLLED R"sql(
  UNION ALL
  SELECT page, s, t, count(*) FROM (
    SELECT page, coalesce(json_extract(props, '$.selector'), '') AS s, coalesce(json_extract(props, '$.text'), '') AS t
    FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$click'
  ) GROUP BY 1, 2, 3
) GROUP BY 1, 2, 3 ORDER BY total DESC, 1, 2, 3 LIMIT ?4
)sql";

constexpr const char* kCustomEvents = ASSENT_RANGES R"sql(
SELECT name, sum(n) AS total FROM (
  SELECT name, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND substr(name, 1, 1) <> '$'
  UNION ALL
  SELECT name, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND substr(name, 1, 1) <> '$' GROUP BY name
) GROUP BY name ORDER BY total DESC, name
)sql";

#undef ASSENT_RANGES
#undef ASSENT_ROLLED
#undef ASSENT_LIVE

// Receipts: by the time this server received them; tombstones (erased) are
// no one's decision any more.
constexpr const char* kDecisionsByDay = R"sql(
SELECT received_ms / 86400000, method, count(*) FROM consent_receipts
WHERE site = ?1 AND received_ms >= ?2 AND received_ms < ?3 AND erased = 0 GROUP BY 1, 2
)sql";

// Each consent id's newest decision in the range (a later updated_ms, or
// the same one received later, rowid, would replace it), then its grants:
// %s is the column (purposes or permissions), {"<id>":{"granted":bool,…},…}.
// Newest: found by a probe of receipts_by_person per receipt; a window
// (row_number() OVER (PARTITION BY consent_id …)) sorted the whole range
// first. Grants: the JSON is read once per distinct text (most people
// decide alike: accept all, reject all), each weighed by how many hold it;
// reading it once per person was half the panel's cost over a year.
constexpr const char* kGrants = R"sql(
WITH newest AS (
  SELECT c.%s AS grants, count(*) AS n FROM consent_receipts AS c
  WHERE c.site = ?1 AND c.received_ms >= ?2 AND c.received_ms < ?3 AND c.erased = 0 AND NOT EXISTS (
    SELECT 1 FROM consent_receipts AS d
    WHERE d.site = ?1 AND d.consent_id = c.consent_id AND d.received_ms >= ?2 AND d.received_ms < ?3 AND d.erased = 0
      AND (d.updated_ms > c.updated_ms OR (d.updated_ms = c.updated_ms AND d.rowid > c.rowid)))
  GROUP BY 1
)
SELECT g.key, sum((json_extract(g.value, '$.granted') = 1) * newest.n), sum(newest.n)
FROM newest, json_each(newest.grants) AS g GROUP BY g.key ORDER BY g.key
)sql";

// Every decision received on a day counts that day (a person who decides
// twice counts twice, as each decision was given).
constexpr const char* kPurposeGrantsByDay = R"sql(
SELECT received_ms / 86400000, g.key, sum(json_extract(g.value, '$.granted') = 1), count(*)
FROM consent_receipts, json_each(consent_receipts.purposes) AS g
WHERE site = ?1 AND received_ms >= ?2 AND received_ms < ?3 AND erased = 0
GROUP BY 1, 2 ORDER BY 1, 2
)sql";

constexpr const char* kRefusals = R"sql(
SELECT reason, sum(count) FROM refusals
WHERE site = ?1 AND day >= ?2 / 86400000 AND day < ?3 / 86400000 GROUP BY reason ORDER BY 2 DESC, 1
)sql";

Counted counted(sqlite3_stmt* s) { return {textAt(s, 0), sqlite3_column_int64(s, 1)}; }

}  // namespace

struct SqliteAnalytics::Reader {
    ~Reader() { sqlite3_close(connection); }

    Problems problem(const std::string& doing) const {
        return {{"database", doing + ": " + sqlite3_errmsg(connection)}};
    }

    // Runs `sql` over `range` (and ?4 = extra when given), handing each row
    // to `row`; under this reader's lock (one connection, one query at a time).
    template <class Row>
    Status each(const char* sql, const DayRange& range, Row&& row, std::int64_t extra = -1) {
        std::lock_guard<std::mutex> guard(lock);
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(connection, sql, -1, &raw, nullptr) != SQLITE_OK) return problem("cannot prepare");
        const Statement statement(raw);
        sqlite3_bind_text(raw, 1, site.data(), static_cast<int>(site.size()), SQLITE_STATIC);
        sqlite3_bind_int64(raw, 2, range.fromDay * kDayMs);
        sqlite3_bind_int64(raw, 3, range.toDay * kDayMs);
        if (extra >= 0) sqlite3_bind_int64(raw, 4, extra);
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) row(raw);
        if (rc != SQLITE_DONE) return problem("cannot read the figures");
        return done();
    }

    // The rows of `sql` over `range`, each made one T by `make`, in order.
    template <class T, class Make>
    Result<std::vector<T>> list(const char* sql, const DayRange& range, Make make, std::int64_t extra = -1) {
        std::vector<T> out;
        auto read = each(sql, range, [&](sqlite3_stmt* s) { out.push_back(make(s)); }, extra);
        if (!read) return read.problems();
        return out;
    }

    sqlite3* connection = nullptr;
    std::string site;
    std::mutex lock;
};

SqliteAnalytics::SqliteAnalytics(std::unique_ptr<Reader> db) : db_(std::move(db)) {}
SqliteAnalytics::~SqliteAnalytics() = default;

Result<std::unique_ptr<SqliteAnalytics>> SqliteAnalytics::open(const std::string& database, const std::string& site) {
    auto db = std::make_unique<Reader>();
    db->site = site;
    const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(database.c_str(), &db->connection, flags, nullptr) != SQLITE_OK)
        return db->problem("cannot open " + database + " to read the dashboard's figures");
    sqlite3_busy_timeout(db->connection, 5000);
    return std::unique_ptr<SqliteAnalytics>(new SqliteAnalytics(std::move(db)));
}

Result<Traffic> SqliteAnalytics::traffic(const DayRange& range) {
    Traffic t;
    auto read = db_->each(kTraffic, range, [&](sqlite3_stmt* s) {
        t = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
             sqlite3_column_int64(s, 3)};
    });
    if (!read) return read.problems();
    auto days = db_->each(kVisitorDays, range, [&](sqlite3_stmt* s) { t.visitorDays = sqlite3_column_int64(s, 0); });
    if (!days) return days.problems();
    return t;
}

Result<Engagement> SqliteAnalytics::engagement(const DayRange& range) {
    Engagement e;
    auto read = db_->each(kEngagement, range, [&](sqlite3_stmt* s) {
        e = {sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1), sqlite3_column_double(s, 2)};
    });
    if (!read) return read.problems();
    return e;
}

Result<std::vector<DayCount>> SqliteAnalytics::pageViewsByDay(const DayRange& range) {
    auto days = everyDayOf<DayCount>(range);
    auto read = db_->each(kPageViewsByDay, range, [&](sqlite3_stmt* s) {
        days[static_cast<std::size_t>(sqlite3_column_int64(s, 0) - range.fromDay)].count = sqlite3_column_int64(s, 1);
    });
    if (!read) return read.problems();
    return days;
}

Result<std::vector<Counted>> SqliteAnalytics::topPages(const DayRange& range, int limit) {
    return db_->list<Counted>(kTopPages, range, counted, limit);
}

Result<std::vector<ClickCount>> SqliteAnalytics::topClicks(const DayRange& range, int limit) {
    return db_->list<ClickCount>(kTopClicks, range, [](sqlite3_stmt* s) {
        return ClickCount{textAt(s, 0), textAt(s, 1), textAt(s, 2), sqlite3_column_int64(s, 3)};
    }, limit);
}

Result<std::vector<Counted>> SqliteAnalytics::customEvents(const DayRange& range) {
    return db_->list<Counted>(kCustomEvents, range, counted);
}

Result<std::vector<DecisionDay>> SqliteAnalytics::decisionsByDay(const DayRange& range) {
    auto days = everyDayOf<DecisionDay>(range);
    auto read = db_->each(kDecisionsByDay, range, [&](sqlite3_stmt* s) {
        DecisionDay& day = days[static_cast<std::size_t>(sqlite3_column_int64(s, 0) - range.fromDay)];
        countDecisions(day, textAt(s, 1), sqlite3_column_int64(s, 2));
    });
    if (!read) return read.problems();
    return days;
}

Result<std::vector<GrantRate>> SqliteAnalytics::grants(const char* column, const DayRange& range) {
    char* sql = sqlite3_mprintf(kGrants, column);
    auto rates = db_->list<GrantRate>(sql, range, [](sqlite3_stmt* s) {
        return GrantRate{textAt(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)};
    });
    sqlite3_free(sql);
    return rates;
}

Result<std::vector<GrantRate>> SqliteAnalytics::purposeGrants(const DayRange& range) {
    return grants("purposes", range);
}

Result<std::vector<Counted>> SqliteAnalytics::refusals(const DayRange& range) {
    return db_->list<Counted>(kRefusals, range, counted);
}

Result<std::vector<PurposeDay>> SqliteAnalytics::purposeGrantsByDay(const DayRange& range) {
    return db_->list<PurposeDay>(kPurposeGrantsByDay, range, [](sqlite3_stmt* s) {
        return PurposeDay{sqlite3_column_int64(s, 0), textAt(s, 1), sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3)};
    });
}

Result<std::vector<GrantRate>> SqliteAnalytics::permissionGrants(const DayRange& range) {
    return grants("permissions", range);
}

}  // namespace assent::server
