#include "assent/tracker.hpp"

#include <algorithm>
#include <limits>

#include "assent/batch.hpp"
#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/mask.hpp"

namespace assent {
namespace {

using Json = json::Value;

// A flat object of strings, numbers and booleans; anything else is refused
// so that nested personal data cannot slip past later property rules.
bool readProps(std::string_view text, std::vector<std::pair<std::string, std::string>>& out) {
    if (text.empty()) return true;
    const auto j = json::parse(text);
    if (!j || !j->isObject()) return false;
    for (const auto& [key, value] : j->members()) {
        if (value.isString() || value.isNumber()) out.emplace_back(key, value.string());  // a number as written
        else if (value.isBool()) out.emplace_back(key, value.boolean() ? "true" : "false");
        else return false;
    }
    return true;
}

using Props = std::vector<std::pair<std::string, std::string>>;
using PropViews = std::vector<std::pair<std::string_view, std::string_view>>;

// Clocks of a page and its tabs disagree a little; an event from further in
// the future than this is damaged input.
constexpr std::int64_t kClockSkewMs = 60 * 60 * 1000;

bool parseMs(std::string_view text, std::int64_t& out) {
    if (text.empty() || text.size() > 15) return false;
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// Calls fn(name, page, ts, props) for each packed event; an event whose
// fields do not pair up is passed with ts "" so that it counts as dropped.
// The props are views into `packed`, in one vector reused for every event:
// nothing is copied until the allow-list has kept it (issue 11).
template <class Fn>
void forEachPacked(std::string_view packed, Fn fn) {
    PropViews props;
    std::size_t start = 0;
    while (start < packed.size()) {
        auto end = packed.find('\x1e', start);
        if (end == std::string_view::npos) end = packed.size();
        const auto event = packed.substr(start, end - start);
        start = end + 1;
        std::string_view fields[3];
        std::size_t at = 0, n = 0;
        for (; n < 3 && at <= event.size(); ++n) {
            auto cut = event.find('\x1f', at);
            if (cut == std::string_view::npos) cut = event.size();
            fields[n] = event.substr(at, cut - at);
            at = cut + 1;
        }
        props.clear();
        bool whole = n == 3;
        while (whole && at < event.size()) {
            auto cut = event.find('\x1f', at);
            if (cut == std::string_view::npos) {
                whole = false;  // a key without a value
                break;
            }
            const auto key = event.substr(at, cut - at);
            auto next = event.find('\x1f', cut + 1);
            if (next == std::string_view::npos) next = event.size();
            const auto typed = event.substr(cut + 1, next - cut - 1);
            at = next + 1;
            if (key.empty() || typed.empty() || (typed[0] != 's' && typed[0] != 'n' && typed[0] != 'b')) {
                whole = false;
                break;
            }
            props.emplace_back(key, typed.substr(1));
        }
        if (!event.empty()) fn(fields[0], fields[1], whole ? fields[2] : std::string_view(), props);
    }
}

// A property holding a link (href, referrer) loses denied URL parameters
// too; any other text is masked as text. Text that masking cannot change,
// most of it, is passed on as it is, with no copy into `masked`.
std::string_view maskValue(std::string_view value, const MaskRules& rules, std::string& masked) {
    const bool url = isHttpLink(value) ||
                     (value.size() > 1 && value[0] == '/' && value[1] != '/') || value == "/";
    if (!url && !mayMask(value)) return value;
    masked = url ? maskUrl(value, rules) : maskText(value, rules);
    return masked;
}

// Self-declared crawlers and headless automation.
bool isBotAgent(std::string_view ua) {
    static constexpr const char* kMarks[] = {"bot",       "crawler",   "spider",       "slurp",     "headlesschrome",
                                             "lighthouse", "pingdom",  "facebookexternalhit", "bingpreview", "phantomjs"};
    std::string lower(ua);
    for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const char* mark : kMarks)
        if (lower.find(mark) != std::string::npos) return true;
    return false;
}

}  // namespace

// The one way an event enters: purpose from config, judged by the consent in
// force at its capture time however late the shell hands it over (C17),
// refused ones dropped before anything is drawn for them, properties cut to
// the purpose's allow-list (C10) and masked (C11), the page URL masked, then
// written once in the form a batch carries it, and the gate.
TrackOutcome Tracker::capture(const Config& config, std::string_view name, const PropViews& props, std::string_view page,
                              std::int64_t ts, const ConsentAt& consent, IdSource& ids) {
    if (lastEvent_.config != &config || name != lastEvent_.name) {  // events come in runs of one name
        const std::string* id = config.purposeOfEvent(name);
        if (!id) return TrackOutcome::UnknownEvent;
        const auto allowed = config.tracker.properties.find(*id);
        lastEvent_ = {std::string(name), &config, config.indexOf(config.purpose(*id)),
                      allowed == config.tracker.properties.end() ? nullptr : &allowed->second};
    }
    const Purpose& purpose = config.purposes[lastEvent_.purpose];
    if (excluded_) return TrackOutcome::Refused;
    const Verdict verdict = erasedBy(ts) ? Verdict::Drop : consent.verdict(purpose, ts);
    if (verdict == Verdict::Drop) return TrackOutcome::Refused;
    const auto& masking = config.tracker.masking;
    if (page != lastPage_.first) lastPage_ = {std::string(page), maskUrl(page, masking)};  // events of one page repeat its URL
    const auto id = ids.nextChars();
    EventJson json(scratch_, {id.data(), id.size()}, name, purpose.id, ts, lastPage_.second, ++seq_);
    if (const auto* names = lastEvent_.allowed)
        for (const auto& [key, value] : props)
            if (std::find(names->begin(), names->end(), key) != names->end())
                json.prop(key, maskValue(value, masking, masked_));
    QueuedEvent e;
    // Room for the visitor ids written at take, so that the text is
    // allocated once (growing it at take cost 770 instructions an event).
    e.json = std::move(json).done(kVisitorIdsBytes);
    e.idsAt = static_cast<std::uint32_t>(e.json.size());
    e.purpose = lastEvent_.purpose;
    e.ts = ts;
    switch (gate_.admit(std::move(e), verdict)) {
        case Verdict::Forward: return TrackOutcome::Forwarded;
        case Verdict::Hold: return TrackOutcome::Held;
        case Verdict::Drop: break;
    }
    return TrackOutcome::Refused;
}

TrackOutcome Tracker::track(const Config& config, std::string_view name, std::string_view propsJson,
                            std::string_view page, std::int64_t nowMs, const ConsentAt& consent, IdSource& ids) {
    if (!config.purposeOfEvent(name)) return TrackOutcome::UnknownEvent;
    Props props;
    if (!readProps(propsJson, props)) return TrackOutcome::BadProps;
    PropViews views(props.begin(), props.end());
    return capture(config, name, views, page, nowMs, consent, ids);
}

IngestTally Tracker::ingest(const Config& config, std::string_view packed, std::int64_t nowMs,
                            const ConsentAt& consent, IdSource& ids) {
    IngestTally tally;
    forEachPacked(packed, [&](std::string_view name, std::string_view page, std::string_view ts, const PropViews& props) {
        std::int64_t at = 0;
        if (!parseMs(ts, at) || at > nowMs + kClockSkewMs) return void(++tally.dropped);
        switch (capture(config, name, props, page, at, consent, ids)) {
            case TrackOutcome::Forwarded: ++tally.forwarded; break;
            case TrackOutcome::Held: ++tally.held; break;
            case TrackOutcome::Refused: ++tally.refused; break;
            case TrackOutcome::BadProps: ++tally.dropped; break;
            case TrackOutcome::UnknownEvent:
                if (std::find(tally.unknown.begin(), tally.unknown.end(), name) == tally.unknown.end())
                    tally.unknown.emplace_back(name);
                break;
        }
    });
    return tally;
}

// C05, C17: a queued event is judged again by its purpose and capture time.
Verdict Tracker::judge(const Config& config, const QueuedEvent& e, const ConsentAt& consent) const {
    return erasedBy(e.ts) ? Verdict::Drop : consent.verdict(config.purposes[e.purpose], e.ts);
}

void Tracker::settle(const Config& config, const ConsentAt& consent, std::int64_t nowMs) {
    const auto judged = [&](const QueuedEvent& e) { return judge(config, e, consent); };
    gate_.settle(judged, nowMs);
    for (auto& [id, events] : inFlight_)
        events.erase(std::remove_if(events.begin(), events.end(),
                                    [&](const QueuedEvent& e) { return judged(e) == Verdict::Drop; }),
                     events.end());
    if (!consent.identifiersAllowed()) visitor_.reset();  // no identifier outlives its purpose
}

bool Tracker::setClient(const TrackerSettings& settings, std::string_view userAgent, bool webdriver) {
    excluded_ = settings.excludeBots && (webdriver || isBotAgent(userAgent));
    if (excluded_) gate_ = Gate(settings.holdLimit, settings.holdTtlMs, settings.pendingLimit);
    return excluded_;
}

void Tracker::erase(const TrackerSettings& settings, std::int64_t nowMs) {
    erasedAtMs_ = std::max(erasedAtMs_, nowMs);
    gate_ = Gate(settings.holdLimit, settings.holdTtlMs, settings.pendingLimit);
    inFlight_.clear();  // held, queued and unacknowledged events go too
    visitor_.reset();
}

// Ids are drawn only for an event about to leave under a purpose that allows
// them; a session ends after the configured inactivity. Whatever ids an
// earlier take wrote (a batch that failed) are replaced.
void Tracker::identify(const Config& config, QueuedEvent& e, IdSource& ids) {
    // Ids a restored pending text carried go too: that config may have
    // allowed them for this purpose, this one may not.
    e.json.resize(e.idsAt);
    const auto& allowed = config.tracker.identifierPurposes;
    if (std::find(allowed.begin(), allowed.end(), config.purposes[e.purpose].id) == allowed.end()) return;
    if (!visitor_) visitor_ = Visitor{ids.next(), ids.next(), e.ts};
    if (e.ts - visitor_->lastSeenMs > config.tracker.sessionTimeoutMs) {
        visitor_->sessionId = ids.next();
        visitor_->json.clear();
    }
    visitor_->lastSeenMs = std::max(visitor_->lastSeenMs, e.ts);
    if (visitor_->json.empty()) {
        JsonWriter w;
        writeVisitorIds(w, visitor_->anonymousId, visitor_->sessionId);
        visitor_->json = std::move(w).take();
    }
    e.json += visitor_->json;
}

// The oldest capture time of the events whose purpose needs consent: the
// batch carries the records from the one in force then.
std::int64_t Tracker::oldestConsented(const Config& config, const std::vector<QueuedEvent>& events) {
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
    for (const auto& e : events)
        if (!config.purposes[e.purpose].required) oldest = std::min(oldest, e.ts);
    return oldest;
}

std::optional<Batch> Tracker::takeBatch(const Config& config, std::int64_t nowMs, const ConsentAt& consent,
                                        IdSource& ids) {
    const auto* record = consent.current();
    if (!record || excluded_) return std::nullopt;
    // Decisions only change through calls that settle already; here only
    // time has passed: held events may expire, and take() asks again anyway.
    gate_.expire(nowMs);
    if (!consent.identifiersAllowed()) visitor_.reset();
    const auto judged = [&](const QueuedEvent& e) { return judge(config, e, consent); };
    auto events = gate_.take(config.tracker.batchMaxEvents, judged);
    if (events.empty()) return std::nullopt;
    for (auto& e : events) identify(config, e, ids);
    const std::string batchId = ids.next();
    const auto earlier = consent.spanned(oldestConsented(config, events));
    std::string body = encodeBatch(batchId, *record, earlier, events, nowMs);
    // Every batch must fit a beacon: halve it until it does, the rest waits
    // for the next batch (a single oversized event still goes alone).
    while (body.size() > config.tracker.batchMaxBytes && events.size() > 1) {
        const auto half = static_cast<std::ptrdiff_t>(events.size() / 2);
        gate_.requeue({std::make_move_iterator(events.begin() + half), std::make_move_iterator(events.end())});
        events.erase(events.begin() + half, events.end());
        body = encodeBatch(batchId, *record, earlier, events, nowMs);
    }
    inFlight_.push_back({batchId, std::move(events)});
    return Batch{batchId, std::move(body)};
}

void Tracker::settleBatch(std::string_view batchId, bool delivered) {
    const auto it = std::find_if(inFlight_.begin(), inFlight_.end(),
                                 [&](const InFlightBatch& b) { return b.batchId == batchId; });
    if (it == inFlight_.end()) return;
    if (!delivered) gate_.requeue(std::move(it->events));
    inFlight_.erase(it);
}

std::string Tracker::pending() const {
    const bool none = std::all_of(inFlight_.begin(), inFlight_.end(),
                                  [](const InFlightBatch& b) { return b.events.empty(); });
    if (none && gate_.queue().empty()) return "";
    return encodePending(gate_.queue(), inFlight_);
}

Status Tracker::restorePending(const Config& config, std::string_view text, std::int64_t nowMs,
                               const ConsentAt& consent) {
    if (text.empty()) return done();
    auto events = decodePending(text);
    if (!events) return events.problems();
    // Unknown names or purposes (an older config) never come back, nor an
    // event from further ahead than any clock skew: it would outlive an
    // erasure made before its claimed time.
    std::vector<QueuedEvent> list;
    list.reserve(events.value().size());
    for (const Event& e : events.value()) {
        const std::string* p = config.purposeOfEvent(e.name);
        if (!p || *p != e.purpose || e.ts > nowMs + kClockSkewMs) continue;
        list.push_back(queuedForm(e, config.indexOf(config.purpose(*p))));
    }
    gate_.requeue(std::move(list));
    settle(config, consent, nowMs);
    return done();
}

std::string Tracker::storedVisitor(const ConsentAt& consent) const {
    if (!visitor_ || !consent.identifiersAllowed()) return "";
    JsonWriter w;
    w.beginObject()
        .key("anonymousId").value(visitor_->anonymousId)
        .key("sessionId").value(visitor_->sessionId)
        .key("lastSeenMs").value(visitor_->lastSeenMs)
        .endObject();
    return w.str();
}

Status Tracker::restoreVisitor(std::string_view text, const ConsentAt& consent) {
    visitor_.reset();
    if (text.empty()) return done();
    const auto j = json::parse(text);
    const Json* anon = j ? j->find("anonymousId") : nullptr;
    const Json* session = j ? j->find("sessionId") : nullptr;
    const Json* seen = j ? j->find("lastSeenMs") : nullptr;
    if (!anon || !session || !seen || !anon->isString() || !session->isString() || !seen->isInteger() ||
        !isId(anon->string()) || !isId(session->string()))
        return failed("not a stored visitor", "visitor");
    if (!consent.identifiersAllowed()) return done();  // nothing to restore without a grant
    visitor_ = Visitor{anon->string(), session->string(), seen->integer()};
    return done();
}

}  // namespace assent
