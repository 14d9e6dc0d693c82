#include "recheck.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "assent/codec.hpp"
#include "assent/record.hpp"
#include "assent/timeline.hpp"

namespace assent::collector {
namespace {

// The record a batch carries must be the one its ids name: events are stored
// under those ids, so a batch may not borrow another person's record.
std::optional<std::string> mismatch(const ConsentRecord& record, const SentBatch& batch) {
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

// One carried record: it must decode and be this site's.
std::optional<std::string> readRecord(const Config& config, const std::string& stored, const std::string& path,
                                      std::vector<ConsentRecord>& out) {
    auto decoded = decodeRecord(stored);
    if (!decoded) return path + ": " + decoded.problems().front().message();
    ConsentRecord r = std::move(decoded).value();
    // Version 1 records carried no site; they were only ever written by this origin.
    if (!r.siteHash.empty() && r.siteHash != siteHash(config.siteId)) return path + ": stored record: for another site";
    out.push_back(std::move(r));
    return std::nullopt;
}

// The batch's records, oldest first, then receipts this collector already
// holds (a withdrawal that arrived before a batch sent earlier refuses its
// events too, C05). A record that fails to decode, comes from another site,
// or is not the person's counts as no consent: the timeline is left empty and
// answers as for a person who never chose (only strictly necessary purposes
// pass). It never counts as consent.
Timeline timelineOf(const Config& config, const SentBatch& batch, const std::vector<ConsentRecord>& received,
                    std::string& problem) {
    std::vector<ConsentRecord> records;
    for (std::size_t i = 0; i < batch.earlier.size(); ++i) {
        const std::string path = "earlier[" + std::to_string(i) + "]";
        std::optional<std::string> bad = readRecord(config, batch.earlier[i], path, records);
        if (!bad && records.back().consentId != batch.consentId) bad = path + ": not a record of consent_id";
        if (bad) {
            problem = *bad;
            return Timeline();
        }
    }
    std::optional<std::string> bad = readRecord(config, batch.consent, "consent", records);
    if (!bad) bad = mismatch(records.back(), batch);
    if (bad) {
        problem = *bad;
        return Timeline();
    }
    const std::string site = siteHash(config.siteId);
    for (const ConsentRecord& r : received) {
        const bool known = std::any_of(records.begin(), records.end(), [&](const ConsentRecord& k) { return k.recordId == r.recordId; });
        if (!known && r.consentId == batch.consentId && (r.siteHash.empty() || r.siteHash == site)) records.push_back(r);
    }
    std::stable_sort(records.begin(), records.end(),
                     [](const ConsentRecord& a, const ConsentRecord& b) { return a.updatedMs < b.updatedMs; });
    // Unless the oldest record is the person's first, what was in force
    // before it is unknown here: an event captured then is not admitted.
    const ConsentRecord& oldest = records.front();
    return Timeline(std::move(records),
                    oldest.updatedMs == oldest.createdMs ? Timeline::kKnownAlways : oldest.updatedMs);
}

}  // namespace

Admission recheck(const Config& config, const SentBatch& batch, const std::vector<ConsentRecord>& received) {
    Admission admission;
    const Timeline timeline = timelineOf(config, batch, received, admission.consentProblem);
    for (const Event& event : batch.events) {
        // Judged by the consent at capture and every decision since, up to the
        // batch's sending (C17): a lapsed grant (C08), an older revision's grant
        // (C07) or a later refusal authorizes nothing.
        if (purposeIsConfigured(config, event) &&
            timeline.judge(config, event.purpose, event.ts, batch.sentAtMs) == Verdict::Forward) {
            admission.admitted.push_back(event);
        } else {
            ++admission.refused;
        }
    }
    return admission;
}

}  // namespace assent::collector
