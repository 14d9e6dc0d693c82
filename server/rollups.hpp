// Per-day rollups of the events, so the dashboard reads a year of a busy
// site in a fraction of a second instead of walking every event.
//
// A rollup is not a counter kept beside the rows: each day's rollup rows are
// made by SQL from that day's events (GROUP BY), in the same transaction
// that marks the day rolled up, and are made again, in the transaction that
// changes them, whenever that day's events change (an erasure, retention,
// an event that arrives late). So for every day below the site's mark
// (rollup_marks.until_day) the rollups say exactly what the rows say, and
// the dashboard reads rollups below the mark and the events themselves from
// the mark on (analytics.hpp).
//
// The server rolls up every day before yesterday, hourly. Events may still
// arrive for those days (a browser may keep them for days: hold TTL and the
// pending queue, rules.hpp); each batch that brings one makes that day again
// in its own transaction, which holds intake for one day's GROUP BYs (about
// 0.4 s for a day of a site with 10 million events a year, measured). They are few:
// a queue sent after days offline. The mark only ever moves forward.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace assent::server {

// The tables (part of the store's schema) and their indexes.
extern const char* const kRollupSchema;

// The first day not rolled up for `site` (0: none yet), or -1 if it cannot be read.
std::int64_t rolledUntil(sqlite3*, const std::string& site);

// (Re)makes the rollups of `day` from its events, in the caller's transaction.
bool rollUpDay(sqlite3*, const std::string& site, std::int64_t day);

// Moves the mark to `day`, in the caller's transaction.
bool markRolledUntil(sqlite3*, const std::string& site, std::int64_t day);

// The rolled-up days (below `untilDay`) that a person's events fall on, or
// the events received before `receivedBeforeMs`: the days to make again
// once those events are gone. Nothing, and ok false, if they cannot be read.
std::vector<std::int64_t> rolledDaysOfPerson(sqlite3*, const std::string& site, std::int64_t untilDay,
                                             std::string_view consentId, bool& ok);
std::vector<std::int64_t> rolledDaysReceivedBefore(sqlite3*, const std::string& site, std::int64_t untilDay,
                                                   std::int64_t receivedBeforeMs, bool& ok);

}  // namespace assent::server
