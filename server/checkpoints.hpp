// The write-ahead log copied back into the database file by a thread of its
// own, over a connection of its own. Left to SQLite, the commit that takes
// the log past 1,000 pages copies it, inside the store's lock, and every
// batch arriving meanwhile waits for that copy. Here commits only append to
// the log; a PASSIVE checkpoint never blocks a writer or a reader, and what
// it cannot copy yet (a reader still needs it) it copies next time. A log
// past kRestartAfterPages is started over (see checkpoint()).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "assent/result.hpp"
#include "sqlite_store.hpp"

struct sqlite3;

namespace assent::server {

class BackgroundCheckpoints {
public:
    // Turns the store's own checkpoints off and copies the log of `database`
    // (the store's file) every `every` until destroyed.
    static Result<std::unique_ptr<BackgroundCheckpoints>> start(SqliteStore&, const std::string& database,
                                                                std::chrono::milliseconds every);
    // Stops the thread, copies what is left, and gives checkpoints back to the store.
    ~BackgroundCheckpoints();
    BackgroundCheckpoints(const BackgroundCheckpoints&) = delete;
    BackgroundCheckpoints& operator=(const BackgroundCheckpoints&) = delete;

    // 4,096 pages of 4 KiB: a 16 MiB log, a fraction of a second of load.
    static constexpr int kRestartAfterPages = 4096;

    // Log pages copied into the file so far (for tests and logs).
    long copied() const;

private:
    BackgroundCheckpoints(SqliteStore&, sqlite3*, std::chrono::milliseconds every);
    void run();
    void checkpoint();

    SqliteStore& store_;
    sqlite3* connection_;
    const std::chrono::milliseconds every_;
    mutable std::mutex lock_;
    std::condition_variable wake_;
    bool stopping_ = false;
    long copied_ = 0;
    std::thread thread_;
};

}  // namespace assent::server
