// Group commit, for any store (SqliteStore, PgStore): batches of events that
// arrive while a commit is being written wait, and the thread of the first
// of them writes them all in the next transaction; each thread answers its
// own batch only after that commit, so an acknowledgement still means
// stored. A lone batch is committed at once: none waits for a timer.
//
// What a commit costs beyond its rows (SQLite: the log's header and the
// pages every batch touches; PostgreSQL: the flush of its log to disk and
// the round trips of BEGIN and COMMIT) is then paid once a group, not once
// a batch.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "store.hpp"

namespace assent::server {

// A batch waiting for its commit: what to store, and, once a commit or a
// failure settled it, what came of it.
struct WaitingBatch {
    std::string_view consentId, recordId;
    const std::vector<Event>& events;
    std::int64_t receivedMs;
    std::string_view dailyVisitor;
    std::optional<Result<Added>> outcome;
};

class GroupCommit {
public:
    // Writes a group in one transaction and answers each of its batches, in
    // order: a batch that cannot be stored is answered with why, and fails
    // no other; a failed commit fails them all.
    using Write = std::function<std::vector<Result<Added>>(const std::vector<WaitingBatch*>& group)>;

    // mostEvents: the most events one commit takes (a group holds at least
    // one batch). Bounds how long the batches queued behind a group wait.
    // writers: groups written at once (SQLite: 1, its one writer;
    // PostgreSQL: several connections, each its own transaction).
    GroupCommit(std::size_t mostEvents, Write write, std::size_t writers = 1);

    // Queues the batch and waits until a commit (this thread's or another's)
    // settled it.
    Result<Added> add(WaitingBatch&);

    // What the group commit did so far (/metrics shows it).
    GroupCommits figures() const { return {commits_.load(), batches_.load()}; }

private:
    std::size_t groupSize() const;
    std::vector<Result<Added>> writeOrFail(const std::vector<WaitingBatch*>& group);

    const std::size_t mostEvents_;
    const Write write_;
    const std::size_t writers_;
    std::mutex lock_;
    std::condition_variable moved_;
    std::deque<WaitingBatch*> queue_;  // waiting for a writer: the front one's thread writes the next group
    std::size_t writing_ = 0;           // groups being written now
    std::atomic<std::uint64_t> commits_{0}, batches_{0};
};

}  // namespace assent::server
