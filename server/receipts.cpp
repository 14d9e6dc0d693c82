#include "receipts.hpp"

#include "assent/codec.hpp"

namespace assent::server {
namespace {

ReceiptVerdict refused(int status, std::string reason) {
    return ReceiptVerdict{ReceiptVerdict::Kind::Refused, status, std::move(reason)};
}

}  // namespace

ReceiptVerdict checkReceipt(const Config& config, const IntakeRules& rules, const ConsentRecord& record,
                            std::string_view stored, const std::vector<Receipt>& history, std::int64_t receivedMs) {
    if (record.siteHash.empty()) {
        if (!rules.allowV1Records) {
            return refused(400, "a version 1 record names no site; this server does not accept them");
        }
    } else if (record.siteHash != siteHash(config.siteId)) {
        return refused(400, "a record of another site");
    }
    if (record.revision > config.revision) {
        return refused(400, "revision " + std::to_string(record.revision) + " is newer than the site's (" +
                                std::to_string(config.revision) + ")");
    }
    if (record.updatedMs < record.createdMs) return refused(400, "decided before its consent id's first decision");
    if (record.updatedMs > receivedMs + rules.clockSkewMs) {
        return refused(400, "decided in the future: " + std::to_string((record.updatedMs - receivedMs) / 1000) +
                                " s after this server received it, more than the clock skew allowed");
    }
    for (const Receipt& kept : history) {
        if (kept.record.recordId != record.recordId) continue;
        if (kept.stored == stored) return ReceiptVerdict{ReceiptVerdict::Kind::Duplicate, 200, ""};
        return refused(409, "record_id already received with other content");
    }
    if (!history.empty()) {
        const ConsentRecord& previous = history.back().record;
        if (record.createdMs != previous.createdMs) {
            return refused(409, "does not follow the consent id's history: its first decision (createdMs) differs");
        }
        if (record.updatedMs < previous.updatedMs) {
            return refused(409, "does not follow the consent id's history: decided before its newest receipt");
        }
    }
    return ReceiptVerdict{};
}

Result<ReceiptVerdict> receiveReceipt(Store& store, const Config& config, const IntakeRules& rules,
                                      std::string_view stored, std::string_view claimedConsentId,
                                      std::int64_t receivedMs) {
    auto decoded = decodeRecord(stored);
    if (!decoded) return refused(400, decoded.problems().front().message());
    const ConsentRecord& record = decoded.value();
    if (!claimedConsentId.empty() && record.consentId != claimedConsentId) {
        return refused(400, "not a record of consent_id");
    }
    return receiveDecoded(store, config, rules, record, stored, receivedMs);
}

Result<ReceiptVerdict> receiveDecoded(Store& store, const Config& config, const IntakeRules& rules,
                                      const ConsentRecord& record, std::string_view stored, std::int64_t receivedMs) {
    ReceiptVerdict verdict;
    auto kept = store.addReceiptIf(record, stored, receivedMs, [&](const std::vector<Receipt>& history) {
        verdict = checkReceipt(config, rules, record, stored, history, receivedMs);
        return verdict.kind == ReceiptVerdict::Kind::New;
    });
    if (!kept) return kept.problems();
    if (kept.value() == Kept::RecordIdTaken) return refused(409, "record_id already used by another consent id, or by an erased record");
    return verdict;
}

}  // namespace assent::server
