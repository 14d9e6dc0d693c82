#include "checkpoints.hpp"

#include <sqlite3.h>

#include "log.hpp"

namespace assent::server {

Result<std::unique_ptr<BackgroundCheckpoints>> BackgroundCheckpoints::start(SqliteStore& store, const std::string& database,
                                                                            std::chrono::milliseconds every) {
    sqlite3* connection = nullptr;
    if (sqlite3_open_v2(database.c_str(), &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
        SQLITE_OK) {
        Problems problems{{"database", "cannot open " + database + " for checkpoints: " + sqlite3_errmsg(connection)}};
        sqlite3_close(connection);
        return problems;
    }
    sqlite3_busy_timeout(connection, 5000);
    // A connection that has read nothing does not know the file is in WAL
    // mode yet, and its checkpoints would silently copy nothing.
    if (sqlite3_exec(connection, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK) {
        Problems problems{{"database", "cannot read " + database + " for checkpoints: " + sqlite3_errmsg(connection)}};
        sqlite3_close(connection);
        return problems;
    }
    if (auto off = store.setAutocheckpoint(false); !off) {
        sqlite3_close(connection);
        return off.problems();
    }
    return std::unique_ptr<BackgroundCheckpoints>(new BackgroundCheckpoints(store, connection, every));
}

BackgroundCheckpoints::BackgroundCheckpoints(SqliteStore& store, sqlite3* connection, std::chrono::milliseconds every)
    : store_(store), connection_(connection), every_(every), thread_([this] { run(); }) {}

BackgroundCheckpoints::~BackgroundCheckpoints() {
    {
        std::lock_guard<std::mutex> guard(lock_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    checkpoint();
    sqlite3_close(connection_);
    // The store may go on writing without this thread.
    if (auto on = store_.setAutocheckpoint(true); !on) log::error(on.message());
}

long BackgroundCheckpoints::copied() const {
    std::lock_guard<std::mutex> guard(lock_);
    return copied_;
}

void BackgroundCheckpoints::run() {
    std::unique_lock<std::mutex> guard(lock_);
    while (!wake_.wait_for(guard, every_, [this] { return stopping_; })) {
        guard.unlock();
        checkpoint();
        guard.lock();
    }
}

void BackgroundCheckpoints::checkpoint() {
    int logPages = 0, copiedPages = 0;
    int rc = sqlite3_wal_checkpoint_v2(connection_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logPages, &copiedPages);
    // Under steady writes a PASSIVE checkpoint never finishes the log (new
    // frames arrive while it copies), so the log is never started over and
    // grows without end: 1.5 GB in 10 s of load, measured. Past a bound, a
    // RESTART copies the little left and makes the next commit write the log
    // from its start again; writers wait only for that remainder.
    if (rc == SQLITE_OK && logPages > kRestartAfterPages) {
        rc = sqlite3_wal_checkpoint_v2(connection_, nullptr, SQLITE_CHECKPOINT_RESTART, &logPages, &copiedPages);
    }
    // SQLITE_BUSY: another checkpoint, or readers still in the log; the next one catches up.
    if ((rc != SQLITE_OK && rc != SQLITE_BUSY) || logPages < 0) {
        log::error(std::string("checkpoint failed: ") + sqlite3_errmsg(connection_));
        return;
    }
    std::lock_guard<std::mutex> guard(lock_);
    copied_ += copiedPages > 0 ? copiedPages : 0;
}

}  // namespace assent::server
