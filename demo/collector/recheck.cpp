#include "recheck.hpp"

#include <optional>
#include <utility>

#include "assent/codec.hpp"
#include "assent/ledger.hpp"
#include "assent/record.hpp"

namespace assent::collector {
namespace {

// The record a batch carries must be the one its ids name: events are stored
// under those ids, so a batch may not borrow another person's record.
std::optional<std::string> mismatch(const ConsentRecord& record, const Batch& batch) {
    if (record.consentId != batch.consentId) return "consent_id: does not match the consent record";
    if (record.recordId != batch.recordId) return "record_id: does not match the consent record";
    return std::nullopt;
}

// The purpose an event is checked under comes from the site's config, not from
// the event: a shell cannot lift a click into "necessary" by relabelling it.
// An event whose name the config does not map was never forwardable.
bool purposeIsConfigured(const Config& config, const Event& event) {
    const std::string* purpose = config.purposeOfEvent(event.name);
    return purpose && *purpose == event.purpose;
}

// A record that fails to decode, comes from another site, or is not the one
// the batch names, counts as no consent: the Ledger is left empty and answers
// as it does for a person who never chose (only strictly necessary purposes
// pass). It never counts as consent.
Ledger ledgerOf(const Config& config, const Batch& batch, std::string& problem) {
    Ledger ledger;
    if (const auto restoreProblem = ledger.restore(config, batch.consent)) {
        problem = "consent: " + restoreProblem->message();
        return Ledger();
    }
    if (!ledger.current()) {
        problem = "consent: missing";
        return Ledger();
    }
    if (auto mismatched = mismatch(*ledger.current(), batch)) {
        problem = *mismatched;
        return Ledger();
    }
    return ledger;
}

}  // namespace

Admission recheck(const Config& config, const Batch& batch) {
    Admission admission;
    const Ledger ledger = ledgerOf(config, batch, admission.consentProblem);
    for (const Event& event : batch.events) {
        // Checked at capture time: a grant that had lapsed (C08) or an older
        // revision's grant (C07) does not authorize the event.
        if (purposeIsConfigured(config, event) &&
            ledger.decision(config, event.purpose, event.ts) == Decision::Granted) {
            admission.admitted.push_back(event);
        } else {
            ++admission.refused;
        }
    }
    return admission;
}

}  // namespace assent::collector
