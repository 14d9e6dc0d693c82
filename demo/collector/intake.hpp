// What arrives at the collector, checked once at the edge and turned into
// typed values. Nothing here decides consent: that is recheck's job, done by
// the core's Timeline. A body with the wrong shape is refused whole, with
// every problem named by its JSON path, so a broken shell is noticed at once
// rather than half-stored.
//
// The body of POST /v1/events is read by the core's own batch codec,
// assent::decodeBatch, beside the encodeBatch that wrote it in the shell: the
// collector reads exactly the format the core writes (kBatchVersion), with
// the core's JSON reader, and its messages ("events[3].id: missing").
#pragma once

#include <string>
#include <string_view>

#include "assent/result.hpp"

namespace assent::collector {

// The body of POST /v1/consent: {"consent":"<stored record>"}. Returns the
// stored string; decoding it is the core's job (assent::decodeRecord).
Result<std::string> parseReceiptBody(std::string_view body);

}  // namespace assent::collector
