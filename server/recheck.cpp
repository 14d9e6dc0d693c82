#include "recheck.hpp"

#include <algorithm>
#include <utility>

#include "assent/codec.hpp"
#include "assent/timeline.hpp"

namespace assent::server {
namespace {

// The purpose an event is checked under comes from the site's config, not from
// the event: a shell cannot lift a click into "necessary" by relabelling it.
// An event whose name the config does not map was never forwardable.
bool purposeIsConfigured(const Config& config, const Event& event) {
    const std::string* purpose = config.purposeOfEvent(event.name);
    return purpose && *purpose == event.purpose;
}

// The receipts that can count: this site's (and version 1 ones where allowed),
// in the order they were decided, each with when this server received it.
struct Ledger {
    std::vector<ConsentRecord> records;
    std::vector<std::int64_t> madeMs;      // as the Timeline counts them: never before the one before
    std::vector<std::int64_t> receivedMs;  // this server's clock
};

Ledger ledgerOf(const Config& config, const IntakeRules& rules, const std::vector<Receipt>& receipts) {
    std::vector<const Receipt*> usable;
    const std::string site = siteHash(config.siteId);
    for (const Receipt& r : receipts) {
        if (r.record.siteHash == site || (r.record.siteHash.empty() && rules.allowV1Records)) usable.push_back(&r);
    }
    std::stable_sort(usable.begin(), usable.end(),
                     [](const Receipt* a, const Receipt* b) { return a->record.updatedMs < b->record.updatedMs; });
    Ledger ledger;
    for (const Receipt* r : usable) {
        ledger.madeMs.push_back(ledger.madeMs.empty() ? r->record.updatedMs
                                                      : std::max(ledger.madeMs.back(), r->record.updatedMs));
        ledger.records.push_back(r->record);
        ledger.receivedMs.push_back(r->receivedMs);
    }
    return ledger;
}

// When this server received the receipt that let an event through: the
// record in force at capture if it granted the purpose, else (captured
// before any decision, held on the device) the next decision that did.
std::int64_t grantReceivedMs(const Config& config, const Ledger& ledger, const Event& event) {
    const auto next = static_cast<std::size_t>(
        std::lower_bound(ledger.madeMs.begin(), ledger.madeMs.end(), event.ts) - ledger.madeMs.begin());
    if (next > 0 && decisionIn(config, &ledger.records[next - 1], event.purpose, event.ts) == Decision::Granted) {
        return ledger.receivedMs[next - 1];
    }
    for (std::size_t i = next; i < ledger.records.size(); ++i) {
        if (decisionIn(config, &ledger.records[i], event.purpose, ledger.madeMs[i]) == Decision::Granted) {
            return ledger.receivedMs[i];
        }
    }
    return ledger.receivedMs.empty() ? 0 : ledger.receivedMs.back();
}

}  // namespace

std::size_t Admission::refusedCount() const {
    std::size_t n = 0;
    for (const auto& [reason, count] : refused) n += count;
    return n;
}

Admission recheck(const Config& config, const IntakeRules& rules, std::vector<Event> events,
                  const std::vector<Receipt>& receipts, std::int64_t nowMs) {
    Ledger ledger = ledgerOf(config, rules, receipts);
    // Unless the oldest receipt is the person's first decision, what was in
    // force before it is unknown here: an event captured then is not admitted.
    const std::int64_t knownAfter =
        ledger.records.empty() || ledger.records.front().updatedMs == ledger.records.front().createdMs
            ? Timeline::kKnownAlways
            : ledger.records.front().updatedMs;
    const Timeline timeline(ledger.records, knownAfter);
    const std::int64_t oldest = oldestCaptureMs(config, rules, nowMs);
    const std::int64_t slack = slackBeforeReceiptMs(config, rules);

    Admission admission;
    for (Event& event : events) {
        const char* reason = nullptr;
        if (!purposeIsConfigured(config, event)) {
            reason = refusal::kWrongPurpose;
        } else if (event.ts > nowMs + rules.clockSkewMs) {
            reason = refusal::kFromTheFuture;
        } else if (event.ts < oldest) {
            reason = refusal::kTooOld;
        } else {
            // Judged by the consent at capture and every decision since, up to
            // now (C17): a lapsed grant (C08), an older revision's grant (C07)
            // or a later refusal authorizes nothing.
            const Verdict verdict = timeline.judge(config, event.purpose, event.ts, nowMs);
            const Purpose* purpose = config.purpose(event.purpose);
            if (verdict == Verdict::Hold) {
                reason = refusal::kUndecided;
            } else if (verdict == Verdict::Drop) {
                reason = refusal::kNotGranted;
            } else if (!purpose->required && event.ts < grantReceivedMs(config, ledger, event) - slack) {
                // A grant proves nothing about a time long before this server
                // saw it: a back-dated event cannot ride on it.
                reason = refusal::kBeforeReceipt;
            }
        }
        if (reason) {
            ++admission.refused[reason];
        } else {
            admission.admitted.push_back(std::move(event));
        }
    }
    return admission;
}

}  // namespace assent::server
