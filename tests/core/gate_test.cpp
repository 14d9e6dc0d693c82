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

// A decision table the test can change between steps.
struct Decisions {
    std::map<std::string, Decision> by;
    DecisionOf fn() const {
        return [this](std::string_view p) {
            const auto it = by.find(std::string(p));
            return it == by.end() ? Decision::Denied : it->second;
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
    CHECK(gate.admit(event("a", "analytics", 1), Decision::Granted) == Verdict::Forward);
    CHECK(gate.admit(event("b", "analytics", 2), Decision::Unset) == Verdict::Hold);
    CHECK(gate.admit(event("c", "analytics", 3), Decision::Denied) == Verdict::Drop);
    CHECK(gate.queued() == 1);
    CHECK(gate.held() == 1);
}

TEST_CASE("held events of a purpose are released in capture order when it is granted") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Decision::Unset}, {"marketing", Decision::Unset}}};
    gate.admit(event("h1", "analytics", 1), Decision::Unset);
    gate.admit(event("m1", "marketing", 2), Decision::Unset);
    gate.admit(event("h2", "analytics", 3), Decision::Unset);
    d.by["analytics"] = Decision::Granted;
    gate.settle(d.fn(), 10);
    CHECK(gate.held() == 1);  // marketing still waits
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"h1", "h2"});
}

TEST_CASE("[C05] held events of a refused purpose are purged, never sent later") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Decision::Unset}}};
    gate.admit(event("h1", "analytics", 1), Decision::Unset);
    d.by["analytics"] = Decision::Denied;
    gate.settle(d.fn(), 10);
    CHECK(gate.held() == 0);
    d.by["analytics"] = Decision::Granted;  // even a later grant cannot bring them back
    gate.settle(d.fn(), 20);
    CHECK(gate.take(10, d.fn()).empty());
}

TEST_CASE("[C05] an event whose purpose was withdrawn after capture is purged, not sent") {
    Gate gate(10, 60000);
    Decisions d{{{"analytics", Decision::Granted}}};
    gate.admit(event("q1", "analytics", 1), Decision::Granted);
    d.by["analytics"] = Decision::Denied;
    CHECK(gate.take(10, d.fn()).empty());
    CHECK(gate.queued() == 0);
}

TEST_CASE("the hold queue is bounded: the oldest held event is dropped first") {
    Gate gate(2, 60000);
    Decisions d{{{"analytics", Decision::Granted}}};
    gate.admit(event("1", "analytics", 1), Decision::Unset);
    gate.admit(event("2", "analytics", 2), Decision::Unset);
    gate.admit(event("3", "analytics", 3), Decision::Unset);
    gate.settle(d.fn(), 10);
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"2", "3"});
}

TEST_CASE("held events older than their time to live are dropped") {
    Gate gate(10, 1000);
    Decisions d{{{"analytics", Decision::Granted}}};
    gate.admit(event("old", "analytics", 0), Decision::Unset);
    gate.admit(event("new", "analytics", 1500), Decision::Unset);
    gate.settle(d.fn(), 2000);
    CHECK(ids(gate.take(10, d.fn())) == std::vector<std::string>{"new"});
}

TEST_CASE("a hold limit of zero turns holding off") {
    Gate gate(0, 1000);
    CHECK(gate.admit(event("x", "analytics", 0), Decision::Unset) == Verdict::Drop);
    CHECK(gate.held() == 0);
}

TEST_CASE("take returns at most the batch size, oldest first") {
    Gate gate(10, 1000);
    Decisions d{{{"analytics", Decision::Granted}}};
    for (const char* id : {"a", "b", "c"}) gate.admit(event(id, "analytics", 1), Decision::Granted);
    CHECK(ids(gate.take(2, d.fn())) == std::vector<std::string>{"a", "b"});
    CHECK(ids(gate.take(2, d.fn())) == std::vector<std::string>{"c"});
}
