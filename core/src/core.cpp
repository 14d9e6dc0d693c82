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

std::vector<std::string> splitTags(std::string_view list) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i == list.size() || list[i] == ',') {
            auto tag = list.substr(start, i - start);
            while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
            while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
            if (!tag.empty()) tags.emplace_back(tag);
            start = i + 1;
        }
    }
    return tags;
}

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

void writeList(JsonWriter& w, const std::vector<std::string>& items) {
    w.beginArray();
    for (const auto& item : items) w.value(item);
    w.endArray();
}

std::string erasureJson(const Erasure& e) {
    JsonWriter w;
    w.beginObject().key("cookies");
    writeList(w, e.cookies);
    w.key("storageKeys");
    writeList(w, e.storageKeys);
    w.endObject();
    return w.str();
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

std::string Core::restore(std::string_view stored, std::int64_t nowMs) {
    const auto problem = ledger_.restore(config_, stored);
    settle(nowMs);
    return problem ? problem->message() : std::string();
}

std::string Core::promptNeedJson(std::int64_t nowMs) const {
    const PromptNeed need = ledger_.promptNeed(config_, nowMs);
    JsonWriter w;
    w.beginObject()
        .key("needed").value(need.needed())
        .key("noRecord").value(need.noRecord)
        .key("newRevision").value(need.newRevision)
        .key("newPurposes");
    writeList(w, need.newPurposes);
    w.key("expired");
    writeList(w, need.expired);
    w.endObject();
    return w.str();
}

std::string Core::promptModel(std::string_view kind, std::string_view languages, std::int64_t nowMs,
                              std::string_view capability) const {
    PromptKind k;
    if (!parsePromptKind(kind, k)) return "null";
    return promptModelJson(config_, ledger_, k, splitTags(languages), nowMs, capability);
}

std::string Core::choose(std::string_view action, std::string_view choicesJson, std::string_view surface,
                         std::string_view language, std::int64_t nowMs) {
    Choice choice;
    if (!parseMethod(action, choice.method) ||
        !(choice.method == Method::AcceptAll || choice.method == Method::RejectAll ||
          choice.method == Method::Custom || choice.method == Method::Api))
        return "action: unknown \"" + std::string(action) + "\"";
    if (!parseSurface(surface, choice.surface)) return "surface: unknown \"" + std::string(surface) + "\"";
    choice.language = std::string(language);
    choice.gpc = gpc_;
    if (choice.method == Method::Custom || choice.method == Method::Api) {
        const auto j = json::parse(choicesJson);
        if (!j || !j->isObject()) return "choices: must be a JSON object of purpose to true or false";
        for (const auto& [id, granted] : j->members()) {
            if (!granted.isBool()) return "choices." + id + ": must be true or false";
            choice.purposes[id] = granted.boolean();
        }
    }
    auto made = ledger_.decide(config_, choice, nowMs, ids_);
    if (!made) return made.message();
    settle(nowMs);
    return "";
}

std::string Core::withdraw(std::string_view purpose, std::string_view surface, std::int64_t nowMs) {
    Surface s;
    if (!parseSurface(surface, s)) return "surface: unknown \"" + std::string(surface) + "\"";
    auto made = ledger_.withdraw(config_, purpose, s, nowMs, ids_);
    if (!made) return made.message();
    settle(nowMs);
    return "";
}

void Core::setGpc(bool on, std::int64_t nowMs) {
    gpc_ = on;
    if (on && ledger_.honourGpc(config_, nowMs, ids_)) settle(nowMs);
}

std::string Core::decidePermission(std::string_view capability, std::string_view result, std::string_view method,
                                   std::string_view language, std::int64_t nowMs) {
    if (result != "granted" && result != "denied") return "result: must be granted or denied";
    Method m;
    if (!parseMethod(method, m) || (m != Method::Platform && m != Method::Custom))
        return "method: must be platform or custom";
    auto made = ledger_.decidePermission(config_, capability, result == "granted", m, Surface::PermissionPrompt,
                                         language, nowMs, ids_);
    return made ? std::string() : made.message();
}

std::string Core::permissionStep(std::string_view capability, std::string_view platformState,
                                 std::int64_t nowMs) const {
    if (!config_.permission(capability)) return "refused";
    if (platformState == "denied") return "settings";
    switch (ledger_.permission(config_, capability, nowMs)) {
        case Decision::Granted: return platformState == "granted" ? "use" : "platform";
        case Decision::Denied: return "refused";
        case Decision::Unset: break;
    }
    return "ask";
}

std::string Core::permissionState(std::string_view capability, std::int64_t nowMs) const {
    switch (ledger_.permission(config_, capability, nowMs)) {
        case Decision::Granted: return "granted";
        case Decision::Denied: return "denied";
        case Decision::Unset: break;
    }
    return "unset";
}

bool Core::accepted(std::string_view purpose, std::int64_t nowMs) const {
    return ledger_.decision(config_, purpose, nowMs) == Decision::Granted;
}

std::string Core::recordJson() const {
    const auto* r = ledger_.current();
    if (!r) return "null";
    JsonWriter w;
    w.beginObject()
        .key("consentId").value(r->consentId)
        .key("recordId").value(r->recordId)
        .key("revision").value(r->revision)
        .key("createdMs").value(r->createdMs)
        .key("updatedMs").value(r->updatedMs)
        .key("method").value(methodName(r->method))
        .key("surface").value(surfaceName(r->surface))
        .key("language").value(r->language)
        .key("textsHash").value(r->textsHash)
        .key("purposes").beginObject();
    for (const auto& [id, grant] : r->purposes) w.key(id).value(grant.granted);
    w.endObject().key("permissions").beginObject();
    for (const auto& [cap, grant] : r->permissions) w.key(cap).value(grant.granted);
    w.endObject().endObject();
    return w.str();
}

std::string Core::exportRecords() const { return ledger_.exportJson(config_); }

std::string Core::erase(std::int64_t nowMs) {
    const Erasure e = ledger_.erase(config_);
    erasedAtMs_ = std::max(erasedAtMs_, nowMs);
    gate_ = Gate(config_.tracker.holdLimit, config_.tracker.holdTtlMs, config_.tracker.pendingLimit);
    inFlight_.clear();  // held, queued and unacknowledged events go too
    visitor_.reset();
    return erasureJson(e);
}

std::string Core::storageToClear(std::int64_t nowMs) const {
    return erasureJson(assent::storageToClear(config_, ledger_, nowMs));
}

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

std::string Core::ingest(std::string_view packed, std::int64_t nowMs) {
    std::int64_t counts[5] = {};  // by TrackOutcome
    std::vector<std::string_view> unknown;
    forEachPacked(packed, [&](std::string_view name, std::string_view page, std::string_view ts, Props props) {
        std::int64_t at = 0;
        if (!parseMs(ts, at) || at > nowMs + kClockSkewMs) return void(++counts[static_cast<int>(TrackOutcome::BadProps)]);
        const TrackOutcome outcome = capture(name, std::move(props), page, at, nowMs);
        ++counts[static_cast<int>(outcome)];
        if (outcome == TrackOutcome::UnknownEvent && std::find(unknown.begin(), unknown.end(), name) == unknown.end())
            unknown.push_back(name);
    });
    JsonWriter w;
    w.beginObject()
        .key("forwarded").value(counts[static_cast<int>(TrackOutcome::Forwarded)])
        .key("held").value(counts[static_cast<int>(TrackOutcome::Held)])
        .key("refused").value(counts[static_cast<int>(TrackOutcome::Refused)])
        .key("dropped").value(counts[static_cast<int>(TrackOutcome::BadProps)])
        .key("unknown").beginArray();
    for (auto name : unknown) w.value(name);
    w.endArray().endObject();
    return w.str();
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

std::string Core::takeBatch(std::int64_t nowMs) {
    const auto* record = ledger_.current();
    if (!record || excluded_) return "";
    // Decisions only change through calls that settle already; here only
    // time has passed: held events may expire, and take() asks again anyway.
    gate_.expire(nowMs);
    if (!identifiersAllowed(nowMs)) visitor_.reset();
    auto events = gate_.take(config_.tracker.batchMaxEvents, judgeAt(nowMs));
    if (events.empty()) return "";
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
    return body;
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

std::string Core::restorePending(std::string_view text, std::int64_t nowMs) {
    if (text.empty()) return "";
    auto events = decodePending(text);
    if (!events) return events.message();
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
    return "";
}

std::string Core::visitorJson(std::int64_t nowMs) const {
    if (!visitor_ || !identifiersAllowed(nowMs)) return "null";
    JsonWriter w;
    w.beginObject()
        .key("anonymousId").value(visitor_->anonymousId)
        .key("sessionId").value(visitor_->sessionId)
        .key("lastSeenMs").value(visitor_->lastSeenMs)
        .endObject();
    return w.str();
}

std::string Core::restoreVisitor(std::string_view text, std::int64_t nowMs) {
    visitor_.reset();
    if (text.empty() || text == "null") return "";
    const auto j = json::parse(text);
    const Json* anon = j ? j->find("anonymousId") : nullptr;
    const Json* session = j ? j->find("sessionId") : nullptr;
    const Json* seen = j ? j->find("lastSeenMs") : nullptr;
    if (!anon || !session || !seen || !anon->isString() || !session->isString() || !seen->isInteger() ||
        !isId(anon->string()) || !isId(session->string()))
        return "visitor: not a stored visitor";
    if (!identifiersAllowed(nowMs)) return "";  // nothing to restore without a grant
    visitor_ = Visitor{anon->string(), session->string(), seen->integer()};
    return "";
}

std::string Core::consentModeJson(std::int64_t nowMs, bool asDefault) const {
    return assent::consentModeJson(config_, ledger_, nowMs, asDefault);
}

std::string Core::trackerSettingsJson() const {
    JsonWriter w;
    w.beginObject()
        .key("collectorUrl").value(config_.tracker.collectorUrl)
        .key("flushIntervalMs").value(std::int64_t{config_.tracker.flushIntervalMs})
        .key("batchMaxEvents").value(std::int64_t{config_.tracker.batchMaxEvents})
        .endObject();
    return w.str();
}

}  // namespace assent
