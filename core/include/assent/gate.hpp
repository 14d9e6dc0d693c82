// Decides, for every tracker event, whether it may leave the device.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
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

// An event's verdict now, by the consent in force when it was captured and
// every decision since (a Timeline's judge, C17).
using Judge = std::function<Verdict(const Event&)>;

class Gate {
public:
    Gate(std::size_t holdLimit, std::int64_t holdTtlMs, std::size_t queueLimit = 1000)
        : holdLimit_(holdLimit), holdTtlMs_(holdTtlMs), queueLimit_(queueLimit) {}

    // Forward: queued to send; Hold: waits in memory for a decision; Drop: gone.
    Verdict admit(Event, Verdict);

    // After a decision changed: held events judged Forward move to the outbox
    // in capture order, those judged Drop are purged, and so are queued ones
    // no longer judged Forward.
    void settle(const Judge&, std::int64_t nowMs);

    // Takes up to `max` events to send, judging each again: an event whose
    // purpose was withdrawn after capture is purged, never returned.
    std::vector<Event> take(std::size_t max, const Judge&);
    // Puts events that could not be delivered (or were restored after a
    // reload) back in front of the queue; they are asked again when taken.
    void requeue(std::vector<Event>);
    const std::deque<Event>& queue() const { return outbox_; }
    // Drops held events older than their time to live.
    void expire(std::int64_t nowMs);

    std::size_t held() const { return held_.size(); }
    std::size_t queued() const { return outbox_.size(); }

private:
    void bound();

    std::size_t holdLimit_;
    std::int64_t holdTtlMs_;
    std::size_t queueLimit_;
    std::deque<Event> held_;
    std::deque<Event> outbox_;
};

}  // namespace assent
