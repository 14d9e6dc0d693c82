#include "pg_store.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <pqxx/pqxx>

#include "assent/codec.hpp"
#include "chain.hpp"
#include "group_commit.hpp"
#include "pg_pool.hpp"
#include "pg_rollups.hpp"
#include "store_rows.hpp"

namespace assent::server {
namespace {

// Each migration takes the schema from its index to the next version;
// assent_schema holds the version reached. Append, never edit: a database
// already migrated never runs a step again.
const std::vector<const char*> kMigrations = {
    // 1: the rows SqliteStore keeps (store_rows.hpp), in PostgreSQL's types.
    // seq and arrival order rows that tie on time, as SQLite's rowid does.
    R"sql(
CREATE TABLE events (
  site TEXT NOT NULL, consent_id TEXT NOT NULL, id TEXT NOT NULL, record_id TEXT NOT NULL,
  name TEXT NOT NULL, purpose TEXT NOT NULL, ts BIGINT NOT NULL, page TEXT NOT NULL, props TEXT NOT NULL,
  received_ms BIGINT NOT NULL, anonymous_id TEXT, session_id TEXT, daily_visitor TEXT,
  seq BIGSERIAL,
  PRIMARY KEY (site, consent_id, id)
);
CREATE INDEX events_by_time ON events (site, ts);
CREATE INDEX events_by_received ON events (site, received_ms);
CREATE TABLE consent_receipts (
  record_id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, revision BIGINT NOT NULL, method TEXT NOT NULL,
  surface TEXT NOT NULL, language TEXT NOT NULL, purposes TEXT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, stored TEXT NOT NULL, site TEXT NOT NULL,
  seq BIGINT NOT NULL, config_revision BIGINT NOT NULL, texts_hash TEXT NOT NULL, content_hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL, link_hash TEXT NOT NULL, erased BOOLEAN NOT NULL DEFAULT false,
  permissions TEXT NOT NULL, arrival BIGSERIAL
);
CREATE INDEX receipts_by_consent ON consent_receipts (site, consent_id, updated_ms);
CREATE UNIQUE INDEX receipts_by_seq ON consent_receipts (site, seq);
CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq BIGINT NOT NULL, link_hash TEXT NOT NULL);
CREATE TABLE visitor_keys (
  site TEXT NOT NULL, consent_id TEXT NOT NULL, key_hash TEXT NOT NULL, received_ms BIGINT NOT NULL,
  PRIMARY KEY (site, consent_id)
);
CREATE TABLE refusals (
  site TEXT NOT NULL, day BIGINT NOT NULL, reason TEXT NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY (site, day, reason)
);
)sql",
    // 2: when each event's row was written, by the database's clock: the
    // stream's lag (stored_ms - received_ms) is then a query away.
    R"sql(
ALTER TABLE events ADD COLUMN stored_ms BIGINT NOT NULL
  DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;
)sql",
    // 3: the dashboard's sessions (operator_sessions.hpp), shared: a
    // browser's next request may reach another server.
    R"sql(
CREATE TABLE operator_sessions (
  site TEXT NOT NULL, hash TEXT NOT NULL, who TEXT NOT NULL, expires_ms BIGINT NOT NULL,
  PRIMARY KEY (site, hash)
);
)sql",
    // 4: the words behind each textsHash (pg_texts_archive.hpp), shared:
    // a receipt one server took resolves on every other. The site's, not a
    // person's: erasure and retention leave them.
    R"sql(
CREATE TABLE texts (
  site TEXT NOT NULL, hash TEXT NOT NULL, language TEXT NOT NULL, revision BIGINT NOT NULL,
  canonical TEXT NOT NULL, json TEXT NOT NULL, first_kept_ms BIGINT NOT NULL,
  PRIMARY KEY (site, hash)
);
)sql",
    // 5: the dashboard's per-day rollups of the events (pg_rollups.hpp).
    kPgRollupSchema,
    // 6: the daily visitor hash's salt, one per site and UTC day, shared by
    // every server (daily_visitor.hpp); a day's row goes once the day is over.
    R"sql(
CREATE TABLE IF NOT EXISTS daily_salts (site TEXT NOT NULL, day BIGINT NOT NULL, salt TEXT NOT NULL, PRIMARY KEY (site, day));
)sql",
};

constexpr const char* kReceiptColumns =
    "record_id, consent_id, revision, method, surface, language, purposes, created_ms, updated_ms, received_ms, "
    "stored, seq, content_hash, prev_hash, link_hash, config_revision";

std::string str(std::string_view s) { return std::string(s); }

Receipt receiptOf(const pqxx::row& row, const std::string& site) {
    Receipt r;
    r.stored = row[10].as<std::string>();
    r.record = recordFromRow(r.stored, ReceiptColumns{row[0].as<std::string>(), row[1].as<std::string>(),
                                                      row[2].as<std::int64_t>(), row[3].as<std::string>(),
                                                      row[4].as<std::string>(), row[5].as<std::string>(),
                                                      row[6].as<std::string>(), row[7].as<std::int64_t>(),
                                                      row[8].as<std::int64_t>()});
    r.receivedMs = row[9].as<std::int64_t>();
    r.link.site = site;
    r.link.seq = row[11].as<std::int64_t>();
    r.link.receivedMs = r.receivedMs;
    r.link.contentHash = row[12].as<std::string>();
    r.link.prevHash = row[13].as<std::string>();
    r.link.linkHash = row[14].as<std::string>();
    r.configRevision = row[15].as<std::int64_t>();
    return r;
}

// The statements every batch runs, prepared once a connection when it is
// opened (PgPool), so PostgreSQL parses and plans them once. Prepared again
// at each use, libpqxx 7 fails: it sends the PREPARE at once, and a name
// already prepared is refused.
void prepareStatements(pqxx::connection& c) {
    c.prepare("receipts_of", std::string("SELECT ") + kReceiptColumns +
                                 " FROM consent_receipts WHERE site = $1 AND consent_id = $2 AND NOT erased"
                                 " ORDER BY updated_ms, arrival");
}

std::vector<Receipt> receiptsIn(pqxx::transaction_base& tx, const std::string& site, std::string_view consentId) {
    std::vector<Receipt> out;
    const auto rows = tx.exec_prepared("receipts_of", site, str(consentId));
    for (const auto& row : rows) out.push_back(receiptOf(row, site));
    return out;
}

// "" is stored as NULL: no value, not an empty one.
std::string quoteOrNull(pqxx::transaction_base& tx, const std::string& value) {
    return value.empty() ? "NULL" : tx.quote(value);
}

// Every event of the batches in one statement, each stored once (an id
// already stored changes nothing): how many rows it added, and the
// rolled-up days they fall on. The caller holds the mark lock shared
// (pg_rollups.hpp) and makes those days again. Batch: StreamedBatch or
// WaitingBatch (group_commit.hpp).
template <typename Batch>
ChangedEvents insertEvents(pqxx::transaction_base& tx, const std::string& site,
                           const std::vector<const Batch*>& batches) {
    std::string values;
    for (const Batch* b : batches) {
        for (const Event& e : b->events) {
            values += values.empty() ? "(" : ", (";
            for (std::string_view text : {std::string_view(site), std::string_view(b->consentId), std::string_view(e.id),
                                          std::string_view(b->recordId), std::string_view(e.name),
                                          std::string_view(e.purpose)})
                values += tx.quote(str(text)) + ", ";
            values += std::to_string(e.ts) + ", " + tx.quote(e.page) + ", " + tx.quote(propsJson(e)) + ", " +
                      std::to_string(b->receivedMs) + ", " + quoteOrNull(tx, e.anonymousId) + ", " +
                      quoteOrNull(tx, e.sessionId) + ", " + quoteOrNull(tx, str(b->dailyVisitor)) + ")";
        }
    }
    if (values.empty()) return {};
    return changeEvents(tx, site,
                        "INSERT INTO events (site, consent_id, id, record_id, name, purpose, ts, page, props, "
                        "received_ms, anonymous_id, session_id, daily_visitor) VALUES " + values +
                            " ON CONFLICT DO NOTHING RETURNING ts");
}

// A statement PostgreSQL refused for what one batch holds (a value it
// cannot store, a constraint), not for the database's state (full, lost,
// shutting down): SQLSTATE classes 22 and 23.
bool batchsOwnFault(const pqxx::sql_error& e) {
    const std::string state = e.sqlstate();
    return state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0;
}

// The site's chain head as the transaction sees it (none before a receipt).
ChainHead headIn(pqxx::transaction_base& tx, const std::string& site) {
    const auto h = tx.exec_params("SELECT seq, link_hash FROM chain_heads WHERE site = $1", site);
    if (h.empty()) return ChainHead{};
    return ChainHead{h[0][0].as<std::int64_t>(), h[0][1].as<std::string>()};
}

// A chain link's own columns, the first six of a row that selects
// seq, received_ms, content_hash, prev_hash, link_hash, erased.
ChainLink linkAt(const pqxx::row& row, const std::string& site) {
    ChainLink l;
    l.site = site;
    l.seq = row[0].as<std::int64_t>();
    l.receivedMs = row[1].as<std::int64_t>();
    l.contentHash = row[2].as<std::string>();
    l.prevHash = row[3].as<std::string>();
    l.linkHash = row[4].as<std::string>();
    l.erased = row[5].as<bool>();
    return l;
}

// The most events one group commit writes, as SqliteStore's.
constexpr std::size_t kMostEventsPerCommit = 1000;

}  // namespace

// The site's connections (pg_pool.hpp), and what every call needs to know.
struct PgStore::Pool : PgPool {
    Pool(const std::string& conninfo, std::size_t size, std::string site, std::int64_t configRevision)
        : PgPool(conninfo, size, prepareStatements), site(std::move(site)), configRevision(configRevision) {}
    const std::string site;
    const std::int64_t configRevision;

    // Stores the group in one transaction, committed before any of them is
    // answered. A batch PostgreSQL refuses is answered with why, and the
    // rest is written again without it, in a new transaction; a failure of
    // the database (or the commit) fails them all, none stored.
    std::vector<Result<Added>> writeGroup(const std::vector<WaitingBatch*>& group) {
        std::vector<Result<Added>> outcomes(group.size(), Result<Added>(Added{}));
        std::vector<bool> refused(group.size(), false);
        while (std::count(refused.begin(), refused.end(), false) > 0) {
            auto committed = with<bool>("cannot store events", [&](pqxx::connection& c) -> Result<bool> {
                pqxx::work tx(c);
                holdMarkShared(tx, site);
                std::vector<std::int64_t> days;
                for (std::size_t i = 0; i < group.size(); ++i) {
                    if (refused[i]) continue;
                    const WaitingBatch& batch = *group[i];
                    try {
                        const ChangedEvents stored = insertEvents(tx, site, std::vector<const WaitingBatch*>{&batch});
                        days.insert(days.end(), stored.rolledDays.begin(), stored.rolledDays.end());
                        outcomes[i] = Added{stored.rows, batch.events.size() - stored.rows};
                    } catch (const pqxx::sql_error& e) {
                        if (!batchsOwnFault(e)) throw;
                        outcomes[i] = Problems{{"database", std::string("cannot store events: ") + e.what()}};
                        refused[i] = true;
                        return false;  // the transaction is rolled back as tx goes
                    }
                }
                rollUpAgain(tx, site, days);
                tx.commit();
                return true;
            });
            if (committed && committed.value()) break;
            if (committed) continue;
            for (std::size_t i = 0; i < group.size(); ++i)
                if (!refused[i]) outcomes[i] = committed.problems();
            break;
        }
        return outcomes;
    }

    // Concurrent addEvents calls share a commit, several groups at once.
    GroupCommit groupCommit{kMostEventsPerCommit, [this](const auto& group) { return writeGroup(group); },
                            kGroupWriters};
};

PgStore::PgStore(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}
PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& conninfo, const std::string& site,
                                               std::string* notice, std::int64_t configRevision, int poolSize) {
    // The migration has a connection of its own, not the pool's: the pool
    // prepares its statements on every connection it opens (libpqxx 7 sends
    // the PREPARE at once), and before the first migration their tables are
    // not there.
    const auto migrate = [&]() -> Result<int> {
        pqxx::connection c(conninfo);
        pqxx::work tx(c);
        // One server migrates at a time; the others wait, then see it done.
        tx.exec("SELECT pg_advisory_xact_lock(hashtext('assent-schema'))");
        tx.exec("CREATE TABLE IF NOT EXISTS assent_schema (version INTEGER NOT NULL)");
        const auto row = tx.exec("SELECT max(version) FROM assent_schema");
        const int from = row[0][0].is_null() ? 0 : row[0][0].as<int>();
        if (from > static_cast<int>(kMigrations.size()))
            return Problems{{"database", "the schema is version " + std::to_string(from) +
                                             ", newer than this server knows (" +
                                             std::to_string(kMigrations.size()) + "): upgrade the server"}};
        for (int v = from; v < static_cast<int>(kMigrations.size()); ++v) tx.exec(kMigrations[static_cast<std::size_t>(v)]);
        tx.exec("DELETE FROM assent_schema");
        tx.exec_params("INSERT INTO assent_schema (version) VALUES ($1)", static_cast<int>(kMigrations.size()));
        tx.commit();
        return from;
    };
    const Result<int> migrated = [&]() -> Result<int> {
        try {
            return migrate();
        } catch (const std::exception& e) {
            return Problems{{"database", std::string("cannot migrate the schema: ") + e.what()}};
        }
    }();
    if (!migrated) return migrated.problems();
    auto pool = std::make_unique<Pool>(conninfo, static_cast<std::size_t>(poolSize < 1 ? 1 : poolSize), site,
                                       configRevision);
    if (notice && migrated.value() < static_cast<int>(kMigrations.size())) {
        *notice = "PostgreSQL schema " + std::to_string(migrated.value()) + " -> " +
                  std::to_string(kMigrations.size());
    }
    return std::unique_ptr<PgStore>(new PgStore(std::move(pool)));
}

// Group commit (group_commit.hpp): PostgreSQL flushes its log to disk at
// each commit (synchronous_commit on); a group pays one flush and one
// BEGIN and COMMIT.
Result<Added> PgStore::addEvents(std::string_view consentId, std::string_view recordId,
                                 const std::vector<Event>& events, std::int64_t receivedMs,
                                 std::string_view dailyVisitor) {
    WaitingBatch mine{consentId, recordId, events, receivedMs, dailyVisitor, std::nullopt};
    return pool_->groupCommit.add(mine);
}

GroupCommits PgStore::groupCommits() const { return pool_->groupCommit.figures(); }

Result<PgStore::StreamAdded> PgStore::addStreamed(const std::vector<StreamedBatch>& batches) {
    return pool_->with<StreamAdded>("cannot store streamed events", [&](pqxx::connection& c) -> Result<StreamAdded> {
        pqxx::work tx(c);
        holdMarkShared(tx, pool_->site);
        StreamAdded added;
        // The consent ids that still have a kept receipt, locked FOR SHARE:
        // an erasure (which tombstones them first) waits for this
        // transaction, then deletes what it stored; one that committed
        // before leaves them erased, and their events are dropped here.
        std::set<std::string> ids;
        for (const auto& b : batches) ids.insert(b.consentId);
        if (ids.empty()) return added;
        std::string list;
        for (const auto& id : ids) list += (list.empty() ? "" : ", ") + tx.quote(id);
        std::set<std::string> kept;
        for (const auto& row : tx.exec_params("SELECT consent_id FROM consent_receipts WHERE site = $1 AND NOT erased "
                                              "AND consent_id IN (" + list + ") FOR SHARE",
                                              pool_->site))
            kept.insert(row[0].as<std::string>());
        std::vector<const StreamedBatch*> keep;
        for (const auto& b : batches) {
            if (kept.count(b.consentId)) {
                keep.push_back(&b);
                added.duplicates += b.events.size();
            } else {
                added.dropped += b.events.size();
            }
        }
        const ChangedEvents stored = insertEvents(tx, pool_->site, keep);
        // Last: the days' rows are made with every other lock already held.
        rollUpAgain(tx, pool_->site, stored.rolledDays);
        added.stored = stored.rows;
        added.duplicates -= added.stored;
        tx.commit();
        return added;
    });
}

Status PgStore::countRefusals(const std::map<std::string, std::size_t>& byReason, std::int64_t receivedMs) {
    auto counted = pool_->with<bool>("cannot count refusals", [&](pqxx::connection& c) -> Result<bool> {
        pqxx::work tx(c);
        for (const auto& [reason, n] : byReason)
            tx.exec_params("INSERT INTO refusals (site, day, reason, count) VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (site, day, reason) DO UPDATE SET count = refusals.count + excluded.count",
                           pool_->site, receivedMs / (24LL * 60 * 60 * 1000), reason, static_cast<std::int64_t>(n));
        tx.commit();
        return true;
    });
    if (!counted) return counted.problems();
    return done();
}

Result<bool> PgStore::addReceipt(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    auto kept = addReceiptIf(record, stored, receivedMs, [](const std::vector<Receipt>&) { return true; });
    if (!kept) return kept.problems();
    return kept.value() == Kept::Added;
}

Result<Kept> PgStore::addReceiptIf(const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs,
                                   const std::function<bool(const std::vector<Receipt>&)>& check) {
    return pool_->with<Kept>("cannot store a receipt", [&](pqxx::connection& c) -> Result<Kept> {
        const std::string& site = pool_->site;
        // Most receipts checked are copies already kept (every batch carries
        // its record): their check says no without the site's lock, which
        // would otherwise put every batch of the site in one queue. A yes is
        // only a hint: it is asked again under the lock, which decides.
        {
            pqxx::nontransaction look(c);  // one statement: one round trip, no BEGIN and COMMIT
            if (!check(receiptsIn(look, site, record.consentId))) return Kept::Skipped;
        }
        pqxx::work tx(c);
        // The site's head, locked: every other server's receipt for this
        // site waits here until this one commits or rolls back.
        tx.exec_params("INSERT INTO chain_heads (site, seq, link_hash) VALUES ($1, 0, '') ON CONFLICT DO NOTHING", site);
        const auto head = tx.exec_params1("SELECT seq, link_hash FROM chain_heads WHERE site = $1 FOR UPDATE", site);
        if (!check(receiptsIn(tx, site, record.consentId))) return Kept::Skipped;
        ChainLink last;
        last.seq = head[0].as<std::int64_t>();
        last.linkHash = head[1].as<std::string>();
        const ChainLink link =
            appendLink(site, last.seq ? &last : nullptr, receivedMs,
                       receiptContent(record.recordId, record.consentId, pool_->configRevision, stored));
        const auto inserted = tx.exec_params(
            "INSERT INTO consent_receipts (record_id, consent_id, revision, method, surface, language, purposes, "
            "created_ms, updated_ms, received_ms, stored, site, seq, config_revision, texts_hash, content_hash, "
            "prev_hash, link_hash, permissions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
            "$15, $16, $17, $18, $19) ON CONFLICT (record_id) DO NOTHING",
            record.recordId, record.consentId, record.revision, str(methodName(record.method)),
            str(surfaceName(record.surface)), record.language, purposesJson(record), record.createdMs,
            record.updatedMs, receivedMs, str(stored), site, link.seq, pool_->configRevision, record.textsHash,
            link.contentHash, link.prevHash, link.linkHash, permissionsJson(record));
        // Not in this consent id's history, yet its record id is stored: another's.
        if (inserted.affected_rows() != 1) return Kept::RecordIdTaken;
        tx.exec_params("UPDATE chain_heads SET seq = $2, link_hash = $3 WHERE site = $1", site, link.seq,
                       link.linkHash);
        tx.commit();
        return Kept::Added;
    });
}

Result<std::vector<StoredEvent>> PgStore::events(std::string_view consentId, std::size_t limit) {
    return pool_->with<std::vector<StoredEvent>>(
        "cannot read events", [&](pqxx::connection& c) -> Result<std::vector<StoredEvent>> {
            pqxx::read_transaction tx(c);
            // The newest `limit` rows, then turned oldest first.
            const auto rows = tx.exec_params(
                "SELECT id, name, purpose, ts, page, props, received_ms FROM ("
                "  SELECT * FROM events WHERE site = $1 AND consent_id = $2 ORDER BY ts DESC, seq DESC LIMIT $3"
                ") newest ORDER BY ts, seq",
                pool_->site, str(consentId), static_cast<std::int64_t>(limit));
            std::vector<StoredEvent> out;
            for (const auto& row : rows) {
                StoredEvent e;
                e.event.id = row[0].as<std::string>();
                e.event.name = row[1].as<std::string>();
                e.event.purpose = row[2].as<std::string>();
                e.event.ts = row[3].as<std::int64_t>();
                e.event.page = row[4].as<std::string>();
                e.event.props = propsFrom(row[5].as<std::string>());
                e.receivedMs = row[6].as<std::int64_t>();
                out.push_back(std::move(e));
            }
            return out;
        });
}

Result<std::vector<Receipt>> PgStore::receipts(std::string_view consentId) {
    return pool_->with<std::vector<Receipt>>("cannot read receipts",
                                             [&](pqxx::connection& c) -> Result<std::vector<Receipt>> {
                                                 // Read for every batch: one statement, which sees
                                                 // one snapshot by itself, in one round trip
                                                 // (a read_transaction adds BEGIN and COMMIT).
                                                 pqxx::nontransaction tx(c);
                                                 return receiptsIn(tx, pool_->site, consentId);
                                             });
}

namespace {

// A tombstone keeps the link and forgets the person: the ids, the record
// and what was decided go (C14, C19). Receipts first: their row locks make
// a stream consumer that is storing this consent id's events finish before
// the events are deleted (PgStore::addStreamed). The events it deletes are
// added to `erased`: their rolled-up days are to be made again.
std::size_t forget(pqxx::work& tx, const std::string& site, const std::string& consentId, bool events,
                   ChangedEvents& erased) {
    const auto tombstoned = tx.exec_params(
        "UPDATE consent_receipts SET consent_id = '', method = '', surface = '', language = '', purposes = '{}', "
        "permissions = '{}', created_ms = 0, updated_ms = 0, stored = '', texts_hash = '', erased = true "
        "WHERE site = $1 AND consent_id = $2 AND NOT erased",
        site, consentId);
    if (events) {
        const ChangedEvents gone = changeEvents(
            tx, site, "DELETE FROM events WHERE site = $1 AND consent_id = " + tx.quote(consentId) + " RETURNING ts");
        erased.rows += gone.rows;
        erased.rolledDays.insert(erased.rolledDays.end(), gone.rolledDays.begin(), gone.rolledDays.end());
    }
    tx.exec_params("DELETE FROM visitor_keys WHERE site = $1 AND consent_id = $2", site, consentId);
    return static_cast<std::size_t>(tombstoned.affected_rows());
}

}  // namespace

Result<Erased> PgStore::erase(std::string_view consentId) {
    return pool_->with<Erased>("cannot erase", [&](pqxx::connection& c) -> Result<Erased> {
        pqxx::work tx(c);
        holdMarkShared(tx, pool_->site);
        ChangedEvents events;
        Erased erased;
        erased.receipts = forget(tx, pool_->site, str(consentId), true, events);
        rollUpAgain(tx, pool_->site, events.rolledDays);
        erased.events = events.rows;
        tx.commit();
        return erased;
    });
}

Result<Erased> PgStore::retire(std::int64_t nowMs, const Retention& keep) {
    return pool_->with<Erased>("cannot apply retention", [&](pqxx::connection& c) -> Result<Erased> {
        pqxx::work tx(c);
        holdMarkShared(tx, pool_->site);
        Erased retired;
        ChangedEvents old;
        if (keep.eventsMs > 0)
            old = changeEvents(tx, pool_->site,
                               "DELETE FROM events WHERE site = $1 AND received_ms < " +
                                   std::to_string(nowMs - keep.eventsMs) + " RETURNING ts");
        retired.events = old.rows;
        if (keep.receiptsMs > 0) {
            const auto quiet = tx.exec_params(
                "SELECT consent_id FROM consent_receipts WHERE site = $1 AND NOT erased "
                "GROUP BY consent_id HAVING max(received_ms) < $2",
                pool_->site, nowMs - keep.receiptsMs);
            ChangedEvents none;
            for (const auto& row : quiet) retired.receipts += forget(tx, pool_->site, row[0].as<std::string>(), false, none);
        }
        rollUpAgain(tx, pool_->site, old.rolledDays);
        tx.commit();
        return retired;
    });
}

Result<std::int64_t> PgStore::rollUp(std::int64_t closedBeforeDay) {
    return pool_->with<std::int64_t>("cannot roll up the events", [&](pqxx::connection& c) -> Result<std::int64_t> {
        const std::string& site = pool_->site;
        std::int64_t rolled = 0, next = 0;  // next: the day after the last this call rolled up
        // A transaction a day: intake waits for one day's GROUP BYs at most.
        for (;;) {
            pqxx::work tx(c);
            holdMark(tx, site);  // no event is being added or deleted now
            // Another server may have rolled days up meanwhile.
            std::int64_t day = std::max(rolledUntil(tx, site), next);
            if (rolled == 0 && day == 0) {
                // The first time: from the first event's day (none: nothing to roll up).
                const auto first = tx.exec_params1("SELECT min(ts) / 86400000 FROM events WHERE site = $1", site);
                day = first[0].is_null() ? closedBeforeDay : first[0].as<std::int64_t>();
            }
            if (day >= closedBeforeDay) {
                // Days without events (before the first one) need no rows, only the mark.
                markRolledUntil(tx, site, closedBeforeDay);
                tx.commit();
                return rolled;
            }
            rollUpDay(tx, site, day);
            markRolledUntil(tx, site, day + 1);
            tx.commit();
            next = day + 1;
            ++rolled;
        }
    });
}

bool PgStore::keepSession(const std::string& hash, const std::string& who, std::int64_t expiresMs,
                          std::int64_t nowMs) {
    return pool_->with<bool>("cannot keep a dashboard session", [&](pqxx::connection& c) -> Result<bool> {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM operator_sessions WHERE site = $1 AND expires_ms <= $2", pool_->site, nowMs);
        tx.exec_params("INSERT INTO operator_sessions (site, hash, who, expires_ms) VALUES ($1, $2, $3, $4)",
                       pool_->site, hash, who, expiresMs);
        tx.commit();
        return true;
    }).ok();
}

std::optional<std::string> PgStore::sessionHolder(const std::string& hash, std::int64_t nowMs) {
    auto who = pool_->with<std::optional<std::string>>(
        "cannot read a dashboard session", [&](pqxx::connection& c) -> Result<std::optional<std::string>> {
            pqxx::nontransaction tx(c);
            const auto rows = tx.exec_params(
                "SELECT who FROM operator_sessions WHERE site = $1 AND hash = $2 AND expires_ms > $3", pool_->site,
                hash, nowMs);
            if (rows.empty()) return std::optional<std::string>();
            return std::optional<std::string>(rows[0][0].as<std::string>());
        });
    return who ? who.value() : std::nullopt;
}

void PgStore::endSession(const std::string& hash) {
    pool_->with<bool>("cannot end a dashboard session", [&](pqxx::connection& c) -> Result<bool> {
        pqxx::nontransaction tx(c);
        tx.exec_params("DELETE FROM operator_sessions WHERE site = $1 AND hash = $2", pool_->site, hash);
        return true;
    });
}

Status PgStore::ping() {
    auto answered = pool_->with<bool>("cannot query", [](pqxx::connection& c) -> Result<bool> {
        pqxx::nontransaction tx(c);
        tx.exec("SELECT 1");
        return true;
    });
    if (!answered) return answered.problems();
    return done();
}

Result<ChainReport> PgStore::verify(const std::optional<ChainHead>& anchor) {
    return pool_->with<ChainReport>("cannot read the receipts' chain", [&](pqxx::connection& c) -> Result<ChainReport> {
        // One snapshot for the links and the head.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        std::vector<ChainLink> links;
        for (const auto& row : tx.exec_params(
                 "SELECT seq, received_ms, content_hash, prev_hash, link_hash, erased, record_id, consent_id, "
                 "config_revision, stored, site FROM consent_receipts WHERE site = $1 ORDER BY seq",
                 pool_->site)) {
            ChainLink l = linkAt(row, row[10].as<std::string>());
            l.content = receiptContent(row[6].as<std::string>(), row[7].as<std::string>(),
                                       row[8].as<std::int64_t>(), row[9].as<std::string>());
            links.push_back(std::move(l));
        }
        return chainReport(pool_->site, links, headIn(tx, pool_->site), anchor);
    });
}

Result<ChainHead> PgStore::chainHead() {
    return pool_->with<ChainHead>("cannot read the chain's head", [&](pqxx::connection& c) -> Result<ChainHead> {
        pqxx::read_transaction tx(c);
        return headIn(tx, pool_->site);
    });
}

Result<ChainPath> PgStore::chainPath(std::int64_t afterSeq, std::size_t most) {
    return pool_->with<ChainPath>("cannot read the receipts' chain", [&](pqxx::connection& c) -> Result<ChainPath> {
        // One snapshot for the links and the head.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        ChainPath path;
        for (const auto& row : tx.exec_params(
                 "SELECT seq, received_ms, content_hash, prev_hash, link_hash, erased FROM consent_receipts "
                 "WHERE site = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                 pool_->site, afterSeq, static_cast<std::int64_t>(most))) {
            path.links.push_back(linkAt(row, pool_->site));
        }
        path.head = headIn(tx, pool_->site);
        return path;
    });
}

// Whichever server asks first for a day keeps its candidate; every other
// reads it back. Two servers that ask at once both insert, one insert does
// nothing (ON CONFLICT), and both read the row that won.
Result<std::string> PgStore::dailySalt(std::int64_t day, std::string_view candidate) {
    return pool_->with<std::string>("cannot keep the daily visitor salt", [&](pqxx::connection& c) -> Result<std::string> {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM daily_salts WHERE site = $1 AND day < $2", pool_->site, day);
        tx.exec_params("INSERT INTO daily_salts (site, day, salt) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                       pool_->site, day, str(candidate));
        const auto salt = tx.exec_params1("SELECT salt FROM daily_salts WHERE site = $1 AND day = $2", pool_->site, day);
        tx.commit();
        return salt[0].as<std::string>();
    });
}

Result<std::string> PgStore::visitorKey(std::string_view consentId) {
    return pool_->with<std::string>("cannot read a visitor key", [&](pqxx::connection& c) -> Result<std::string> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params("SELECT key_hash FROM visitor_keys WHERE site = $1 AND consent_id = $2",
                                      pool_->site, str(consentId));
        return r.empty() ? std::string() : r[0][0].as<std::string>();
    });
}

Status PgStore::keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs) {
    auto kept = pool_->with<bool>("cannot keep a visitor key", [&](pqxx::connection& c) -> Result<bool> {
        pqxx::work tx(c);
        // The first key a consent id's receipts bring is its key: a later
        // one cannot take the device's place.
        tx.exec_params("INSERT INTO visitor_keys (site, consent_id, key_hash, received_ms) VALUES ($1, $2, $3, $4) "
                       "ON CONFLICT DO NOTHING",
                       pool_->site, str(consentId), str(keyHash), receivedMs);
        tx.commit();
        return true;
    });
    if (!kept) return kept.problems();
    return done();
}

}  // namespace assent::server
