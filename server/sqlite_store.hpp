// The embedded store: one SQLite file, for a server on one machine (the
// default). Every call takes the store's lock; concurrent addEvents calls
// share one commit (group_commit.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store.hpp"

namespace assent::server {

class SqliteStore final : public Store {
public:
    // Opens or creates the database file (its folder must exist) and its
    // schema, for one site (the config's siteId): events are kept and listed
    // per site and consent id. A file of an older schema is migrated; then
    // `notice`, when given, says so (for the operator's log).
    // configRevision: the config's revision, kept with each receipt received.
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, const std::string& site = "",
                                                     std::string* notice = nullptr, std::int64_t configRevision = 0);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

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
    Status ping() override;
    Result<ChainReport> verify(const std::optional<ChainHead>& anchor = std::nullopt) override;
    Result<ChainHead> chainHead() override;
    Result<ChainPath> chainPath(std::int64_t afterSeq, std::size_t most) override;
    Result<std::string> dailySalt(std::int64_t day, std::string_view candidate) override;
    Result<std::string> visitorKey(std::string_view consentId) override;
    Status keepVisitorKey(std::string_view consentId, std::string_view keyHash, std::int64_t receivedMs) override;

    Result<std::int64_t> rollUp(std::int64_t closedBeforeDay) override;
    // Whether a commit copies the write-ahead log back into the file itself
    // once the log is 1,000 pages long (SQLite's default, on); off when
    // BackgroundCheckpoints does it instead (checkpoints.hpp).
    Status setAutocheckpoint(bool on);
    GroupCommits groupCommits() const override;

private:
    struct Database;
    Result<std::vector<Receipt>> receiptsLocked(std::string_view consentId);
    Result<bool> addReceiptLocked(const ConsentRecord&, std::string_view stored, std::int64_t receivedMs);
    bool chainExisting();
    bool fillPermissions();
    bool forgetLocked(std::string_view consentId, bool events, Erased&);
    explicit SqliteStore(std::unique_ptr<Database>);
    std::unique_ptr<Database> db_;
};

}  // namespace assent::server
