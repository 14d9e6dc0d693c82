#include "store.hpp"

#include <map>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "assent/codec.hpp"
#include "assent/json_writer.hpp"

namespace assent::collector {
namespace {

using Json = nlohmann::ordered_json;

// Versioned (user_version) so that an older file is told apart and migrated.
// Schema 2: an event id is unique per site and consent id, not across
// everyone (one person's ids cannot block another's).
constexpr int kSchemaVersion = 2;
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
  PRIMARY KEY (site, consent_id, id)
);
CREATE INDEX IF NOT EXISTS events_by_consent ON events (site, consent_id, ts);
CREATE TABLE IF NOT EXISTS consent_receipts (
  record_id   TEXT PRIMARY KEY,
  consent_id  TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  method      TEXT NOT NULL,
  surface     TEXT NOT NULL,
  language    TEXT NOT NULL,
  purposes    TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  stored      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS receipts_by_consent ON consent_receipts (consent_id, updated_ms);
PRAGMA user_version = 2;
)sql";

// Schema 1 to 2: the events table gains its site (the one this collector
// serves now: a schema 1 file was written by one collector for one site) and
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
PRAGMA user_version = 2;
COMMIT;
)sql";

// A writer waits this long for another connection's lock before failing.
constexpr int kBusyTimeoutMs = 5000;

struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

// One use of a prepared statement: binds, steps, and resets it when done so
// the next use starts clean.
class Use {
public:
    explicit Use(const Statement& statement) : s_(statement.get()) {}
    ~Use() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

    Use& text(int index, std::string_view value) {
        sqlite3_bind_text(s_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Use& integer(int index, std::int64_t value) {
        sqlite3_bind_int64(s_, index, value);
        return *this;
    }
    int step() { return sqlite3_step(s_); }

    std::string textAt(int column) const {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(s_, column));
        return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(s_, column)));
    }
    std::int64_t integerAt(int column) const { return sqlite3_column_int64(s_, column); }

private:
    sqlite3_stmt* s_;
};

std::string propsJson(const Event& event) {
    Json props = Json::object();
    for (const auto& [key, value] : event.props) props[key] = value;
    return props.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Reads back what propsJson wrote; a damaged cell gives no props, not a throw.
std::vector<std::pair<std::string, std::string>> propsFrom(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> props;
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object()) return props;
    for (const auto& [key, value] : json.items()) {
        if (value.is_string()) props.emplace_back(key, value.get<std::string>());
    }
    return props;
}

// {"analytics":{"granted":true,"expiresMs":…},…}, as the core writes grants:
// queryable with SQLite's JSON functions.
std::string purposesJson(const ConsentRecord& record) {
    JsonWriter w;
    writeGrants(w, record.purposes);
    return w.str();
}

std::map<std::string, Grant> purposesFrom(const std::string& text) {
    std::map<std::string, Grant> purposes;
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object()) return purposes;
    for (const auto& [id, grant] : json.items()) {
        const auto granted = grant.find("granted");
        const auto expires = grant.find("expiresMs");
        if (!grant.is_object() || granted == grant.end() || !granted->is_boolean()) continue;
        purposes[id] = Grant{granted->get<bool>(), expires != grant.end() && expires->is_number_integer()
                                                       ? expires->get<std::int64_t>()
                                                       : 0};
    }
    return purposes;
}

// The stored form is the receipt, with every field; the columns are for
// queries. A cell that no longer decodes (a damaged file) still gives what
// its columns hold: a refusal kept there must keep refusing.
ConsentRecord receiptRecord(const Use& select, const std::string& stored) {
    if (auto decoded = decodeRecord(stored)) return std::move(decoded).value();
    ConsentRecord r;
    r.recordId = select.textAt(0);
    r.consentId = select.textAt(1);
    r.revision = select.integerAt(2);
    parseMethod(select.textAt(3), r.method);
    parseSurface(select.textAt(4), r.surface);
    r.language = select.textAt(5);
    r.purposes = purposesFrom(select.textAt(6));
    r.createdMs = select.integerAt(7);
    r.updatedMs = select.integerAt(8);
    return r;
}

}  // namespace

struct Store::Database {
    ~Database() {
        // Statements first: a connection with live statements does not close.
        for (Statement* statement : {&begin, &commit, &rollback, &insertEvent, &insertReceipt, &selectEvents,
                                     &selectReceipts, &deleteEvents, &deleteReceipts}) {
            statement->reset();
        }
        sqlite3_close(connection);
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
                       "received_ms, site) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") &&
               prepare(insertReceipt,
                       "INSERT OR IGNORE INTO consent_receipts (record_id, consent_id, revision, method, surface, "
                       "language, purposes, created_ms, updated_ms, received_ms, stored) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") &&
               // The newest `limit` rows, then turned oldest first.
               prepare(selectEvents,
                       "SELECT id, name, purpose, ts, page, props, received_ms FROM ("
                       "  SELECT rowid AS seq, * FROM events WHERE site = ?3 AND consent_id = ?1"
                       "  ORDER BY ts DESC, seq DESC LIMIT ?2"
                       ") ORDER BY ts, seq") &&
               prepare(selectReceipts,
                       "SELECT record_id, consent_id, revision, method, surface, language, purposes, created_ms, "
                       "updated_ms, received_ms, stored FROM consent_receipts WHERE consent_id = ?1 "
                       "ORDER BY updated_ms, rowid") &&
               prepare(deleteEvents, "DELETE FROM events WHERE site = ?2 AND consent_id = ?1") &&
               prepare(deleteReceipts, "DELETE FROM consent_receipts WHERE consent_id = ?1");
    }

    int insert(std::string_view consentId, std::string_view recordId, const Event& event, std::int64_t receivedMs) {
        Use use(insertEvent);
        use.text(1, event.id).text(2, consentId).text(3, recordId).text(4, event.name).text(5, event.purpose);
        use.integer(6, event.ts).text(7, event.page).text(8, propsJson(event)).integer(9, receivedMs).text(10, site);
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

    bool hasEventsTable() const {
        sqlite3_stmt* raw = nullptr;
        bool found = false;
        if (sqlite3_prepare_v2(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'",
                               -1, &raw, nullptr) == SQLITE_OK) {
            found = sqlite3_step(raw) == SQLITE_ROW;
        }
        sqlite3_finalize(raw);
        return found;
    }

    bool exec(const char* sql) { return sqlite3_exec(connection, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

    sqlite3* connection = nullptr;
    std::string site;
    std::mutex lock;
    Statement begin, commit, rollback;
    Statement insertEvent, insertReceipt, selectEvents, selectReceipts, deleteEvents, deleteReceipts;
};

Store::Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const std::string& site, std::string* notice) {
    auto db = std::make_unique<Database>();
    db->site = site;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db->connection, flags, nullptr) != SQLITE_OK) {
        return db->problem("cannot open " + path);
    }
    sqlite3_busy_timeout(db->connection, kBusyTimeoutMs);
    const int version = db->version();
    if (version > kSchemaVersion) {
        return Problems{{"database", path + " has schema " + std::to_string(version) + ", newer than this collector's (" +
                                         std::to_string(kSchemaVersion) + ")"}};
    }
    if (version == 1 && db->hasEventsTable()) {
        char* sql = sqlite3_mprintf(kMigrate1To2, site.c_str());
        const bool migrated = sql != nullptr && db->exec(sql);
        sqlite3_free(sql);
        if (!migrated) {
            Problems problems = db->problem("cannot migrate " + path + " from schema 1 to 2");
            db->exec("ROLLBACK");
            return problems;
        }
        if (notice) {
            *notice = "migrated " + path + " from schema 1 to 2: event ids are now unique per site and consent id "
                      "(existing events kept, as site \"" + site + "\")";
        }
    }
    if (!db->exec(kSchema)) return db->problem("cannot create the schema in " + path);
    if (!db->prepareAll()) return db->problem("cannot prepare statements");
    return std::unique_ptr<Store>(new Store(std::move(db)));
}

Result<Added> Store::addEvents(std::string_view consentId, std::string_view recordId,
                               const std::vector<Event>& events, std::int64_t receivedMs) {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->run(db_->begin)) return db_->problem("cannot begin");
    Added added;
    for (const Event& event : events) {
        const int rc = db_->insert(consentId, recordId, event, receivedMs);
        if (rc != SQLITE_DONE) {
            Problems problems = db_->problem("cannot store event " + event.id);
            db_->run(db_->rollback);
            return problems;
        }
        // INSERT OR IGNORE changes no row when the id is already stored.
        if (sqlite3_changes(db_->connection) == 1) {
            ++added.stored;
        } else {
            ++added.duplicates;
        }
    }
    if (!db_->run(db_->commit)) {
        Problems problems = db_->problem("cannot commit");
        db_->run(db_->rollback);
        return problems;
    }
    return added;
}

Result<bool> Store::addReceipt(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    std::lock_guard<std::mutex> guard(db_->lock);
    return addReceiptLocked(record, stored, receivedMs);
}

Result<bool> Store::addReceiptLocked(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    Use insert(db_->insertReceipt);
    insert.text(1, record.recordId).text(2, record.consentId).integer(3, record.revision);
    insert.text(4, methodName(record.method)).text(5, surfaceName(record.surface)).text(6, record.language);
    insert.text(7, purposesJson(record)).integer(8, record.createdMs).integer(9, record.updatedMs);
    insert.integer(10, receivedMs).text(11, stored);
    if (insert.step() != SQLITE_DONE) return db_->problem("cannot store receipt " + record.recordId);
    return sqlite3_changes(db_->connection) == 1;
}

Result<Kept> Store::addReceiptIf(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs,
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

Result<std::vector<StoredEvent>> Store::events(std::string_view consentId, std::size_t limit) {
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

Result<std::vector<Receipt>> Store::receipts(std::string_view consentId) {
    std::lock_guard<std::mutex> guard(db_->lock);
    return receiptsLocked(consentId);
}

Result<std::vector<Receipt>> Store::receiptsLocked(std::string_view consentId) {
    std::vector<Receipt> out;
    Use select(db_->selectReceipts);
    select.text(1, consentId);
    int rc = SQLITE_ROW;
    while ((rc = select.step()) == SQLITE_ROW) {
        Receipt row;
        row.stored = select.textAt(10);
        row.record = receiptRecord(select, row.stored);
        row.receivedMs = select.integerAt(9);
        out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return db_->problem("cannot read receipts");
    return out;
}

Result<Erased> Store::erase(std::string_view consentId) {
    std::lock_guard<std::mutex> guard(db_->lock);
    if (!db_->run(db_->begin)) return db_->problem("cannot begin");
    Erased erased;
    bool ok = true;
    {
        Use remove(db_->deleteEvents);
        ok = remove.text(1, consentId).text(2, db_->site).step() == SQLITE_DONE;
        erased.events = static_cast<std::size_t>(sqlite3_changes(db_->connection));
    }
    if (ok) {
        Use remove(db_->deleteReceipts);
        ok = remove.text(1, consentId).step() == SQLITE_DONE;
        erased.receipts = static_cast<std::size_t>(sqlite3_changes(db_->connection));
    }
    if (!ok || !db_->run(db_->commit)) {
        Problems problems = db_->problem("cannot erase");
        db_->run(db_->rollback);
        return problems;
    }
    return erased;
}

}  // namespace assent::collector
