// Per-day rollups (rollups.hpp) against the events they roll up: two stores
// are given the same random site, event for event; one rolls its past days
// up, the other never does, and every figure of the dashboard must be the
// same in both, after late events, an erasure and retention too.
#include "rollups.hpp"

#include <random>
#include <sstream>

#include "sqlite_analytics.hpp"
#include "calendar.hpp"
#include "support.hpp"

using namespace server_test;

namespace {

const std::int64_t kFirstDay = *dayNumber("2024-03-01");
constexpr int kDays = 25;

struct Batch {
    std::string consentId;
    std::vector<Event> events;
    std::int64_t receivedMs = 0;
};

// Visits of a few events each, some across midnight, some without
// identifiers; clicks on a few targets; page leaves with and without
// (or with broken) dwell and scroll; custom events.
std::vector<Batch> randomSite(std::mt19937& random) {
    std::uniform_int_distribution<int> day(0, kDays - 1), visitor(0, 29), length(1, 6), kind(0, 9), pick(0, 3);
    std::uniform_int_distribution<std::int64_t> minute(0, 24 * 60 - 1);
    const char* pages[] = {"/", "/tea", "/cart", "/about"};
    const char* customs[] = {"newsletter_signup", "add_to_cart", "checkout", "newsletter_signup"};
    std::vector<Batch> batches;
    for (int visit = 0; visit < 160; ++visit) {
        // Visits 0 and 10 cross the midnights the test rolls up to (days 10
        // and 20), so a visit is split by the rollup mark; the others fall
        // anywhere.
        const int v = visitor(random), d = visit == 0 ? 9 : visit == 10 ? 19 : day(random);
        const bool identified = kind(random) < 7;
        // A visit that starts at 23:58 goes on past midnight.
        std::int64_t ts = (kFirstDay + d) * kDayMs + (visit % 10 == 0 ? (24 * 60 - 2) * 60000 : minute(random) * 60000);
        Batch b{"c" + std::to_string(v), {}, 0};
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

struct Twin {
    TempDir dir;
    fs::path file = dir.path() / "assent.db";
    std::unique_ptr<SqliteStore> store = openStore(file, "shop");
    std::unique_ptr<Analytics> analytics = std::move(SqliteAnalytics::open(file.string(), "shop")).value();

    void add(const Batch& b) { REQUIRE(store->addEvents(b.consentId, "r", b.events, b.receivedMs).ok()); }
};

void compare(Twin& rolled, Twin& live, const char* when) {
    const DayRange ranges[] = {{kFirstDay - 1, kFirstDay + kDays + 1}, {kFirstDay + 5, kFirstDay + 15},
                               {kFirstDay + 10, kFirstDay + 11},     {kFirstDay + 18, kFirstDay + kDays},
                               {kFirstDay, kFirstDay + 3}};
    for (const DayRange& range : ranges) {
        INFO(when << ": " << dayText(range.fromDay) << " to " << dayText(range.toDay) << ", rolled up until "
                  << queryText(rolled.file, "SELECT until_day FROM rollup_marks"));
        CHECK(figures(*rolled.analytics, range) == figures(*live.analytics, range));
    }
}

}  // namespace

TEST_CASE("a site's figures are the same read from per-day rollups as from its events, whatever changes them",
          "[dashboard][rollups]") {
    const unsigned seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 random(seed);
    const auto batches = randomSite(random);
    Twin rolled, live;
    const std::size_t half = batches.size() / 2;
    for (std::size_t i = 0; i < half; ++i) rolled.add(batches[i]), live.add(batches[i]);
    REQUIRE(rolled.store->rollUp(kFirstDay + 10).ok());
    compare(rolled, live, "half the visits, 10 days rolled up");

    // The rest arrives, some of it for days already rolled up (a server
    // that allows more delay than before, a clock far behind).
    for (std::size_t i = half; i < batches.size(); ++i) rolled.add(batches[i]), live.add(batches[i]);
    compare(rolled, live, "late events");
    REQUIRE(rolled.store->rollUp(kFirstDay + 20).ok());
    compare(rolled, live, "20 days rolled up");

    REQUIRE(rolled.store->erase("c3").ok());
    REQUIRE(live.store->erase("c3").ok());
    compare(rolled, live, "after erasing c3");

    const std::int64_t now = (kFirstDay + kDays) * kDayMs;
    const Retention keep{(kDays - 8) * kDayMs, 0};  // events received in the first 8 days go
    CHECK(rolled.store->retire(now, keep).value().events == live.store->retire(now, keep).value().events);
    compare(rolled, live, "after retention");
    CHECK(queryText(rolled.file, "SELECT count(*) FROM day_pages") != "0");  // the rollups were read
}

TEST_CASE("the rollup mark only moves forward, over days without events too", "[dashboard][rollups]") {
    TempDir dir;
    auto store = openStore(dir.path() / "assent.db", "shop");
    CHECK(store->rollUp(kFirstDay).value() == 0);  // no events: only the mark moves
    CHECK(queryText(dir.path() / "assent.db", "SELECT until_day FROM rollup_marks") == std::to_string(kFirstDay));
    REQUIRE(store->addEvents("c1", "r", {event("e1", "$pageview", "analytics", (kFirstDay + 2) * kDayMs)}, 0).ok());
    CHECK(store->rollUp(kFirstDay + 5).value() == 5);
    CHECK(store->rollUp(kFirstDay + 1).value() == 0);  // never back
    CHECK(queryText(dir.path() / "assent.db", "SELECT until_day FROM rollup_marks") == std::to_string(kFirstDay + 5));
    CHECK(queryText(dir.path() / "assent.db", "SELECT (day - " + std::to_string(kFirstDay) + ") || ':' || n FROM day_pages") == "2:1");
}
