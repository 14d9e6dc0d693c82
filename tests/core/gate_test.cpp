#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <type_traits>

#include "assent/gate.hpp"

using namespace assent;

namespace {

// The purposes of these tests, by their index in a config's purposes (a
// queued event names its purpose so).
const std::vector<std::string> kPurposes = {"analytics", "marketing", "ads"};

// A queued event whose JSON is only its id: the gate never reads the JSON.
QueuedEvent event(std::string id, const std::string& purpose, std::int64_t ts) {
    QueuedEvent e;
    e.json = std::move(id);
    e.purpose = static_cast<std::uint16_t>(std::find(kPurposes.begin(), kPurposes.end(), purpose) - kPurposes.begin());
    e.ts = ts;
    return e;
}

// A verdict per purpose the test can change between steps (the core's
// Timeline gives them; here the gate's own bookkeeping is under test).
struct Decisions {
    std::map<std::string, Verdict> by;
    Verdict operator()(const QueuedEvent& e) const {
        const auto it = by.find(kPurposes.at(e.purpose));
        return it == by.end() ? Verdict::Drop : it->second;
    }
};

std::vector<std::string> ids(const std::vector<QueuedEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.json);
    return out;
}

}  // namespace

TEST_CASE("a granted purpose forwards, an undecided one holds, a refused one drops") {
    Gate gate(10, 60000);
    CHECK(gate.admit(event("a", "analytics", 1), Verdict::Forward) == Verdict::Forward);
    CHECK(gate.admit(event("b", "analytics", 2), Verdict::Hold) == Verdict::Hold);
    CHECK(gate.admit(event("c", "analytics", 3), Verdict::Drop) == Verdict::Drop);
    CHECK(gate.queued() == 1);
    CHECK(gate.held() == 1);
}

TEST_CASE("held events of a purpose are released in capture order when it is granted") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Verdict::Hold}, {"marketing", Verdict::Hold}}};
    gate.admit(event("h1", "analytics", 1), Verdict::Hold);
    gate.admit(event("m1", "marketing", 2), Verdict::Hold);
    gate.admit(event("h2", "analytics", 3), Verdict::Hold);
    d.by["analytics"] = Verdict::Forward;
    gate.settle(d, 10);
    CHECK(gate.held() == 1);  // marketing still waits
    CHECK(ids(gate.take(10, d)) == std::vector<std::string>{"h1", "h2"});
}

TEST_CASE("[C05] held events of a refused purpose are purged, never sent later") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Verdict::Hold}}};
    gate.admit(event("h1", "analytics", 1), Verdict::Hold);
    d.by["analytics"] = Verdict::Drop;
    gate.settle(d, 10);
    CHECK(gate.held() == 0);
    d.by["analytics"] = Verdict::Forward;  // even a later grant cannot bring them back
    gate.settle(d, 20);
    CHECK(gate.take(10, d).empty());
}

TEST_CASE("[C05] an event whose purpose was withdrawn after capture is purged, not sent") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("q1", "analytics", 1), Verdict::Forward);
    d.by["analytics"] = Verdict::Drop;
    CHECK(gate.take(10, d).empty());
    CHECK(gate.queued() == 0);
}

TEST_CASE("the hold queue is bounded: the oldest held event is dropped first") {
    Gate gate(2, 60000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("1", "analytics", 1), Verdict::Hold);
    gate.admit(event("2", "analytics", 2), Verdict::Hold);
    gate.admit(event("3", "analytics", 3), Verdict::Hold);
    gate.settle(d, 10);
    CHECK(ids(gate.take(10, d)) == std::vector<std::string>{"2", "3"});
}

TEST_CASE("held events older than their time to live are dropped") {
    Gate gate(10, 1000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("old", "analytics", 0), Verdict::Hold);
    gate.admit(event("new", "analytics", 1500), Verdict::Hold);
    gate.settle(d, 2000);
    CHECK(ids(gate.take(10, d)) == std::vector<std::string>{"new"});
}

TEST_CASE("a hold limit of zero turns holding off") {
    Gate gate(0, 1000);
    CHECK(gate.admit(event("x", "analytics", 0), Verdict::Hold) == Verdict::Drop);
    CHECK(gate.held() == 0);
}

TEST_CASE("take returns at most the batch size, oldest first") {
    Gate gate(10, 1000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    for (const char* id : {"a", "b", "c"}) gate.admit(event(id, "analytics", 1), Verdict::Forward);
    CHECK(ids(gate.take(2, d)) == std::vector<std::string>{"a", "b"});
    CHECK(ids(gate.take(2, d)) == std::vector<std::string>{"c"});
}

namespace {

std::vector<std::string> ids(const EventQueue& queue) {
    std::vector<std::string> out;
    for (const auto& e : queue) out.push_back(e.json);
    return out;
}

}  // namespace

TEST_CASE("the event queue keeps capture order across pops, drops and requeues") {
    EventQueue q;
    CHECK(q.empty());
    for (const char* id : {"a", "b", "c", "d", "e"}) q.pushBack(event(id, "analytics", 1));
    CHECK(q.popFront().json == "a");
    q.dropFront(2);  // b, c: past half of the slots, so they are reclaimed
    CHECK(ids(q) == std::vector<std::string>{"d", "e"});
    CHECK(q.front().json == "d");
    std::vector<QueuedEvent> back;
    back.push_back(event("x", "analytics", 1));
    back.push_back(event("y", "analytics", 1));
    q.pushFront(std::move(back));
    q.pushBack(event("f", "analytics", 1));
    CHECK(ids(q) == std::vector<std::string>{"x", "y", "d", "e", "f"});
    CHECK(q.size() == 5);
    CHECK(ids(q.takeAll()) == std::vector<std::string>{"x", "y", "d", "e", "f"});
    CHECK(q.empty());
    q.pushBack(event("g", "analytics", 1));
    CHECK(ids(q) == std::vector<std::string>{"g"});
}

TEST_CASE("the event queue behaves as a double-ended queue under any mix of its operations") {
    EventQueue q;
    std::deque<std::string> model;
    std::uint32_t seed = 12345;
    const auto roll = [&](std::uint32_t n) { return (seed = seed * 1103515245u + 12345u) / 65536u % n; };
    int next = 0;
    for (int step = 0; step < 5000; ++step) {
        switch (roll(5)) {
            case 0:
            case 1: {
                const auto id = std::to_string(next++);
                q.pushBack(event(id, "analytics", 1));
                model.push_back(id);
                break;
            }
            case 2:
                if (!model.empty()) {
                    CHECK(q.popFront().json == model.front());
                    model.pop_front();
                }
                break;
            case 3: {
                const std::size_t n = roll(static_cast<std::uint32_t>(model.size()) + 1);
                q.dropFront(n);
                model.erase(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(n));
                break;
            }
            default: {
                std::vector<QueuedEvent> front;
                for (std::uint32_t k = roll(3); k > 0; --k) {
                    const auto id = std::to_string(next++);
                    front.push_back(event(id, "analytics", 1));
                }
                for (auto it = front.rbegin(); it != front.rend(); ++it) model.push_front(it->json);
                q.pushFront(std::move(front));
            }
        }
        REQUIRE(q.size() == model.size());
    }
    CHECK(ids(q) == std::vector<std::string>(model.begin(), model.end()));
}

TEST_CASE("a judge calls the callable it refers to") {
    int calls = 0;
    const auto byPurpose = [&](const QueuedEvent& e) {
        ++calls;
        return kPurposes.at(e.purpose) == "analytics" ? Verdict::Forward : Verdict::Drop;
    };
    const Judge judge = byPurpose;
    const Judge copy = judge;
    CHECK(judge(event("a", "analytics", 1)) == Verdict::Forward);
    CHECK(copy(event("b", "ads", 1)) == Verdict::Drop);
    CHECK(calls == 2);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<Judge, decltype(byPurpose)&&>);  // a temporary would dangle
}
