// The body the shell sends to the collector. It carries the stored form of
// the newest record and of the earlier ones its events were captured under,
// so the collector can judge each event by the consent at its capture (C17).
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

inline constexpr std::int64_t kBatchVersion = 2;

// {"v":2,"batch_id":…,"consent_id":…,"record_id":…,"consent":"<stored record>",
//  ["earlier":["<stored record>",…],] "sent_at":…,
//  "events":[{"id","name","purpose","ts","page","seq","props":{…}[,"anonymous_id","session_id"]},…]}
// `consent` is the newest record (the ids name it); `earlier`, oldest first,
// holds the records from the one in force when its oldest event was captured
// up to the one before `consent`, and is left out when there are none.
std::string encodeBatch(std::string_view batchId, const ConsentRecord& current,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<Event>&,
                        std::int64_t sentAtMs);

// Forwarded events not yet delivered, as text the shell keeps across a reload.
std::string encodePending(const std::deque<Event>& queued, const std::vector<const std::vector<Event>*>& inFlight);
// Reads what encodePending wrote; a damaged text gives an error, never events.
Result<std::vector<Event>> decodePending(std::string_view);

}  // namespace assent
