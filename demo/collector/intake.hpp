// What arrives at the collector, checked once at the edge and turned into
// typed values. Nothing here decides consent: that is recheck's job, done by
// the core's Ledger. A body with the wrong shape is refused whole, with every
// problem named by its JSON path, so a broken shell is noticed at once rather
// than half-stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assent/batch.hpp"  // kBatchVersion: the format this collector reads
#include "assent/gate.hpp"
#include "assent/result.hpp"

namespace assent::collector {

// At most this many problems are reported for one body: enough to fix a
// shell, small enough that a huge bad batch cannot make a huge answer.
inline constexpr std::size_t kMaxProblems = 20;

// The body of POST /v1/events, as made by assent::encodeBatch.
struct Batch {
    std::string consentId;
    std::string recordId;
    std::string consent;               // the stored form of the newest record (the ids name it)
    std::vector<std::string> earlier;  // earlier records the events were captured under, oldest first
    std::int64_t sentAtMs = 0;
    std::vector<Event> events;
};

Result<Batch> parseBatch(std::string_view body);

// The body of POST /v1/consent: {"consent":"<stored record>"}. Returns the
// stored string; decoding it is the core's job (assent::decodeRecord).
Result<std::string> parseReceiptBody(std::string_view body);

}  // namespace assent::collector
