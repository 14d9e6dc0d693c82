#include "assent/timeline.hpp"

#include <algorithm>
#include <functional>

namespace assent {

namespace {

// The grant for a purpose of the config already looked up, in a record made
// under the config's current revision (none otherwise). judge() asks one
// record at several instants, and looked the purpose up in the record each
// time (issue 11: two map lookups an event fewer, 11,244 -> 10,848
// instructions per event).
const Grant* grantIn(const Config& config, const ConsentRecord* r, const Purpose* p) {
    if (!r || r->revision != config.revision) return nullptr;
    const auto it = r->purposes.find(p->id);
    return it == r->purposes.end() ? nullptr : &it->second;
}

// A grant at an instant; a lapsed one is asked again.
Decision decisionOf(const Grant* g, std::int64_t atMs) {
    if (!g || (g->expiresMs > 0 && atMs >= g->expiresMs)) return Decision::Unset;
    return g->granted ? Decision::Granted : Decision::Denied;
}

}  // namespace

Decision decisionIn(const Config& config, const ConsentRecord* r, std::string_view purpose, std::int64_t atMs) {
    const Purpose* p = config.purpose(purpose);
    if (!p) return Decision::Denied;  // unknown purposes are never allowed
    if (p->required) return Decision::Granted;
    return decisionOf(grantIn(config, r, p), atMs);
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

const Grant* const* Timeline::Grants::under(const Config& config, const std::vector<ConsentRecord>& records) {
    const std::size_t count = config.purposes.size();
    if (config_ == &config && revision_ == config.revision && purposes_ == config.purposes.data() && count_ == count &&
        byRecord_.size() == records.size() * count)
        return byRecord_.data();
    byRecord_.clear();
    byRecord_.reserve(records.size() * count);
    for (const auto& r : records)
        for (const auto& p : config.purposes) byRecord_.push_back(grantIn(config, &r, &p));
    config_ = &config;
    revision_ = config.revision;
    purposes_ = config.purposes.data();
    count_ = count;
    return byRecord_.data();
}

std::size_t Timeline::inForceAt(std::int64_t atMs) const {
    const auto after = std::lower_bound(madeMs_.begin(), madeMs_.end(), atMs);
    const auto n = static_cast<std::size_t>(after - madeMs_.begin());
    return n == 0 ? 0 : n - 1;
}

Verdict Timeline::judge(const Config& config, std::string_view purpose, std::int64_t capturedMs,
                        std::int64_t nowMs) const {
    const Purpose* p = config.purpose(purpose);
    return p ? judge(config, *p, capturedMs, nowMs) : Verdict::Drop;
}

Verdict Timeline::judge(const Config& config, const Purpose& purpose, std::int64_t capturedMs,
                        std::int64_t nowMs) const {
    const Purpose* p = &purpose;
    if (p->required) return Verdict::Forward;
    if (capturedMs <= knownAfterMs_) return Verdict::Drop;
    // A purpose of this config is found in the table of grants; any other by its name.
    const std::less<const Purpose*> before;
    const bool ofConfig = !before(p, config.purposes.data()) && before(p, config.purposes.data() + config.purposes.size());
    const Grant* const* table = ofConfig ? grants_.under(config, records_) : nullptr;
    const std::size_t count = config.purposes.size(), index = ofConfig ? config.indexOf(p) : 0;
    const auto grantOf = [&](std::size_t record) {
        return table ? table[record * count + index] : grantIn(config, &records_[record], p);
    };
    // Records made strictly before the capture: the last of them was in force.
    std::size_t next = static_cast<std::size_t>(std::lower_bound(madeMs_.begin(), madeMs_.end(), capturedMs) - madeMs_.begin());
    // A required purpose returned above: from here only the records' grants count.
    const Grant* inForce = next == 0 ? nullptr : grantOf(next - 1);
    Decision state = decisionOf(inForce, capturedMs);
    if (state == Decision::Denied) return Verdict::Drop;
    for (; next < records_.size(); ++next) {
        // A grant must not have lapsed before the next decision replaced it.
        if (state == Decision::Granted && decisionOf(inForce, madeMs_[next] - 1) != Decision::Granted)
            return Verdict::Drop;
        inForce = grantOf(next);
        const Decision d = decisionOf(inForce, madeMs_[next]);
        if (d == Decision::Denied) return Verdict::Drop;
        if (state == Decision::Granted && d != Decision::Granted) return Verdict::Drop;  // a new revision
        if (d == Decision::Granted) state = Decision::Granted;
    }
    if (state == Decision::Unset) return Verdict::Hold;
    return decisionOf(inForce, std::max(nowMs, capturedMs)) == Decision::Granted ? Verdict::Forward : Verdict::Drop;
}

}  // namespace assent
