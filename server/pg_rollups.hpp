// PostgreSQL's per-day rollups: the same tables, the same rules and the
// same semantics as SQLite's (rollups.hpp, which says why), in PostgreSQL's
// dialect. Every day below the site's mark (rollup_marks.until_day) is made
// by SQL from that day's events, and made again in the transaction that
// changes its events (a late event, an erasure, retention), so the rollups
// say exactly what the rows say; PgAnalytics (pg_analytics.hpp) reads them
// below the mark and the events from the mark on.
//
// Unlike one SQLite file, several servers and consumers write a site at
// once, so the mark is read in each writing transaction, under locks:
//   - the mark lock, per site: every transaction that adds or deletes events
//     holds it shared (holdMarkShared, first, before any other lock), and
//     the transaction that rolls a day up and moves the mark holds it
//     exclusively (holdMark). So no event lands below the mark unseen: a
//     writer either commits before the day is rolled up, or reads the new
//     mark and makes the day again itself;
//   - the again lock, per site: making days again (rollUpAgain) takes it,
//     last, so two writers never make one day's rows at once (they would
//     both insert them). Late events are rare: one queue is enough.
// Both are transaction-scoped advisory locks, released at commit or rollback.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace assent::server {

// The tables (a migration of PgStore's schema).
extern const char* const kPgRollupSchema;

// A prop of the events' props text (a flat JSON object of strings, bound as
// `p`, jsonb) as a number: NULL when absent, 0 when not a number, as
// SQLite's CAST makes it, so both stores give the same sums and means.
#define ASSENT_PG_NUMBER(key)                                                                                   \
    "CASE WHEN p->>'" key "' IS NULL THEN NULL WHEN p->>'" key                                                  \
    "' ~ '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$' THEN (p->>'" key "')::float8 ELSE 0 END"

void holdMarkShared(pqxx::transaction_base&, const std::string& site);
void holdMark(pqxx::transaction_base&, const std::string& site);

// The first day not rolled up for `site` (0: none yet).
std::int64_t rolledUntil(pqxx::transaction_base&, const std::string& site);

// Moves the mark forward to `day` (never back).
void markRolledUntil(pqxx::transaction_base&, const std::string& site, std::int64_t day);

// (Re)makes the rollups of `day` from its events.
void rollUpDay(pqxx::transaction_base&, const std::string& site, std::int64_t day);

// What a statement that adds or deletes events (`sql`, ending in
// RETURNING ts) changed: how many rows, and the rolled-up days among them,
// which must be made again (rollUpAgain) in the same transaction.
struct ChangedEvents {
    std::size_t rows = 0;
    std::vector<std::int64_t> rolledDays;
};
ChangedEvents changeEvents(pqxx::transaction_base&, const std::string& site, const std::string& sql);

// `text` with every `from` written as `to` (the SQL's {tokens}).
std::string replaced(std::string text, const std::string& from, const std::string& to);

// Makes these days again from their events, under the again lock.
void rollUpAgain(pqxx::transaction_base&, const std::string& site, const std::vector<std::int64_t>& days);

}  // namespace assent::server
