// The collector trusts no shell: every event is re-checked on arrival against
// the consent record the batch carries, by the same core that gated it on the
// device. The collector holds no consent rule of its own; the answer is the
// core Ledger's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assent/config.hpp"
#include "assent/gate.hpp"
#include "intake.hpp"

namespace assent::collector {

struct Admission {
    std::vector<Event> admitted;  // granted now: may be stored
    std::size_t refused = 0;      // everything else: dropped, never stored
    // Why the batch's consent counted as none ("" when it was usable). A record
    // that fails to decode is no consent (only strictly necessary purposes
    // pass), never consent.
    std::string consentProblem;
};

Admission recheck(const Config&, const Batch&);

}  // namespace assent::collector
