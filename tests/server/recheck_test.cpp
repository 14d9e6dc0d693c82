// recheck: events judged by the server's own receipts and its own clock.
#include "recheck.hpp"

#include <string>

#include "support.hpp"

using namespace server_test;

namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;

// What this server holds: each record received when it was decided, unless told.
std::vector<Receipt> receiptsOf(const std::vector<ConsentRecord>& records, std::int64_t receivedMs = -1) {
    std::vector<Receipt> receipts;
    for (const ConsentRecord& r : records) {
        Receipt receipt;
        receipt.record = r;
        receipt.stored = encodeRecord(r);
        receipt.receivedMs = receivedMs < 0 ? r.updatedMs : receivedMs;
        receipts.push_back(std::move(receipt));
    }
    return receipts;
}

Admission judged(const Config& config, const std::vector<ConsentRecord>& held, std::vector<Event> events,
                 std::int64_t nowMs = kNow, IntakeRules rules = {}) {
    return recheck(config, rules, events, receiptsOf(held), nowMs);
}

std::vector<std::string> idsOf(const std::vector<Event>& events) {
    std::vector<std::string> ids;
    for (const Event& e : events) ids.push_back(e.id);
    return ids;
}

using Reasons = std::map<std::string, std::size_t>;

}  // namespace

TEST_CASE("events of a purpose the server's receipt grants are admitted", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const Admission admission = judged(testConfig(), {record},
                                       {event("a", "$click", "analytics"), event("b", "$pageview", "analytics")});
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a", "b"});
    CHECK(admission.refused.empty());
}

TEST_CASE("[C04] only the purposes the receipt grants are admitted, each on its own", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}, {"marketing", false}}));
    const Admission admission = judged(
        testConfig(), {record}, {event("a", "$click", "analytics"), event("m", "newsletter_signup", "marketing")});
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a"});
    CHECK(admission.refused == Reasons{{"notGranted", 1}});
}

TEST_CASE("[C01] a receipt that refuses analytics admits no analytics event", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", false}}));
    const Admission admission = judged(testConfig(), {record},
                                       {event("a", "$click", "analytics"), event("b", "$pageview", "analytics")});
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == Reasons{{"notGranted", 2}});
}

TEST_CASE("[C01] with no receipt held, only strictly necessary events are admitted", "[collector][recheck]") {
    const Admission admission =
        judged(testConfig(), {}, {event("a", "$click", "analytics"), event("n", "$consent_shown", "necessary")});
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"n"});
    CHECK(admission.refused == Reasons{{"undecided", 1}});
}

TEST_CASE("an event relabelled with another purpose than the config's is refused", "[collector][recheck]") {
    const ConsentRecord refusing = recordOf(deviceThatChose({{"analytics", false}}));
    const Admission admission = judged(testConfig(), {refusing},
                                       {event("a", "$click", "necessary"),  // really analytics
                                        event("u", "unmapped_event", "necessary")});
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == Reasons{{"wrongPurpose", 2}});
}

TEST_CASE("[C07] a receipt under an older policy revision admits nothing", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    Config newer = testConfig();
    newer.revision += 1;
    const Admission admission = judged(newer, {record}, {event("a", "$click", "analytics")});
    CHECK(admission.admitted.empty());
    CHECK(admission.refused.size() == 1);
}

TEST_CASE("[C08] an event captured after its grant lapsed is refused", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const std::int64_t lapse = record.purposes.at("analytics").expiresMs;
    REQUIRE(lapse > kNow);
    const Admission admission = judged(testConfig(), {record},
                                       {event("in", "$click", "analytics", lapse - 2),
                                        event("late", "$click", "analytics", lapse)},
                                       lapse - 1);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"in"});
    CHECK(admission.refused == Reasons{{"undecided", 1}});  // a lapsed grant is asked again
}

TEST_CASE("[C08] an event captured while granted but arriving after the grant lapsed is refused",
          "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const std::int64_t lapse = record.purposes.at("analytics").expiresMs;
    const Admission admission = judged(testConfig(), {record}, {event("in", "$click", "analytics", lapse - 2)}, lapse);
    CHECK(admission.refused == Reasons{{"notGranted", 1}});
}

TEST_CASE("a receipt of another site held by the server counts as none", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    Config other = testConfig();
    other.siteId = "another.example";
    const Admission admission = judged(other, {record}, {event("a", "$click", "analytics")});
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == Reasons{{"undecided", 1}});
}

namespace {

// One person's decisions at kNow, +20 and +40: analytics granted, refused, granted again.
std::vector<ConsentRecord> grantRefuseGrant() {
    Core device = deviceThatChose({{"analytics", true}}, kNow);
    REQUIRE(device.withdraw("analytics", Surface::Preferences, kNow + 20).ok());
    Choice again;
    again.surface = Surface::Preferences;
    again.purposes = {{"analytics", true}};
    again.language = "en";
    REQUIRE(device.choose(again, kNow + 40).ok());
    const auto history = device.ledger().history();
    REQUIRE(history.size() == 3);
    return history;
}

}  // namespace

TEST_CASE("[C17] events spanning a withdrawal and a new grant are judged one by one at capture",
          "[collector][recheck]") {
    const Admission admission = judged(testConfig(), grantRefuseGrant(),
                                       {event("granted-then-withdrawn", "$click", "analytics", kNow + 10),
                                        event("captured-while-refused", "$click", "analytics", kNow + 30),
                                        event("granted-since", "$click", "analytics", kNow + 50)},
                                       kNow + 60);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"granted-since"});
    CHECK(admission.refused == Reasons{{"notGranted", 2}});
}

TEST_CASE("[C17] an event from before the oldest receipt held, when that is not the first decision, is refused",
          "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    // Only the last decision reached this server: what was in force at +30 is unknown here.
    const Admission admission = judged(testConfig(), {records.back()},
                                       {event("before", "$click", "analytics", kNow + 30),
                                        event("after", "$click", "analytics", kNow + 50)},
                                       kNow + 60);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"after"});
    CHECK(admission.refused == Reasons{{"notGranted", 1}});
}

TEST_CASE("[C05] a withdrawal received before a batch refuses the events it carries", "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    const std::vector<Event> inFlight = {event("in-flight", "$click", "analytics", kNow + 10)};
    CHECK(judged(testConfig(), {records[0]}, inFlight, kNow + 15).admitted.size() == 1);
    const Admission admission = judged(testConfig(), {records[0], records[1]}, inFlight, kNow + 25);
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == Reasons{{"notGranted", 1}});
}

TEST_CASE("[C17] an event captured before the first decision is admitted when that decision grants it",
          "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const Admission admission =
        judged(testConfig(), {record}, {event("held", "$pageview", "analytics", kNow - 10 * kMinute)});
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"held"});
}

TEST_CASE("[C17] an event stamped before the receipt that granted it was received is refused",
          "[collector][recheck]") {
    // The grant reached this server at kNow. A browser holds an event at most
    // holdTtl before a decision, and its clock may be clockSkew behind.
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const IntakeRules rules;
    const std::int64_t slack = testConfig().tracker.holdTtlMs + rules.clockSkewMs;
    const Admission admission = judged(testConfig(), {record},
                                       {event("within", "$pageview", "analytics", kNow - slack),
                                        event("before", "$pageview", "analytics", kNow - slack - 1)});
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"within"});
    CHECK(admission.refused == Reasons{{"beforeReceipt", 1}});
}

TEST_CASE("[C17] a back-dated record does not back-date the events it grants", "[collector][recheck]") {
    // The record claims a decision ten days ago; this server received it now.
    const ConsentRecord backdated = recordOf(deviceThatChose({{"analytics", true}}, kNow - 10 * kDay));
    const Admission admission =
        recheck(testConfig(), {}, {event("old", "$click", "analytics", kNow - 5 * kDay),
                                   event("now", "$click", "analytics", kNow)},
                receiptsOf({backdated}, kNow), kNow);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"now"});
    CHECK(admission.refused == Reasons{{"beforeReceipt", 1}});
}

TEST_CASE("an event older than a browser may keep one is refused", "[collector][recheck]") {
    // Granted long ago; the oldest capture a browser can still send is
    // holdTtl + pendingLife + clockSkew before now.
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}, kNow - 30 * kDay));
    IntakeRules rules;
    rules.pendingLifeMs = 2 * kDay;
    const std::int64_t oldest = kNow - testConfig().tracker.holdTtlMs - 2 * kDay - rules.clockSkewMs;
    const Admission admission = judged(testConfig(), {record},
                                       {event("kept", "$click", "analytics", oldest),
                                        event("too-old", "$click", "analytics", oldest - 1)},
                                       kNow, rules);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"kept"});
    CHECK(admission.refused == Reasons{{"tooOld", 1}});
}

TEST_CASE("an event stamped more than the clock skew in the future is refused", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    IntakeRules rules;
    rules.clockSkewMs = 2 * kMinute;
    const Admission admission = judged(testConfig(), {record},
                                       {event("ahead", "$click", "analytics", kNow + 2 * kMinute),
                                        event("future", "$click", "analytics", kNow + 2 * kMinute + 1),
                                        event("future-necessary", "$consent_shown", "necessary", kNow + kDay)},
                                       kNow, rules);
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"ahead"});
    CHECK(admission.refused == Reasons{{"fromTheFuture", 2}});
}

TEST_CASE("refusals are counted by reason", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}, {"marketing", false}}));
    const Admission admission = judged(testConfig(), {record},
                                       {event("ok", "$click", "analytics"),
                                        event("m1", "newsletter_signup", "marketing"),
                                        event("m2", "newsletter_signup", "marketing"),
                                        event("w", "$click", "marketing"),
                                        event("f", "$click", "analytics", kNow + kDay)});
    CHECK(admission.refused == Reasons{{"notGranted", 2}, {"wrongPurpose", 1}, {"fromTheFuture", 1}});
    CHECK(admission.refusedCount() == 4);
}
