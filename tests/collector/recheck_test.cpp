#include "recheck.hpp"

#include <string>

#include "support.hpp"

using namespace collector_test;

namespace {

Batch batchOf(const ConsentRecord& record, std::vector<Event> events, std::string consent = "") {
    Batch batch;
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
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":true})"));
    const Admission admission = recheck(testConfig(), batchOf(record, {event("a", "$click", "analytics"),
                                                                       event("b", "$pageview", "analytics")}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a", "b"});
    CHECK(admission.refused == 0);
    CHECK(admission.consentProblem.empty());
}

TEST_CASE("[C04] only the purposes the record grants are admitted, each on its own", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":true,"marketing":false})"));
    const Admission admission = recheck(
        testConfig(), batchOf(record, {event("a", "$click", "analytics"), event("m", "newsletter_signup", "marketing")}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"a"});
    CHECK(admission.refused == 1);
}

TEST_CASE("[C01] a record that refuses analytics admits no analytics event", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":false})"));
    const Admission admission = recheck(testConfig(), batchOf(record, {event("a", "$click", "analytics"),
                                                                       event("b", "$pageview", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 2);
}

TEST_CASE("[C01] a tampered record counts as no consent, never as consent", "[collector][recheck]") {
    const ConsentRecord refusing = recordOf(deviceThatChose(R"({"analytics":false})"));
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
    const ConsentRecord granting = recordOf(deviceThatChose(R"({"analytics":true})"));
    Batch batch = batchOf(granting, {event("a", "$click", "analytics")});
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
    const ConsentRecord refusing = recordOf(deviceThatChose(R"({"analytics":false})"));
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
    const ConsentRecord old = recordOf(deviceThatChose(R"({"analytics":true})"));
    const Admission admission = recheck(revised, batchOf(old, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 1);
}

TEST_CASE("[C08] an event captured after its grant lapsed is refused", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":true})"));
    const std::int64_t lapse = record.purposes.at("analytics").expiresMs;
    REQUIRE(lapse > kNow);
    const Admission admission = recheck(testConfig(), batchOf(record, {event("in", "$click", "analytics", lapse - 1),
                                                                       event("late", "$click", "analytics", lapse)}));
    CHECK(idsOf(admission.admitted) == std::vector<std::string>{"in"});
    CHECK(admission.refused == 1);
}

TEST_CASE("[C07] a record made under an older policy revision admits nothing", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":true})"));
    Config newer = testConfig();
    newer.revision += 1;
    const Admission admission = recheck(newer, batchOf(record, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.refused == 1);
}

TEST_CASE("a record from another site counts as no consent", "[collector][recheck]") {
    const ConsentRecord record = recordOf(deviceThatChose(R"({"analytics":true})"));
    Config other = testConfig();
    other.siteId = "another.example";
    const Admission admission = recheck(other, batchOf(record, {event("a", "$click", "analytics")}));
    CHECK(admission.admitted.empty());
    CHECK(admission.consentProblem == "consent: stored record: for another site");
}
