// The dashboard's figures (analytics.hpp) from the server's SQLite file.
// Events of days before the site's rollup mark are read from their per-day
// rollups, which SQL makes from those same rows (rollups.hpp); the figures
// are the same. It reads with a connection of its own (read-only; the file
// in WAL mode), so a long query never holds the store's lock.
#pragma once

#include <memory>
#include <string>

#include "analytics.hpp"

namespace assent::server {

class SqliteAnalytics final : public Analytics {
public:
    // Opens `database` (already created and migrated by SqliteStore::open) to
    // read the figures of `site`.
    static Result<std::unique_ptr<SqliteAnalytics>> open(const std::string& database, const std::string& site);
    ~SqliteAnalytics() override;
    SqliteAnalytics(const SqliteAnalytics&) = delete;
    SqliteAnalytics& operator=(const SqliteAnalytics&) = delete;

    Result<Traffic> traffic(const DayRange&) override;
    Result<Engagement> engagement(const DayRange&) override;
    Result<std::vector<DayCount>> pageViewsByDay(const DayRange&) override;
    Result<std::vector<Counted>> topPages(const DayRange&, int limit) override;
    Result<std::vector<ClickCount>> topClicks(const DayRange&, int limit) override;
    Result<std::vector<Counted>> customEvents(const DayRange&) override;
    Result<std::vector<DecisionDay>> decisionsByDay(const DayRange&) override;
    Result<std::vector<GrantRate>> purposeGrants(const DayRange&) override;
    Result<std::vector<Counted>> refusals(const DayRange&) override;
    Result<std::vector<PurposeDay>> purposeGrantsByDay(const DayRange&) override;
    Result<std::vector<GrantRate>> permissionGrants(const DayRange&) override;

private:
    struct Reader;
    explicit SqliteAnalytics(std::unique_ptr<Reader>);
    Result<std::vector<GrantRate>> grants(const char* column, const DayRange&);
    std::unique_ptr<Reader> db_;
};

}  // namespace assent::server
