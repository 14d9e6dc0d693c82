// Where the server keeps what it accepted: one SQLite file. Delivery is
// at-least-once (shells retry), so the store makes it exactly-once: an event
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
#include <memory>
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

struct Erased {
    std::size_t events = 0;
    std::size_t receipts = 0;
};

// How long what is kept is kept (C19); 0: for ever.
struct Retention {
    std::int64_t eventsMs = 0;    // an event, from when it was received
    std::int64_t receiptsMs = 0;  // a consent id's receipts, from when its newest one was received
};

// Safe to share between the server's threads: every call takes the store's lock.
class Store {
public:
    // Opens or creates the database file (its folder must exist) and its
    // schema, for one site (the config's siteId): events are kept and listed
    // per site and consent id. A file of an older schema is migrated; then
    // `notice`, when given, says so (for the operator's log).
    // configRevision: the config's revision, kept with each receipt received.
    static Result<std::unique_ptr<Store>> open(const std::string& path, const std::string& site = "",
                                               std::string* notice = nullptr, std::int64_t configRevision = 0);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // In one transaction: a failure stores none of the events.
    Result<Added> addEvents(std::string_view consentId, std::string_view recordId, const std::vector<Event>&,
                            std::int64_t receivedMs, std::string_view dailyVisitor = {});
    // True when the record was new, false when it was already stored.
    Result<bool> addReceipt(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs);
    // Adds a batch's refused events, by reason, to the counts of the UTC day
    // it arrived (the events themselves are never stored): the dashboard's
    // refusals for any range, across restarts.
    Status countRefusals(const std::map<std::string, std::size_t>& byReason, std::int64_t receivedMs);
    // Hands `check` the receipts of the record's consent id and stores the
    // record only if it answers true, all under the store's lock: two
    // requests cannot both extend one history.
    Result<Kept> addReceiptIf(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs,
                              const std::function<bool(const std::vector<Receipt>& history)>& check);

    // The newest `limit` events of a consent id, oldest first.
    Result<std::vector<StoredEvent>> events(std::string_view consentId, std::size_t limit);
    // Every receipt of a consent id, oldest decision first.
    Result<std::vector<Receipt>> receipts(std::string_view consentId);
    // Everything stored about a consent id (C14): its events go; its
    // receipts become tombstones, their links kept so the chain still proves
    // that they existed and when.
    Result<Erased> erase(std::string_view consentId);
    // Retention (C19): events received longer ago than keep.eventsMs are
    // deleted; the receipts of a consent id whose newest receipt arrived
    // longer ago than keep.receiptsMs become tombstones (its key goes too).
    // A consent id still deciding keeps its whole history: its older
    // receipts prove what its events were judged by.
    Result<Erased> retire(std::int64_t nowMs, const Retention& keep);
    // Rolls up every day before `closedBeforeDay` not rolled up yet, one
    // transaction a day (rollups.hpp); how many days it rolled up. Days the
    // server can still receive events for must not be given: they would be
    // made again at each late event.
    Result<std::int64_t> rollUp(std::int64_t closedBeforeDay);
    // Whether a commit copies the write-ahead log back into the file itself
    // once the log is 1,000 pages long (SQLite's default, on); off when
    // BackgroundCheckpoints does it instead (checkpoints.hpp).
    Status setAutocheckpoint(bool on);
    // The database answers a trivial query (for /healthz).
    Status ping();
    // Walks the site's proof chain of receipts (chain.hpp), and checks that
    // it still holds `anchor`, a head recorded outside the file, if given.
    Result<ChainReport> verify(const std::optional<ChainHead>& anchor = std::nullopt);
    // The site's newest link (seq 0 before the first receipt).
    Result<ChainHead> chainHead();
    // The hash of the secret of a consent id's device ("" when none is
    // kept), and keeping the first one its receipts bring (access.hpp).
    Result<std::string> visitorKey(std::string_view consentId);
    Status keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs);

private:
    struct Database;
    Result<std::vector<Receipt>> receiptsLocked(std::string_view consentId);
    Result<bool> addReceiptLocked(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs);
    bool chainExisting();
    bool fillPermissions();
    bool forgetLocked(std::string_view consentId, bool events, Erased&);
    explicit Store(std::unique_ptr<Database>);
    std::unique_ptr<Database> db_;
};

}  // namespace assent::server
