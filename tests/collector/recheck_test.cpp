#include "recheck.hpp"

#include <string>

#include "support.hpp"

using namespace collector_test;

namespace {

SentBatch batchOf(const ConsentRecord& record, std::vector<Event> events, std::string consent = "") {
    SentBatch batch;
    batch.consentId = record.consentId;
    batch.recordId = record.recordId;
    batch.consent = consent.empty() ? encodeRecord(record) : std::move(consent);
    batch.sentAtMs = kNow;
    batch.events = std::move(events);
    return batch;
}

std::vector<std::string> idsOf(const std::vector<Event>& events) {
    std::vector<std::string> ids;
    for (const Event& e : events) ids.push_back(e.id);
    return ids;
}

}  // namespace

TEST_CASE("events of a granted purpose are admitted", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const Admission admission = recheck(testConfig(), batchOf(record, {event("a", "$click", "analytics"),
                                                                       event("b", "$pageview", "analytics")}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a", "b"});
    CHECK(admission.refused == 0);
    CHECK(admission.consentProblem.empty());
}

TEST_CASE("[C04] only the purposes the record grants are admitted, each on its own", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}, {"marketing", false}}));
    const Admission admission = recheck(
        testConfig(), batchOf(record, {event("a", "$click", "analytics"), event("m", "newsletter_signup", "marketing")}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a"});
    CHECK(admission.refused == 1);
}

TEST_CASE("[C01] a record that refuses analytics admits no analytics event", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", false}}));
    const Admission admission = recheck(testConfig(), batchOf(record, {event("a", "$click", "analytics"),
                                                                       event("b", "$pageview", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 2);
}

TEST_CASE("[C01] a tampered record counts as no consent, never as consent", "[collector][recheck]") {
    const ConsentRecord refusing = recordOf(deviceThatChose({{"analytics", false}}));
    std::string consent = encodeRecord(refusing);
    const auto at = consent.find("analytics=0");
    REQUIRE(at != std::string::npos);
    consent[at + 10] = '1';  // "analytics=1" without fixing the checksum

    const Admission admission =
        recheck(testConfig(), batchOf(refusing, {event("a", "$click", "analytics"),
                                                 event("n", "$consent_shown", "necessary")}, consent));
    CHECK_THAT(admission.consentProblem, Catch::StartsWith("consent: "));
    // No consent is the state of a person who never chose: only strictly
    // necessary events pass, as the core's Ledger says.
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"n"});
    CHECK(admission.refused == 1);
}

TEST_CASE("a batch may not borrow another person's record", "[collector][recheck]") {
    const ConsentRecord granting = recordOf(deviceThatChose({{"analytics", true}}));
    SentBatch batch = batchOf(granting, {event("a", "$click", "analytics")});
    batch.consentId = "someone-else";
    Admission admission = recheck(testConfig(), batch);
    CHECK(admission.admitted.empty());
    CHECK(admission.consentProblem == "consent_id: does not match the consent record");

    batch = batchOf(granting, {event("a", "$click", "analytics")});
    batch.recordId = "another-record";
    admission = recheck(testConfig(), batch);
    CHECK(admission.admitted.empty());
    CHECK(admission.consentProblem == "record_id: does not match the consent record");
}

TEST_CASE("an event relabelled with another purpose than the config's is refused", "[collector][recheck]") {
    const ConsentRecord refusing = recordOf(deviceThatChose({{"analytics", false}}));
    const Admission admission =
        recheck(testConfig(), batchOf(refusing, {event("a", "$click", "necessary"),  // really analytics
                                                 event("u", "unmapped_event", "necessary")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 2);
}

TEST_CASE("[C07] a grant under an older policy revision admits nothing", "[collector][recheck]") {
    std::string newer = kConfigJson;
    newer.replace(newer.find("\"revision\": 1"), 13, "\"revision\": 2");
    const Config revised = parsedConfig(newer);
    const ConsentRecord old = recordOf(deviceThatChose({{"analytics", true}}));
    const Admission admission = recheck(revised, batchOf(old, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 1);
}

TEST_CASE("[C08] an event captured after its grant lapsed is refused", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const std::int64_t lapse = record.purposes.at("analytics").expiresMs;
    REQUIRE(lapse > kNow);
    const Admission admission = recheck(testConfig(), batchOf(record, {event("in", "$click", "analytics", lapse - 1),
                                                                       event("late", "$click", "analytics", lapse)}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"in"});
    CHECK(admission.refused == 1);
}

TEST_CASE("[C07] a record made under an older policy revision admits nothing", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    Config newer = testConfig();
    newer.revision += 1;
    const Admission admission = recheck(newer, batchOf(record, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 1);
}

TEST_CASE("a record from another site counts as no consent", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    Config other = testConfig();
    other.siteId = "another.example";
    const Admission admission = recheck(other, batchOf(record, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.consentProblem == "consent: stored record: for another site");
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

SentBatch spanning(const std::vector<ConsentRecord>& records, std::vector<Event> events, std::int64_t sentAt) {
    SentBatch batch = batchOf(records.back(), std::move(events));
    for (std::size_t i = 0; i + 1 < records.size(); ++i) batch.earlier.push_back(encodeRecord(records[i]));
    batch.sentAtMs = sentAt;
    return batch;
}

}  // namespace

TEST_CASE("[C17] a batch spanning a withdrawal and a new grant is judged event by event at capture",
          "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    const Admission admission = recheck(
        testConfig(), spanning(records,
                               {event("granted-then-withdrawn", "$click", "analytics", kNow + 10),
                                event("captured-while-refused", "$click", "analytics", kNow + 30),
                                event("granted-since", "$click", "analytics", kNow + 50)},
                               kNow + 60));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"granted-since"});
    CHECK(admission.refused == 2);
}

TEST_CASE("[C17] an event from before the records a batch carries is not admitted", "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    // Only the last record is carried: what was in force at +30 is unknown here.
    const Admission admission =
        recheck(testConfig(), spanning({records.back()}, {event("before", "$click", "analytics", kNow + 30),
                                                          event("after", "$click", "analytics", kNow + 50)},
                                       kNow + 60));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"after"});
}

TEST_CASE("[C05] a withdrawal received before a batch refuses the events it carries", "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    const SentBatch sentBeforeWithdrawing =
        spanning({records[0]}, {event("in-flight", "$click", "analytics", kNow + 10)}, kNow + 15);
    CHECK(recheck(testConfig(), sentBeforeWithdrawing).admitted.size() == 1);
    const Admission admission = recheck(testConfig(), sentBeforeWithdrawing, {records[1]});
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 1);
}

TEST_CASE("an earlier record of another person makes the batch's consent none", "[collector][recheck]") {
    const auto records = grantRefuseGrant();
    const ConsentRecord stranger = recordOf(deviceThatChose({{"analytics", true}}));
    SentBatch batch = spanning(records, {event("a", "$click", "analytics", kNow + 50)}, kNow + 60);
    batch.earlier[0] = encodeRecord(stranger);
    const Admission admission = recheck(testConfig(), batch);
    CHECK(admission.admitted.empty());
    CHECK(admission.consentProblem == "earlier[0]: not a record of consent_id");
}

TEST_CASE("[C17] a device's batch carries the records its events were captured under", "[collector][recheck]") {
    Core device = deviceThatChose({{"analytics", true}}, kNow);
    REQUIRE(device.track("$click", "", "/", kNow + 10) == TrackOutcome::Forwarded);
    Choice update;
    update.method = Method::Api;
    update.surface = Surface::Api;
    update.purposes = {{"marketing", true}};
    update.language = "en";
    REQUIRE(device.choose(update, kNow + 20).ok());
    REQUIRE(device.track("$click", "", "/", kNow + 30) == TrackOutcome::Forwarded);
    const auto taken = device.takeBatch(kNow + 40);
    REQUIRE(taken);
    auto batch = decodeBatch(taken->body);
    INFO(batch.message());
    REQUIRE(batch.ok());
    CHECK(batch.value().earlier.size() == 1);
    const Admission admission = recheck(testConfig(), batch.value());
    CHECK(admission.admitted.size() == 2);
    CHECK(admission.refused == 0);
}
