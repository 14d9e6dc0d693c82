#include "pg_analytics.hpp"

#include <utility>

#include "calendar.hpp"
#include "pg_pool.hpp"

namespace assent::server {
namespace {

// The same figures as sqlite_analytics.cpp, over the same rows: every query
// binds $1 the site, $2 and $3 the range's bounds in ms ($4 a limit).
// Ties are ordered bytewise (COLLATE "C"), as SQLite orders text.
#define ASSENT_EVENTS "site = $1 AND ts >= $2::bigint AND ts < $3::bigint"
#define ASSENT_RECEIPTS "site = $1 AND received_ms >= $2::bigint AND received_ms < $3::bigint AND NOT erased"

constexpr const char* kTraffic = R"sql(
WITH e AS (SELECT name, anonymous_id, session_id FROM events WHERE )sql" ASSENT_EVENTS R"sql(),
visits AS (
  SELECT count(*) FILTER (WHERE name = '$pageview') AS v,
         count(*) FILTER (WHERE name NOT IN ('$pageview', '$pageleave')) AS o
  FROM e WHERE session_id IS NOT NULL GROUP BY session_id)
SELECT (SELECT count(*) FROM e WHERE name = '$pageview'),
       (SELECT count(DISTINCT anonymous_id) FROM e),
       (SELECT count(*) FROM visits),
       (SELECT count(*) FROM visits WHERE v = 1 AND o = 0)
)sql";

// A daily hash means nothing across days: count each day's, then add.
constexpr const char* kVisitorDays = R"sql(
SELECT coalesce(sum(n), 0) FROM (
  SELECT count(DISTINCT daily_visitor) AS n FROM events
  WHERE )sql" ASSENT_EVENTS R"sql( AND daily_visitor IS NOT NULL GROUP BY ts / 86400000) AS days
)sql";

// Props are kept as text (a flat JSON object of strings). A value that is
// not a number counts as 0, as SQLite's CAST makes it: the two stores give
// the same means for the same rows.
#define ASSENT_NUMBER(key)                                                                                      \
    "CASE WHEN p->>'" key "' IS NULL THEN NULL WHEN p->>'" key                                                  \
    "' ~ '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$' THEN (p->>'" key "')::float8 ELSE 0 END"
constexpr const char* kEngagement = R"sql(
SELECT count(*), coalesce(avg(d), 0), coalesce(avg(s), 0) FROM (
  SELECT )sql" ASSENT_NUMBER("dwell_ms") " AS d, " ASSENT_NUMBER("scroll_depth") R"sql( AS s
  FROM (SELECT props::jsonb AS p FROM events WHERE )sql" ASSENT_EVENTS R"sql( AND name = '$pageleave') AS leaves
) AS numbers
)sql";
#undef ASSENT_NUMBER

constexpr const char* kPageViewsByDay =
    "SELECT ts / 86400000, count(*) FROM events WHERE " ASSENT_EVENTS " AND name = '$pageview' GROUP BY 1";

constexpr const char* kTopPages = "SELECT page, count(*) AS total FROM events WHERE " ASSENT_EVENTS
                                  " AND name = '$pageview' GROUP BY page ORDER BY total DESC, page COLLATE \"C\""
                                  " LIMIT $4::bigint";

constexpr const char* kTopClicks = R"sql(
SELECT page, s, t, count(*) AS total FROM (
  SELECT page, coalesce(props::jsonb->>'selector', '') AS s, coalesce(props::jsonb->>'text', '') AS t
  FROM events WHERE )sql" ASSENT_EVENTS R"sql( AND name = '$click') AS clicks
GROUP BY page, s, t ORDER BY total DESC, page COLLATE "C", s COLLATE "C", t COLLATE "C" LIMIT $4::bigint
)sql";

constexpr const char* kCustomEvents = "SELECT name, count(*) AS total FROM events WHERE " ASSENT_EVENTS
                                      " AND left(name, 1) <> '$' GROUP BY name ORDER BY total DESC, name COLLATE \"C\"";

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

#undef ASSENT_EVENTS
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
    // to `row`.
    template <class Row>
    Status each(const std::string& sql, const DayRange& range, Row&& row, std::int64_t extra = -1) {
        return with<Done>("cannot read the figures", [&](pqxx::connection& c) -> Status {
            pqxx::read_transaction tx(c);
            const std::int64_t from = range.fromDay * kDayMs, to = range.toDay * kDayMs;
            const pqxx::result rows =
                extra >= 0 ? tx.exec_params(sql, site, from, to, extra) : tx.exec_params(sql, site, from, to);
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
