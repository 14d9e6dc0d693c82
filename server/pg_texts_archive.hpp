// The texts archive (texts_archive.hpp) in PostgreSQL, the database the
// servers of a site share (pg_store.hpp): every server keeps the texts of
// the config it runs with into one table, so during a rolling deploy a
// receipt taken by a server on revision 1 and exported by one on revision 2
// still shows its words, and no server's archive drifts from another's.
//
// Servers starting together may keep the same words at once: the first
// kept wins (its revision and time), the others add nothing and succeed.
//
// It uses a connection of its own (one call at a time); a connection the
// database dropped is opened again by the next call.
#pragma once

#include <memory>
#include <string>

#include "texts_archive.hpp"

namespace assent::server {

class PgTextsArchive final : public TextsArchive {
public:
    // conninfo: as PgStore::open takes it; the schema must exist (PgStore
    // makes it). Fails when PostgreSQL cannot be reached.
    static Result<std::unique_ptr<PgTextsArchive>> open(const std::string& conninfo, const std::string& site);
    ~PgTextsArchive() override;
    PgTextsArchive(const PgTextsArchive&) = delete;
    PgTextsArchive& operator=(const PgTextsArchive&) = delete;

    Result<std::size_t> add(const std::vector<KeptTexts>&) override;
    Result<std::optional<ShownTexts>> find(std::string_view hash) const override;

private:
    struct Connection;
    explicit PgTextsArchive(std::unique_ptr<Connection>);
    std::unique_ptr<Connection> db_;
};

}  // namespace assent::server
