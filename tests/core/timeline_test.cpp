// C17, rule by rule: an event is judged by the consent in force at the
// instant it was captured and by every decision since, whenever it is asked.
#include <catch2/catch.hpp>

#include <optional>

#include "assent/core.hpp"
#include "assent/timeline.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kDay;
using fixtures::kT0;

namespace {

// A record of analytics only: granted, refused, or absent (undecided).
ConsentRecord record(std::int64_t atMs, std::optional<bool> analytics, std::int64_t revision = 3,
                     std::int64_t expiresMs = 0) {
    ConsentRecord r;
    r.consentId = "c";
    r.recordId = "r" + std::to_string(atMs);
    r.revision = revision;
    r.createdMs = kT0;
    r.updatedMs = atMs;
    if (analytics) r.purposes["analytics"] = Grant{*analytics, expiresMs};
    return r;
}

struct Case {
    const char* rule;
    std::vector<ConsentRecord> records;
    std::int64_t capturedMs, nowMs;
    Verdict expected;
    std::int64_t knownAfterMs = Timeline::kKnownAlways;
};

}  // namespace

TEST_CASE("[C17] the timeline judges an event by the consent at its capture and every decision since") {
    const Config config = fixtures::config();
    const Case cases[] = {
        {"granted at capture, still granted: forward", {record(kT0, true)}, kT0 + 5, kT0 + 9, Verdict::Forward},
        {"refused at capture, granted later: drop", {record(kT0, false), record(kT0 + 10, true)}, kT0 + 5, kT0 + 20,
         Verdict::Drop},
        {"granted at capture, withdrawn later: drop", {record(kT0, true), record(kT0 + 10, false)}, kT0 + 5,
         kT0 + 20, Verdict::Drop},
        {"granted, withdrawn, granted again before it was sent: drop",
         {record(kT0, true), record(kT0 + 10, false), record(kT0 + 20, true)}, kT0 + 5, kT0 + 30, Verdict::Drop},
        {"before any decision, then a grant: forward", {record(kT0 + 10, true)}, kT0 + 5, kT0 + 20, Verdict::Forward},
        {"before any decision, then a refusal: drop", {record(kT0 + 10, false)}, kT0 + 5, kT0 + 20, Verdict::Drop},
        {"before any decision, refusal, then grant: drop", {record(kT0 + 10, false), record(kT0 + 20, true)},
         kT0 + 5, kT0 + 30, Verdict::Drop},
        {"before any decision, and none yet: hold", {}, kT0 + 5, kT0 + 30, Verdict::Hold},
        {"a decision that leaves it undecided keeps it held", {record(kT0 + 10, std::nullopt)}, kT0 + 5, kT0 + 30,
         Verdict::Hold},
        {"undecided, in the same millisecond as a grant: counted as before it, so released by it",
         {record(kT0 + 10, true)}, kT0 + 10, kT0 + 30, Verdict::Forward},
        {"refused, in the same millisecond as a grant: counted as before it, so refused",
         {record(kT0, false), record(kT0 + 10, true)}, kT0 + 10, kT0 + 30, Verdict::Drop},
        {"in the same millisecond as a withdrawal: counted as before it (purged by it)",
         {record(kT0, true), record(kT0 + 10, false)}, kT0 + 10, kT0 + 30, Verdict::Drop},
        {"a grant that lapsed before it was sent: drop", {record(kT0, true, 3, kT0 + kDay)}, kT0 + 5, kT0 + kDay,
         Verdict::Drop},
        {"a grant that lapsed before the next grant: drop",
         {record(kT0, true, 3, kT0 + kDay), record(kT0 + 2 * kDay, true)}, kT0 + 5, kT0 + 3 * kDay, Verdict::Drop},
        {"captured after a grant lapsed, then granted again: forward",
         {record(kT0, true, 3, kT0 + kDay), record(kT0 + 2 * kDay, true)}, kT0 + kDay + 5, kT0 + 3 * kDay,
         Verdict::Forward},
        {"an older revision's grant is no grant: held", {record(kT0, true, 2)}, kT0 + 5, kT0 + 9, Verdict::Hold},
        {"granted under this revision, then a record of an older one: drop",
         {record(kT0, true), record(kT0 + 10, true, 2)}, kT0 + 5, kT0 + 20, Verdict::Drop},
        {"a clock set back cannot slip a grant in before a refusal",
         {record(kT0 + 100, false), record(kT0 + 50, true)}, kT0 + 70, kT0 + 200, Verdict::Drop},
        {"records of its time are missing (a trimmed history): drop", {record(kT0, true), record(kT0 + 100, true)},
         kT0 + 50, kT0 + 200, Verdict::Drop, kT0 + 100},
        {"captured after what is missing: judged as usual", {record(kT0, true), record(kT0 + 100, true)}, kT0 + 150,
         kT0 + 200, Verdict::Forward, kT0 + 100},
    };
    for (const Case& c : cases) {
        INFO(c.rule);
        const Timeline timeline(c.records, c.knownAfterMs);
        CHECK(timeline.judge(config, "analytics", c.capturedMs, c.nowMs) == c.expected);
    }
}

TEST_CASE("[C17] a strictly necessary purpose always forwards; an unknown one never does") {
    const Config config = fixtures::config();
    const Timeline timeline({record(kT0, false)});
    CHECK(timeline.judge(config, "necessary", kT0 + 5, kT0 + 9) == Verdict::Forward);
    CHECK(timeline.judge(config, "nonexistent", kT0 + 5, kT0 + 9) == Verdict::Drop);
}

// The timeline keeps each record's grants by purpose index after the first
// judgement under a config (issue 11): a decision appended since, another
// config or a purpose from elsewhere must be judged as if asked afresh.
TEST_CASE("[C17] a timeline asked again after a new decision or under another config judges by them") {
    const Config config = fixtures::config();
    Timeline timeline({record(kT0, true)});
    const Purpose& analytics = *config.purpose("analytics");
    CHECK(timeline.judge(config, analytics, kT0 + 5, kT0 + 9) == Verdict::Forward);
    timeline.append(record(kT0 + 10, false));
    CHECK(timeline.judge(config, analytics, kT0 + 5, kT0 + 20) == Verdict::Drop);
    CHECK(timeline.judge(config, analytics, kT0 + 15, kT0 + 20) == Verdict::Drop);

    Config next = config;
    CHECK(timeline.judge(next, *next.purpose("analytics"), kT0 + 15, kT0 + 20) == Verdict::Drop);
    next.revision = 4;  // the records were made under revision 3: no decision under this one
    CHECK(timeline.judge(next, *next.purpose("analytics"), kT0 + 15, kT0 + 20) == Verdict::Hold);
    const Purpose elsewhere = analytics;  // not one of the config's own: found by its name
    CHECK(timeline.judge(config, elsewhere, kT0 + 15, kT0 + 20) == Verdict::Drop);
    const Timeline copy = timeline;
    CHECK(copy.judge(config, analytics, kT0 + 5, kT0 + 20) == Verdict::Drop);
}

TEST_CASE("the record in force at an instant is the newest made strictly before it") {
    const Timeline timeline({record(kT0, true), record(kT0 + 10, false), record(kT0 + 20, true)});
    CHECK(timeline.inForceAt(kT0 - 1) == 0);
    CHECK(timeline.inForceAt(kT0 + 10) == 0);
    CHECK(timeline.inForceAt(kT0 + 11) == 1);
    CHECK(timeline.inForceAt(kT0 + 99) == 2);
}

// The case: a click captured half a second after a withdrawal, handed
// to the core by the shell's buffer only after a grant 170 ms later.
TEST_CASE("[C17] a click captured while withdrawn and handed over after a grant never leaves") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}), kT0).ok());
    REQUIRE(core.withdraw("analytics", Surface::Preferences, kT0 + 1000).ok());
    const std::int64_t clickAt = kT0 + 1500;
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}, Surface::Preferences), clickAt + 170).ok());
    const std::string packed = std::string("$click\x1f/\x1f") + std::to_string(clickAt) + "\x1ftag\x1fsbutton";
    CHECK(core.ingest(packed, clickAt + 200).refused == 1);
    CHECK(!core.takeBatch(clickAt + 300));
}

TEST_CASE("[C17] a page view captured before any decision leaves only if the next decision grants it") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    const std::string before = std::string("$pageview\x1f/\x1f") + std::to_string(kT0);
    REQUIRE(core.choose(fixtures::rejectAll(), kT0 + 100).ok());
    REQUIRE(core.choose(fixtures::acceptAll(), kT0 + 200).ok());
    core.ingest(before, kT0 + 300);  // handed over after both decisions
    CHECK(!core.takeBatch(kT0 + 400));
}

TEST_CASE("[C05] a withdrawal takes unacknowledged events out of what is kept across a reload") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}), kT0).ok());
    REQUIRE(core.track("$click", "", "/", kT0 + 10) == TrackOutcome::Forwarded);
    REQUIRE(core.takeBatch(kT0 + 20));
    CHECK_FALSE(core.pending().empty());  // in flight: kept until acknowledged
    REQUIRE(core.withdraw("analytics", Surface::Preferences, kT0 + 30).ok());
    CHECK(core.pending().empty());
}

TEST_CASE("[C14] nothing captured before an erasure leaves, even when handed over after a new grant") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}), kT0).ok());
    core.erase(kT0 + 100);
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}), kT0 + 200).ok());
    core.ingest(std::string("$click\x1f/\x1f") + std::to_string(kT0 + 50), kT0 + 300);
    CHECK(!core.takeBatch(kT0 + 400));
    REQUIRE(core.track("$click", "", "/", kT0 + 500) == TrackOutcome::Forwarded);  // what comes after does
}
