// The dashboard's figures (analytics.hpp): SQL over the rows the store
// kept, on a small site whose answers are counted by hand below.
#include "analytics.hpp"

#include <sqlite3.h>

#include "calendar.hpp"
#include "fresh_store.hpp"

using namespace server_test;

namespace {

constexpr std::int64_t kHour = 60 * 60 * 1000;
const std::int64_t kDay0 = *dayNumber("2023-11-13");
const std::int64_t kDay0Ms = kDay0 * kDayMs;
const DayRange kTwoDays{kDay0, kDay0 + 2};  // 2023-11-13 and 2023-11-14

Event seen(const std::string& id, const std::string& name, const std::string& page, std::int64_t ts,
           const std::string& visitor, const std::string& session,
           std::vector<std::pair<std::string, std::string>> props = {}) {
    Event e = event(id, name, name == "newsletter_signup" ? "marketing" : "analytics", ts);
    e.page = page;
    e.props = std::move(props);
    e.anonymousId = visitor;
    e.sessionId = session;
    return e;
}

ConsentRecord decision(const std::string& consentId, const std::string& recordId, Method method, std::int64_t atMs,
                       bool analytics, bool marketing, std::map<std::string, Grant> permissions = {}) {
    ConsentRecord r;
    r.consentId = consentId;
    r.recordId = recordId;
    r.revision = 1;
    r.createdMs = r.updatedMs = atMs;
    r.method = method;
    r.surface = Surface::Banner;
    r.language = "en";
    r.purposes = {{"analytics", {analytics, 0}}, {"marketing", {marketing, 0}}};
    r.permissions = std::move(permissions);
    return r;
}

void keep(Store& store, const ConsentRecord& r) { REQUIRE(store.addReceipt(r, encodeRecord(r), r.updatedMs).ok()); }

// Two days of a small site (times UTC):
//   visitor a1: visit s1 on day 0 (/, a click on #buy, /tea), visit s2 on day 1 (/, left after 3 s at 50 %)
//   visitor b1: visit s3 on day 0 (/tea, left after 1 s at 100 %)
//   someone who allowed no identifiers, on day 1: /, a click on #buy, a newsletter_signup
//   outside the range: a page view the day before and the day after, and one of another site
//   decisions: c1 accepts all on day 0 and withdraws on day 1; c2 rejects all on day 0;
//   c3 customises on day 1 and then allows geolocation, refuses the camera;
//   c4 accepts all the day after; c5 customised on day 0 and was erased.
// Where the rows are: each store kind, also with the days before
// `rollUpBefore` read from their rollups (rollups.hpp, pg_rollups.hpp), as a
// server does once they are closed. The figures must not change.
struct Setup {
    std::string kind;
    std::int64_t rollUpBefore = 0;
};

std::vector<Setup> setups() {
    std::vector<Setup> all;
    for (const std::string& kind : storeKinds()) {
        all.push_back({kind});
        for (std::int64_t day : {kDay0, kDay0 + 1, kDay0 + 3}) all.push_back({kind, day});
    }
    return all;
}

struct SmallSite {
    FreshStore store;

    explicit SmallSite(const Setup& setup = {"sqlite"}) : store(setup.kind, "shop") {
        const auto at = [](int day, int hour, int minute = 0) { return kDay0Ms + day * kDayMs + hour * kHour + minute * 60000; };
        REQUIRE(store->addEvents("c1", "r1", {
            seen("e1", "$pageview", "/", at(0, 10), "a1", "s1"),
            seen("e2", "$click", "/", at(0, 10, 1), "a1", "s1", {{"selector", "#buy"}, {"text", "Buy"}}),
            seen("e3", "$pageview", "/tea", at(0, 10, 2), "a1", "s1"),
            seen("e4", "$pageview", "/", at(1, 9), "a1", "s2"),
            seen("e5", "$pageleave", "/", at(1, 9, 1), "a1", "s2", {{"dwell_ms", "3000"}, {"scroll_depth", "50"}}),
        }, at(1, 12)).ok());
        REQUIRE(store->addEvents("c2", "r2", {
            seen("e1", "$pageview", "/tea", at(0, 11), "b1", "s3"),
            seen("e2", "$pageleave", "/tea", at(0, 11, 1), "b1", "s3", {{"dwell_ms", "1000"}, {"scroll_depth", "100"}}),
        }, at(1, 12)).ok());
        REQUIRE(store->addEvents("c3", "r3", {
            seen("e1", "$pageview", "/", at(1, 10), "", ""),
            seen("e2", "$click", "/", at(1, 10, 1), "", "", {{"selector", "#buy"}, {"text", "Buy"}}),
            seen("e3", "newsletter_signup", "/", at(1, 10, 2), "", ""),
            seen("e4", "$pageview", "/early", at(-1, 23), "", ""),
            seen("e5", "$pageview", "/late", at(2, 0), "", ""),
        }, at(2, 1)).ok());
        auto other = store.otherSite("another-site");
        REQUIRE(other->addEvents("c9", "r9", {seen("e1", "$pageview", "/", at(0, 12), "a9", "s9")}, at(0, 12)).ok());

        keep(*store, decision("c1", "d1", Method::AcceptAll, at(0, 8), true, true));
        keep(*store, decision("c1", "d2", Method::Withdraw, at(1, 12), false, false));
        keep(*store, decision("c2", "d3", Method::RejectAll, at(0, 9), false, false));
        keep(*store, decision("c3", "d4", Method::Custom, at(1, 10), true, false));
        keep(*store, decision("c3", "d5", Method::Platform, at(1, 10, 5), true, false,
                              {{"geolocation", {true, 0}}, {"camera", {false, 0}}}));
        keep(*store, decision("c4", "d6", Method::AcceptAll, at(2, 8), true, true));
        keep(*store, decision("c5", "d7", Method::Custom, at(0, 7), true, false));
        REQUIRE(store->erase("c5").ok());
        if (setup.rollUpBefore > 0) REQUIRE(store->rollUp(setup.rollUpBefore).ok());
    }

    std::unique_ptr<Analytics> analytics() const { return store.analytics("shop"); }
};

template <class T>
T valueOf(Result<T> result) {
    INFO(result.message());
    REQUIRE(result.ok());
    return std::move(result).value();
}

}  // namespace

TEST_CASE("page views, visitors, visits and bounces are counted from the stored events of the range",
          "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const Traffic t = valueOf(site.analytics()->traffic(kTwoDays));
    CHECK(t.pageViews == 5);  // a1: 3, b1: 1, the person without identifiers: 1
    CHECK(t.visitors == 2);   // a1 and b1; no identifier, no visitor
    CHECK(t.visits == 3);     // s1, s2, s3
    CHECK(t.bounces == 2);    // s2 and s3 saw one page and did nothing else; s1 clicked and saw two
}

TEST_CASE("a visit is a bounce only when it saw one page and did nothing else", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    FreshStore store(setup.kind, "shop");
    const auto at = [](int minute) { return kDay0Ms + 10 * kHour + minute * 60000; };
    REQUIRE(store->addEvents("c1", "r1", {
        seen("e1", "$pageview", "/", at(0), "a1", "only-a-view"),
        seen("e2", "$pageview", "/", at(1), "a1", "view-and-leave"),
        seen("e3", "$pageleave", "/", at(2), "a1", "view-and-leave", {{"dwell_ms", "900"}}),
        seen("e4", "$pageview", "/", at(3), "a1", "view-and-click"),
        seen("e5", "$click", "/", at(4), "a1", "view-and-click", {{"selector", "#buy"}}),
        seen("e6", "$pageview", "/", at(5), "a1", "two-views"),
        seen("e7", "$pageview", "/tea", at(6), "a1", "two-views"),
    }, kDay0Ms + kDayMs).ok());
    if (setup.rollUpBefore > 0) REQUIRE(store->rollUp(setup.rollUpBefore).ok());
    const Traffic t = valueOf(store.analytics("shop")->traffic(kTwoDays));
    CHECK(t.visits == 4);
    CHECK(t.bounces == 2);  // only-a-view and view-and-leave
}

TEST_CASE("time on page and scroll depth are the means of the page leaves of the range", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const Engagement e = valueOf(site.analytics()->engagement(kTwoDays));
    CHECK(e.leaves == 2);
    CHECK(e.meanDwellMs == Approx(2000));   // (3000 + 1000) / 2
    CHECK(e.meanScrollDepth == Approx(75));  // (50 + 100) / 2
}

TEST_CASE("page views per day list every day of the range, in order", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const auto days = valueOf(site.analytics()->pageViewsByDay({kDay0 - 1, kDay0 + 3}));
    REQUIRE(days.size() == 4);
    CHECK(days[0].day == kDay0 - 1);
    CHECK(days[0].count == 1);  // /early
    CHECK(days[1].count == 3);  // a1's / and /tea, b1's /tea
    CHECK(days[2].count == 2);  // a1's / and the /
    CHECK(days[3].count == 1);  // /late
}

TEST_CASE("top pages, top clicks and custom events count only the range's events of this site", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    auto analytics = site.analytics();
    const auto pages = valueOf(analytics->topPages(kTwoDays, 10));
    REQUIRE(pages.size() == 2);
    CHECK((pages[0].key == "/" && pages[0].count == 3));
    CHECK((pages[1].key == "/tea" && pages[1].count == 2));
    CHECK(valueOf(analytics->topPages(kTwoDays, 1)).size() == 1);

    const auto clicks = valueOf(analytics->topClicks(kTwoDays, 10));
    REQUIRE(clicks.size() == 1);
    CHECK(clicks[0].page == "/");
    CHECK(clicks[0].selector == "#buy");
    CHECK(clicks[0].text == "Buy");
    CHECK(clicks[0].clicks == 2);

    const auto custom = valueOf(analytics->customEvents(kTwoDays));
    REQUIRE(custom.size() == 1);
    CHECK((custom[0].key == "newsletter_signup" && custom[0].count == 1));
}

TEST_CASE("consent decisions per day are counted by how they were given; an erased one is no one's any more",
          "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const auto days = valueOf(site.analytics()->decisionsByDay(kTwoDays));
    REQUIRE(days.size() == 2);
    CHECK(days[0].acceptAll == 1);  // c1 (c5's custom was erased)
    CHECK(days[0].rejectAll == 1);  // c2
    CHECK(days[0].custom == 0);
    CHECK(days[0].total() == 2);
    CHECK(days[1].withdraw == 1);  // c1
    CHECK(days[1].custom == 1);    // c3
    CHECK(days[1].other == 1);     // c3's permission answer
    CHECK(days[1].total() == 3);
}

TEST_CASE("a purpose's grant rate is the share of people whose newest decision in the range grants it",
          "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const auto purposes = valueOf(site.analytics()->purposeGrants(kTwoDays));
    REQUIRE(purposes.size() == 2);
    // c1 withdrew, c2 refused, c3 granted analytics only; c4 decided after the range.
    CHECK((purposes[0].id == "analytics" && purposes[0].granted == 1 && purposes[0].decided == 3));
    CHECK((purposes[1].id == "marketing" && purposes[1].granted == 0 && purposes[1].decided == 3));
}

TEST_CASE("of two decisions a person made in the same millisecond, the one received later is the newest",
          "[dashboard][analytics]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    FreshStore store(kind, "shop");
    const std::int64_t at = kDay0Ms + 10 * kHour;
    // t1 and t3 accept all, then reject all; t2 the other way round. Each
    // pair has one decision time: only the order of arrival tells them apart.
    for (const char* id : {"t1", "t2", "t3"}) {
        const bool acceptFirst = std::string(id) != "t2";
        for (const bool all : {acceptFirst, !acceptFirst}) {
            const std::string recordId = std::string(id) + (all ? "-accept" : "-reject");
            keep(*store, decision(id, recordId, all ? Method::AcceptAll : Method::RejectAll, at, all, all));
        }
    }
    const auto purposes = valueOf(store.analytics("shop")->purposeGrants(kTwoDays));
    REQUIRE(purposes.size() == 2);
    CHECK((purposes[0].id == "analytics" && purposes[0].granted == 1 && purposes[0].decided == 3));  // t2 only
    CHECK((purposes[1].id == "marketing" && purposes[1].granted == 1 && purposes[1].decided == 3));
}

TEST_CASE("a purpose's grant rate per day counts each decision received that day", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const auto rows = valueOf(site.analytics()->purposeGrantsByDay({kDay0, kDay0 + 3}));
    const auto find = [&](std::int64_t day, const char* purpose) {
        for (const auto& r : rows)
            if (r.day == day && r.purpose == purpose) return r;
        FAIL("no row for day " << day << " and " << purpose);
        return PurposeDay{};
    };
    REQUIRE(rows.size() == 6);  // two purposes on each of three days
    // Day 0: c1 accepts all, c2 rejects all (c5's decision was erased).
    CHECK((find(kDay0, "analytics").granted == 1 && find(kDay0, "analytics").decided == 2));
    CHECK((find(kDay0, "marketing").granted == 1 && find(kDay0, "marketing").decided == 2));
    // Day 1: c1 withdraws; c3 customises (analytics only), then answers a permission, which records it again.
    CHECK((find(kDay0 + 1, "analytics").granted == 2 && find(kDay0 + 1, "analytics").decided == 3));
    CHECK((find(kDay0 + 1, "marketing").granted == 0 && find(kDay0 + 1, "marketing").decided == 3));
    // Day 2: c4 accepts all.
    CHECK((find(kDay0 + 2, "analytics").granted == 1 && find(kDay0 + 2, "analytics").decided == 1));
    CHECK(rows.front().day == kDay0);  // oldest day first
    CHECK(valueOf(site.analytics()->purposeGrantsByDay({kDay0 + 100, kDay0 + 102})).empty());
}

TEST_CASE("[C16] a permission's grant rate counts only the people who were asked for it", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    const auto permissions = valueOf(site.analytics()->permissionGrants(kTwoDays));
    REQUIRE(permissions.size() == 2);
    CHECK((permissions[0].id == "camera" && permissions[0].granted == 0 && permissions[0].decided == 1));
    CHECK((permissions[1].id == "geolocation" && permissions[1].granted == 1 && permissions[1].decided == 1));
}

TEST_CASE("a range with nothing in it gives zeros, not errors", "[dashboard][analytics]") {
    const Setup setup = GENERATE(from_range(setups()));
    INFO(setup.kind << ", rolled up before day " << setup.rollUpBefore);
    const SmallSite site(setup);
    auto analytics = site.analytics();
    const DayRange empty{kDay0 + 100, kDay0 + 102};
    const Traffic t = valueOf(analytics->traffic(empty));
    CHECK((t.pageViews == 0 && t.visitors == 0 && t.visits == 0 && t.bounces == 0));
    CHECK(valueOf(analytics->engagement(empty)).meanDwellMs == 0);
    CHECK(valueOf(analytics->pageViewsByDay(empty)).size() == 2);
    CHECK(valueOf(analytics->topPages(empty, 10)).empty());
    CHECK(valueOf(analytics->decisionsByDay(empty))[1].total() == 0);
    CHECK(valueOf(analytics->purposeGrants(empty)).empty());
}

TEST_CASE("days are read and written as YYYY-MM-DD in UTC, and nothing else is a day", "[dashboard][calendar]") {
    const std::vector<std::pair<std::string, std::int64_t>> days = {
        {"1970-01-01", 0}, {"2000-02-29", 11016}, {"2023-11-14", 19675}, {"2024-12-31", 20088}, {"9999-12-31", 2932896}};
    for (const auto& [text, number] : days) {
        INFO(text);
        CHECK(dayNumber(text) == number);
        CHECK(dayText(number) == text);
    }
    CHECK(dayOf(kNow) == 19675);
    for (const char* notADay : {"", "2023-02-29", "2023-13-01", "2023-00-10", "2023-11-31", "2023-1-14", "2023/11/14",
                                "1969-12-31", "2023-11-14T00", "yesterday", "２０２３-11-14"}) {
        INFO(notADay);
        CHECK_FALSE(dayNumber(notADay).has_value());
    }
}
