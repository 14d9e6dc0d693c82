// C17 as a property: a reference model of consent and the real core are
// driven through the same random life (captures of every purpose, buffered
// the way a shell buffers them, accept/reject/custom/API choices,
// withdrawals, GPC, expiry crossings, flushes, deliveries, failures, reloads
// through stored()/restore()/pending(), policy revisions and erasures). After
// every step, nothing the core has let leave may have been refused, or
// undecided and then refused, at the instant it was captured; and whenever
// the queue is drained, everything the model says may leave has left.
//
// ASSENT_PROPERTY_STEPS and ASSENT_PROPERTY_SEED override the defaults, so a
// failure (it prints both) can be replayed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assent/core.hpp"
#include "fixtures.hpp"

using assent::Core;

namespace {

constexpr std::int64_t kHour = 60LL * 60 * 1000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kHoldTtl = 24 * kHour;  // the config's holdTtlMinutes, the largest allowed

// The model's own view of the config below, written out by hand.
struct ModelPurpose {
    const char* id;
    const char* event;
    std::int64_t expiresAfter;
    bool saleOrShare, sensitive;
};
constexpr std::array<ModelPurpose, 4> kPurposes{{
    {"analytics", "$click", 1 * kDay, false, false},
    {"marketing", "signup", 180 * kDay, false, false},
    {"ads", "ad_view", 90 * kDay, true, false},
    {"location", "near_me", 30 * kDay, false, true},
}};
constexpr int kRequired = -1;  // "error" events: strictly necessary

std::string config(int revision) {
    return R"({
  "siteId": "shop.example", "revision": )" +
           std::to_string(revision) + R"(, "defaultLanguage": "en", "historyLimit": 1000,
  "purposes": [
    { "id": "necessary", "required": true },
    { "id": "analytics", "expiresAfterDays": 1 },
    { "id": "marketing", "expiresAfterDays": 180 },
    { "id": "ads", "saleOrShare": true, "expiresAfterDays": 90 },
    { "id": "location", "sensitive": true, "expiresAfterDays": 30 }
  ],
  "texts": { "en": { "title": "Privacy", "body": "We ask first.", "acceptAll": "Accept all",
    "rejectAll": "Reject all", "customise": "Customise", "save": "Save",
    "purposes": { "necessary": { "name": "N", "description": "n" }, "analytics": { "name": "A", "description": "a" },
      "marketing": { "name": "M", "description": "m" }, "ads": { "name": "Ads", "description": "ads" },
      "location": { "name": "L", "description": "l" } } } },
  "tracker": {
    "collectorUrl": "/v1/events",
    "events": { "$click": "analytics", "signup": "marketing", "ad_view": "ads", "near_me": "location", "error": "necessary" },
    "properties": { "necessary": ["k"], "analytics": ["k"], "marketing": ["k"], "ads": ["k"], "location": ["k"] },
    "holdLimit": 10000, "holdTtlMinutes": 1440, "pendingLimit": 10000, "batchMaxEvents": 50
  }
})";
}

// One purpose's decision in the model: unset, or granted/refused until a time.
struct Choice {
    bool decided = false, granted = false;
    std::int64_t expiresMs = 0;
};
enum class State { Unset, Granted, Denied };

State stateOf(const Choice& c, std::int64_t at) {
    if (!c.decided || at >= c.expiresMs) return State::Unset;
    return c.granted ? State::Granted : State::Denied;
}

// Every decision the person made, in time order; a state holds from its time on.
struct Moment {
    std::int64_t atMs;
    std::array<Choice, kPurposes.size()> choices;
};

class Model {
public:
    const std::array<Choice, kPurposes.size()>& now() const { return moments_.empty() ? kNone : moments_.back().choices; }

    void record(std::int64_t atMs, const std::array<Choice, kPurposes.size()>& choices, bool byPerson = true) {
        recorded_ = recorded_ || byPerson;
        moments_.push_back({atMs, choices});
    }
    // A new policy revision: every earlier decision stops counting.
    void newRevision(std::int64_t atMs) { record(atMs, kNone, false); }
    void forget() {
        moments_.clear();
        recorded_ = false;
    }
    bool recorded() const { return recorded_; }  // the core holds a record

    // What an event of purpose p captured at `ts` may do at `nowMs`, by the rule
    // as the issue states it: granted at capture, or undecided at capture and
    // granted by the next decision; and granted without a break since.
    State fate(int p, std::int64_t ts, std::int64_t nowMs) const {
        if (p == kRequired) return State::Granted;
        // The moment in force at capture is the last one strictly before it.
        auto it = std::lower_bound(moments_.begin(), moments_.end(), ts,
                                   [](const Moment& m, std::int64_t t) { return m.atMs < t; });
        const Choice* inForce = it == moments_.begin() ? nullptr : &std::prev(it)->choices[p];
        State s = inForce ? stateOf(*inForce, ts) : State::Unset;
        if (s == State::Denied) return State::Denied;
        for (; it != moments_.end(); ++it) {
            // A grant must last until the next decision, not lapse before it.
            if (s == State::Granted && stateOf(*inForce, it->atMs - 1) != State::Granted) return State::Denied;
            inForce = &it->choices[p];
            const State next = stateOf(*inForce, it->atMs);
            if (next == State::Denied) return State::Denied;
            if (s == State::Granted && next != State::Granted) return State::Denied;
            if (next == State::Granted) s = State::Granted;
        }
        if (s == State::Granted && stateOf(*inForce, std::max(nowMs, ts)) != State::Granted) return State::Denied;
        return s;
    }

private:
    static constexpr std::array<Choice, kPurposes.size()> kNone{};
    std::vector<Moment> moments_;
    bool recorded_ = false;
};

struct Captured {
    int purpose;
    std::int64_t ts;
    bool forbidden = false;  // captured before an erasure: may never leave
    bool lost = false;       // held in memory (or in the shell's buffer) when it may rightly have gone
    bool delivered = false;
};

class Life {
public:
    Life(std::uint64_t seed, std::int64_t startMs) : rng_(seed), now_(startMs) { boot(); }

    void step(std::size_t n) {
        step_ = n;
        // Some steps share a millisecond with the one before: an event and a
        // decision in the same millisecond count as the event first.
        now_ += pick(0, 19) == 0 ? 0 : pick(1, 3000);
        const int roll = pick(0, 999);
        if (trace_) std::fprintf(stderr, "%zu @%lld roll %d gpc %d\n", n, static_cast<long long>(now_), roll, gpc_);
        if (roll < 300) captureBuffered();
        else if (roll < 400) captureDirect();
        else if (roll < 470) ingestBuffer();
        else if (roll < 510) choose("accept_all");
        else if (roll < 550) choose("reject_all");
        else if (roll < 580) choose("custom");
        else if (roll < 610) choose("api");
        else if (roll < 640) withdraw(pick(0, 3));
        else if (roll < 650) withdraw(-1);
        else if (roll < 670) gpc(!gpc_);
        else if (roll < 790) take();
        else if (roll < 900) settle(pick(0, 9) < 7);
        else if (roll < 910) reload(pick(0, 1) == 0, false);
        else if (roll < 911) reload(true, true);
        else if (roll < 912) erase();
        else if (roll < 917) crossDay();
        else if (roll < 925) drain();
        else now_ += pick(0, 10) * 60000;  // a quiet spell
    }

    std::string where() const {
        std::ostringstream out;
        out << "step " << step_ << ", at " << now_;
        return out.str();
    }

private:
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

    // A page load, in the shell's order: the stored history, then the
    // signal read on every load, then what an earlier page left unsent.
    void boot(const std::string& stored = "", const std::string& pending = "") {
        core_.emplace(Core::create(config(revision_), "seed-" + std::to_string(boots_++)).value());
        REQUIRE(core_->restore(stored, now_).ok());
        core_->setGpc(gpc_, now_);
        if (gpc_) noteGpc();
        REQUIRE(core_->restorePending(pending, now_).ok());
    }

    int randomPurpose() {
        const int p = pick(-1, static_cast<int>(kPurposes.size()) - 1);
        return p;
    }
    const char* eventOf(int p) const { return p == kRequired ? "error" : kPurposes[p].event; }

    std::size_t newEvent(int p) {
        events_.push_back({p, now_});
        return events_.size() - 1;
    }

    // As a shell captures: kept in its buffer, handed to the core later.
    void captureBuffered() {
        const int p = randomPurpose();
        const std::size_t k = newEvent(p);
        if (!buffer_.empty()) buffer_ += '\x1e';
        buffer_ += std::string(eventOf(p)) + "\x1f/p\x1f" + std::to_string(now_) + "\x1fk\x1fs" + std::to_string(k);
        buffered_.push_back(k);
    }
    void captureDirect() {
        ingestBuffer();  // capture order stays the order the core sees
        const int p = randomPurpose();
        const std::size_t k = newEvent(p);
        core_->track(eventOf(p), "{\"k\":\"" + std::to_string(k) + "\"}", "/p", now_);
    }
    void ingestBuffer() {
        if (buffer_.empty()) return;
        core_->ingest(buffer_, now_);
        buffer_.clear();
        buffered_.clear();
    }

    void choose(const std::string& action) {
        std::array<Choice, kPurposes.size()> next = model_.now();
        std::map<std::string, bool> choices;
        for (std::size_t p = 0; p < kPurposes.size(); ++p) {
            const auto& purpose = kPurposes[p];
            const Choice before = next[p];
            bool granted = false;
            if (action == "accept_all") {
                if (purpose.sensitive) {
                    if (before.decided) continue;  // keeps its own choice
                    granted = false;
                } else {
                    granted = !(gpc_ && purpose.saleOrShare);
                }
            } else if (action == "custom") {
                granted = pick(0, 1) == 1;
                choices[purpose.id] = granted;
            } else if (action == "api") {
                if (pick(0, 2) == 0) continue;  // a partial update leaves it as it was
                granted = pick(0, 1) == 1;
                choices[purpose.id] = granted;
            }
            next[p] = {true, granted, now_ + purpose.expiresAfter};
        }
        assent::Method method;
        REQUIRE(assent::parseMethod(action, method));
        const auto made = core_->choose(fixtures::choice(method, assent::Surface::Banner, choices, "en"), now_);
        REQUIRE(made.ok());
        model_.record(now_, next);
    }

    void withdraw(int only) {
        std::array<Choice, kPurposes.size()> next = model_.now();
        for (std::size_t p = 0; p < kPurposes.size(); ++p)
            if (only < 0 || static_cast<std::size_t>(only) == p) next[p] = {true, false, now_ + kPurposes[p].expiresAfter};
        REQUIRE(core_->withdraw(only < 0 ? "" : kPurposes[only].id, assent::Surface::Preferences, now_).ok());
        model_.record(now_, next);
    }

    // A GPC signal refuses every sale/share purpose not refused yet.
    void noteGpc() {
        std::array<Choice, kPurposes.size()> next = model_.now();
        bool changes = false;
        for (std::size_t p = 0; p < kPurposes.size(); ++p) {
            if (!kPurposes[p].saleOrShare || stateOf(next[p], now_) == State::Denied) continue;
            next[p] = {true, false, now_ + kPurposes[p].expiresAfter};
            changes = true;
        }
        if (changes) model_.record(now_, next);
    }
    void gpc(bool on) {
        gpc_ = on;
        core_->setGpc(on, now_);
        if (on) noteGpc();
    }

    // Everything that leaves is checked the moment it leaves the core.
    void take() {
        ingestBuffer();
        const auto taken = core_->takeBatch(now_);
        if (!taken) return;
        const auto batch = nlohmann::json::parse(taken->body);
        std::vector<std::size_t> ks;
        for (const auto& e : batch["events"]) {
            const std::size_t k = std::stoul(e["props"]["k"].get<std::string>());
            REQUIRE(k < events_.size());
            const Captured& c = events_[k];
            const char* wrong = c.forbidden ? "captured before an erasure"
                                : c.delivered ? "delivered twice"
                                : model_.fate(c.purpose, c.ts, now_) != State::Granted ? "not granted at capture, or refused since"
                                : nullptr;
            if (wrong) FAIL(where() << ": event " << k << " (" << e["name"] << ") captured at " << c.ts << " left: " << wrong);
            ks.push_back(k);
        }
        inFlight_.push_back({batch["batch_id"].get<std::string>(), ks});
    }

    void settle(bool delivered) {
        if (inFlight_.empty()) return;
        const std::size_t i = static_cast<std::size_t>(pick(0, static_cast<int>(inFlight_.size()) - 1));
        core_->settleBatch(inFlight_[i].first, delivered);
        if (delivered)
            for (const std::size_t k : inFlight_[i].second) events_[k].delivered = true;
        inFlight_.erase(inFlight_.begin() + static_cast<std::ptrdiff_t>(i));
    }

    // Held events live in memory: a reload loses them, as it loses a buffer
    // the page had no time to hand over.
    void loseHeld(std::vector<std::size_t> alsoAt) {
        for (std::size_t k = 0; k < events_.size(); ++k)
            if (!events_[k].delivered && model_.fate(events_[k].purpose, events_[k].ts, now_) == State::Unset)
                events_[k].lost = true;
        for (const std::size_t k : alsoAt) events_[k].lost = true;
    }

    void reload(bool pageHideFlushed, bool newRevision) {
        if (pageHideFlushed) ingestBuffer();
        const std::string stored = core_->stored();
        const std::string pending = core_->pending();
        loseHeld(buffered_);
        buffer_.clear();
        buffered_.clear();
        inFlight_.clear();  // unanswered: they come back from pending()
        if (newRevision) {
            ++revision_;
            model_.newRevision(now_);
        }
        now_ += 1;  // the new page starts after the old one (and the old policy) ended
        boot(stored, pending);
    }

    // Erasure: nothing captured before it may ever leave.
    void erase() {
        core_->erase(now_);
        erasedAt_ = now_;
        for (auto& c : events_) c.forbidden = c.forbidden || !c.delivered;
        model_.forget();
        inFlight_.clear();
    }

    // Held events older than their time to live may be dropped, and the
    // analytics grant (one day) lapses.
    void crossDay() {
        loseHeld(buffered_);
        now_ += kDay + pick(1, 3) * kHour;
    }

    // Everything that may leave now, leaves: the core loses nothing it should send.
    void drain() {
        ingestBuffer();
        for (const auto& [id, ks] : inFlight_) core_->settleBatch(id, false);
        inFlight_.clear();
        for (int guard = 0; guard < 10000; ++guard) {
            take();
            if (inFlight_.empty()) break;
            settle(true);
        }
        REQUIRE(inFlight_.empty());
        for (std::size_t k = 0; k < events_.size(); ++k) {
            const Captured& c = events_[k];
            if (c.delivered || c.forbidden || c.lost) continue;
            if (!model_.recorded()) continue;  // a batch carries a record: none is sent before the first one
            if (c.ts <= erasedAt_) continue;   // in the erasure's millisecond it may rightly be dropped
            if (model_.fate(c.purpose, c.ts, now_) == State::Granted)
                FAIL(where() << ": event " << k << " of purpose " << c.purpose << " captured at " << c.ts
                             << " may leave but was never sent");
        }
    }

    std::mt19937_64 rng_;
    const bool trace_ = std::getenv("ASSENT_PROPERTY_TRACE") != nullptr;  // prints every step, to replay a failure
    std::int64_t now_;
    std::size_t step_ = 0;
    int revision_ = 1;
    int boots_ = 0;
    bool gpc_ = false;
    std::int64_t erasedAt_ = 0;
    std::optional<Core> core_;
    Model model_;
    std::vector<Captured> events_;
    std::string buffer_;
    std::vector<std::size_t> buffered_;
    std::vector<std::pair<std::string, std::vector<std::size_t>>> inFlight_;
};

std::uint64_t fromEnv(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

}  // namespace

TEST_CASE("[C17] nothing captured under a refusal, or undecided and then refused, ever leaves, through random lives",
          "[property]") {
    const std::uint64_t steps = fromEnv("ASSENT_PROPERTY_STEPS", 1000000);
    const std::uint64_t seed = fromEnv("ASSENT_PROPERTY_SEED", 20261204);
    constexpr std::uint64_t kLife = 2000;  // steps before a new person: histories stay within historyLimit
    INFO("ASSENT_PROPERTY_SEED=" << seed << " ASSENT_PROPERTY_STEPS=" << steps);
    std::optional<Life> life;
    for (std::uint64_t n = 0; n < steps; ++n) {
        if (n % kLife == 0) life.emplace(seed * 1000003 + n / kLife, 1700000000000);
        life->step(n);
    }
}
