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
// The table lives in the server's SQLite file, on a connection of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "assent/config.hpp"
#include "assent/result.hpp"

struct sqlite3;

namespace assent::server {

struct ShownTexts {
    std::string language;
    std::int64_t revision = 0;  // the config revision it was first kept under
    std::string canonical;  // exactly what was hashed
    std::string json;       // the same words, as a JSON object
    std::int64_t firstKeptMs = 0;
};

class TextsArchive {
public:
    static Result<std::unique_ptr<TextsArchive>> open(const std::string& path, const std::string& site);
    ~TextsArchive();
    TextsArchive(const TextsArchive&) = delete;
    TextsArchive& operator=(const TextsArchive&) = delete;

    // Keeps each language's texts of `config` not kept yet; the count added.
    Result<std::size_t> keep(const Config&, std::int64_t nowMs);
    // The texts a record's textsHash names; none when this server never ran with them.
    Result<std::optional<ShownTexts>> find(std::string_view hash) const;

private:
    TextsArchive(sqlite3* db, std::string site) : db_(db), site_(std::move(site)) {}
    sqlite3* db_;
    std::string site_;
};

// A language's texts as a JSON object with the config's own key names.
std::string textsJson(const Texts&);

}  // namespace assent::server
