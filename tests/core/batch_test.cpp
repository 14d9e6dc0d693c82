// The batch codec: what encodeBatch writes, decodeBatch reads back as the
// same values, and it refuses anything else with the path that is wrong.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "assent/batch.hpp"
#include "assent/codec.hpp"
#include "assent/core.hpp"
#include "assent/ids.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;

namespace {

constexpr std::int64_t kLargest = std::numeric_limits<std::int64_t>::max();

bool sameEvent(const Event& a, const Event& b) {
    return a.id == b.id && a.name == b.name && a.purpose == b.purpose && a.ts == b.ts && a.page == b.page &&
           a.seq == b.seq && a.props == b.props && a.anonymousId == b.anonymousId && a.sessionId == b.sessionId;
}

bool same(const SentBatch& a, const SentBatch& b) {
    if (a.events.size() != b.events.size()) return false;
    for (std::size_t i = 0; i < a.events.size(); ++i)
        if (!sameEvent(a.events[i], b.events[i])) return false;
    return a.batchId == b.batchId && a.consentId == b.consentId && a.recordId == b.recordId &&
           a.consent == b.consent && a.earlier == b.earlier && a.sentAtMs == b.sentAtMs;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Random batches with what text can hold: control characters, quotes and
// backslashes, every UTF-8 length (U+2028 too), and numbers up to 2^63 - 1.
class RandomBatches {
public:
    explicit RandomBatches(std::uint64_t seed) : random_(seed), ids_(std::to_string(seed)) {}

    SentBatch next() {
        SentBatch b;
        b.batchId = ids_.next();
        b.consentId = ids_.next();
        b.recordId = ids_.next();
        b.consent = "2~" + text(1, 200);
        for (int n = pick(0, 3); n > 0; --n) b.earlier.push_back("2~" + text(1, 200));
        b.sentAtMs = number();
        const int events = pick(0, 20) == 0 ? static_cast<int>(kMaxBatchEvents) : pick(0, 40);
        for (int i = 0; i < events; ++i) b.events.push_back(event());
        return b;
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

    std::int64_t number() {
        switch (pick(0, 3)) {
            case 0: return 0;
            case 1: return kLargest - pick(0, 2);
            default: return std::uniform_int_distribution<std::int64_t>(0, kLargest)(random_);
        }
    }

    std::uint32_t codePoint() {
        switch (pick(0, 5)) {
            case 0: return static_cast<std::uint32_t>(pick(0, 0x1F));  // control characters
            case 1: return "\"\\/"[pick(0, 2)];
            case 2: return static_cast<std::uint32_t>(pick(0x80, 0x7FF));
            case 3: {
                const auto cp = static_cast<std::uint32_t>(pick(0x800, 0xFFFF));
                return cp >= 0xD800 && cp <= 0xDFFF ? 0x2028 : cp;  // no lone surrogates in UTF-8
            }
            case 4: return static_cast<std::uint32_t>(pick(0x10000, 0x10FFFF));
            default: return static_cast<std::uint32_t>(pick(0x20, 0x7E));
        }
    }

    std::string text(int least, int most) {
        std::string out;
        for (int n = pick(least, most); n > 0; --n) appendUtf8(out, codePoint());
        return out;
    }

    std::string purpose() {
        static const char* kPurposes[] = {"analytics", "marketing", "necessary", "a", "x_1-2",
                                          "abcdefghijklmnopqrstuvwxyz012345"};
        return kPurposes[pick(0, 5)];
    }

    Event event() {
        Event e;
        e.id = ids_.next();
        e.name = text(1, 12);
        e.purpose = purpose();
        e.ts = number();
        e.page = text(0, 30);
        e.seq = number();
        for (int n = pick(0, 5); n > 0; --n) e.props.emplace_back(text(0, 6), text(0, 40));
        if (pick(0, 1) && !e.props.empty()) e.props.push_back(e.props.front());  // a repeated key is kept
        if (pick(0, 1)) {
            e.anonymousId = ids_.next();
            e.sessionId = ids_.next();
        }
        return e;
    }

    std::mt19937_64 random_;
    IdSource ids_;
};

std::string problemsOf(std::string_view body) {
    const auto decoded = decodeBatch(body);
    REQUIRE_FALSE(decoded.ok());
    for (const Problem& p : decoded.problems()) CHECK_FALSE(p.reason.empty());
    return decoded.message();
}

const std::string kId = "AAAAAAAAAAAAAAAAAAAAAA";

// A v2 body holding `eventsJson`, with the fields in `head` added before sent_at.
std::string body(const std::string& eventsJson, const std::string& head = "") {
    return R"({"v":2,"batch_id":")" + kId + R"(","consent_id":")" + kId + R"(","record_id":")" + kId +
           R"(","consent":"2~x",)" + (head.empty() ? "" : head + ",") + R"("sent_at":1,"events":[)" + eventsJson + "]}";
}

// An event as the core writes one, but with `key` set to `valueJson` (added
// when the core writes no such field, left out when `valueJson` is empty).
std::string eventWith(const std::string& key = "", const std::string& valueJson = "") {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"id", '"' + kId + '"'}, {"name", R"("$click")"}, {"purpose", R"("analytics")"}, {"ts", "1"},
        {"page", R"("/")"},      {"seq", "1"},            {"props", "{}"}};
    bool replaced = false;
    for (auto& field : fields)
        if (field.first == key) field.second = valueJson, replaced = true;
    if (!replaced && !key.empty()) fields.emplace_back(key, valueJson);
    std::string out;
    for (const auto& [k, v] : fields)
        if (!v.empty()) out += (out.empty() ? "{" : ",") + ('"' + k + "\":" + v);
    return out + "}";
}

}  // namespace

TEST_CASE("random batches read back as the same values, and encode to the same bytes again") {
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        RandomBatches batches(seed);
        const SentBatch sent = batches.next();
        const std::string encoded = encodeBatch(sent);
        const auto decoded = decodeBatch(encoded);
        INFO("seed " << seed << ": " << decoded.message());
        REQUIRE(decoded.ok());
        CHECK(same(decoded.value(), sent));
        CHECK(encodeBatch(decoded.value()) == encoded);
    }
}

TEST_CASE("a batch the core takes reads back with its records and every event") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}}), kT0).ok());
    REQUIRE(core.track("$click", R"({"tag":"a\u0000\"b","n":12})", "/shop?q=1", kT0 + 1) == TrackOutcome::Forwarded);
    REQUIRE(core.choose(fixtures::custom({{"analytics", true}, {"marketing", true}}), kT0 + 2).ok());
    REQUIRE(core.track("signup", R"({"plan":"pro"})", "/", kT0 + 3) == TrackOutcome::Forwarded);
    const auto taken = core.takeBatch(kT0 + 4);
    REQUIRE(taken);

    const auto decoded = decodeBatch(taken->body);
    INFO(decoded.message());
    REQUIRE(decoded.ok());
    const SentBatch& batch = decoded.value();
    CHECK(batch.batchId == taken->id);
    CHECK(batch.consentId == core.ledger().current()->consentId);
    CHECK(batch.recordId == core.ledger().current()->recordId);
    CHECK(batch.consent == core.storedCurrent());
    REQUIRE(batch.earlier.size() == 1);  // the click was captured under the first record
    CHECK(decodeRecord(batch.earlier[0]).ok());
    CHECK(batch.sentAtMs == kT0 + 4);
    REQUIRE(batch.events.size() == 2);
    CHECK(batch.events[0].name == "$click");
    CHECK(batch.events[0].props == std::vector<std::pair<std::string, std::string>>{{"tag", std::string("a\0\"b", 4)},
                                                                                     {"n", "12"}});
    CHECK(isId(batch.events[0].anonymousId));  // analytics allows identifiers in this config
    CHECK(batch.events[1].anonymousId.empty());
    CHECK(encodeBatch(batch) == taken->body);
}

TEST_CASE("an event made by hand with an id or purpose that is none still encodes as JSON, which the reader refuses by path") {
    SentBatch sent = RandomBatches(5).next();
    REQUIRE_FALSE(sent.events.empty());
    sent.events[0].id = "x\",\"name\":\"forged";
    sent.events[0].purpose = "a\"b";
    const auto decoded = decodeBatch(encodeBatch(sent));
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.problems().front().path == "events[0].id");
}

TEST_CASE("a truncated batch is refused, at every length") {
    RandomBatches batches(7);
    SentBatch sent = batches.next();
    sent.events.resize(std::min<std::size_t>(sent.events.size(), 5));
    const std::string encoded = encodeBatch(sent);
    for (std::size_t n = 0; n < encoded.size(); ++n) {
        INFO("first " << n << " bytes");
        CHECK(problemsOf(std::string_view(encoded).substr(0, n)) == "body: not valid JSON");
    }
}

TEST_CASE("an altered batch is refused with a reason, or reads as the values it now says") {
    const std::string encoded = encodeBatch(RandomBatches(11).next());
    const SentBatch original = decodeBatch(encoded).value();
    std::mt19937 random(3);
    for (int round = 0; round < 3000; ++round) {
        std::string altered = encoded;
        const auto at = std::uniform_int_distribution<std::size_t>(0, altered.size() - 1)(random);
        altered[at] = "\"{}[],:0-a\\\x01 "[round % 13];
        if (altered == encoded) continue;
        const auto decoded = decodeBatch(altered);
        INFO("byte " << at << " -> " << altered[at]);
        if (decoded.ok()) CHECK_FALSE(same(decoded.value(), original));  // nothing was guessed back
        else CHECK_FALSE(decoded.problems().front().reason.empty());
    }
}

TEST_CASE("each wrong field is refused, naming its path") {
    struct Case {
        std::string body;
        std::string expected;
    };
    const std::string tooMany = [] {
        std::string events = eventWith();
        for (std::size_t i = 1; i <= kMaxBatchEvents; ++i) events += "," + eventWith();
        return events;
    }();
    const Case cases[] = {
        {body(eventWith("ts", R"("1")")), "events[0].ts: must be a whole number, not string"},
        {body(eventWith() + "," + eventWith() + "," + eventWith("name")), "events[2].name: missing"},
        {body(eventWith("seq", "-1")), "events[0].seq: must not be negative"},
        {body(eventWith("seq", "1,\"seq\":2")), "events[0].seq: appears more than once"},
        {body(eventWith("page", "null")), "events[0].page: must be a string, not null"},
        {body(eventWith("props", R"({"n":3})")), "events[0].props.n: must be a string, not number"},
        {body(eventWith("id", R"("e1")")), "events[0].id: must be an id"},
        {R"({"v":2,"batch_id":")" + kId + R"(","batch_id":")" + kId + R"("})", "batch_id: appears more than once"},
        {body("", R"("earlier":[1,""])"), "earlier[0]: must be a string, not number"},
        {body("", R"("earlier":[1,""])"), "earlier[1]: empty"},
        {body("", R"("earlier":"2~x")"), "earlier: must be an array, not string"},
        {body(tooMany), "events: more than 1000 events"},
        {body(eventWith("anonymous_id", R"("visitor")")), "events[0].anonymous_id: must be an id"},
        {body(eventWith("session_id", R"("")")), "events[0].session_id: empty"},
        {body(eventWith("purpose", R"("Analytics!")")), "events[0].purpose: must be a purpose id"},
        {R"({"v":2,"batch_id":"b"})", "batch_id: must be an id (22 characters of A-Z, a-z, 0-9, - and _)"},
        {R"({"v":3})", "v: unsupported version 3; this collector reads 2"},
        {R"({"v":2.0})", "v: must be a whole number, not number"},
        {R"({"sent_at":9223372036854775808})", "sent_at: too large"},
        {R"({"sent_at":-9223372036854775809})", "sent_at: must not be negative"},
        {R"({"sent_at":1e3})", "sent_at: must be a whole number, not number"},
        {R"({"sent_at":true})", "sent_at: must be a whole number, not boolean"},
        {std::string(kMaxBatchBytes + 1, ' '), "body: larger than 1048576 bytes"},
        {"{\"v\":2,\"consent\":\"\xff\"}", "body: not valid JSON"},
        {std::string(65, '[') + std::string(65, ']'), "body: not valid JSON"},
    };
    for (const Case& c : cases) {
        INFO("body: " << c.body.substr(0, 300));
        CHECK_THAT(problemsOf(c.body), Catch::Contains(c.expected));
    }
}

TEST_CASE("the largest numbers, repeated props and unknown fields are read as written") {
    std::string event = eventWith("props", R"({"k":"1","k":"2","":"\u2028"})");
    event.replace(event.find(R"("ts":1)"), 6, R"("ts":9223372036854775807,"later":{"x":[1]})");
    const auto decoded = decodeBatch(body(event, R"("extra":null)"));
    INFO(decoded.message());
    REQUIRE(decoded.ok());
    const Event& e = decoded.value().events.at(0);
    CHECK(e.ts == kLargest);
    CHECK(e.props == std::vector<std::pair<std::string, std::string>>{{"k", "1"}, {"k", "2"}, {"", "\u2028"}});
    CHECK(decoded.value().earlier.empty());
}
