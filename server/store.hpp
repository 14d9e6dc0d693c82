// Where the server keeps what it accepted. Delivery is at-least-once
// (shells retry), so the store makes it exactly-once: an event
// id (per site and consent id) or a record id is stored once, later copies
// are counted and dropped.
//
// [C15] Nothing about the sender is stored: no IP address, no user agent, no
// header. A row holds only what the core put in the batch or the record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/gate.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"
#include "chain.hpp"

namespace assent::server {

struct Added {
    std::size_t stored = 0;
    std::size_t duplicates = 0;
};

struct StoredEvent {
    Event event;
    std::int64_t receivedMs = 0;
};

// The receipt of one consent decision, kept so that it can be proved (C06).
struct Receipt {
    ConsentRecord record;
    std::string stored;  // the exact stored form the shell sent
    std::int64_t receivedMs = 0;
    std::int64_t configRevision = 0;  // the site's config revision when it arrived
    ChainLink link;                    // its place in the site's proof chain (content left out)
};

// How many transactions stored events, and how many batches they held:
// more batches than commits where a group commit wrote several at once
// (group_commit.hpp).
struct GroupCommits {
    std::uint64_t commits = 0;
    std::uint64_t batches = 0;
};

// What addReceiptIf did with a record.
enum class Kept {
    Added,          // the check passed and it is stored
    Skipped,        // the check said no (a duplicate, or refused): nothing changed
    RecordIdTaken,  // its record id is stored under another consent id
};

// What verify found in the site's proof chain of receipts.
struct ChainReport {
    std::string site;
    std::size_t links = 0;
    std::size_t tombstones = 0;             // erased receipts, their links kept
    std::optional<ChainBreak> broken;       // the first link found wrong, if any
    ChainHead head;                         // the newest link, as the store noted it
};

// The links of the site's chain after a seq, up to the head read with them
// (their contents left out): what a receipt export carries so that anyone
// can fold a receipt's link forward to the head (chain.hpp, server/README.md).
struct ChainPath {
    ChainHead head;
    std::vector<ChainLink> links;  // in seq order, at most the number asked for
};

struct Erased {
    std::size_t events = 0;
    std::size_t receipts = 0;
};

// How long what is kept is kept (C19); 0: for ever.
struct Retention {
    std::int64_t eventsMs = 0;    // an event, from when it was received
    std::int64_t receiptsMs = 0;  // a consent id's receipts, from when its newest one was received
};

// Where the server keeps what it accepted, whichever database that is:
// SqliteStore (sqlite_store.hpp), one file on one machine, the default; or
// PgStore (pg_store.hpp), PostgreSQL shared by several servers. Every
// implementation is safe to share between the server's threads, keeps the
// same proof chain (chain.hpp) and passes the same tests
// (tests/server/store_test.cpp runs against each).
class Store {
public:
    virtual ~Store() = default;

    // In one transaction: a failure stores none of the events. Concurrent
    // calls share a commit (group_commit.hpp); each returns after it.
    virtual Result<Added> addEvents(std::string_view consentId, std::string_view recordId,
                                    const std::vector<Event>&, std::int64_t receivedMs,
                                    std::string_view dailyVisitor = {}) = 0;
    // Adds a batch's refused events, by reason, to the counts of the UTC day
    // it arrived (the events themselves are never stored): the dashboard's
    // refusals for any range, across restarts.
    virtual Status countRefusals(const std::map<std::string, std::size_t>& byReason, std::int64_t receivedMs) = 0;
    // True when the record was new, false when it was already stored.
    virtual Result<bool> addReceipt(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs) = 0;
    // Hands `check` the receipts of the record's consent id and stores the
    // record only if it answers true, all under one lock: two requests (or
    // two servers) cannot both extend one history. `check` may be asked more
    // than once (PgStore asks first without the lock); its last answer, on
    // the history the record joins, decides.
    virtual Result<Kept> addReceiptIf(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs,
                                      const std::function<bool(const std::vector<Receipt>& history)>& check) = 0;

    // The newest `limit` events of a consent id, oldest first.
    virtual Result<std::vector<StoredEvent>> events(std::string_view consentId, std::size_t limit) = 0;
    // Every receipt of a consent id, oldest decision first.
    virtual Result<std::vector<Receipt>> receipts(std::string_view consentId) = 0;
    // Everything stored about a consent id (C14): its events go; its
    // receipts become tombstones, their links kept so the chain still proves
    // that they existed and when.
    virtual Result<Erased> erase(std::string_view consentId) = 0;
    // Retention (C19): events received longer ago than keep.eventsMs are
    // deleted; the receipts of a consent id whose newest receipt arrived
    // longer ago than keep.receiptsMs become tombstones (its key goes too).
    // A consent id still deciding keeps its whole history: its older
    // receipts prove what its events were judged by.
    virtual Result<Erased> retire(std::int64_t nowMs, const Retention& keep) = 0;
    // Rolls up every day before `closedBeforeDay` not rolled up yet, one
    // transaction a day, for the dashboard (rollups.hpp, pg_rollups.hpp); how
    // many days it rolled up. Days the server can still receive events for
    // must not be given: they would be made again at each late event.
    virtual Result<std::int64_t> rollUp(std::int64_t closedBeforeDay) = 0;
    // The database answers a trivial query (for /healthz).
    virtual Status ping() = 0;
    // Walks the site's proof chain of receipts (chain.hpp), and checks that
    // it still holds `anchor`, a head recorded outside the database, if given.
    virtual Result<ChainReport> verify(const std::optional<ChainHead>& anchor = std::nullopt) = 0;
    // The site's newest link (seq 0 before the first receipt).
    virtual Result<ChainHead> chainHead() = 0;
    // At most `most` links after `afterSeq`, and the head, in one snapshot.
    virtual Result<ChainPath> chainPath(std::int64_t afterSeq, std::size_t most) = 0;
    // The salt of the site's daily visitor hash for the UTC `day`
    // (daily_visitor.hpp), shared by every server of the database: the salt
    // a server kept for that day first, else `candidate`, kept now. The
    // salts of earlier days are deleted, so their hashes can no longer be
    // recomputed. Never part of an export.
    virtual Result<std::string> dailySalt(std::int64_t day, std::string_view candidate) = 0;
    // The hash of the secret of a consent id's device ("" when none is
    // kept), and keeping the first one its receipts bring (access.hpp).
    virtual Result<std::string> visitorKey(std::string_view consentId) = 0;
    virtual Status keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs) = 0;
    // What addEvents' group commit did so far (/metrics shows it).
    virtual GroupCommits groupCommits() const = 0;
};

}  // namespace assent::server
