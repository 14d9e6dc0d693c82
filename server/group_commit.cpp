#include "group_commit.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

namespace assent::server {

GroupCommit::GroupCommit(std::size_t mostEvents, Write write, std::size_t writers)
    : mostEvents_(mostEvents), write_(std::move(write)), writers_(writers < 1 ? 1 : writers) {}

// The front of the queue, as many batches as one commit takes (always at
// least one). Under lock_.
std::size_t GroupCommit::groupSize() const {
    std::size_t batches = 0, events = 0;
    for (const WaitingBatch* b : queue_) {
        if (batches > 0 && events + b->events.size() > mostEvents_) break;
        ++batches, events += b->events.size();
    }
    return batches;
}

// write_, and if it throws (memory), every batch of the group is still
// answered, as failed: the batches behind it wait for this answer.
std::vector<Result<Added>> GroupCommit::writeOrFail(const std::vector<WaitingBatch*>& group) {
    try {
        std::vector<Result<Added>> outcomes = write_(group);
        const auto stored = std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return bool(o); });
        if (stored > 0) ++commits_, batches_ += static_cast<std::uint64_t>(stored);
        return outcomes;
    } catch (const std::exception& e) {
        return std::vector<Result<Added>>(group.size(), Problems{{"database", std::string("cannot store: ") + e.what()}});
    }
}

Result<Added> GroupCommit::add(WaitingBatch& mine) {
    std::unique_lock<std::mutex> queued(lock_);
    queue_.push_back(&mine);
    // The queue may be empty: a writer takes its group out before writing it.
    moved_.wait(queued, [&] { return mine.outcome || (!queue_.empty() && queue_.front() == &mine && writing_ < writers_); });
    if (mine.outcome) return std::move(*mine.outcome);
    // First in the queue, and a writer is free: this thread writes the
    // group that starts here, and the batches after it wait for the next.
    std::vector<WaitingBatch*> group;
    try {
        group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(groupSize()));
    } catch (...) {
        // Out of memory: this batch leaves the queue, failed, and the next
        // one leads; left at the front, it would stall every later batch.
        queue_.pop_front();
        queued.unlock();
        moved_.notify_all();
        throw;
    }
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(group.size()));
    ++writing_;
    queued.unlock();
    moved_.notify_all();  // another writer may be free for the next group
    std::vector<Result<Added>> outcomes = writeOrFail(group);
    queued.lock();
    for (std::size_t i = 0; i < group.size(); ++i) group[i]->outcome = std::move(outcomes[i]);
    --writing_;
    queued.unlock();
    moved_.notify_all();
    return std::move(*mine.outcome);
}

}  // namespace assent::server
