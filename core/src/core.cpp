#include "assent/core.hpp"

#include <algorithm>
#include <memory>


#include "assent/batch.hpp"
#include "assent/consent_mode.hpp"
#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/mask.hpp"
#include "assent/prompt.hpp"

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
template <class Fn>
void forEachPacked(std::string_view packed, Fn fn) {
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
        Props props;
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
            props.emplace_back(std::string(key), std::string(typed.substr(1)));
        }
        if (!event.empty()) fn(fields[0], fields[1], whole ? fields[2] : std::string_view(), std::move(props));
    }
}

// A property holding a link (href, referrer) loses denied URL parameters
// too; any other text is masked as text.
std::string maskValue(std::string_view value, const MaskRules& rules) {
    const bool url = value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0 ||
                     (value.size() > 1 && value[0] == '/' && value[1] != '/') || value == "/";
    return url ? maskUrl(value, rules) : maskText(value, rules);
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

Core::Core(Config config, std::string_view seed)
    : config_(std::move(config)),
      gate_(config_.tracker.holdLimit, config_.tracker.holdTtlMs, config_.tracker.pendingLimit),
      ids_(seed) {}

Result<Core> Core::create(std::string_view configJson, std::string_view seed) {
    auto parsed = parseConfig(configJson);
    if (!parsed) return parsed.problems();
    return Core(std::move(parsed).value(), seed);
}

Verdict Core::judge(std::string_view purpose, std::int64_t capturedMs, std::int64_t nowMs) const {
    if (capturedMs <= erasedAtMs_) return Verdict::Drop;
    return ledger_.timeline(config_).judge(config_, purpose, capturedMs, nowMs);
}

Judge Core::judgeAt(std::int64_t nowMs) const {
    return [this, nowMs](const Event& e) { return judge(e.purpose, e.ts, nowMs); };
}

Status Core::restore(std::string_view stored, std::int64_t nowMs) {
    const auto problem = ledger_.restore(config_, stored);
    settle(nowMs);
    if (problem) return Problems{*problem};
    return done();
}

std::optional<std::string> Core::promptModel(PromptKind kind, const std::vector<std::string>& languages,
                                             std::int64_t nowMs, std::string_view capability) const {
    std::string view = promptModelJson(config_, ledger_, kind, languages, nowMs, capability);
    if (view == "null") return std::nullopt;
    return view;
}

Status Core::choose(Choice choice, std::int64_t nowMs) {
    if (!(choice.method == Method::AcceptAll || choice.method == Method::RejectAll ||
          choice.method == Method::Custom || choice.method == Method::Api))
        return failed("must be accept_all, reject_all, custom or api", "action");
    if (!(choice.method == Method::Custom || choice.method == Method::Api)) choice.purposes.clear();
    choice.gpc = gpc_;
    auto made = ledger_.decide(config_, choice, nowMs, ids_);
    if (!made) return made.problems();
    settle(nowMs);
    return done();
}

Status Core::withdraw(std::string_view purpose, Surface surface, std::int64_t nowMs) {
    auto made = ledger_.withdraw(config_, purpose, surface, nowMs, ids_);
    if (!made) return made.problems();
    settle(nowMs);
    return done();
}

void Core::setGpc(bool on, std::int64_t nowMs) {
    gpc_ = on;
    if (on && ledger_.honourGpc(config_, nowMs, ids_)) settle(nowMs);
}

// The arguments every permission call checks before it looks at the ledger,
// so that what fails does not depend on what was recorded before.
Status Core::checkPermission(std::string_view capability, std::string_view language) const {
    if (!config_.permission(capability))
        return failed("unknown capability \"" + std::string(capability) + "\"", "permission");
    if (!language.empty() && !config_.texts.count(std::string(language)))
        return failed("\"" + std::string(language) + "\" is not a language of the config", "permission.language");
    return done();
}

// Records the answer when `method` says so; the outcome's next is the
// caller's to set.
Result<PermissionOutcome> Core::recordPermission(std::string_view capability, std::optional<Method> method,
                                                 bool granted, std::string_view language, std::int64_t nowMs) {
    if (method) {
        auto made = ledger_.decidePermission(config_, capability, granted, *method, Surface::PermissionPrompt,
                                             language, nowMs, ids_);
        if (!made) return made.problems();
    }
    PermissionOutcome out;
    out.recorded = method;
    out.state = permissionState(capability, nowMs);
    return out;
}

// The rule of core.hpp's first table: the platform's refusal, read, is a
// refusal in the ledger unless it holds one already.
Result<PermissionOutcome> Core::wantPermission(std::string_view capability, PlatformState platform,
                                               std::string_view language, std::int64_t nowMs) {
    if (auto bad = checkPermission(capability, language); !bad) return bad.problems();
    std::optional<Method> method;
    if (platform == PlatformState::Denied && permissionState(capability, nowMs) != Decision::Denied)
        method = Method::Platform;
    auto out = recordPermission(capability, method, false, language, nowMs);
    if (!out) return out;
    PermissionOutcome outcome = std::move(out).value();
    outcome.next = permissionStep(capability, platform, nowMs);
    return outcome;
}

// The rule of core.hpp's second table.
Result<PermissionOutcome> Core::answerPermission(std::string_view capability, PermissionAsker asker,
                                                 PermissionAnswer answer, PlatformState platform,
                                                 std::string_view language, std::int64_t nowMs) {
    if (auto bad = checkPermission(capability, language); !bad) return bad.problems();
    const Decision before = permissionState(capability, nowMs);
    const bool byPlatform = asker == PermissionAsker::Platform;
    std::optional<Method> method;
    PermissionStep next = PermissionStep::Later;
    switch (answer) {
        case PermissionAnswer::Granted:
            // A yes on the pre-prompt only opens the platform's dialog; the
            // platform's yes is recorded unless a grant is in force already
            // (using a permission does not renew its consent, C08).
            if (byPlatform && before != Decision::Granted) method = Method::Platform;
            next = byPlatform ? PermissionStep::Use
                   : platform == PlatformState::Denied ? PermissionStep::Settings
                                                       : PermissionStep::Platform;
            break;
        case PermissionAnswer::Denied:
            // The pre-prompt's no is a fresh answer; the platform's no makes
            // the ledger refuse too, once (C09).
            if (!byPlatform) method = Method::Custom;
            else if (before != Decision::Denied) method = Method::Platform;
            next = PermissionStep::Refused;
            break;
        case PermissionAnswer::Dismissed: break;  // no answer: nothing to record
    }
    auto out = recordPermission(capability, method, answer == PermissionAnswer::Granted, language, nowMs);
    if (!out) return out;
    PermissionOutcome outcome = std::move(out).value();
    outcome.next = next;
    return outcome;
}

PermissionStep Core::permissionStep(std::string_view capability, PlatformState platform, std::int64_t nowMs) const {
    if (!config_.permission(capability)) return PermissionStep::Refused;
    if (platform == PlatformState::Denied) return PermissionStep::Settings;
    switch (ledger_.permission(config_, capability, nowMs)) {
        case Decision::Granted: return platform == PlatformState::Granted ? PermissionStep::Use : PermissionStep::Platform;
        case Decision::Denied: return PermissionStep::Refused;
        case Decision::Unset: break;
    }
    return PermissionStep::Ask;
}

Decision Core::permissionState(std::string_view capability, std::int64_t nowMs) const {
    return ledger_.permission(config_, capability, nowMs);
}

bool Core::accepted(std::string_view purpose, std::int64_t nowMs) const {
    return ledger_.decision(config_, purpose, nowMs) == Decision::Granted;
}

std::string Core::exportRecords() const { return ledger_.exportJson(config_); }

Erasure Core::erase(std::int64_t nowMs) {
    const Erasure e = ledger_.erase(config_);
    erasedAtMs_ = std::max(erasedAtMs_, nowMs);
    gate_ = Gate(config_.tracker.holdLimit, config_.tracker.holdTtlMs, config_.tracker.pendingLimit);
    inFlight_.clear();  // held, queued and unacknowledged events go too
    visitor_.reset();
    return e;
}

Erasure Core::storageToClear(std::int64_t nowMs) const { return assent::storageToClear(config_, ledger_, nowMs); }

// After a decision: the gate releases or purges, and batches in flight lose
// what may no longer leave, so a failed send cannot bring it back (C05).
void Core::settle(std::int64_t nowMs) {
    const Judge judge = judgeAt(nowMs);
    gate_.settle(judge, nowMs);
    for (auto& [id, events] : inFlight_)
        events.erase(std::remove_if(events.begin(), events.end(), [&](const Event& e) { return judge(e) == Verdict::Drop; }),
                     events.end());
    if (!identifiersAllowed(nowMs)) visitor_.reset();  // no identifier outlives its purpose
}

// The one way an event enters: purpose from config, judged by the consent in
// force at its capture time however late the shell hands it over (C17),
// refused ones dropped before anything is drawn for them, properties cut to
// the purpose's allow-list (C10) and masked (C11), the page URL masked, then
// the gate.
TrackOutcome Core::capture(std::string_view name, Props props, std::string_view page, std::int64_t ts,
                           std::int64_t nowMs) {
    const std::string* purpose = config_.purposeOfEvent(name);
    if (!purpose) return TrackOutcome::UnknownEvent;
    if (excluded_) return TrackOutcome::Refused;
    const Verdict verdict = judge(*purpose, ts, nowMs);
    if (verdict == Verdict::Drop) return TrackOutcome::Refused;
    Event e;
    const auto allowed = config_.tracker.properties.find(*purpose);
    if (allowed != config_.tracker.properties.end()) {
        for (auto& [key, value] : props) {
            const auto& names = allowed->second;
            if (std::find(names.begin(), names.end(), key) != names.end())
                e.props.emplace_back(std::move(key), maskValue(value, config_.tracker.masking));
        }
    }
    e.id = ids_.next();
    e.name = std::string(name);
    e.purpose = *purpose;
    e.ts = ts;
    if (page != lastPage_.first) lastPage_ = {std::string(page), maskUrl(page, config_.tracker.masking)};
    e.page = lastPage_.second;  // events of one page repeat its URL
    e.seq = ++seq_;
    switch (gate_.admit(std::move(e), verdict)) {
        case Verdict::Forward: return TrackOutcome::Forwarded;
        case Verdict::Hold: return TrackOutcome::Held;
        case Verdict::Drop: break;
    }
    return TrackOutcome::Refused;
}

TrackOutcome Core::track(std::string_view name, std::string_view propsJson, std::string_view page,
                         std::int64_t nowMs) {
    if (!config_.purposeOfEvent(name)) return TrackOutcome::UnknownEvent;
    Props props;
    if (!readProps(propsJson, props)) return TrackOutcome::BadProps;
    return capture(name, std::move(props), page, nowMs, nowMs);
}

IngestTally Core::ingest(std::string_view packed, std::int64_t nowMs) {
    IngestTally tally;
    forEachPacked(packed, [&](std::string_view name, std::string_view page, std::string_view ts, Props props) {
        std::int64_t at = 0;
        if (!parseMs(ts, at) || at > nowMs + kClockSkewMs) return void(++tally.dropped);
        switch (capture(name, std::move(props), page, at, nowMs)) {
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

bool Core::setClient(std::string_view userAgent, bool webdriver) {
    excluded_ = config_.tracker.excludeBots && (webdriver || isBotAgent(userAgent));
    if (excluded_) gate_ = Gate(config_.tracker.holdLimit, config_.tracker.holdTtlMs, config_.tracker.pendingLimit);
    return excluded_;
}

bool Core::identifiersAllowed(std::int64_t nowMs) const {
    for (const auto& purpose : config_.tracker.identifierPurposes)
        if (ledger_.decision(config_, purpose, nowMs) == Decision::Granted) return true;
    return false;
}

// Ids are drawn only for an event about to leave under a purpose that allows
// them; a session ends after the configured inactivity.
void Core::identify(Event& e) {
    const auto& allowed = config_.tracker.identifierPurposes;
    if (std::find(allowed.begin(), allowed.end(), e.purpose) == allowed.end()) return;
    if (!visitor_) visitor_ = Visitor{ids_.next(), ids_.next(), e.ts};
    if (e.ts - visitor_->lastSeenMs > config_.tracker.sessionTimeoutMs) visitor_->sessionId = ids_.next();
    visitor_->lastSeenMs = std::max(visitor_->lastSeenMs, e.ts);
    e.anonymousId = visitor_->anonymousId;
    e.sessionId = visitor_->sessionId;
}

std::optional<Batch> Core::takeBatch(std::int64_t nowMs) {
    const auto* record = ledger_.current();
    if (!record || excluded_) return std::nullopt;
    // Decisions only change through calls that settle already; here only
    // time has passed: held events may expire, and take() asks again anyway.
    gate_.expire(nowMs);
    if (!identifiersAllowed(nowMs)) visitor_.reset();
    auto events = gate_.take(config_.tracker.batchMaxEvents, judgeAt(nowMs));
    if (events.empty()) return std::nullopt;
    for (auto& e : events) identify(e);
    const std::string batchId = ids_.next();
    const auto earlier = recordsSpanned(events);
    std::string body = encodeBatch(batchId, *record, earlier, events, nowMs);
    // Every batch must fit a beacon: halve it until it does, the rest waits
    // for the next batch (a single oversized event still goes alone).
    while (body.size() > config_.tracker.batchMaxBytes && events.size() > 1) {
        const auto half = static_cast<std::ptrdiff_t>(events.size() / 2);
        gate_.requeue({std::make_move_iterator(events.begin() + half), std::make_move_iterator(events.end())});
        events.erase(events.begin() + half, events.end());
        body = encodeBatch(batchId, *record, earlier, events, nowMs);
    }
    inFlight_.emplace(batchId, std::move(events));
    return Batch{batchId, std::move(body)};
}

// The records before the newest that the events were captured under, oldest
// first, for the collector to judge each event as the device did.
std::vector<const ConsentRecord*> Core::recordsSpanned(const std::vector<Event>& events) const {
    const Timeline& timeline = ledger_.timeline(config_);
    const auto& records = timeline.records();
    std::size_t from = records.empty() ? 0 : records.size() - 1;
    for (const Event& e : events) {
        const Purpose* p = config_.purpose(e.purpose);
        if (p && !p->required) from = std::min(from, timeline.inForceAt(e.ts));
    }
    std::vector<const ConsentRecord*> earlier;
    for (std::size_t i = from; i + 1 < records.size(); ++i) earlier.push_back(&records[i]);
    return earlier;
}

void Core::settleBatch(std::string_view batchId, bool delivered) {
    const auto it = inFlight_.find(std::string(batchId));
    if (it == inFlight_.end()) return;
    if (!delivered) gate_.requeue(std::move(it->second));
    inFlight_.erase(it);
}

std::string Core::pending() const {
    std::vector<const std::vector<Event>*> inFlight;
    for (const auto& entry : inFlight_)
        if (!entry.second.empty()) inFlight.push_back(&entry.second);  // a withdrawal may have emptied it
    if (inFlight.empty() && gate_.queue().empty()) return "";
    return encodePending(gate_.queue(), inFlight);
}

Status Core::restorePending(std::string_view text, std::int64_t nowMs) {
    if (text.empty()) return done();
    auto events = decodePending(text);
    if (!events) return events.problems();
    // Unknown names or purposes (an older config) never come back.
    auto list = std::move(events).value();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Event& e) {
                                  const std::string* p = config_.purposeOfEvent(e.name);
                                  return !p || *p != e.purpose;
                              }),
               list.end());
    gate_.requeue(std::move(list));
    settle(nowMs);
    return done();
}

std::string Core::storedVisitor(std::int64_t nowMs) const {
    if (!visitor_ || !identifiersAllowed(nowMs)) return "";
    JsonWriter w;
    w.beginObject()
        .key("anonymousId").value(visitor_->anonymousId)
        .key("sessionId").value(visitor_->sessionId)
        .key("lastSeenMs").value(visitor_->lastSeenMs)
        .endObject();
    return w.str();
}

Status Core::restoreVisitor(std::string_view text, std::int64_t nowMs) {
    visitor_.reset();
    if (text.empty()) return done();
    const auto j = json::parse(text);
    const Json* anon = j ? j->find("anonymousId") : nullptr;
    const Json* session = j ? j->find("sessionId") : nullptr;
    const Json* seen = j ? j->find("lastSeenMs") : nullptr;
    if (!anon || !session || !seen || !anon->isString() || !session->isString() || !seen->isInteger() ||
        !isId(anon->string()) || !isId(session->string()))
        return failed("not a stored visitor", "visitor");
    if (!identifiersAllowed(nowMs)) return done();  // nothing to restore without a grant
    visitor_ = Visitor{anon->string(), session->string(), seen->integer()};
    return done();
}

std::optional<std::string> Core::consentMode(std::int64_t nowMs, bool asDefault) const {
    std::string signals = consentModeJson(config_, ledger_, nowMs, asDefault);
    if (signals == "null") return std::nullopt;
    return signals;
}

}  // namespace assent
