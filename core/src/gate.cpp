#include "assent/gate.hpp"

#include <algorithm>
#include <iterator>

namespace assent {

Verdict Gate::admit(Event event, Verdict verdict) {
    switch (verdict) {
        case Verdict::Forward:
            outbox_.push_back(std::move(event));
            bound();
            return Verdict::Forward;
        case Verdict::Hold:
            if (holdLimit_ == 0) return Verdict::Drop;
            if (held_.size() >= holdLimit_) held_.pop_front();  // oldest dropped first
            held_.push_back(std::move(event));
            return Verdict::Hold;
        case Verdict::Drop:
            break;
    }
    return Verdict::Drop;
}

// The queue persists across reloads, so it is bounded: oldest dropped first.
void Gate::bound() {
    while (outbox_.size() > queueLimit_) outbox_.pop_front();
}

void Gate::requeue(std::vector<Event> events) {
    outbox_.insert(outbox_.begin(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    bound();
}

void Gate::expire(std::int64_t nowMs) {
    while (!held_.empty() && nowMs - held_.front().ts > holdTtlMs_) held_.pop_front();
}

void Gate::settle(const Judge& judge, std::int64_t nowMs) {
    expire(nowMs);
    std::deque<Event> stillHeld, released;
    for (auto& e : held_) {
        switch (judge(e)) {
            case Verdict::Forward: released.push_back(std::move(e)); break;
            case Verdict::Hold: stillHeld.push_back(std::move(e)); break;
            case Verdict::Drop: break;  // purged
        }
    }
    held_ = std::move(stillHeld);
    // Both runs are in capture order; merge them so the outbox stays so.
    if (!released.empty()) {
        std::deque<Event> merged;
        while (!released.empty() || !outbox_.empty()) {
            auto& from = outbox_.empty() || (!released.empty() && released.front().ts <= outbox_.front().ts) ? released
                                                                                                             : outbox_;
            merged.push_back(std::move(from.front()));
            from.pop_front();
        }
        outbox_ = std::move(merged);
    }
    outbox_.erase(std::remove_if(outbox_.begin(), outbox_.end(),
                                 [&](const Event& e) { return judge(e) != Verdict::Forward; }),
                  outbox_.end());
    bound();
}

std::vector<Event> Gate::take(std::size_t max, const Judge& judge) {
    std::vector<Event> batch;
    while (!outbox_.empty() && batch.size() < max) {
        Event e = std::move(outbox_.front());
        outbox_.pop_front();
        if (judge(e) == Verdict::Forward) batch.push_back(std::move(e));
    }
    return batch;
}

}  // namespace assent
