// The texts archive (texts_archive.hpp) in the server's SQLite file, table
// `texts`, on a connection of its own.
#pragma once

#include <memory>
#include <string>

#include "texts_archive.hpp"

struct sqlite3;

namespace assent::server {

class SqliteTextsArchive final : public TextsArchive {
public:
    static Result<std::unique_ptr<SqliteTextsArchive>> open(const std::string& path, const std::string& site);
    ~SqliteTextsArchive() override;
    SqliteTextsArchive(const SqliteTextsArchive&) = delete;
    SqliteTextsArchive& operator=(const SqliteTextsArchive&) = delete;

    Result<std::size_t> add(const std::vector<KeptTexts>&) override;
    Result<std::optional<ShownTexts>> find(std::string_view hash) const override;
    // Every entry of this site, oldest first: what a server that kept its
    // texts here carries into PostgreSQL when it joins scaled mode.
    Result<std::vector<KeptTexts>> all() const;

private:
    SqliteTextsArchive(sqlite3* db, std::string site) : db_(db), site_(std::move(site)) {}
    sqlite3* db_;
    std::string site_;
};

}  // namespace assent::server
