#include "assent/gate.hpp"

#include <algorithm>
#include <iterator>

namespace assent {

void EventQueue::pushFront(std::vector<QueuedEvent> events) {
    if (events.empty()) return;
    // push_back, not a range insert: the module already carries push_back.
    events.reserve(events.size() + size());
    for (auto it = items_.begin() + static_cast<std::ptrdiff_t>(head_); it != items_.end(); ++it)
        events.push_back(std::move(*it));
    items_ = std::move(events);
    head_ = 0;
}

QueuedEvent EventQueue::popFront() {
    QueuedEvent oldest = std::move(items_[head_]);
    dropFront(1);
    return oldest;
}

std::vector<QueuedEvent> EventQueue::takeAll() {
    std::vector<QueuedEvent> all;
    all.swap(items_);
    all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
    return all;
}

void EventQueue::dropFront(std::size_t n) {
    head_ += n;
    if (head_ == items_.size()) {
        items_.clear();
        head_ = 0;
    } else if (head_ * 2 > items_.size()) {
        items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
}

Verdict Gate::admit(QueuedEvent event, Verdict verdict) {
    switch (verdict) {
        case Verdict::Forward:
            outbox_.pushBack(std::move(event));
            bound();
            return Verdict::Forward;
        case Verdict::Hold:
            if (holdLimit_ == 0) return Verdict::Drop;
            if (held_.size() >= holdLimit_) held_.dropFront(1);  // oldest dropped first
            held_.pushBack(std::move(event));
            return Verdict::Hold;
        case Verdict::Drop:
            break;
    }
    return Verdict::Drop;
}

// The queue persists across reloads, so it is bounded: oldest dropped first.
void Gate::bound() {
    if (outbox_.size() > queueLimit_) outbox_.dropFront(outbox_.size() - queueLimit_);
}

void Gate::requeue(std::vector<QueuedEvent> events) {
    outbox_.pushFront(std::move(events));
    bound();
}

void Gate::expire(std::int64_t nowMs) {
    std::size_t stale = 0;
    for (const auto& e : held_) {
        if (nowMs - e.ts <= holdTtlMs_) break;
        ++stale;
    }
    held_.dropFront(stale);
}

void Gate::settle(const Judge& judge, std::int64_t nowMs) {
    expire(nowMs);
    std::vector<QueuedEvent> released;
    for (auto& e : held_.takeAll()) {
        switch (judge(e)) {
            case Verdict::Forward: released.push_back(std::move(e)); break;
            case Verdict::Hold: held_.pushBack(std::move(e)); break;
            case Verdict::Drop: break;  // purged
        }
    }
    // Both runs are in capture order; merge them so the outbox stays so (on
    // equal times, released events first).
    std::vector<QueuedEvent> queued = outbox_.takeAll();
    std::vector<QueuedEvent> merged;
    merged.reserve(released.size() + queued.size());
    std::merge(std::make_move_iterator(released.begin()), std::make_move_iterator(released.end()),
               std::make_move_iterator(queued.begin()), std::make_move_iterator(queued.end()),
               std::back_inserter(merged), [](const QueuedEvent& a, const QueuedEvent& b) { return a.ts < b.ts; });
    merged.erase(std::remove_if(merged.begin(), merged.end(),
                                [&](const QueuedEvent& e) { return judge(e) != Verdict::Forward; }),
                 merged.end());
    outbox_.pushFront(std::move(merged));
    bound();
}

std::vector<QueuedEvent> Gate::take(std::size_t max, const Judge& judge) {
    std::vector<QueuedEvent> batch;
    batch.reserve(std::min(max, outbox_.size()));  // one allocation, not a move of every event at each growth
    while (!outbox_.empty() && batch.size() < max) {
        QueuedEvent e = outbox_.popFront();
        if (judge(e) == Verdict::Forward) batch.push_back(std::move(e));
    }
    return batch;
}

}  // namespace assent
