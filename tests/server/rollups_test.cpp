// Per-day rollups (rollups.hpp, pg_rollups.hpp) against the events they
// roll up: two stores of one kind are given the same random site, event for
// event; one rolls its past days up, the other never does, and every figure
// of the dashboard must be the same in both, after late events, an erasure
// and retention too (and, in PostgreSQL, a fetch the stream delivers again).
#include <random>
#include <sstream>
#include <thread>

#include "calendar.hpp"
#include "fresh_store.hpp"

using namespace server_test;

namespace {

const std::int64_t kFirstDay = *dayNumber("2024-03-01");
constexpr int kDays = 25;

struct Arrival {
    std::string consentId;
    std::vector<Event> events;
    std::int64_t receivedMs = 0;
};

// Visits of a few events each, some across midnight, some without
// identifiers; clicks on a few targets; page leaves with and without
// (or with broken) dwell and scroll; custom events.
std::vector<Arrival> randomSite(std::mt19937& random) {
    std::uniform_int_distribution<int> day(0, kDays - 1), visitor(0, 29), length(1, 6), kind(0, 9), pick(0, 3);
    std::uniform_int_distribution<std::int64_t> minute(0, 24 * 60 - 1);
    const char* pages[] = {"/", "/tea", "/cart", "/about"};
    const char* customs[] = {"newsletter_signup", "add_to_cart", "checkout", "newsletter_signup"};
    std::vector<Arrival> batches;
    for (int visit = 0; visit < 160; ++visit) {
        // Visits 0 and 10 cross the midnights the test rolls up to (days 10
        // and 20), so a visit is split by the rollup mark; the others fall
        // anywhere.
        const int v = visitor(random), d = visit == 0 ? 9 : visit == 10 ? 19 : day(random);
        const bool identified = kind(random) < 7;
        // A visit that starts at 23:58 goes on past midnight.
        std::int64_t ts = (kFirstDay + d) * kDayMs + (visit % 10 == 0 ? (24 * 60 - 2) * 60000 : minute(random) * 60000);
        Arrival b{"c" + std::to_string(v), {}, 0};
        const int n = length(random);
        for (int i = 0; i < n; ++i, ts += 45000) {
            const int k = i == 0 ? 0 : kind(random);
            Event e = event("v" + std::to_string(visit) + "-" + std::to_string(i),
                            k < 4 ? "$pageview" : k < 7 ? "$click" : k < 9 ? "$pageleave" : customs[pick(random)],
                            "analytics", ts);
            e.page = pages[pick(random)];
            if (e.name == "$click") e.props = {{"selector", "#b" + std::to_string(pick(random))}, {"text", "Go"}};
            if (e.name == "$pageleave") {
                const int p = pick(random);
                if (p == 1) e.props = {{"dwell_ms", std::to_string(ts % 9000)}, {"scroll_depth", std::to_string(ts % 101)}};
                if (p == 2) e.props = {{"dwell_ms", std::to_string(ts % 5000)}};
                if (p == 3) e.props = {{"scroll_depth", "most"}};
            }
            if (identified) {
                e.anonymousId = "a" + std::to_string(v);
                e.sessionId = "s" + std::to_string(visit);
            }
            b.events.push_back(std::move(e));
        }
        b.receivedMs = ts;
        batches.push_back(std::move(b));
    }
    return batches;
}

// Every figure computed from events, for one range, as text: two stores
// agree when their texts do.
template <class T>
T read(Result<T> result) {
    INFO(result.message());
    REQUIRE(result.ok());
    return std::move(result).value();
}

std::string figures(Analytics& a, const DayRange& range) {
    std::ostringstream out;
    const Traffic t = read(a.traffic(range));
    out << "traffic " << t.pageViews << ' ' << t.visitors << ' ' << t.visits << ' ' << t.bounces << ' ' << t.visitorDays << '\n';
    const Engagement e = read(a.engagement(range));
    out.precision(12);
    out << "engagement " << e.leaves << ' ' << e.meanDwellMs << ' ' << e.meanScrollDepth << '\n';
    for (const auto& d : read(a.pageViewsByDay(range))) out << "day " << d.day << ' ' << d.count << '\n';
    for (const auto& p : read(a.topPages(range, 50))) out << "page " << p.key << ' ' << p.count << '\n';
    for (const auto& c : read(a.topClicks(range, 50)))
        out << "click " << c.page << ' ' << c.selector << ' ' << c.text << ' ' << c.clicks << '\n';
    for (const auto& c : read(a.customEvents(range))) out << "custom " << c.key << ' ' << c.count << '\n';
    return out.str();
}

// The first row's first column of `sql`, as text, in the store's database.
std::string ask(const FreshStore& store, const std::string& sql) {
    if (store.kind() == "sqlite") return queryText(store.file(), sql);
    pqxx::connection c(store.url());
    pqxx::nontransaction tx(c);
    const auto rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
}

struct Twin {
    explicit Twin(const std::string& kind) : store(kind, "shop") {}
    FreshStore store;
    std::unique_ptr<Analytics> analytics = store.analytics("shop");

    // PostgreSQL's stream consumer keeps only events of consent ids with a
    // kept receipt (C14): every visitor has one.
    void decided(const std::string& consentId) {
        ConsentRecord r;
        r.consentId = consentId;
        r.recordId = "r-" + consentId;
        r.revision = 1;
        r.createdMs = r.updatedMs = kFirstDay * kDayMs;
        r.method = Method::AcceptAll;
        r.surface = Surface::Banner;
        r.language = "en";
        r.purposes = {{"analytics", {true, 0}}};
        REQUIRE(store->addReceipt(r, encodeRecord(r), r.updatedMs).ok());
    }
    void add(const Arrival& b) { REQUIRE(store->addEvents(b.consentId, "r", b.events, b.receivedMs).ok()); }
    // As the stream's consumer writes a fetch: the batches in one transaction.
    std::size_t fetched(const std::vector<Arrival>& batches) {
        std::vector<StreamedBatch> streamed;
        for (const Arrival& b : batches) streamed.push_back({b.consentId, "r", b.events, b.receivedMs, ""});
        const auto added = store.postgresql()->addStreamed(streamed);
        INFO(added.message());
        REQUIRE(added.ok());
        return added.value().stored;
    }
};

void compare(Twin& rolled, Twin& live, const char* when) {
    const DayRange ranges[] = {{kFirstDay - 1, kFirstDay + kDays + 1}, {kFirstDay + 5, kFirstDay + 15},
                               {kFirstDay + 10, kFirstDay + 11},     {kFirstDay + 18, kFirstDay + kDays},
                               {kFirstDay, kFirstDay + 3}};
    for (const DayRange& range : ranges) {
        INFO(when << ": " << dayText(range.fromDay) << " to " << dayText(range.toDay) << ", rolled up until "
                  << ask(rolled.store, "SELECT until_day FROM rollup_marks"));
        CHECK(figures(*rolled.analytics, range) == figures(*live.analytics, range));
    }
}

}  // namespace

TEST_CASE("a site's figures are the same read from per-day rollups as from its events, whatever changes them",
          "[dashboard][rollups]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    const unsigned seed = std::random_device{}();
    INFO(kind << ", seed " << seed);
    std::mt19937 random(seed);
    const auto batches = randomSite(random);
    Twin rolled(kind), live(kind);
    for (int v = 0; v < 30; ++v) rolled.decided("c" + std::to_string(v)), live.decided("c" + std::to_string(v));
    const std::size_t half = batches.size() / 2;
    for (std::size_t i = 0; i < half; ++i) rolled.add(batches[i]), live.add(batches[i]);
    REQUIRE(rolled.store->rollUp(kFirstDay + 10).ok());
    compare(rolled, live, "half the visits, 10 days rolled up");

    // The rest arrives, some of it for days already rolled up (a server
    // that allows more delay than before, a clock far behind). In
    // PostgreSQL, half of it through a server, half from the stream, as
    // one fetch.
    const std::size_t mid = half + (batches.size() - half) / 2;
    const std::size_t fromStream = kind == "postgresql" ? mid : batches.size();
    for (std::size_t i = half; i < fromStream; ++i) rolled.add(batches[i]), live.add(batches[i]);
    const std::vector<Arrival> fetch(batches.begin() + static_cast<std::ptrdiff_t>(fromStream), batches.end());
    if (!fetch.empty()) {
        std::size_t events = 0;
        for (const Arrival& b : fetch) events += b.events.size();
        CHECK(rolled.fetched(fetch) == events);
        CHECK(live.fetched(fetch) == events);
    }
    compare(rolled, live, "late events");
    REQUIRE(rolled.store->rollUp(kFirstDay + 20).ok());
    compare(rolled, live, "20 days rolled up");
    if (!fetch.empty()) {
        // The stream delivers the fetch again (a consumer that died before
        // its acknowledgement), after its days were rolled up: nothing changes.
        CHECK(rolled.fetched(fetch) == 0);
        compare(rolled, live, "the fetch delivered again");
    }

    REQUIRE(rolled.store->erase("c3").ok());
    REQUIRE(live.store->erase("c3").ok());
    compare(rolled, live, "after erasing c3");

    const std::int64_t now = (kFirstDay + kDays) * kDayMs;
    const Retention keep{(kDays - 8) * kDayMs, 0};  // events received in the first 8 days go
    CHECK(rolled.store->retire(now, keep).value().events == live.store->retire(now, keep).value().events);
    compare(rolled, live, "after retention");
    CHECK(ask(rolled.store, "SELECT count(*) FROM day_pages") != "0");  // the rollups were read
    CHECK(ask(live.store, "SELECT count(*) FROM day_pages") == "0");    // and the twin had none
}

TEST_CASE("the rollup mark only moves forward, over days without events too", "[dashboard][rollups]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    FreshStore store(kind, "shop");
    CHECK(store->rollUp(kFirstDay).value() == 0);  // no events: only the mark moves
    CHECK(ask(store, "SELECT until_day FROM rollup_marks") == std::to_string(kFirstDay));
    REQUIRE(store->addEvents("c1", "r", {event("e1", "$pageview", "analytics", (kFirstDay + 2) * kDayMs)}, 0).ok());
    CHECK(store->rollUp(kFirstDay + 5).value() == 5);
    CHECK(store->rollUp(kFirstDay + 1).value() == 0);  // never back
    CHECK(ask(store, "SELECT until_day FROM rollup_marks") == std::to_string(kFirstDay + 5));
    CHECK(ask(store, "SELECT (day - " + std::to_string(kFirstDay) + ") || ':' || n FROM day_pages") == "2:1");
}

TEST_CASE("servers that share PostgreSQL roll each day up once, and events that arrive meanwhile are counted",
          "[dashboard][rollups][postgresql]") {
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", "shop");
    auto second = store.secondServer("shop");
    auto writer = store.secondServer("shop");
    for (int d = 0; d < 20; ++d)
        REQUIRE(store->addEvents("c1", "r", {event("d" + std::to_string(d), "$pageview", "analytics",
                                                   (kFirstDay + d) * kDayMs + 1000)}, 0).ok());
    // Two servers roll up together while another adds a late event to
    // every day, a batch a day.
    Result<std::int64_t> byFirst = std::int64_t{0}, bySecond = std::int64_t{0};
    std::thread a([&] { byFirst = store->rollUp(kFirstDay + 20); });
    std::thread b([&] { bySecond = second->rollUp(kFirstDay + 20); });
    for (int d = 0; d < 20; ++d)
        REQUIRE(writer->addEvents("c2", "r", {event("late" + std::to_string(d), "$pageview", "analytics",
                                                    (kFirstDay + d) * kDayMs + 2000)}, 0).ok());
    a.join();
    b.join();
    REQUIRE(byFirst.ok());
    REQUIRE(bySecond.ok());
    CHECK(byFirst.value() + bySecond.value() == 20);
    CHECK(ask(store, "SELECT count(*) FROM day_pages") == "20");  // one row a day: no day made twice
    CHECK(ask(store, "SELECT count(*) FROM day_pages WHERE n = 2") == "20");  // each day's two page views
}

TEST_CASE("a PostgreSQL database from before the rollups gains them at the next start, with the same figures",
          "[dashboard][rollups][postgresql]") {
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", "shop");
    std::mt19937 random(7);
    for (const Arrival& b : randomSite(random)) REQUIRE(store->addEvents(b.consentId, "r", b.events, b.receivedMs).ok());
    const DayRange all{kFirstDay - 1, kFirstDay + kDays + 1};
    const std::string before = figures(*store.analytics("shop"), all);
    {  // the schema as the servers before the rollups left it: version 4
        pqxx::connection c(store.url());
        pqxx::work tx(c);
        tx.exec("DROP TABLE rollup_marks, day_pages, day_clicks, day_leaves, day_visitors, day_sessions, "
                "day_visitor_hashes");
        tx.exec("UPDATE assent_schema SET version = 4");
        tx.commit();
    }
    std::string notice;
    auto upgraded = PgStore::open(store.url(), "shop", &notice);
    INFO(upgraded.message());
    REQUIRE(upgraded.ok());
    CHECK(notice == "PostgreSQL schema 4 -> 6");  // 6: the daily visitor salts
    CHECK(figures(*store.analytics("shop"), all) == before);  // nothing rolled up yet: read from the events
    CHECK(upgraded.value()->rollUp(kFirstDay + kDays).value() == kDays);
    CHECK(figures(*store.analytics("shop"), all) == before);
    CHECK(ask(store, "SELECT count(DISTINCT day) FROM day_pages") == std::to_string(kDays));
}
