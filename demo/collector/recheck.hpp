// The collector trusts no shell: every event is re-checked on arrival against
// the consent records the batch carries and the receipts already received,
// by the same core rule that gated it on the device (a Timeline, C17). The
// collector holds no consent rule of its own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assent/batch.hpp"
#include "assent/config.hpp"
#include "assent/gate.hpp"
#include "assent/record.hpp"

namespace assent::collector {

struct Admission {
    std::vector<Event> admitted;  // granted now: may be stored
    std::size_t refused = 0;      // everything else: dropped, never stored
    // Why the batch's consent counted as none ("" when it was usable). A record
    // that fails to decode is no consent (only strictly necessary purposes
    // pass), never consent.
    std::string consentProblem;
};

// received: the receipts this collector holds for the batch's consent id.
Admission recheck(const Config&, const SentBatch&, const std::vector<ConsentRecord>& received = {});

}  // namespace assent::collector
