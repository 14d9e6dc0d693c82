#include "assent/core.hpp"

#include <algorithm>
#include <limits>
#include <memory>


#include "assent/consent_mode.hpp"
#include "assent/prompt.hpp"

namespace assent {
// The ledger's answers at one instant, as the tracker asks them.
class Core::ConsentNow final : public ConsentAt {
public:
    ConsentNow(const Core& core, std::int64_t nowMs) : core_(core), nowMs_(nowMs) {}
    // C17: by the consent in force when the event was captured, and since.
    // (The erasure watermark is the tracker's, which it checks first.)
    Verdict verdict(const Purpose& purpose, std::int64_t capturedMs) const override {
        return core_.ledger_.timeline(core_.config_).judge(core_.config_, purpose, capturedMs, nowMs_);
    }
    bool identifiersAllowed() const override { return core_.identifiersAllowed(nowMs_); }
    const ConsentRecord* current() const override { return core_.ledger_.current(); }
    std::vector<const ConsentRecord*> spanned(std::int64_t oldestMs) const override {
        return core_.recordsSpanned(oldestMs);
    }

private:
    const Core& core_;
    std::int64_t nowMs_;
};

Core::Core(Config config, std::string_view seed) : config_(std::move(config)), tracker_(config_.tracker), ids_(seed) {}
Core::Core(Key, Config config, std::string_view seed) : Core(std::move(config), seed) {}

Result<Core> Core::create(std::string_view configJson, std::string_view seed) {
    auto parsed = parseConfig(configJson);
    if (!parsed) return parsed.problems();
    return Core(std::move(parsed).value(), seed);
}

Problems Core::createIn(std::optional<Core>& slot, std::string_view configJson, std::string_view seed) {
    auto parsed = parseConfig(configJson);
    if (!parsed) return parsed.problems();
    slot.emplace(Key(), std::move(parsed).value(), seed);
    return {};
}

Status Core::restore(std::string_view stored, std::int64_t nowMs) {
    const auto problem = ledger_.restore(config_, stored);
    settle(nowMs);
    if (problem) return Problems{*problem};
    return done();
}

std::optional<std::string> Core::promptModel(PromptKind kind, const std::vector<std::string>& languages,
                                             std::int64_t nowMs, std::string_view subject) const {
    std::string view = promptModelJson(config_, ledger_, kind, languages, nowMs, subject);
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

Status Core::attestTcString(std::string_view tcString) {
    if (auto problem = ledger_.attestTcString(tcString)) return Problems{*std::move(problem)};
    return done();
}

Status Core::withdraw(std::string_view purpose, Surface surface, std::int64_t nowMs) {
    auto made = ledger_.withdraw(config_, purpose, surface, nowMs, ids_);
    if (!made) return made.problems();
    settle(nowMs);
    return done();
}

// The rule of core.hpp's placeholder table.
Result<PlaceholderOutcome> Core::answerPlaceholder(std::string_view purpose, PlaceholderAction action,
                                                   std::string_view language, std::int64_t nowMs) {
    if (!config_.purpose(purpose))
        return Problems{{"placeholder", "unknown purpose \"" + std::string(purpose) + "\""}};
    if (!config_.texts.count(std::string(language)))
        return Problems{{"placeholder.language", "\"" + std::string(language) + "\" is not a language of the config"}};
    PlaceholderOutcome out;
    out.load = action == PlaceholderAction::LoadOnce ? EmbedLoad::Once : EmbedLoad::Granted;
    if (action == PlaceholderAction::Allow && !accepted(purpose, nowMs)) {
        Choice choice;
        choice.method = Method::Api;
        choice.surface = Surface::Placeholder;
        choice.language = std::string(language);
        choice.purposes[std::string(purpose)] = true;
        if (auto made = choose(std::move(choice), nowMs); !made) return made.problems();
        out.recorded = Method::Api;
    }
    return out;
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
    const bool byPlatform = asker == PermissionAsker::Platform;
    if (!byPlatform && (answer == PermissionAnswer::Failed || answer == PermissionAnswer::Unavailable))
        return failed("a pre-prompt cannot fail: only the platform's request can", "permission.answer").problems();
    const Decision before = permissionState(capability, nowMs);
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
        case PermissionAnswer::Dismissed:
            // No answer: nothing to record. Assent's own question closed
            // ("not now", Escape) rests; the platform's dialog has its own
            // rules for asking again.
            if (!byPlatform) notNow_[std::string(capability)] = nowMs;
            break;
        case PermissionAnswer::Failed: next = PermissionStep::Retry; break;
        case PermissionAnswer::Unavailable: next = PermissionStep::Unavailable; break;
    }
    auto out = recordPermission(capability, method, answer == PermissionAnswer::Granted, language, nowMs);
    if (!out) return out;
    PermissionOutcome outcome = std::move(out).value();
    outcome.next = next;
    return outcome;
}

PermissionStep Core::permissionStep(std::string_view capability, PlatformState platform, std::int64_t nowMs) const {
    if (!config_.permission(capability)) return PermissionStep::Refused;
    if (platform == PlatformState::Unavailable) return PermissionStep::Unavailable;
    const bool resting = notNow(capability, nowMs);
    if (platform == PlatformState::Denied) return resting ? PermissionStep::Later : PermissionStep::Settings;
    switch (ledger_.permission(config_, capability, nowMs)) {
        case Decision::Granted: return platform == PlatformState::Granted ? PermissionStep::Use : PermissionStep::Platform;
        case Decision::Denied: return PermissionStep::Refused;
        case Decision::Unset: break;
    }
    return resting ? PermissionStep::Later : PermissionStep::Ask;
}

bool Core::notNow(std::string_view capability, std::int64_t nowMs) const {
    const auto it = notNow_.find(capability);
    if (it == notNow_.end()) return false;
    const Permission* p = config_.permission(capability);
    const std::int64_t restMs = p->askAgainAfterMinutes * 60'000;
    // A clock set back does not lengthen the rest past its configured span.
    return nowMs >= it->second && nowMs - it->second < restMs;
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
    tracker_.erase(config_.tracker, nowMs);
    notNow_.clear();
    return e;
}

Erasure Core::storageToClear(std::int64_t nowMs) const { return assent::storageToClear(config_, ledger_, nowMs); }

// After a decision: the tracker releases or purges by it (C05, C17).
void Core::settle(std::int64_t nowMs) { tracker_.settle(config_, ConsentNow(*this, nowMs), nowMs); }

TrackOutcome Core::track(std::string_view name, std::string_view propsJson, std::string_view page,
                         std::int64_t nowMs) {
    return tracker_.track(config_, name, propsJson, page, nowMs, ConsentNow(*this, nowMs), ids_);
}

IngestTally Core::ingest(std::string_view packed, std::int64_t nowMs) {
    return tracker_.ingest(config_, packed, nowMs, ConsentNow(*this, nowMs), ids_);
}

bool Core::setClient(std::string_view userAgent, bool webdriver) {
    return tracker_.setClient(config_.tracker, userAgent, webdriver);
}

bool Core::identifiersAllowed(std::int64_t nowMs) const {
    for (const auto& purpose : config_.tracker.identifierPurposes)
        if (ledger_.decision(config_, purpose, nowMs) == Decision::Granted) return true;
    return false;
}

std::optional<Batch> Core::takeBatch(std::int64_t nowMs) {
    return tracker_.takeBatch(config_, nowMs, ConsentNow(*this, nowMs), ids_);
}

// The records before the newest that a batch's events were captured under,
// oldest first, for the collector to judge each event as the device did. The
// record in force never comes earlier for a later time, so the oldest
// capture decides.
std::vector<const ConsentRecord*> Core::recordsSpanned(std::int64_t oldestMs) const {
    const Timeline& timeline = ledger_.timeline(config_);
    const auto& records = timeline.records();
    std::size_t from = records.empty() ? 0 : records.size() - 1;
    if (oldestMs != std::numeric_limits<std::int64_t>::max()) from = std::min(from, timeline.inForceAt(oldestMs));
    std::vector<const ConsentRecord*> earlier;
    for (std::size_t i = from; i + 1 < records.size(); ++i) earlier.push_back(&records[i]);
    return earlier;
}

void Core::settleBatch(std::string_view batchId, bool delivered) { tracker_.settleBatch(batchId, delivered); }

std::string Core::pending() const { return tracker_.pending(); }

Status Core::restorePending(std::string_view text, std::int64_t nowMs) {
    return tracker_.restorePending(config_, text, nowMs, ConsentNow(*this, nowMs));
}

std::string Core::storedVisitor(std::int64_t nowMs) const { return tracker_.storedVisitor(ConsentNow(*this, nowMs)); }

Status Core::restoreVisitor(std::string_view text, std::int64_t nowMs) {
    return tracker_.restoreVisitor(text, ConsentNow(*this, nowMs));
}

std::optional<std::string> Core::consentMode(std::int64_t nowMs, bool asDefault) const {
    std::string signals = consentModeJson(config_, ledger_, nowMs, asDefault);
    if (signals == "null") return std::nullopt;
    return signals;
}

}  // namespace assent
