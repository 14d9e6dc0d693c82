// The server trusts no shell: every event is re-checked on arrival against
// this server's own receipts for the batch's consent id (receipts.hpp), by
// the same core rule that gated it on the device (a Timeline, C17), and its
// capture time is bounded by this server's clock. The records a batch
// carries count only once they have been kept as receipts. The server
// holds no consent rule of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "assent/config.hpp"
#include "assent/gate.hpp"
#include "rules.hpp"
#include "store.hpp"

namespace assent::server {

// Why an event was refused: the keys of the "refused" answer.
namespace refusal {
inline constexpr const char* kWrongPurpose = "wrongPurpose";          // not the purpose the config maps its name to
inline constexpr const char* kFromTheFuture = "fromTheFuture";        // captured after now + clock skew
inline constexpr const char* kTooOld = "tooOld";                      // older than a browser may keep an event
inline constexpr const char* kUndecided = "undecided";                // no receipt decides its purpose
inline constexpr const char* kNotGranted = "notGranted";              // refused, lapsed or superseded by the receipts
inline constexpr const char* kBeforeReceipt = "beforeReceipt";        // captured before its grant was received
}  // namespace refusal

struct Admission {
    std::vector<Event> admitted;                 // granted: may be stored
    std::map<std::string, std::size_t> refused;  // reason -> count: dropped, never stored
    std::size_t refusedCount() const;
};

// ledger: the receipts this server holds for the events' consent id,
// oldest decision first; receipts of another site count as none. nowMs: this
// server's clock as the batch arrived. events: taken by value, so that a
// caller done with them (intake) moves them in and the admitted ones are
// moved on, not copied.
Admission recheck(const Config&, const IntakeRules&, std::vector<Event> events, const std::vector<Receipt>& ledger,
                  std::int64_t nowMs);

}  // namespace assent::server
