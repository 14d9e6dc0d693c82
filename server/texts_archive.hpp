// The words behind every textsHash (C06): a record proves what the person
// read only if the words its textsHash names can be shown. At start the
// server keeps the texts of every language of the site config it runs with,
// by hash, and never forgets them, so a record made under last year's
// banner still resolves to last year's words after the texts changed.
//
// Each entry holds the exact canonical form the hash covers
// (assent::textsCanonical): anyone can check that its SHA-256 begins with
// the hash. Beside it, the same words as JSON for people to read.
//
// Texts are the site's, not a person's: retention and erasure leave them.
//
// Two places, as for the Store: SqliteTextsArchive (sqlite_texts_archive.hpp)
// in the server's own SQLite file, and PgTextsArchive (pg_texts_archive.hpp)
// in the PostgreSQL database servers share in scaled mode, so a receipt one
// server took resolves on every other, whichever config revision each runs
// (a rolling deploy). Both answer the same tests
// (tests/server/texts_archive_test.cpp runs against each).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/result.hpp"

namespace assent::server {

struct ShownTexts {
    std::string language;
    std::int64_t revision = 0;  // the config revision it was first kept under
    std::string canonical;  // exactly what was hashed
    std::string json;       // the same words, as a JSON object
    std::int64_t firstKeptMs = 0;
};

// One entry of an archive: the words and the hash records carry for them.
struct KeptTexts {
    std::string hash;
    ShownTexts texts;
};

class TextsArchive {
public:
    virtual ~TextsArchive() = default;

    // Keeps each language's texts of `config` not kept yet; the count added.
    // Words kept before keep their first revision and time.
    Result<std::size_t> keep(const Config& config, std::int64_t nowMs) { return add(textsOf(config, nowMs)); }
    // Keeps the entries whose hash is not kept yet (the first kept wins, even
    // when servers keep the same words at once); the count added.
    virtual Result<std::size_t> add(const std::vector<KeptTexts>&) = 0;
    // The texts a record's textsHash names; none when no server of this
    // archive ever ran with them.
    virtual Result<std::optional<ShownTexts>> find(std::string_view hash) const = 0;

    // Each language's texts of `config`, by the hash records carry
    // (assent::textsHash over assent::textsCanonical), as kept at `nowMs`.
    static std::vector<KeptTexts> textsOf(const Config&, std::int64_t nowMs);
};

// A language's texts as a JSON object with the config's own key names.
std::string textsJson(const Texts&);

}  // namespace assent::server
