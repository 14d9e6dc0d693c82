// The body the shell sends to the collector. It carries the stored form of
// the record that authorized its events, so the collector can re-check them.
#pragma once

#include <cstdint>
#include <string>
#include <deque>
#include <string_view>
#include <vector>

#include "assent/gate.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

// {"v":1,"batch_id":…,"consent_id":…,"record_id":…,"consent":"<stored record>","sent_at":…,
//  "events":[{"id","name","purpose","ts","page","seq","props":{…}[,"anonymous_id","session_id"]},…]}
std::string encodeBatch(std::string_view batchId, const ConsentRecord&, const std::vector<Event>&,
                        std::int64_t sentAtMs);

// Forwarded events not yet delivered, as text the shell keeps across a reload.
std::string encodePending(const std::deque<Event>& queued, const std::vector<const std::vector<Event>*>& inFlight);
// Reads what encodePending wrote; a damaged text gives an error, never events.
Result<std::vector<Event>> decodePending(std::string_view);

}  // namespace assent
