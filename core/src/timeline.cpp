#include "assent/timeline.hpp"

#include <algorithm>

namespace assent {

namespace {

// decisionIn for a purpose of the config already looked up: judge() asks
// for one purpose in several records, and looked it up by name each time
// (issue 11).
Decision decisionFor(const Config& config, const ConsentRecord* r, const Purpose* p, std::int64_t atMs) {
    if (p->required) return Decision::Granted;
    if (!r || r->revision != config.revision) return Decision::Unset;
    const auto it = r->purposes.find(p->id);
    if (it == r->purposes.end()) return Decision::Unset;
    const Grant& g = it->second;
    if (g.expiresMs > 0 && atMs >= g.expiresMs) return Decision::Unset;  // lapsed: asked again
    return g.granted ? Decision::Granted : Decision::Denied;
}

}  // namespace

Decision decisionIn(const Config& config, const ConsentRecord* r, std::string_view purpose, std::int64_t atMs) {
    const Purpose* p = config.purpose(purpose);
    if (!p) return Decision::Denied;  // unknown purposes are never allowed
    return decisionFor(config, r, p, atMs);
}

Timeline::Timeline(std::vector<ConsentRecord> records, std::int64_t knownAfterMs)
    : records_(std::move(records)), knownAfterMs_(knownAfterMs) {
    // A clock set back must not let a later decision take effect before an
    // earlier one: each counts from the later of its time and its predecessor's.
    madeMs_.reserve(records_.size());
    for (const auto& r : records_) madeMs_.push_back(madeMs_.empty() ? r.updatedMs : std::max(madeMs_.back(), r.updatedMs));
}

void Timeline::append(ConsentRecord r) {
    madeMs_.push_back(madeMs_.empty() ? r.updatedMs : std::max(madeMs_.back(), r.updatedMs));
    records_.push_back(std::move(r));
}

std::size_t Timeline::inForceAt(std::int64_t atMs) const {
    const auto after = std::lower_bound(madeMs_.begin(), madeMs_.end(), atMs);
    const auto n = static_cast<std::size_t>(after - madeMs_.begin());
    return n == 0 ? 0 : n - 1;
}

Verdict Timeline::judge(const Config& config, std::string_view purpose, std::int64_t capturedMs,
                        std::int64_t nowMs) const {
    const Purpose* p = config.purpose(purpose);
    if (!p) return Verdict::Drop;
    if (p->required) return Verdict::Forward;
    if (capturedMs <= knownAfterMs_) return Verdict::Drop;
    // Records made strictly before the capture: the last of them was in force.
    std::size_t next = static_cast<std::size_t>(std::lower_bound(madeMs_.begin(), madeMs_.end(), capturedMs) - madeMs_.begin());
    const ConsentRecord* inForce = next == 0 ? nullptr : &records_[next - 1];
    Decision state = decisionFor(config, inForce, p, capturedMs);
    if (state == Decision::Denied) return Verdict::Drop;
    for (; next < records_.size(); ++next) {
        // A grant must not have lapsed before the next decision replaced it.
        if (state == Decision::Granted && decisionFor(config, inForce, p, madeMs_[next] - 1) != Decision::Granted)
            return Verdict::Drop;
        inForce = &records_[next];
        const Decision d = decisionFor(config, inForce, p, madeMs_[next]);
        if (d == Decision::Denied) return Verdict::Drop;
        if (state == Decision::Granted && d != Decision::Granted) return Verdict::Drop;  // a new revision
        if (d == Decision::Granted) state = Decision::Granted;
    }
    if (state == Decision::Unset) return Verdict::Hold;
    return decisionFor(config, inForce, p, std::max(nowMs, capturedMs)) == Decision::Granted ? Verdict::Forward
                                                                                               : Verdict::Drop;
}

}  // namespace assent
