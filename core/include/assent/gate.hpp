// Decides, for every tracker event, whether it may leave the device.
#pragma once

#include <cstdint>
#include <type_traits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assent/record.hpp"
#include "assent/timeline.hpp"

namespace assent {

struct Event {
    std::string id;       // unique, so a collector can drop duplicates
    std::string name;     // "$pageview", "$click", or a custom name
    std::string purpose;  // from the config's event map
    std::int64_t ts = 0;  // capture time in ms; kept while held
    std::string page;     // the page it happened on, masked
    std::int64_t seq = 0;  // capture order on this page load
    std::vector<std::pair<std::string, std::string>> props;  // allow-listed and masked
    std::string anonymousId;  // only for purposes that allow identifiers, once granted
    std::string sessionId;
};

// An event the gate admitted, already in the form it is sent in: written
// once at capture, after the allow-list and masking, and judged again by
// purpose and capture time alone. Not an Event: copying its id, name,
// purpose, page and props onto every queued event, then writing them out at
// each take, cost about 5.6 heap blocks and 10,500 instructions per event
// (issue 11).
struct QueuedEvent {
    // The event's JSON as a batch carries it, without its closing brace:
    // {"id":…,"name":…,"purpose":…,"ts":…,"page":…,"seq":…,"props":{…}
    // then the visitor ids written at its last take (see idsAt).
    std::string json;
    std::uint32_t idsAt = 0;    // json's size before the visitor ids
    std::uint16_t purpose = 0;  // its index in Config::purposes
    std::int64_t ts = 0;        // capture time in ms
};

// An event's verdict now, by the consent in force when it was captured and
// every decision since (a Timeline's judge, C17). It refers to the caller's
// callable, which must outlive it (so a temporary is refused); not
// std::function, whose type-erasure machinery cost the WASM module about a
// kilobyte for the one lambda each caller passes.
class Judge {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<F, Judge>>>
    Judge(const F& judge)  // NOLINT: converts implicitly, like std::function
        : target_(&judge), call_([](const void* t, const QueuedEvent& e) { return (*static_cast<const F*>(t))(e); }) {}
    template <class F, class = std::enable_if_t<!std::is_same_v<F, Judge>>>
    Judge(const F&&) = delete;

    Verdict operator()(const QueuedEvent& e) const { return call_(target_, e); }

private:
    const void* target_;
    Verdict (*call_)(const void*, const QueuedEvent&);
};

// Events in capture order, oldest first: a vector read from a moving front.
// Not std::deque, whose block map and iterators cost the WASM module about
// 3.5 KB; taken slots are reclaimed once they are half the vector, so taking
// from the front stays amortised O(1).
class EventQueue {
public:
    bool empty() const { return size() == 0; }
    std::size_t size() const { return items_.size() - head_; }
    const QueuedEvent* begin() const { return items_.data() + head_; }
    const QueuedEvent* end() const { return items_.data() + items_.size(); }
    const QueuedEvent& front() const { return items_[head_]; }

    void pushBack(QueuedEvent e) { items_.push_back(std::move(e)); }
    // Puts `events` before the oldest, in their order.
    void pushFront(std::vector<QueuedEvent> events);
    // Moves out the oldest (the queue must not be empty).
    QueuedEvent popFront();
    // Forgets the oldest `n` (at most size()).
    void dropFront(std::size_t n);
    // Moves out every event, oldest first, leaving the queue empty.
    std::vector<QueuedEvent> takeAll();

private:
    std::vector<QueuedEvent> items_;
    std::size_t head_ = 0;  // items_ before it were taken
};

class Gate {
public:
    Gate(std::size_t holdLimit, std::int64_t holdTtlMs, std::size_t queueLimit = 1000)
        : holdLimit_(holdLimit), holdTtlMs_(holdTtlMs), queueLimit_(queueLimit) {}

    // Forward: queued to send; Hold: waits in memory for a decision; Drop: gone.
    Verdict admit(QueuedEvent, Verdict);

    // After a decision changed: held events judged Forward move to the outbox
    // in capture order, those judged Drop are purged, and so are queued ones
    // no longer judged Forward.
    void settle(const Judge&, std::int64_t nowMs);

    // Takes up to `max` events to send, judging each again: an event whose
    // purpose was withdrawn after capture is purged, never returned.
    std::vector<QueuedEvent> take(std::size_t max, const Judge&);
    // Puts events that could not be delivered (or were restored after a
    // reload) back in front of the queue; they are asked again when taken.
    void requeue(std::vector<QueuedEvent>);
    const EventQueue& queue() const { return outbox_; }
    // Drops held events older than their time to live.
    void expire(std::int64_t nowMs);

    std::size_t held() const { return held_.size(); }
    std::size_t queued() const { return outbox_.size(); }

private:
    void bound();

    std::size_t holdLimit_;
    std::int64_t holdTtlMs_;
    std::size_t queueLimit_;
    EventQueue held_;
    EventQueue outbox_;
};

}  // namespace assent
