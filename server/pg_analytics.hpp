// The dashboard's figures (analytics.hpp) from PostgreSQL, the store that
// several servers share (pg_store.hpp): any server answers the dashboard of
// the whole site, whichever server took the rows.
//
// Events of days before the site's rollup mark are read from their per-day
// rollups (pg_rollups.hpp), the rest from the events themselves, as
// SqliteAnalytics does; receipts are read as they are.
//
// It reads with a connection of its own, in read-only transactions; a
// connection the database dropped is opened again by the next query.
#pragma once

#include <memory>
#include <string>

#include "analytics.hpp"

namespace assent::server {

class PgAnalytics final : public Analytics {
public:
    // conninfo: as PgStore::open takes it; the schema must exist (PgStore
    // makes it). Fails when PostgreSQL cannot be reached.
    static Result<std::unique_ptr<PgAnalytics>> open(const std::string& conninfo, const std::string& site);
    ~PgAnalytics() override;
    PgAnalytics(const PgAnalytics&) = delete;
    PgAnalytics& operator=(const PgAnalytics&) = delete;

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
    explicit PgAnalytics(std::unique_ptr<Reader>);
    Result<std::vector<GrantRate>> grants(const std::string& sql, const DayRange&);
    std::unique_ptr<Reader> db_;
};

}  // namespace assent::server
