#include "texts_archive.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

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

std::string textsJson(const Texts& t) {
    using Json = nlohmann::ordered_json;
    Json out = {{"title", t.title},         {"body", t.body}, {"acceptAll", t.acceptAll}, {"rejectAll", t.rejectAll},
                {"customise", t.customise}, {"save", t.save}, {"preferencesTitle", t.preferencesTitle}};
    // Only when given, as in the hash (textsCanonical).
    if (!t.close.empty()) out["close"] = t.close;
    Json links = Json::array();
    for (const auto& link : t.links) links.push_back({{"label", link.label}, {"url", link.url}});
    out["links"] = links;
    Json purposes = Json::object();
    for (const auto& [id, words] : t.purposes) purposes[id] = {{"name", words.name}, {"description", words.description}};
    out["purposes"] = purposes;
    Json permissions = Json::object();
    for (const auto& [capability, w] : t.permissions) {
        permissions[capability] = {{"title", w.title}, {"body", w.body}, {"allow", w.allow},
                                   {"deny", w.deny},   {"next", w.next}, {"blocked", w.blocked}};
    }
    out["permissions"] = permissions;
    if (t.placeholder) out["placeholder"] = {{"loadOnce", t.placeholder->loadOnce}, {"allow", t.placeholder->allow}};
    return out.dump();
}

Result<std::unique_ptr<TextsArchive>> TextsArchive::open(const std::string& path, const std::string& site) {
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
    return std::unique_ptr<TextsArchive>(new TextsArchive(db, site));
}

TextsArchive::~TextsArchive() { sqlite3_close(db_); }

Result<std::size_t> TextsArchive::keep(const Config& config, std::int64_t nowMs) {
    Query insert(db_,
                     "INSERT OR IGNORE INTO texts (site, hash, language, revision, canonical, json, first_kept_ms) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return failure(db_, "cannot keep texts");
    std::size_t added = 0;
    for (const auto& [language, texts] : config.texts) {
        insert.text(1, site_).text(2, textsHash(config, language)).text(3, language).integer(4, config.revision);
        insert.text(5, textsCanonical(config, language)).text(6, textsJson(texts)).integer(7, nowMs);
        if (insert.step() != SQLITE_DONE) return failure(db_, "cannot keep the texts of " + language);
        added += static_cast<std::size_t>(sqlite3_changes(db_));
        insert.reset();
    }
    return added;
}

Result<std::optional<ShownTexts>> TextsArchive::find(std::string_view hash) const {
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

}  // namespace assent::server
