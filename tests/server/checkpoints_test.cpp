// The write-ahead log copied into the database file by a thread of its own
// (checkpoints.hpp), so that no batch's commit does it under the store's lock.
#include "checkpoints.hpp"

#include <filesystem>
#include <thread>

#include "support.hpp"

using namespace server_test;
using namespace std::chrono_literals;

namespace {

// `count` batches of 20 events, each its own commit.
void storeBatches(Store& store, int from, int count) {
    for (int b = from; b < from + count; ++b) {
        std::vector<Event> events;
        for (int e = 0; e < 20; ++e)
            events.push_back(event("e" + std::to_string(b) + "-" + std::to_string(e), "$click", "analytics"));
        REQUIRE(store.addEvents("c" + std::to_string(b), "r", events, kNow).value().stored == 20);
    }
}

}  // namespace

TEST_CASE("with background checkpoints, commits only append to the log and a thread copies it into the file",
          "[server][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "assent.db";
    auto store = openStore(file);
    {
        // Checkpoints every hour: within this test, only the commits could copy.
        auto checkpoints = BackgroundCheckpoints::start(*store, file.string(), 1h);
        REQUIRE(checkpoints.ok());
        const auto fileBefore = fs::file_size(file);
        // Past SQLite's 1,000-page mark, where a commit would copy the log itself.
        storeBatches(*store, 0, 250);
        CHECK(fs::file_size(fs::path(file.string() + "-wal")) > 1000 * 4096);
        CHECK(fs::file_size(file) == fileBefore);  // nothing reached the file yet
    }
    // Stopped: it copied what was left, and the store checkpoints itself again.
    const auto fileAfter = fs::file_size(file);
    CHECK(fileAfter > 100 * 4096);  // 5,000 events
    CHECK(queryText(file, "SELECT count(*) FROM events") == "5000");

    auto checkpoints = BackgroundCheckpoints::start(*store, file.string(), 10ms);
    REQUIRE(checkpoints.ok());
    storeBatches(*store, 250, 40);
    // The thread copies while batches go on being stored (its count moves
    // once a copy is done, after the file grew).
    const auto copiedSome = [&] { return fs::file_size(file) > fileAfter && checkpoints.value()->copied() > 0; };
    for (int i = 0; i < 500 && !copiedSome(); ++i) std::this_thread::sleep_for(10ms);
    CHECK(fs::file_size(file) > fileAfter);
    CHECK(checkpoints.value()->copied() > 0);
}

TEST_CASE("background checkpoints of a file that cannot be opened are refused with the file named", "[server][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "assent.db");
    auto checkpoints = BackgroundCheckpoints::start(*store, (dir.path() / "missing/assent.db").string(), 1h);
    REQUIRE_FALSE(checkpoints.ok());
    CHECK_THAT(checkpoints.message(), Catch::Contains("missing/assent.db"));
}

TEST_CASE("under steady writes the log is started over, so it stays bounded instead of growing with every batch",
          "[server][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "assent.db";
    auto store = openStore(file);
    auto checkpoints = BackgroundCheckpoints::start(*store, file.string(), 1ms);
    REQUIRE(checkpoints.ok());
    // Thousands of commits with no pause: a PASSIVE checkpoint alone never
    // catches up with them, and the log would hold every one of them.
    const fs::path wal = file.string() + "-wal";
    std::uintmax_t largest = 0;
    for (int round = 0; round < 40; ++round) {
        const long before = checkpoints.value()->copied();
        storeBatches(*store, round * 100, 100);
        largest = std::max(largest, fs::file_size(wal));
        // However the threads are scheduled, a checkpoint ran after each round.
        for (int i = 0; i < 2000 && checkpoints.value()->copied() == before; ++i) std::this_thread::sleep_for(1ms);
    }
    INFO("largest log " << largest << " bytes; " << fs::file_size(file) << " bytes in the file");
    CHECK(queryText(file, "SELECT count(*) FROM events") == "80000");
    // The restart bound (16 MiB) plus a round's commits; without restarts
    // the log reached 139 MB here.
    CHECK(largest < 40u * 1024 * 1024);
}
