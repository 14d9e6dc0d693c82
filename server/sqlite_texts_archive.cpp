#include "sqlite_texts_archive.hpp"

#include <sqlite3.h>

#include "sqlite.hpp"

namespace assent::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS texts (
  site          TEXT NOT NULL,
  hash          TEXT NOT NULL,
  language      TEXT NOT NULL,
  revision      INTEGER NOT NULL,
  canonical     TEXT NOT NULL,
  json          TEXT NOT NULL,
  first_kept_ms INTEGER NOT NULL,
  PRIMARY KEY (site, hash)
);
)sql";

// A prepared statement (sqlite.hpp), finalized whatever happens, with its binds.
class Query {
public:
    Query(sqlite3* db, const char* sql) {
        sqlite3_stmt* raw = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
        s_.reset(raw);
    }
    bool ok() const { return s_ != nullptr; }
    Query& text(int i, std::string_view v) {
        sqlite3_bind_text(s_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(s_.get(), i, v);
        return *this;
    }
    int step() { return sqlite3_step(s_.get()); }
    void reset() { sqlite3_reset(s_.get()); }
    std::string textAt(int c) const { return server::textAt(s_.get(), c); }
    std::int64_t integerAt(int c) const { return sqlite3_column_int64(s_.get(), c); }

private:
    Statement s_;
};

Problems failure(sqlite3* db, const std::string& what) {
    return Problems{{"database", what + ": " + (db ? sqlite3_errmsg(db) : "out of memory")}};
}

}  // namespace

Result<std::unique_ptr<SqliteTextsArchive>> SqliteTextsArchive::open(const std::string& path, const std::string& site) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        Problems problems = failure(db, "cannot open " + path);
        sqlite3_close(db);
        return problems;
    }
    sqlite3_busy_timeout(db, 5000);  // the store's connection may be writing
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
        Problems problems = failure(db, "cannot create the texts table in " + path);
        sqlite3_close(db);
        return problems;
    }
    return std::unique_ptr<SqliteTextsArchive>(new SqliteTextsArchive(db, site));
}

SqliteTextsArchive::~SqliteTextsArchive() { sqlite3_close(db_); }

Result<std::size_t> SqliteTextsArchive::add(const std::vector<KeptTexts>& entries) {
    Query insert(db_,
                 "INSERT OR IGNORE INTO texts (site, hash, language, revision, canonical, json, first_kept_ms) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return failure(db_, "cannot keep texts");
    std::size_t added = 0;
    for (const auto& [hash, t] : entries) {
        insert.text(1, site_).text(2, hash).text(3, t.language).integer(4, t.revision);
        insert.text(5, t.canonical).text(6, t.json).integer(7, t.firstKeptMs);
        if (insert.step() != SQLITE_DONE) return failure(db_, "cannot keep the texts of " + t.language);
        added += static_cast<std::size_t>(sqlite3_changes(db_));
        insert.reset();
    }
    return added;
}

Result<std::optional<ShownTexts>> SqliteTextsArchive::find(std::string_view hash) const {
    Query select(db_,
                 "SELECT language, revision, canonical, json, first_kept_ms FROM texts "
                 "WHERE site = ?1 AND hash = ?2");
    if (!select.ok()) return failure(db_, "cannot read texts");
    select.text(1, site_).text(2, hash);
    const int rc = select.step();
    if (rc == SQLITE_DONE) return std::optional<ShownTexts>();
    if (rc != SQLITE_ROW) return failure(db_, "cannot read texts");
    return std::optional<ShownTexts>(
        ShownTexts{select.textAt(0), select.integerAt(1), select.textAt(2), select.textAt(3), select.integerAt(4)});
}

Result<std::vector<KeptTexts>> SqliteTextsArchive::all() const {
    Query select(db_,
                 "SELECT hash, language, revision, canonical, json, first_kept_ms FROM texts "
                 "WHERE site = ?1 ORDER BY first_kept_ms, hash");
    if (!select.ok()) return failure(db_, "cannot read texts");
    select.text(1, site_);
    std::vector<KeptTexts> out;
    int rc = SQLITE_ROW;
    while ((rc = select.step()) == SQLITE_ROW) {
        out.push_back(KeptTexts{select.textAt(0), ShownTexts{select.textAt(1), select.integerAt(2), select.textAt(3),
                                                             select.textAt(4), select.integerAt(5)}});
    }
    if (rc != SQLITE_DONE) return failure(db_, "cannot read texts");
    return out;
}

}  // namespace assent::server
