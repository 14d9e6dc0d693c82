// The body the shell sends to the collector. It carries the stored form of
// the record that authorized its events, so the collector can re-check them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assent/gate.hpp"
#include "assent/record.hpp"

namespace assent {

// {"v":1,"consent_id":…,"record_id":…,"consent":"<stored record>","sent_at":…,
//  "events":[{"id":…,"name":…,"purpose":…,"ts":…,"page":…,"props":{…}},…]}
std::string encodeBatch(const ConsentRecord&, const std::vector<Event>&, std::int64_t sentAtMs);

}  // namespace assent
