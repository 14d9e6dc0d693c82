#include "pg_texts_archive.hpp"

#include <utility>

#include "pg_pool.hpp"

namespace assent::server {

// One connection (pg_pool.hpp), one call at a time.
struct PgTextsArchive::Connection : PgPool {
    Connection(const std::string& conninfo, std::string site) : PgPool(conninfo, 1), site(std::move(site)) {}
    const std::string site;
};

PgTextsArchive::PgTextsArchive(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
PgTextsArchive::~PgTextsArchive() = default;

Result<std::unique_ptr<PgTextsArchive>> PgTextsArchive::open(const std::string& conninfo, const std::string& site) {
    auto db = std::make_unique<Connection>(conninfo, site);
    if (auto connected = db->connect("cannot connect to PostgreSQL to keep the texts"); !connected)
        return connected.problems();
    return std::unique_ptr<PgTextsArchive>(new PgTextsArchive(std::move(db)));
}

Result<std::size_t> PgTextsArchive::add(const std::vector<KeptTexts>& entries) {
    return db_->with<std::size_t>("cannot keep texts", [&](pqxx::connection& c) -> Result<std::size_t> {
        pqxx::work tx(c);
        std::size_t added = 0;
        for (const auto& [hash, t] : entries) {
            // A server keeping the same words at once waits for the other's
            // commit, then adds nothing: the first kept revision and time stay.
            added += static_cast<std::size_t>(
                tx.exec_params("INSERT INTO texts (site, hash, language, revision, canonical, json, first_kept_ms) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (site, hash) DO NOTHING",
                               db_->site, hash, t.language, t.revision, t.canonical, t.json, t.firstKeptMs)
                    .affected_rows());
        }
        tx.commit();
        return added;
    });
}

Result<std::optional<ShownTexts>> PgTextsArchive::find(std::string_view hash) const {
    return db_->with<std::optional<ShownTexts>>(
        "cannot read texts", [&](pqxx::connection& c) -> Result<std::optional<ShownTexts>> {
            pqxx::read_transaction tx(c);
            const auto rows = tx.exec_params(
                "SELECT language, revision, canonical, json, first_kept_ms FROM texts WHERE site = $1 AND hash = $2",
                db_->site, std::string(hash));
            if (rows.empty()) return std::optional<ShownTexts>();
            const auto& r = rows[0];
            return std::optional<ShownTexts>(ShownTexts{r[0].as<std::string>(), r[1].as<std::int64_t>(),
                                                        r[2].as<std::string>(), r[3].as<std::string>(),
                                                        r[4].as<std::int64_t>()});
        });
}

}  // namespace assent::server
