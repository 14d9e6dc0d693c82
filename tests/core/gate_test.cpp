#include <catch2/catch.hpp>

#include "assent/gate.hpp"

using namespace assent;

namespace {

Event event(std::string id, std::string purpose, std::int64_t ts) {
    Event e;
    e.id = std::move(id);
    e.name = "$click";
    e.purpose = std::move(purpose);
    e.ts = ts;
    return e;
}

// A verdict per purpose the test can change between steps (the core's
// Timeline gives them; here the gate's own bookkeeping is under test).
struct Decisions {
    std::map<std::string, Verdict> by;
    Judge fn() const {
        return [this](const Event& e) {
            const auto it = by.find(e.purpose);
            return it == by.end() ? Verdict::Drop : it->second;
        };
    }
};

std::vector<std::string> ids(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.id);
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
    gate.settle(d.fn(), 10);
    CHECK(gate.held() == 1);  // marketing still waits
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"h1", "h2"});
}

TEST_CASE("[C05] held events of a refused purpose are purged, never sent later") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Verdict::Hold}}};
    gate.admit(event("h1", "analytics", 1), Verdict::Hold);
    d.by["analytics"] = Verdict::Drop;
    gate.settle(d.fn(), 10);
    CHECK(gate.held() == 0);
    d.by["analytics"] = Verdict::Forward;  // even a later grant cannot bring them back
    gate.settle(d.fn(), 20);
    CHECK(gate.take(10, d.fn()).empty());
}

TEST_CASE("[C05] an event whose purpose was withdrawn after capture is purged, not sent") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("q1", "analytics", 1), Verdict::Forward);
    d.by["analytics"] = Verdict::Drop;
    CHECK(gate.take(10, d.fn()).empty());
    CHECK(gate.queued() == 0);
}

TEST_CASE("the hold queue is bounded: the oldest held event is dropped first") {
    Gate gate(2, 60000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("1", "analytics", 1), Verdict::Hold);
    gate.admit(event("2", "analytics", 2), Verdict::Hold);
    gate.admit(event("3", "analytics", 3), Verdict::Hold);
    gate.settle(d.fn(), 10);
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"2", "3"});
}

TEST_CASE("held events older than their time to live are dropped") {
    Gate gate(10, 1000);
    Decisions d{{{"analytics", Verdict::Forward}}};
    gate.admit(event("old", "analytics", 0), Verdict::Hold);
    gate.admit(event("new", "analytics", 1500), Verdict::Hold);
    gate.settle(d.fn(), 2000);
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"new"});
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
    CHECK(ids(gate.take(2, d.fn())) == std::vector<std::string>{"a", "b"});
    CHECK(ids(gate.take(2, d.fn())) == std::vector<std::string>{"c"});
}
