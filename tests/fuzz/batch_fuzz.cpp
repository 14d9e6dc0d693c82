// Any bytes as a batch body: decoding never crashes, refuses with a reason,
// or gives a batch that encodes to a body reading back as the same values
// (so the collector and the shells' core cannot disagree on what was sent).
#include <cstdint>
#include <string>
#include <string_view>

#include "assent/batch.hpp"

namespace {

bool sameEvent(const assent::Event& a, const assent::Event& b) {
    return a.id == b.id && a.name == b.name && a.purpose == b.purpose && a.ts == b.ts && a.page == b.page &&
           a.seq == b.seq && a.props == b.props && a.anonymousId == b.anonymousId && a.sessionId == b.sessionId;
}

bool same(const assent::SentBatch& a, const assent::SentBatch& b) {
    if (a.events.size() != b.events.size()) return false;
    for (std::size_t i = 0; i < a.events.size(); ++i)
        if (!sameEvent(a.events[i], b.events[i])) return false;
    return a.batchId == b.batchId && a.consentId == b.consentId && a.recordId == b.recordId &&
           a.consent == b.consent && a.earlier == b.earlier && a.sentAtMs == b.sentAtMs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto decoded = assent::decodeBatch(body);
    if (!decoded) {
        if (decoded.problems().empty()) __builtin_trap();
        for (const auto& p : decoded.problems())
            if (p.reason.empty()) __builtin_trap();
        return 0;
    }
    const std::string again = assent::encodeBatch(decoded.value());
    // The writer spells \b and \f as \u0008 and \u000c: a body of them can
    // grow past the limit when written again. Nothing else can be checked then.
    if (again.size() > assent::kMaxBatchBytes) return 0;
    const auto redecoded = assent::decodeBatch(again);
    if (!redecoded || !same(decoded.value(), redecoded.value())) __builtin_trap();
    if (assent::encodeBatch(redecoded.value()) != again) __builtin_trap();  // written one way only
    return 0;
}
