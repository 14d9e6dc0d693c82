// The shared store: PostgreSQL, for several servers behind one address and
// the stream's consumer (issue 14's scaled mode). The same rows, the same
// proof chain and the same answers as SqliteStore: tests/server/store_test.cpp
// runs against both.
//
// Several servers append to one site's chain: a receipt's transaction locks
// the site's chain_heads row (SELECT … FOR UPDATE) before it reads the
// consent id's history, so two servers can neither both extend one history
// nor both take one seq.
//
// Connections come from a small pool; one the database dropped (a restart)
// is thrown away, the call fails with a problem naming why, and the next
// call connects again: the caller answers 503 and the browser retries.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "operator_sessions.hpp"
#include "store.hpp"

namespace assent::server {

// A batch of accepted events as the stream carries it (event_stream.hpp).
struct StreamedBatch {
    std::string consentId;
    std::string recordId;
    std::vector<Event> events;
    std::int64_t receivedMs = 0;
    std::string dailyVisitor;
};

class PgStore final : public Store, public SessionBook {
public:
    // Groups of batches written at once (group_commit.hpp), each on a
    // connection of its own. One at a time (as SQLite must) halved the rate
    // of one server on 2 loaded cores (232 to 323 requests/s against 529 to
    // 573 committing each batch alone, load 20 to 24): the groups' inserts
    // ran one after another while the database could run several.
    static constexpr std::size_t kGroupWriters = 4;

    // conninfo: a libpq connection string or postgresql:// URL. Creates or
    // migrates the schema (versioned in assent_schema, under an advisory
    // lock so that servers starting together take turns); `notice` says
    // what it did. poolSize: connections kept at most.
    static Result<std::unique_ptr<PgStore>> open(const std::string& conninfo, const std::string& site,
                                                 std::string* notice = nullptr, std::int64_t configRevision = 0,
                                                 int poolSize = 8);
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    Result<Added> addEvents(std::string_view consentId, std::string_view recordId, const std::vector<Event>&,
                            std::int64_t receivedMs, std::string_view dailyVisitor = {}) override;
    Status countRefusals(const std::map<std::string, std::size_t>& byReason, std::int64_t receivedMs) override;
    Result<bool> addReceipt(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs) override;
    Result<Kept> addReceiptIf(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs,
                              const std::function<bool(const std::vector<Receipt>& history)>& check) override;
    Result<std::vector<StoredEvent>> events(std::string_view consentId, std::size_t limit) override;
    Result<std::vector<Receipt>> receipts(std::string_view consentId) override;
    Result<Erased> erase(std::string_view consentId) override;
    Result<Erased> retire(std::int64_t nowMs, const Retention& keep) override;
    // Any number of servers may run it at once: one rolls each day up, the
    // others find it done.
    Result<std::int64_t> rollUp(std::int64_t closedBeforeDay) override;
    Status ping() override;
    Result<ChainReport> verify(const std::optional<ChainHead>& anchor = std::nullopt) override;
    Result<ChainHead> chainHead() override;
    Result<ChainPath> chainPath(std::int64_t afterSeq, std::size_t most) override;
    Result<std::string> dailySalt(std::int64_t day, std::string_view candidate) override;
    Result<std::string> visitorKey(std::string_view consentId) override;
    Status keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs) override;
    GroupCommits groupCommits() const override;

    // The stream consumer's write: every event of every batch in one
    // transaction, each stored once (a redelivered batch adds nothing). An
    // event of a consent id with no kept receipt left (erased after the
    // batch was accepted, C14) is dropped, not stored: counted as dropped.
    struct StreamAdded {
        std::size_t stored = 0, duplicates = 0, dropped = 0;
    };
    Result<StreamAdded> addStreamed(const std::vector<StreamedBatch>&);

    // The dashboard's sessions, shared by every server of the site. A
    // database that cannot be reached keeps no session and knows none: the
    // operator is refused, never let in.
    bool keepSession(const std::string& hash, const std::string& who, std::int64_t expiresMs,
                     std::int64_t nowMs) override;
    std::optional<std::string> sessionHolder(const std::string& hash, std::int64_t nowMs) override;
    void endSession(const std::string& hash) override;

private:
    struct Pool;
    explicit PgStore(std::unique_ptr<Pool>);
    std::unique_ptr<Pool> pool_;
};

}  // namespace assent::server
