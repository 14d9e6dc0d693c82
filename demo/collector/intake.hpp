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

#include "assent/gate.hpp"
#include "assent/result.hpp"

namespace assent::collector {

// The batch format this collector reads (the "v" field of encodeBatch's body).
inline constexpr std::int64_t kBatchVersion = 1;

// At most this many problems are reported for one body: enough to fix a
// shell, small enough that a huge bad batch cannot make a huge answer.
inline constexpr std::size_t kMaxProblems = 20;

// The body of POST /v1/events, as made by assent::encodeBatch.
struct Batch {
    std::string consentId;
    std::string recordId;
    std::string consent;  // the stored form of the record that authorized the events
    std::int64_t sentAtMs = 0;
    std::vector<Event> events;
};

Result<Batch> parseBatch(std::string_view body);

// The body of POST /v1/consent: {"consent":"<stored record>"}. Returns the
// stored string; decoding it is the core's job (assent::decodeRecord).
Result<std::string> parseReceiptBody(std::string_view body);

}  // namespace assent::collector
