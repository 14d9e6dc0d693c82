#include "pg_analytics.hpp"

#include <algorithm>
#include <utility>

#include "calendar.hpp"
#include "pg_pool.hpp"
#include "pg_rollups.hpp"

namespace assent::server {
namespace {

// The same figures as sqlite_analytics.cpp, over the same rows, read the
// same way: every query binds $1 the site, $2 and $3 the range's bounds in
// ms ($4 a limit). Events: the days below the site's rollup mark are read
// from their rollups (pg_rollups.hpp), the rest of the range from the events
// themselves: {hi} is the end of the range's rolled-up days, {live} the ms
// where the events take over, written in by Reader::each from the mark
// it reads in the query's snapshot. As numbers, not subqueries, they let
// the planner see how many rows a range holds (a year: hashing, not sorting
// 170,000 rollup rows).
// Ties are ordered bytewise (COLLATE "C"), as SQLite orders text.
#define ASSENT_ROLLED "site = $1 AND day >= $2::bigint / 86400000 AND day < {hi}"
#define ASSENT_LIVE "site = $1 AND ts >= {live} AND ts < $3::bigint"
#define ASSENT_RECEIPTS "site = $1 AND received_ms >= $2::bigint AND received_ms < $3::bigint AND NOT erased"

// Visits and bounces: a rolled-up session that spans no day is one row
// (counted as it is); those that span days are grouped (few); the sessions
// of the days read from events are grouped and merged with their rolled-up
// rows, if any, so a visit that crosses the mark counts once.
constexpr const char* kTraffic = R"sql(
WITH rolled AS (
  SELECT count(*) AS visits, count(*) FILTER (WHERE v = 1 AND o = 0) AS bounces FROM (
    SELECT views AS v, others AS o FROM day_sessions WHERE )sql" ASSENT_ROLLED R"sql( AND NOT spans
    UNION ALL
    SELECT sum(views), sum(others) FROM day_sessions WHERE )sql" ASSENT_ROLLED R"sql( AND spans GROUP BY session_id
  ) AS s
),
l AS (
  SELECT session_id AS s, count(*) FILTER (WHERE name = '$pageview') AS v,
         count(*) FILTER (WHERE name NOT IN ('$pageview', '$pageleave')) AS o
  FROM events WHERE )sql" ASSENT_LIVE R"sql( AND session_id IS NOT NULL GROUP BY session_id
),
p AS (
  SELECT session_id, sum(views) AS views, sum(others) AS others FROM day_sessions
  WHERE )sql" ASSENT_ROLLED R"sql( AND session_id IN (SELECT s FROM l) GROUP BY session_id
),
fresh AS (
  SELECT l.v + coalesce(p.views, 0) AS v, l.o + coalesce(p.others, 0) AS o, p.session_id IS NOT NULL AS before,
         coalesce(p.views = 1 AND p.others = 0, false) AS bounced_before
  FROM l LEFT JOIN p ON p.session_id = l.s
)
SELECT
  (SELECT coalesce(sum(n), 0) FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview')
    + (SELECT count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview'),
  -- Visitors of the rolled-up days, then those of the rest not already counted.
  (SELECT count(*) FROM (SELECT anonymous_id FROM day_visitors WHERE )sql" ASSENT_ROLLED R"sql( GROUP BY 1) AS v)
    + (SELECT count(DISTINCT e.anonymous_id) FROM events AS e
       WHERE )sql" ASSENT_LIVE R"sql( AND e.anonymous_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM day_visitors AS v
         WHERE v.site = $1 AND v.anonymous_id = e.anonymous_id AND v.day >= $2::bigint / 86400000 AND v.day < {hi})),
  (SELECT visits FROM rolled) + (SELECT count(*) FROM fresh WHERE NOT before),
  (SELECT bounces FROM rolled)
    + (SELECT count(*) FILTER (WHERE v = 1 AND o = 0) - count(*) FILTER (WHERE before AND bounced_before) FROM fresh)
)sql";

// A daily hash means nothing across days: count each day's, then add.
constexpr const char* kVisitorDays = R"sql(
SELECT (SELECT coalesce(sum(n), 0) FROM day_visitor_hashes WHERE )sql" ASSENT_ROLLED R"sql()
  + (SELECT coalesce(sum(n), 0) FROM (
      SELECT count(DISTINCT daily_visitor) AS n FROM events
      WHERE )sql" ASSENT_LIVE R"sql( AND daily_visitor IS NOT NULL GROUP BY ts / 86400000) AS days)
)sql";

// A mean is a sum over a count, so rolled-up days and live ones add up
// exactly as one avg() would.
constexpr const char* kEngagement = R"sql(
SELECT coalesce(sum(l), 0), coalesce(sum(ds) / nullif(sum(dn), 0)::float8, 0),
       coalesce(sum(ss) / nullif(sum(sn), 0)::float8, 0)
FROM (
  SELECT leaves AS l, dwell_sum AS ds, dwell_n AS dn, scroll_sum AS ss, scroll_n AS sn FROM day_leaves
  WHERE )sql" ASSENT_ROLLED R"sql(
  UNION ALL
  SELECT count(*), coalesce(sum(d), 0), count(d), coalesce(sum(s), 0), count(s) FROM (
    SELECT )sql" ASSENT_PG_NUMBER("dwell_ms") " AS d, " ASSENT_PG_NUMBER("scroll_depth") R"sql( AS s
    FROM (SELECT props::jsonb AS p FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageleave') AS leaves
  ) AS numbers
) AS days
)sql";

constexpr const char* kPageViewsByDay = R"sql(
SELECT day, sum(n) FROM (
  SELECT day, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview'
  UNION ALL
  SELECT ts / 86400000, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview' GROUP BY 1
) AS days GROUP BY day
)sql";

constexpr const char* kTopPages = R"sql(
SELECT page, sum(n) AS total FROM (
  SELECT page, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND name = '$pageview'
  UNION ALL
  SELECT page, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$pageview' GROUP BY page
) AS pages GROUP BY page ORDER BY total DESC, page COLLATE "C" LIMIT $4::bigint
)sql";

constexpr const char* kTopClicks = R"sql(
SELECT page, selector, text, sum(n) AS total FROM (
  SELECT page, selector, text, n FROM day_clicks WHERE )sql" ASSENT_ROLLED R"sql(
  UNION ALL
  SELECT page, s, t, count(*) FROM (
    SELECT page, coalesce(props::jsonb->>'selector', '') AS s, coalesce(props::jsonb->>'text', '') AS t
    FROM events WHERE )sql" ASSENT_LIVE R"sql( AND name = '$click'
  ) AS clicks GROUP BY 1, 2, 3
) AS targets GROUP BY 1, 2, 3 ORDER BY total DESC, page COLLATE "C", selector COLLATE "C", text COLLATE "C"
LIMIT $4::bigint
)sql";

constexpr const char* kCustomEvents = R"sql(
SELECT name, sum(n) AS total FROM (
  SELECT name, n FROM day_pages WHERE )sql" ASSENT_ROLLED R"sql( AND left(name, 1) <> '$'
  UNION ALL
  SELECT name, count(*) FROM events WHERE )sql" ASSENT_LIVE R"sql( AND left(name, 1) <> '$' GROUP BY name
) AS names GROUP BY name ORDER BY total DESC, name COLLATE "C"
)sql";

#undef ASSENT_ROLLED
#undef ASSENT_LIVE

constexpr const char* kDecisionsByDay =
    "SELECT received_ms / 86400000, method, count(*) FROM consent_receipts WHERE " ASSENT_RECEIPTS " GROUP BY 1, 2";

// Each consent id's newest decision in the range, then its grants: `column`
// is purposes or permissions, {"<id>":{"granted":bool,…},…}.
std::string grantsSql(const char* column) {
    return std::string("WITH newest AS (SELECT ") + column + R"sql( AS grants,
    row_number() OVER (PARTITION BY consent_id ORDER BY updated_ms DESC, arrival DESC) AS n
  FROM consent_receipts WHERE )sql" ASSENT_RECEIPTS R"sql()
SELECT g.key, count(*) FILTER (WHERE g.value->'granted' = 'true'::jsonb), count(*)
FROM newest, jsonb_each(newest.grants::jsonb) AS g WHERE newest.n = 1 GROUP BY g.key ORDER BY g.key COLLATE "C"
)sql";
}

// Every decision received on a day counts that day.
constexpr const char* kPurposeGrantsByDay = R"sql(
SELECT r.received_ms / 86400000 AS day, g.key, count(*) FILTER (WHERE g.value->'granted' = 'true'::jsonb), count(*)
FROM consent_receipts AS r, jsonb_each(r.purposes::jsonb) AS g
WHERE r.)sql" ASSENT_RECEIPTS R"sql(
GROUP BY 1, 2 ORDER BY day, g.key COLLATE "C"
)sql";

constexpr const char* kRefusals = R"sql(
SELECT reason, sum(count) AS total FROM refusals
WHERE site = $1 AND day >= $2::bigint / 86400000 AND day < $3::bigint / 86400000
GROUP BY reason ORDER BY total DESC, reason COLLATE "C"
)sql";

#undef ASSENT_RECEIPTS

std::string text(const pqxx::field& f) { return f.as<std::string>(); }
std::int64_t number(const pqxx::field& f) { return f.as<std::int64_t>(); }
Counted counted(const pqxx::row& r) { return {text(r[0]), number(r[1])}; }

}  // namespace

// One connection (pg_pool.hpp), one query at a time.
struct PgAnalytics::Reader : PgPool {
    Reader(const std::string& conninfo, std::string site) : PgPool(conninfo, 1), site(std::move(site)) {}
    const std::string site;

    // Runs `sql` over `range` (and $4 = extra when given), handing each row
    // to `row`. The mark and the query read one snapshot (a mark read
    // earlier would do too: it only moves forward, and a day's rollups change
    // with its events).
    template <class Row>
    Status each(const std::string& sql, const DayRange& range, Row&& row, std::int64_t extra = -1) {
        return with<Done>("cannot read the figures", [&](pqxx::connection& c) -> Status {
            pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
            const std::int64_t from = range.fromDay * kDayMs, to = range.toDay * kDayMs;
            std::string query = sql;
            if (query.find("{hi}") != std::string::npos) {
                // As sqlite_analytics.cpp's r and live.
                const std::int64_t hi = std::min(range.toDay, rolledUntil(tx, site));
                query = replaced(replaced(query, "{hi}", std::to_string(hi)), "{live}",
                                 std::to_string(std::max(from, hi * kDayMs)));
            }
            const pqxx::result rows =
                extra >= 0 ? tx.exec_params(query, site, from, to, extra) : tx.exec_params(query, site, from, to);
            for (const auto& r : rows) row(r);
            return done();
        });
    }

    // The rows of `sql` over `range`, each made one T by `make`, in order.
    template <class T, class Make>
    Result<std::vector<T>> list(const std::string& sql, const DayRange& range, Make make, std::int64_t extra = -1) {
        std::vector<T> out;
        auto read = each(sql, range, [&](const pqxx::row& r) { out.push_back(make(r)); }, extra);
        if (!read) return read.problems();
        return out;
    }
};

PgAnalytics::PgAnalytics(std::unique_ptr<Reader> db) : db_(std::move(db)) {}
PgAnalytics::~PgAnalytics() = default;

Result<std::unique_ptr<PgAnalytics>> PgAnalytics::open(const std::string& conninfo, const std::string& site) {
    auto db = std::make_unique<Reader>(conninfo, site);
    if (auto connected = db->connect("cannot connect to PostgreSQL to read the dashboard's figures"); !connected)
        return connected.problems();
    return std::unique_ptr<PgAnalytics>(new PgAnalytics(std::move(db)));
}

Result<Traffic> PgAnalytics::traffic(const DayRange& range) {
    Traffic t;
    auto read = db_->each(kTraffic, range, [&](const pqxx::row& r) {
        t = {number(r[0]), number(r[1]), number(r[2]), number(r[3])};
    });
    if (!read) return read.problems();
    auto days = db_->each(kVisitorDays, range, [&](const pqxx::row& r) { t.visitorDays = number(r[0]); });
    if (!days) return days.problems();
    return t;
}

Result<Engagement> PgAnalytics::engagement(const DayRange& range) {
    Engagement e;
    auto read = db_->each(kEngagement, range, [&](const pqxx::row& r) {
        e = {number(r[0]), r[1].as<double>(), r[2].as<double>()};
    });
    if (!read) return read.problems();
    return e;
}

Result<std::vector<DayCount>> PgAnalytics::pageViewsByDay(const DayRange& range) {
    auto days = everyDayOf<DayCount>(range);
    auto read = db_->each(kPageViewsByDay, range, [&](const pqxx::row& r) {
        days[static_cast<std::size_t>(number(r[0]) - range.fromDay)].count = number(r[1]);
    });
    if (!read) return read.problems();
    return days;
}

Result<std::vector<Counted>> PgAnalytics::topPages(const DayRange& range, int limit) {
    return db_->list<Counted>(kTopPages, range, counted, limit);
}

Result<std::vector<ClickCount>> PgAnalytics::topClicks(const DayRange& range, int limit) {
    return db_->list<ClickCount>(kTopClicks, range, [](const pqxx::row& r) {
        return ClickCount{text(r[0]), text(r[1]), text(r[2]), number(r[3])};
    }, limit);
}

Result<std::vector<Counted>> PgAnalytics::customEvents(const DayRange& range) {
    return db_->list<Counted>(kCustomEvents, range, counted);
}

Result<std::vector<DecisionDay>> PgAnalytics::decisionsByDay(const DayRange& range) {
    auto days = everyDayOf<DecisionDay>(range);
    auto read = db_->each(kDecisionsByDay, range, [&](const pqxx::row& r) {
        countDecisions(days[static_cast<std::size_t>(number(r[0]) - range.fromDay)], text(r[1]), number(r[2]));
    });
    if (!read) return read.problems();
    return days;
}

Result<std::vector<GrantRate>> PgAnalytics::grants(const std::string& sql, const DayRange& range) {
    return db_->list<GrantRate>(sql, range, [](const pqxx::row& r) {
        return GrantRate{text(r[0]), number(r[1]), number(r[2])};
    });
}

Result<std::vector<GrantRate>> PgAnalytics::purposeGrants(const DayRange& range) {
    static const std::string sql = grantsSql("purposes");
    return grants(sql, range);
}

Result<std::vector<GrantRate>> PgAnalytics::permissionGrants(const DayRange& range) {
    static const std::string sql = grantsSql("permissions");
    return grants(sql, range);
}

Result<std::vector<Counted>> PgAnalytics::refusals(const DayRange& range) {
    return db_->list<Counted>(kRefusals, range, counted);
}

Result<std::vector<PurposeDay>> PgAnalytics::purposeGrantsByDay(const DayRange& range) {
    return db_->list<PurposeDay>(kPurposeGrantsByDay, range, [](const pqxx::row& r) {
        return PurposeDay{number(r[0]), text(r[1]), number(r[2]), number(r[3])};
    });
}

}  // namespace assent::server
