#include "sqlite_store.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "assent/codec.hpp"
#include "assent/json_writer.hpp"
#include "calendar.hpp"
#include "chain.hpp"
#include "group_commit.hpp"
#include "rollups.hpp"
#include "sqlite.hpp"
#include "store_rows.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::ordered_json;

// Versioned (user_version) so that an older file is told apart and migrated.
// Schema 2: an event id is unique per site and consent id, not across
// everyone (one person's ids cannot block another's).
// Schema 3: receipts form one proof chain per site (chain.hpp): each row
// holds its place (seq), the config revision in force when it arrived, the
// hash of its content and its link, and may be a tombstone (erased, its
// content gone); chain_heads notes each site's newest link; visitor_keys
// holds the hash of each device's secret (access.hpp).
// Schema 4: events keep the batch's anonymous and session ids (NULL when the
// batch had none: they exist only where an identifier purpose was granted),
// and receipts their permission decisions as a column, for the dashboard's
// SQL (analytics.hpp); indexes by time serve its date ranges.
// Schema 5: events may keep a daily visitor hash (daily_visitor.hpp).
// Schema 6: no events_by_consent index: the key (site, consent_id, id) finds
// a person's events as well, and every index is one more b-tree each
// stored event writes (ingest is bound by them).
// Schema 7: per-day rollups of the events for the dashboard (rollups.hpp).
constexpr int kSchemaVersion = 7;
// WAL with synchronous = NORMAL: a batch's commit (shared with the batches
// grouped with it) is in the log before the batch is acknowledged, and
// survives the process being killed;
// the log is flushed to disk at checkpoints, not at each commit, so an
// operating-system crash or power cut may lose the commits since the last
// one, never leaving the file half written (README, "Database").
constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS events (
  site        TEXT NOT NULL,
  consent_id  TEXT NOT NULL,
  id          TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  name        TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  ts          INTEGER NOT NULL,
  page        TEXT NOT NULL,
  props       TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  anonymous_id TEXT,
  session_id  TEXT,
  daily_visitor TEXT,
  PRIMARY KEY (site, consent_id, id)
);
CREATE TABLE IF NOT EXISTS consent_receipts (
  record_id       TEXT PRIMARY KEY,
  consent_id      TEXT NOT NULL,
  revision        INTEGER NOT NULL,
  method          TEXT NOT NULL,
  surface         TEXT NOT NULL,
  language        TEXT NOT NULL,
  purposes        TEXT NOT NULL,
  created_ms      INTEGER NOT NULL,
  updated_ms      INTEGER NOT NULL,
  received_ms     INTEGER NOT NULL,
  stored          TEXT NOT NULL,
  site            TEXT NOT NULL DEFAULT '',
  seq             INTEGER NOT NULL DEFAULT 0,
  config_revision INTEGER NOT NULL DEFAULT 0,
  texts_hash      TEXT NOT NULL DEFAULT '',
  content_hash    TEXT NOT NULL DEFAULT '',
  prev_hash       TEXT NOT NULL DEFAULT '',
  link_hash       TEXT NOT NULL DEFAULT '',
  erased          INTEGER NOT NULL DEFAULT 0,
  permissions     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS receipts_by_consent ON consent_receipts (consent_id, updated_ms);
CREATE TABLE IF NOT EXISTS chain_heads (
  site      TEXT PRIMARY KEY,
  seq       INTEGER NOT NULL,
  link_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS visitor_keys (
  site        TEXT NOT NULL,
  consent_id  TEXT NOT NULL,
  key_hash    TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  PRIMARY KEY (site, consent_id)
);
CREATE TABLE IF NOT EXISTS daily_salts (
  site TEXT NOT NULL,
  day  INTEGER NOT NULL,
  salt TEXT NOT NULL,
  PRIMARY KEY (site, day)
);
CREATE TABLE IF NOT EXISTS refusals (
  site   TEXT NOT NULL,
  day    INTEGER NOT NULL,
  reason TEXT NOT NULL,
  count  INTEGER NOT NULL,
  PRIMARY KEY (site, day, reason)
);
)sql";

// Schema 3 to 4, each step only where its column is missing (kSchema makes
// them in a new file): events stored before have no ids (NULL, never
// invented); receipts' permissions are filled from their stored records
// (fillPermissions).
constexpr const char* kAddEventIds = R"sql(
ALTER TABLE events ADD COLUMN anonymous_id TEXT;
ALTER TABLE events ADD COLUMN session_id TEXT;
)sql";
// Schema 5: the daily visitor hash (daily_visitor.hpp), NULL unless the
// server config turns it on.
constexpr const char* kAddDailyVisitor = "ALTER TABLE events ADD COLUMN daily_visitor TEXT";
constexpr const char* kAddPermissions = "ALTER TABLE consent_receipts ADD COLUMN permissions TEXT NOT NULL DEFAULT '{}'";

// The dashboard's queries read a date range of one site (analytics.hpp):
// events by capture time with the columns its panels count (the index
// covers them), receipts by the time they arrived with every column their
// panels read (receipts_by_day covers them: a receipt's row also holds its
// whole stored record, and reading 200,000 of those rows for a year's
// decisions took seconds). Made after the migrations, which add some of
// these columns.
constexpr const char* kIndexes = R"sql(
DROP INDEX IF EXISTS events_by_consent;
DROP INDEX IF EXISTS receipts_by_time;
CREATE INDEX IF NOT EXISTS events_by_time ON events (site, ts, name, session_id, anonymous_id, page);
-- Partial: empty, and free to keep, unless the daily visitor hash is on.
-- Without it, counting a week's hashes read every event's row (seconds).
CREATE INDEX IF NOT EXISTS events_by_daily_visitor ON events (site, ts, daily_visitor) WHERE daily_visitor IS NOT NULL;
CREATE INDEX IF NOT EXISTS receipts_by_day
  ON consent_receipts (site, received_ms, erased, method, consent_id, updated_ms, purposes, permissions);
-- A person's receipts in a range, for the grant rates' "newest decision of
-- each consent id" (sqlite_analytics.cpp): one short probe a receipt, where
-- a window over the range sorted a year's 200,000 receipts.
-- A receipt export's path to the chain's head starts at the person's oldest
-- receipt, anywhere in the chain (chainPath).
CREATE INDEX IF NOT EXISTS receipts_by_seq ON consent_receipts (site, seq);
CREATE INDEX IF NOT EXISTS receipts_by_person ON consent_receipts (site, consent_id, received_ms, erased, updated_ms);
)sql";

// Schema 2 to 3: receipts gain their chain columns (kSchema adds them to a
// new file); the chain itself is then built over the rows as they were
// received (chainExisting).
constexpr const char* kMigrate2To3 = R"sql(
ALTER TABLE consent_receipts ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_receipts ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent_receipts ADD COLUMN config_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent_receipts ADD COLUMN texts_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_receipts ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_receipts ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_receipts ADD COLUMN link_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_receipts ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
)sql";

// Schema 1 to 2: the events table gains its site (the one this server
// serves now: a schema 1 file was written by one server for one site) and
// its key becomes (site, consent_id, id). Receipts are unchanged. %Q: the
// site, quoted by sqlite3_mprintf.
constexpr const char* kMigrate1To2 = R"sql(
BEGIN IMMEDIATE;
CREATE TABLE events_v2 (
  site        TEXT NOT NULL,
  consent_id  TEXT NOT NULL,
  id          TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  name        TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  ts          INTEGER NOT NULL,
  page        TEXT NOT NULL,
  props       TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  PRIMARY KEY (site, consent_id, id)
);
INSERT INTO events_v2 (site, consent_id, id, record_id, name, purpose, ts, page, props, received_ms)
  SELECT %Q, consent_id, id, record_id, name, purpose, ts, page, props, received_ms FROM events ORDER BY rowid;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
COMMIT;
)sql";

// A consent id's receipts, oldest decision first (receiptsFrom reads the columns).
constexpr const char* kSelectReceipts =
    "SELECT record_id, consent_id, revision, method, surface, language, purposes, created_ms, updated_ms, "
    "received_ms, stored, seq, content_hash, prev_hash, link_hash, config_revision "
    "FROM consent_receipts WHERE consent_id = ?1 AND site = ?2 AND erased = 0 ORDER BY updated_ms, rowid";

// A writer waits this long for another connection's lock before failing.
constexpr int kBusyTimeoutMs = 5000;
// The most events one group commit writes (addEvents): 50 batches of 20.
// Bounds how long the batches queued behind a group wait for its commit.
constexpr std::size_t kMostEventsPerCommit = 1000;

// One use of a prepared statement: binds, steps, and resets it when done so
// the next use starts clean.
class Use {
public:
    // Cleared: the bindings are dropped after use, so a parameter a later use
    // leaves unbound is NULL, not this use's value. Rebound: every use binds
    // every parameter (the per-event insert), and clearing would cost as
    // much as three binds.
    enum class After { Cleared, Rebound };
    explicit Use(const Statement& statement, After after = After::Cleared)
        : s_(statement.get()), clear_(after == After::Cleared) {}
    ~Use() {
        sqlite3_reset(s_);
        if (clear_) sqlite3_clear_bindings(s_);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

    // Copied by SQLite (SQLITE_TRANSIENT): the value may go before the step.
    Use& text(int index, std::string_view value) {
        sqlite3_bind_text(s_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    // Not copied (SQLITE_STATIC): the caller keeps the value alive, unchanged,
    // until this Use ends. Saves a copy of each text of each stored event.
    Use& kept(int index, std::string_view value) {
        sqlite3_bind_text(s_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        return *this;
    }
    // "" is stored as NULL: no value, not an empty one. Not copied, as kept().
    Use& keptOrNull(int index, std::string_view value) {
        if (value.empty()) {
            sqlite3_bind_null(s_, index);
            return *this;
        }
        return kept(index, value);
    }
    Use& integer(int index, std::int64_t value) {
        sqlite3_bind_int64(s_, index, value);
        return *this;
    }
    int step() { return sqlite3_step(s_); }

    std::string textAt(int column) const { return server::textAt(s_, column); }
    std::int64_t integerAt(int column) const { return sqlite3_column_int64(s_, column); }

private:
    sqlite3_stmt* s_;
    bool clear_;
};

// The columns a receipt row holds besides its stored form (store_rows.hpp).
ConsentRecord receiptRecord(const Use& select, const std::string& stored) {
    return recordFromRow(stored, ReceiptColumns{select.textAt(0), select.textAt(1), select.integerAt(2),
                                                select.textAt(3), select.textAt(4), select.textAt(5),
                                                select.textAt(6), select.integerAt(7), select.integerAt(8)});
}

// A chain link's own columns, the first six of a row that selects
// seq, received_ms, content_hash, prev_hash, link_hash, erased.
ChainLink linkAt(const Use& row, const std::string& site) {
    ChainLink l;
    l.site = site;
    l.seq = row.integerAt(0);
    l.receivedMs = row.integerAt(1);
    l.contentHash = row.textAt(2);
    l.prevHash = row.textAt(3);
    l.linkHash = row.textAt(4);
    l.erased = row.integerAt(5) != 0;
    return l;
}

// A failed insert that is the batch's own (a constraint or trigger, a value
// too big), not the file's.
bool batchsOwnFault(int code) { return code == SQLITE_CONSTRAINT || code == SQLITE_TOOBIG || code == SQLITE_MISMATCH; }

}  // namespace

struct SqliteStore::Database {
    ~Database() {
        // Statements first: a connection with live statements does not close.
        for (Statement* statement : {&begin, &commit, &rollback, &insertEvent, &insertReceipt, &selectEvents,
                                     &selectReceipts, &deleteEvents, &tombstoneReceipts, &selectHead, &upsertHead,
                                     &selectChain, &selectKey, &insertKey, &deleteKey, &deleteOldEvents,
                                     &selectQuietIds}) {
            statement->reset();
        }
        readReceipts.reset();
        sqlite3_close(reader);
        sqlite3_close(connection);
    }

    // A consent id's receipts, read with `statement` (kSelectReceipts).
    Result<std::vector<Receipt>> receiptsFrom(const Statement& statement, std::string_view consentId) {
        std::vector<Receipt> out;
        Use select(statement);
        select.text(1, consentId).text(2, site);
        int rc = SQLITE_ROW;
        while ((rc = select.step()) == SQLITE_ROW) {
            Receipt row;
            row.stored = select.textAt(10);
            row.record = receiptRecord(select, row.stored);
            row.receivedMs = select.integerAt(9);
            row.link.site = site;
            row.link.seq = select.integerAt(11);
            row.link.receivedMs = row.receivedMs;
            row.link.contentHash = select.textAt(12);
            row.link.prevHash = select.textAt(13);
            row.link.linkHash = select.textAt(14);
            row.configRevision = select.integerAt(15);
            out.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) {
            return Problems{{"database", std::string("cannot read receipts: ") + sqlite3_errmsg(sqlite3_db_handle(statement.get()))}};
        }
        return out;
    }

    // The ledger's reader (SqliteStore::receipts): a second connection to
    // the file, for the receipts read of every batch. In WAL a reader does
    // not wait for the writer, so that read no longer queues behind another
    // group's commit for `lock`: on 2 loaded cores, paced at 2,000 batches a
    // second, the ledger stage took 6 ms a batch on average, nearly all of it
    // waiting for the lock (measured, tests/bench/server_bench.sh).
    bool openReader(const std::string& path) {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
        if (sqlite3_open_v2(path.c_str(), &reader, flags, nullptr) != SQLITE_OK) return false;
        sqlite3_busy_timeout(reader, kBusyTimeoutMs);
        sqlite3_stmt* raw = nullptr;
        const bool ok = sqlite3_exec(reader, "PRAGMA query_only = 1", nullptr, nullptr, nullptr) == SQLITE_OK &&
                        sqlite3_prepare_v3(reader, kSelectReceipts, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) ==
                            SQLITE_OK;
        readReceipts.reset(raw);
        return ok;
    }

    Problems problem(std::string_view doing) const {
        return {{"database", std::string(doing) + ": " + sqlite3_errmsg(connection)}};
    }

    bool prepare(Statement& statement, const char* sql) {
        sqlite3_stmt* raw = nullptr;
        const int rc = sqlite3_prepare_v3(connection, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        statement.reset(raw);
        return rc == SQLITE_OK;
    }

    bool prepareAll() {
        return prepare(begin, "BEGIN IMMEDIATE") && prepare(commit, "COMMIT") && prepare(rollback, "ROLLBACK") &&
               prepare(insertEvent,
                       "INSERT OR IGNORE INTO events (id, consent_id, record_id, name, purpose, ts, page, props, "
                       "received_ms, site, anonymous_id, session_id, daily_visitor) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)") &&
               prepare(insertReceipt,
                       "INSERT OR IGNORE INTO consent_receipts (record_id, consent_id, revision, method, surface, "
                       "language, purposes, created_ms, updated_ms, received_ms, stored, site, seq, config_revision, "
                       "texts_hash, content_hash, prev_hash, link_hash, permissions) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)") &&
               prepare(selectHead, "SELECT seq, link_hash FROM chain_heads WHERE site = ?1") &&
               prepare(selectKey, "SELECT key_hash FROM visitor_keys WHERE site = ?1 AND consent_id = ?2") &&
               // The first key a consent id's receipts bring is its key: a
               // later one cannot take the device's place.
               prepare(insertKey,
                       "INSERT OR IGNORE INTO visitor_keys (site, consent_id, key_hash, received_ms) "
                       "VALUES (?1, ?2, ?3, ?4)") &&
               prepare(deleteKey, "DELETE FROM visitor_keys WHERE site = ?1 AND consent_id = ?2") &&
               prepare(upsertHead,
                       "INSERT INTO chain_heads (site, seq, link_hash) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, link_hash = excluded.link_hash") &&
               prepare(selectChain,
                       "SELECT seq, received_ms, content_hash, prev_hash, link_hash, erased, record_id, consent_id, "
                       "config_revision, stored, site FROM consent_receipts WHERE site = ?1 ORDER BY seq") &&
               // The newest `limit` rows, then turned oldest first.
               // +ts: found by the key (site, consent_id, …), then sorted.
               // Without it SQLite walks the site's whole events_by_time
               // index to skip that sort: every event of every person.
               prepare(selectEvents,
                       "SELECT id, name, purpose, ts, page, props, received_ms FROM ("
                       "  SELECT rowid AS seq, * FROM events WHERE site = ?3 AND consent_id = ?1"
                       "  ORDER BY +ts DESC, seq DESC LIMIT ?2"
                       ") ORDER BY ts, seq") &&
               prepare(selectReceipts, kSelectReceipts) &&
               prepare(deleteEvents, "DELETE FROM events WHERE site = ?2 AND consent_id = ?1") &&
               // A tombstone keeps the link and forgets the person: the ids,
               // the record and what was decided go (C14, C19).
               prepare(tombstoneReceipts,
                       "UPDATE consent_receipts SET consent_id = '', method = '', surface = '', language = '', "
                       "purposes = '{}', permissions = '{}', created_ms = 0, updated_ms = 0, stored = '', "
                       "texts_hash = '', erased = 1 "
                       "WHERE consent_id = ?1 AND site = ?2 AND erased = 0") &&
               // Retention (C19): events received before ?2, and the consent
               // ids whose newest receipt arrived before ?2.
               prepare(deleteOldEvents, "DELETE FROM events WHERE site = ?1 AND received_ms < ?2") &&
               prepare(selectQuietIds,
                       "SELECT consent_id FROM consent_receipts WHERE site = ?1 AND erased = 0 "
                       "GROUP BY consent_id HAVING max(received_ms) < ?2");
    }

    int insert(std::string_view consentId, std::string_view recordId, const Event& event, std::int64_t receivedMs,
               std::string_view dailyVisitor) {
        const std::string props = propsJson(event);  // outlives `use`: bound without a copy
        Use use(insertEvent, Use::After::Rebound);
        use.kept(1, event.id).kept(2, consentId).kept(3, recordId).kept(4, event.name).kept(5, event.purpose);
        use.integer(6, event.ts).kept(7, event.page).kept(8, props).integer(9, receivedMs).kept(10, site);
        use.keptOrNull(11, event.anonymousId).keptOrNull(12, event.sessionId).keptOrNull(13, dailyVisitor);
        return use.step();
    }

    bool run(const Statement& statement) {
        Use use(statement);
        return use.step() == SQLITE_DONE;
    }

    int version() const {
        sqlite3_stmt* raw = nullptr;
        int v = -1;
        if (sqlite3_prepare_v2(connection, "PRAGMA user_version", -1, &raw, nullptr) == SQLITE_OK &&
            sqlite3_step(raw) == SQLITE_ROW) {
            v = sqlite3_column_int(raw, 0);
        }
        sqlite3_finalize(raw);
        return v;
    }

    bool exec(const char* sql) { return sqlite3_exec(connection, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

    // Makes the rollups of these days again from their events, in the
    // caller's transaction: their events changed after they were rolled up.
    bool rollUpAgain(std::vector<std::int64_t> days) {
        std::sort(days.begin(), days.end());
        days.erase(std::unique(days.begin(), days.end()), days.end());
        for (std::int64_t day : days) {
            if (!rollUpDay(connection, site, day)) return false;
        }
        return true;
    }

    sqlite3* connection = nullptr;
    std::string site;
    std::mutex lock;
    sqlite3* reader = nullptr;
    std::mutex readerLock;  // one read at a time on `reader`
    Statement readReceipts;
    Statement begin, commit, rollback;
    std::int64_t configRevision = 0;
    std::int64_t rolledUntil = 0;  // rollup_marks.until_day of this site, as this connection last wrote it
    // One batch's events, in the open transaction; late: the rolled-up days
    // its events fall on. Fails with none of them counted.
    Result<Added> insertBatch(const WaitingBatch& batch, std::vector<std::int64_t>& late) {
        Added added;
        for (const Event& event : batch.events) {
            const int rc = insert(batch.consentId, batch.recordId, event, batch.receivedMs, batch.dailyVisitor);
            if (rc != SQLITE_DONE) return problem("cannot store event " + event.id);
            // INSERT OR IGNORE changes no row when the id is already stored.
            if (sqlite3_changes(connection) == 1) {
                ++added.stored;
                if (event.ts / kDayMs < rolledUntil) late.push_back(event.ts / kDayMs);
            } else {
                ++added.duplicates;
            }
        }
        return added;
    }

    // Every batch not failed yet fails with `problems`.
    static std::vector<Result<Added>> failRest(std::vector<Result<Added>>& outcomes, const std::vector<bool>& failed,
                                               const Problems& problems) {
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            if (!failed[i]) outcomes[i] = problems;
        return std::move(outcomes);
    }

    // Stores the group in one transaction, committed before any of them is
    // answered. A batch that cannot be stored is answered with why, and the
    // rest is written again without it: one bad batch fails no other. A
    // failed commit fails them all, none stored.
    std::vector<Result<Added>> commitGroup(const std::vector<WaitingBatch*>& group) {
        std::lock_guard<std::mutex> guard(lock);
        std::vector<Result<Added>> outcomes(group.size(), Result<Added>(Added{}));
        std::vector<bool> failed(group.size(), false);
        for (bool again = true; again;) {
            again = false;
            if (std::count(failed.begin(), failed.end(), false) == 0) return outcomes;
            if (!run(begin)) return failRest(outcomes, failed, problem("cannot begin"));
            std::vector<std::int64_t> late;  // already rolled up (rollups.hpp): made again below
            for (std::size_t i = 0; i < group.size() && !again; ++i) {
                if (failed[i]) continue;
                outcomes[i] = insertBatch(*group[i], late);
                if (outcomes[i]) continue;
                // Only a batch's own fault is written again without it; a
                // fault of the file (full, I/O, busy) would fail each batch
                // in turn, under the lock: it fails them all at once.
                if (!batchsOwnFault(sqlite3_errcode(connection))) {
                    const Problems problems = outcomes[i].problems();
                    run(rollback);
                    return failRest(outcomes, failed, problems);
                }
                failed[i] = again = true;
            }
            if (again) {
                run(rollback);  // and the rest is written again without it
                continue;
            }
            if (!rollUpAgain(late) || !run(commit)) {
                const Problems problems = problem("cannot commit");
                run(rollback);
                return failRest(outcomes, failed, problems);
            }
        }
        return outcomes;
    }

    // commitGroup, and if it throws (memory), its transaction is rolled
    // back before GroupCommit fails the group.
    std::vector<Result<Added>> commitGroupOrRollBack(const std::vector<WaitingBatch*>& group) {
        try {
            return commitGroup(group);
        } catch (...) {
            std::lock_guard<std::mutex> guard(lock);
            if (!sqlite3_get_autocommit(connection)) run(rollback);
            throw;
        }
    }

    // Concurrent addEvents calls share a commit.
    GroupCommit groupCommit{kMostEventsPerCommit, [this](const auto& group) { return commitGroupOrRollBack(group); }};
    Statement insertEvent, insertReceipt, selectEvents, selectReceipts, deleteEvents, tombstoneReceipts;
    Statement selectHead, upsertHead, selectChain, selectKey, insertKey, deleteKey, deleteOldEvents, selectQuietIds;

    // The newest link of this site's chain (seq 0: none yet).
    ChainHead head() {
        Use select(selectHead);
        select.text(1, site);
        ChainHead out;
        if (select.step() == SQLITE_ROW) out = {select.integerAt(0), select.textAt(1)};
        return out;
    }

    bool setHead(const ChainLink& link) {
        Use upsert(upsertHead);
        return upsert.text(1, site).integer(2, link.seq).text(3, link.linkHash).step() == SQLITE_DONE;
    }

    // Every link of this site's chain, in the order of its seq.
    Result<std::vector<ChainLink>> chain() {
        std::vector<ChainLink> links;
        Use select(selectChain);
        select.text(1, site);
        int rc = SQLITE_ROW;
        while ((rc = select.step()) == SQLITE_ROW) {
            ChainLink l = linkAt(select, select.textAt(10));
            l.content = receiptContent(select.textAt(6), select.textAt(7), select.integerAt(8), select.textAt(9));
            links.push_back(std::move(l));
        }
        if (rc != SQLITE_DONE) return problem("cannot read the receipts' chain");
        return links;
    }
};

SqliteStore::SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
SqliteStore::~SqliteStore() = default;

namespace {

// Whether the file has a table (or an index, …) of that name.
bool hasTable(sqlite3* connection, const char* name, const char* type = "table") {
    sqlite3_stmt* raw = nullptr;
    bool found = false;
    if (sqlite3_prepare_v2(connection, "SELECT 1 FROM sqlite_master WHERE type = ?2 AND name = ?1", -1, &raw,
                           nullptr) == SQLITE_OK) {
        sqlite3_bind_text(raw, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(raw, 2, type, -1, SQLITE_STATIC);
        found = sqlite3_step(raw) == SQLITE_ROW;
    }
    sqlite3_finalize(raw);
    return found;
}

bool hasColumn(sqlite3* connection, const char* table, const char* column) {
    sqlite3_stmt* raw = nullptr;
    bool found = false;
    if (sqlite3_prepare_v2(connection, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &raw, nullptr) ==
        SQLITE_OK) {
        sqlite3_bind_text(raw, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(raw, 2, column, -1, SQLITE_STATIC);
        found = sqlite3_step(raw) == SQLITE_ROW;
    }
    sqlite3_finalize(raw);
    return found;
}

}  // namespace

// Schema 3 to 4: each kept receipt's permission decisions, from its stored
// record (a tombstone has none; a record that no longer decodes keeps '{}').
bool SqliteStore::fillPermissions() {
    sqlite3* c = db_->connection;
    sqlite3_stmt* rows = nullptr;
    sqlite3_stmt* update = nullptr;
    bool ok = sqlite3_prepare_v2(c, "SELECT rowid, stored FROM consent_receipts WHERE erased = 0", -1, &rows,
                                 nullptr) == SQLITE_OK &&
              sqlite3_prepare_v2(c, "UPDATE consent_receipts SET permissions = ?1 WHERE rowid = ?2", -1, &update,
                                 nullptr) == SQLITE_OK;
    while (ok && sqlite3_step(rows) == SQLITE_ROW) {
        const auto decoded = decodeRecord(textAt(rows, 1));
        if (!decoded || decoded.value().permissions.empty()) continue;
        const std::string permissions = permissionsJson(decoded.value());
        sqlite3_bind_text(update, 1, permissions.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 2, sqlite3_column_int64(rows, 0));
        ok = sqlite3_step(update) == SQLITE_DONE;
        sqlite3_reset(update);
    }
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    return ok;
}

// Schema 2 to 3: the receipts kept so far, in the order they arrived, become
// the start of this site's chain (their config revision was not kept: 0).
bool SqliteStore::chainExisting() {
    sqlite3* c = db_->connection;
    sqlite3_stmt* rows = nullptr;
    sqlite3_stmt* update = nullptr;
    bool ok = sqlite3_prepare_v2(c, "SELECT rowid, record_id, consent_id, stored, received_ms FROM consent_receipts "
                                    "ORDER BY rowid", -1, &rows, nullptr) == SQLITE_OK &&
              sqlite3_prepare_v2(c, "UPDATE consent_receipts SET site = ?1, seq = ?2, content_hash = ?3, "
                                    "prev_hash = ?4, link_hash = ?5, texts_hash = ?6 WHERE rowid = ?7",
                                 -1, &update, nullptr) == SQLITE_OK;
    std::optional<ChainLink> last;
    while (ok && sqlite3_step(rows) == SQLITE_ROW) {
        const auto text = [&](int column) { return textAt(rows, column); };
        const std::string stored = text(3);
        ChainLink link = appendLink(db_->site, last ? &*last : nullptr, sqlite3_column_int64(rows, 4),
                                    receiptContent(text(1), text(2), 0, stored));
        const auto decoded = decodeRecord(stored);
        const std::string textsHash = decoded ? decoded.value().textsHash : std::string();
        sqlite3_bind_text(update, 1, db_->site.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 2, link.seq);
        sqlite3_bind_text(update, 3, link.contentHash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 4, link.prevHash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 5, link.linkHash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 6, textsHash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 7, sqlite3_column_int64(rows, 0));
        ok = sqlite3_step(update) == SQLITE_DONE;
        sqlite3_reset(update);
        last = std::move(link);
    }
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    return ok && (!last || db_->setHead(*last));
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, const std::string& site, std::string* notice,
                                           std::int64_t configRevision) {
    auto db = std::make_unique<Database>();
    db->site = site;
    db->configRevision = configRevision;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db->connection, flags, nullptr) != SQLITE_OK) {
        return db->problem("cannot open " + path);
    }
    sqlite3_busy_timeout(db->connection, kBusyTimeoutMs);
    const int version = db->version();
    if (version > kSchemaVersion) {
        return Problems{{"database", path + " has schema " + std::to_string(version) + ", newer than this server's (" +
                                         std::to_string(kSchemaVersion) + ")"}};
    }
    std::vector<std::string> done;
    if (version == 1 && hasTable(db->connection, "events")) {
        char* sql = sqlite3_mprintf(kMigrate1To2, site.c_str());
        const bool migrated = sql != nullptr && db->exec(sql);
        sqlite3_free(sql);
        if (!migrated) {
            Problems problems = db->problem("cannot migrate " + path + " from schema 1 to 2");
            db->exec("ROLLBACK");
            return problems;
        }
        done.push_back("event ids are now unique per site and consent id (existing events kept, as site \"" + site +
                       "\")");
    }
    const bool consentIndexOld = hasTable(db->connection, "events_by_consent", "index");
    const bool personIndexOld = version >= 1 && !hasTable(db->connection, "receipts_by_person", "index");
    const bool rollupsOld = version >= 1 && !hasTable(db->connection, "rollup_marks");
    const bool chainOld = version >= 1 && version < 3 && hasTable(db->connection, "consent_receipts");
    // The schema first (outside a transaction: it sets pragmas); an old
    // receipts table keeps its columns until the migration adds them.
    if (!db->exec(kSchema) || !db->exec(kRollupSchema)) return db->problem("cannot create the schema in " + path);
    db->rolledUntil = rolledUntil(db->connection, site);
    if (db->rolledUntil < 0) return db->problem("cannot read the rollups' mark in " + path);
    if (chainOld && !(db->exec("BEGIN IMMEDIATE") && db->exec(kMigrate2To3))) {
        Problems problems = db->problem("cannot migrate " + path + " to schema 3");
        db->exec("ROLLBACK");
        return problems;
    }
    // Schema 4's columns, in the same transaction as schema 3's when there is one.
    const bool idsOld = !hasColumn(db->connection, "events", "session_id");
    const bool permissionsOld = !hasColumn(db->connection, "consent_receipts", "permissions");
    const bool dailyOld = !hasColumn(db->connection, "events", "daily_visitor");
    if ((idsOld && !db->exec(kAddEventIds)) || (permissionsOld && !db->exec(kAddPermissions)) ||
        (dailyOld && !db->exec(kAddDailyVisitor)) || !db->exec(kIndexes)) {
        Problems problems = db->problem("cannot migrate " + path + " to schema " + std::to_string(kSchemaVersion));
        if (chainOld) db->exec("ROLLBACK");
        return problems;
    }
    if (!db->prepareAll()) {
        Problems problems = db->problem("cannot prepare statements");
        if (chainOld) db->exec("ROLLBACK");
        return problems;
    }
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
    if (chainOld) {
        if (!store->chainExisting() || !store->db_->exec("COMMIT")) {
            Problems problems = store->db_->problem("cannot chain the receipts of " + path);
            store->db_->exec("ROLLBACK");
            return problems;
        }
        done.push_back("the receipts kept so far now form the site's proof chain");
    }
    if (idsOld) done.push_back("events keep their batch's anonymous and session ids (none for those stored before)");
    if (permissionsOld) {
        if (!(store->db_->exec("BEGIN IMMEDIATE") && store->fillPermissions() && store->db_->exec("COMMIT"))) {
            Problems problems = store->db_->problem("cannot fill the receipts' permissions in " + path);
            store->db_->exec("ROLLBACK");
            return problems;
        }
        done.push_back("receipts keep their permission decisions as a column");
    }
    if (dailyOld) done.push_back("events may keep a daily visitor hash (none for those stored before)");
    if (consentIndexOld) done.push_back("events are found by their key alone (index events_by_consent dropped)");
    if (personIndexOld) done.push_back("receipts are found by person for the dashboard's grant rates (index receipts_by_person)");
    if (rollupsOld) done.push_back("the dashboard reads per-day rollups of the events (made for past days from now on)");
    const std::string mark = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
    if (!store->db_->exec(mark.c_str())) return store->db_->problem("cannot mark the schema of " + path);
    if (!store->db_->openReader(path)) {
        return Problems{{"database", "cannot open a reader of " + path + ": " + sqlite3_errmsg(store->db_->reader)}};
    }
    if (notice && !done.empty()) {
        *notice = "migrated " + path + " from schema " + std::to_string(version) + " to " +
                  std::to_string(kSchemaVersion) + ": ";
        for (std::size_t i = 0; i < done.size(); ++i) *notice += (i ? "; " : "") + done[i];
    }
    return store;
}

// Group commit (group_commit.hpp): batches committed together write the
// events table's newest leaf and the file's first page once, and pay the
// commit's own work (locks, the log's header) once.
Result<Added> SqliteStore::addEvents(std::string_view consentId, std::string_view recordId,
                                     const std::vector<Event>& events, std::int64_t receivedMs,
                                     std::string_view dailyVisitor) {
    WaitingBatch mine{consentId, recordId, events, receivedMs, dailyVisitor, std::nullopt};
    return db_->groupCommit.add(mine);
}

Status SqliteStore::countRefusals(const std::map<std::string, std::size_t>& byReason, std::int64_t receivedMs) {
    std::lock_guard<std::mutex> guard(db_->lock);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_->connection,
                           "INSERT INTO refusals (site, day, reason, count) VALUES (?1, ?2, ?3, ?4) "
                           "ON CONFLICT (site, day, reason) DO UPDATE SET count = count + excluded.count",
                           -1, &raw, nullptr) != SQLITE_OK)
        return db_->problem("cannot count refusals");
    bool ok = true;
    for (const auto& [reason, n] : byReason) {
        sqlite3_bind_text(raw, 1, db_->site.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(raw, 2, receivedMs / (24LL * 60 * 60 * 1000));
        sqlite3_bind_text(raw, 3, reason.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(raw, 4, static_cast<std::int64_t>(n));
        ok = ok && sqlite3_step(raw) == SQLITE_DONE;
        sqlite3_reset(raw);
    }
    sqlite3_finalize(raw);
    if (!ok) return db_->problem("cannot count refusals");
    return done();
}

Result<bool> SqliteStore::addReceipt(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    std::lock_guard<std::mutex> guard(db_->lock);
    return addReceiptLocked(record, stored, receivedMs);
}

// The receipt and its link to the site's chain, or neither (a savepoint:
// callers may or may not be inside a transaction).
Result<bool> SqliteStore::addReceiptLocked(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    // IMMEDIATE: the write lock first (waiting for it if need be). A
    // transaction that reads the head and only then asks to write fails at
    // once, "database is locked", if a checkpoint restarted the log meanwhile.
    if (!db_->run(db_->begin)) return db_->problem("cannot begin");
    const ChainHead head = db_->head();
    ChainLink last;
    last.seq = head.seq;
    last.linkHash = head.linkHash;
    const ChainLink link = appendLink(db_->site, head.seq ? &last : nullptr, receivedMs,
                                      receiptContent(record.recordId, record.consentId, db_->configRevision, stored));
    bool added = false;
    {
        Use insert(db_->insertReceipt);
        insert.text(1, record.recordId).text(2, record.consentId).integer(3, record.revision);
        insert.text(4, methodName(record.method)).text(5, surfaceName(record.surface)).text(6, record.language);
        insert.text(7, purposesJson(record)).integer(8, record.createdMs).integer(9, record.updatedMs);
        insert.integer(10, receivedMs).text(11, stored).text(12, db_->site).integer(13, link.seq);
        insert.integer(14, db_->configRevision).text(15, record.textsHash).text(16, link.contentHash);
        insert.text(17, link.prevHash).text(18, link.linkHash).text(19, permissionsJson(record));
        if (insert.step() != SQLITE_DONE) {
            Problems problems = db_->problem("cannot store receipt " + record.recordId);
            db_->run(db_->rollback);
            return problems;
        }
        added = sqlite3_changes(db_->connection) == 1;
    }
    // A record id already stored changed nothing: the chain does not grow.
    if ((added && !db_->setHead(link)) || !db_->run(db_->commit)) {
        Problems problems = db_->problem("cannot link receipt " + record.recordId);
        db_->run(db_->rollback);
        return problems;
    }
    return added;
}

Result<Kept> SqliteStore::addReceiptIf(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs,
                                 const std::function<bool(const std::vector<Receipt>&)>& check) {
    std::lock_guard<std::mutex> guard(db_->lock);
    auto history = receiptsLocked(record.consentId);
    if (!history) return history.problems();
    if (!check(history.value())) return Kept::Skipped;
    auto added = addReceiptLocked(record, stored, receivedMs);
    if (!added) return added.problems();
    // Not in this consent id's history, yet its record id is stored: another's.
    return added.value() ? Kept::Added : Kept::RecordIdTaken;
}

Result<std::vector<StoredEvent>> SqliteStore::events(std::string_view consentId, std::size_t limit) {
    std::lock_guard<std::mutex> guard(db_->lock);
    std::vector<StoredEvent> out;
    Use select(db_->selectEvents);
    select.text(1, consentId).integer(2, static_cast<std::int64_t>(limit)).text(3, db_->site);
    int rc = SQLITE_ROW;
    while ((rc = select.step()) == SQLITE_ROW) {
        StoredEvent row;
        row.event.id = select.textAt(0);
        row.event.name = select.textAt(1);
        row.event.purpose = select.textAt(2);
        row.event.ts = select.integerAt(3);
        row.event.page = select.textAt(4);
        row.event.props = propsFrom(select.textAt(5));
        row.receivedMs = select.integerAt(6);
        out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return db_->problem("cannot read events");
    return out;
}

Result<std::vector<Receipt>> SqliteStore::receipts(std::string_view consentId) {
    std::lock_guard<std::mutex> guard(db_->readerLock);
    return db_->receiptsFrom(db_->readReceipts, consentId);
}

Result<std::vector<Receipt>> SqliteStore::receiptsLocked(std::string_view consentId) {
    return db_->receiptsFrom(db_->selectReceipts, consentId);
}

// Inside a transaction: the consent id's receipts become tombstones and its
// key goes; with events, its events go too.
bool SqliteStore::forgetLocked(std::string_view consentId, bool events, Erased& erased) {
    if (events) {
        bool ok = true;
        const auto days = rolledDaysOfPerson(db_->connection, db_->site, db_->rolledUntil, consentId, ok);
        Use remove(db_->deleteEvents);
        if (!ok || remove.text(1, consentId).text(2, db_->site).step() != SQLITE_DONE) return false;
        erased.events += static_cast<std::size_t>(sqlite3_changes(db_->connection));
        if (!db_->rollUpAgain(days)) return false;
    }
    {
        Use tombstone(db_->tombstoneReceipts);
        if (tombstone.text(1, consentId).text(2, db_->site).step() != SQLITE_DONE) return false;
        erased.receipts += static_cast<std::size_t>(sqlite3_changes(db_->connection));
    }
    Use forget(db_->deleteKey);
    return forget.text(1, db_->site).text(2, consentId).step() == SQLITE_DONE;
}

Result<Erased> SqliteStore::erase(std::string_view consentId) {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->run(db_->begin)) return db_->problem("cannot begin");
    Erased erased;
    if (!forgetLocked(consentId, true, erased) || !db_->run(db_->commit)) {
        Problems problems = db_->problem("cannot erase");
        db_->run(db_->rollback);
        return problems;
    }
    return erased;
}

Result<Erased> SqliteStore::retire(std::int64_t nowMs, const Retention& keep) {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->run(db_->begin)) return db_->problem("cannot begin");
    Erased retired;
    bool ok = true;
    if (keep.eventsMs > 0) {
        const auto days = rolledDaysReceivedBefore(db_->connection, db_->site, db_->rolledUntil, nowMs - keep.eventsMs, ok);
        Use remove(db_->deleteOldEvents);
        ok = ok && remove.text(1, db_->site).integer(2, nowMs - keep.eventsMs).step() == SQLITE_DONE;
        retired.events = static_cast<std::size_t>(sqlite3_changes(db_->connection));
        ok = ok && db_->rollUpAgain(days);
    }
    if (ok && keep.receiptsMs > 0) {
        std::vector<std::string> quiet;
        {
            Use select(db_->selectQuietIds);
            select.text(1, db_->site).integer(2, nowMs - keep.receiptsMs);
            int rc = SQLITE_ROW;
            while ((rc = select.step()) == SQLITE_ROW) quiet.push_back(select.textAt(0));
            ok = rc == SQLITE_DONE;
        }
        for (std::size_t i = 0; ok && i < quiet.size(); ++i) ok = forgetLocked(quiet[i], false, retired);
    }
    if (!ok || !db_->run(db_->commit)) {
        Problems problems = db_->problem("cannot apply retention");
        db_->run(db_->rollback);
        return problems;
    }
    return retired;
}

}  // namespace assent::server

namespace assent::server {

Result<std::int64_t> SqliteStore::rollUp(std::int64_t closedBeforeDay) {
    std::int64_t day = 0;
    {
        std::lock_guard<std::mutex> guard(db_->lock);
        day = db_->rolledUntil;
        if (day == 0) {
            // The first time: from the first event's day (none: nothing to roll up).
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(db_->connection, "SELECT min(ts) / 86400000 FROM events WHERE site = ?1", -1, &raw,
                                   nullptr) != SQLITE_OK)
                return db_->problem("cannot find the first event");
            sqlite3_bind_text(raw, 1, db_->site.c_str(), -1, SQLITE_TRANSIENT);
            const bool some = sqlite3_step(raw) == SQLITE_ROW && sqlite3_column_type(raw, 0) != SQLITE_NULL;
            day = some ? sqlite3_column_int64(raw, 0) : closedBeforeDay;
            sqlite3_finalize(raw);
        }
    }
    std::int64_t rolled = 0;
    // A transaction per day: intake waits for one day's GROUP BYs at most.
    for (; day < closedBeforeDay; ++day, ++rolled) {
        std::lock_guard<std::mutex> guard(db_->lock);
        if (!db_->run(db_->begin)) return db_->problem("cannot begin");
        if (!rollUpDay(db_->connection, db_->site, day) || !markRolledUntil(db_->connection, db_->site, day + 1) ||
            !db_->run(db_->commit)) {
            Problems problems = db_->problem("cannot roll up day " + std::to_string(day));
            db_->run(db_->rollback);
            return problems;
        }
        db_->rolledUntil = std::max(db_->rolledUntil, day + 1);
    }
    // Days without events (before the first one) need no rows, only the mark.
    std::lock_guard<std::mutex> guard(db_->lock);
    if (db_->rolledUntil < closedBeforeDay) {
        if (!markRolledUntil(db_->connection, db_->site, closedBeforeDay)) return db_->problem("cannot mark the rollups");
        db_->rolledUntil = closedBeforeDay;
    }
    return rolled;
}

GroupCommits SqliteStore::groupCommits() const { return db_->groupCommit.figures(); }

Status SqliteStore::setAutocheckpoint(bool on) {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->exec(on ? "PRAGMA wal_autocheckpoint = 1000" : "PRAGMA wal_autocheckpoint = 0"))
        return db_->problem("cannot set the checkpoints");
    return done();
}

Status SqliteStore::ping() {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->exec("SELECT 1")) return db_->problem("cannot query");
    return done();
}

Result<std::string> SqliteStore::visitorKey(std::string_view consentId) {
    std::lock_guard<std::mutex> guard(db_->lock);
    Use select(db_->selectKey);
    select.text(1, db_->site).text(2, consentId);
    const int rc = select.step();
    if (rc == SQLITE_ROW) return select.textAt(0);
    if (rc != SQLITE_DONE) return db_->problem("cannot read a visitor key");
    return std::string();
}

Status SqliteStore::keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs) {
    std::lock_guard<std::mutex> guard(db_->lock);
    Use insert(db_->insertKey);
    insert.text(1, db_->site).text(2, consentId).text(3, keyHash).integer(4, receivedMs);
    if (insert.step() != SQLITE_DONE) return db_->problem("cannot keep a visitor key");
    return done();
}

Result<ChainReport> SqliteStore::verify(const std::optional<ChainHead>& anchor) {
    std::lock_guard<std::mutex> guard(db_->lock);
    auto links = db_->chain();
    if (!links) return links.problems();
    return chainReport(db_->site, links.value(), db_->head(), anchor);
}

// Under the lock every receipt's write takes: the head and the links agree.
// Prepared here, not kept: an export is rare.
Result<ChainPath> SqliteStore::chainPath(std::int64_t afterSeq, std::size_t most) {
    std::lock_guard<std::mutex> guard(db_->lock);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_->connection,
                           "SELECT seq, received_ms, content_hash, prev_hash, link_hash, erased FROM consent_receipts "
                           "WHERE site = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                           -1, &raw, nullptr) != SQLITE_OK) {
        return db_->problem("cannot read the receipts' chain");
    }
    Statement select(raw);
    Use use(select);
    use.text(1, db_->site).integer(2, afterSeq).integer(3, static_cast<std::int64_t>(most));
    ChainPath path;
    int rc = SQLITE_ROW;
    while ((rc = use.step()) == SQLITE_ROW) {
        path.links.push_back(linkAt(use, db_->site));
    }
    if (rc != SQLITE_DONE) return db_->problem("cannot read the receipts' chain");
    path.head = db_->head();
    return path;
}

// One server per file: the salt is shared with this server's next start,
// so a restart no longer counts a visitor twice that day.
Result<std::string> SqliteStore::dailySalt(std::int64_t day, std::string_view candidate) {
    std::lock_guard<std::mutex> guard(db_->lock);
    sqlite3_stmt* raw[3] = {nullptr, nullptr, nullptr};
    const char* sql[3] = {"DELETE FROM daily_salts WHERE site = ?1 AND day < ?2",
                          "INSERT OR IGNORE INTO daily_salts (site, day, salt) VALUES (?1, ?2, ?3)",
                          "SELECT salt FROM daily_salts WHERE site = ?1 AND day = ?2"};
    for (int i = 0; i < 3; ++i) {
        if (sqlite3_prepare_v2(db_->connection, sql[i], -1, &raw[i], nullptr) != SQLITE_OK) {
            Problems problems = db_->problem("cannot read the daily visitor salt");
            for (sqlite3_stmt* s : raw) sqlite3_finalize(s);
            return problems;
        }
    }
    const Statement forget(raw[0]), keep(raw[1]), readBack(raw[2]);
    if (!db_->exec("BEGIN IMMEDIATE")) return db_->problem("cannot keep the daily visitor salt");
    std::string salt;
    {
        Use f(forget), k(keep), r(readBack);
        f.text(1, db_->site).integer(2, day);
        k.text(1, db_->site).integer(2, day).text(3, candidate);
        r.text(1, db_->site).integer(2, day);
        if (f.step() == SQLITE_DONE && k.step() == SQLITE_DONE && r.step() == SQLITE_ROW) salt = r.textAt(0);
    }
    if (salt.empty() || !db_->exec("COMMIT")) {
        Problems problems = db_->problem("cannot keep the daily visitor salt");
        db_->exec("ROLLBACK");
        return problems;
    }
    return salt;
}

Result<ChainHead> SqliteStore::chainHead() {
    std::lock_guard<std::mutex> guard(db_->lock);
    return db_->head();
}

}  // namespace assent::server
