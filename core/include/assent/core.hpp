// The one handle a shell holds: config, ledger, gate and ids together, with
// plain types in and out so that bindings only convert. Every call that
// depends on time takes the platform's clock reading in ms.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "assent/config.hpp"
#include "assent/gate.hpp"
#include "assent/ids.hpp"
#include "assent/ledger.hpp"
#include "assent/result.hpp"

namespace assent {

// What track() did with an event; the numbers cross the WASM boundary.
enum class TrackOutcome : int {
    Forwarded = 0,
    Held = 1,
    Refused = 2,       // purpose refused: dropped
    UnknownEvent = 3,  // no purpose mapped for this name: dropped
    BadProps = 4,      // props not a flat JSON object: dropped
};

class Core {
public:
    // seed: random bytes from the platform (crypto.getRandomValues), for ids.
    static Result<Core> create(std::string_view configJson, std::string_view seed);

    // Restores the stored history; returns "" on success or when nothing was
    // stored, else the reason it was discarded (the state is then "no consent").
    std::string restore(std::string_view stored, std::int64_t nowMs);
    std::string stored() const { return ledger_.encode(); }                // localStorage
    std::string storedCurrent() const { return ledger_.encodeCurrent(); }  // cookie

    bool needsPrompt(std::int64_t nowMs) const { return ledger_.needsPrompt(config_, nowMs); }
    // {"needed":…,"noRecord":…,"newRevision":…,"newPurposes":[…],"expired":[…]}
    std::string promptNeedJson(std::int64_t nowMs) const;
    // kind: banner | preferences | permission; languages: preferred tags,
    // comma separated ("zh-CN,en"). "null" for an unknown kind or capability.
    std::string promptModel(std::string_view kind, std::string_view languages, std::int64_t nowMs,
                            std::string_view capability = {}) const;

    // action: accept_all | reject_all | custom | api; surface: banner |
    // preferences | permission_prompt | api; choicesJson: {"analytics":true,…}
    // for custom (every toggle) and api (a partial update).
    // Each returns "" on success, else what is wrong (nothing is recorded then).
    std::string choose(std::string_view action, std::string_view choicesJson, std::string_view surface,
                       std::string_view language, std::int64_t nowMs);
    // purpose "" withdraws everything.
    std::string withdraw(std::string_view purpose, std::string_view surface, std::int64_t nowMs);
    // The platform's Global Privacy Control signal, read on every load.
    void setGpc(bool on, std::int64_t nowMs);
    // result: granted | denied; method: platform (the browser's or OS's answer)
    // or custom (the person answered Assent's own pre-prompt); language: that
    // of the pre-prompt shown, so the record proves which words were read.
    std::string decidePermission(std::string_view capability, std::string_view result, std::string_view method,
                                 std::string_view language, std::int64_t nowMs);
    // What to do when a capability is wanted, given the platform's own state
    // (granted | denied | prompt, "" when unknown):
    //   use      both the person and the platform said yes
    //   platform the person said yes; only the platform's dialog is left
    //   ask      show the pre-prompt (never asked, or the answer lapsed)
    //   settings the platform refuses: explain how to change it, never re-ask silently
    //   refused  the person said no, and it has not lapsed: do not ask again yet
    std::string permissionStep(std::string_view capability, std::string_view platformState,
                               std::int64_t nowMs) const;
    std::string permissionState(std::string_view capability, std::int64_t nowMs) const;  // unset|granted|denied

    bool accepted(std::string_view purpose, std::int64_t nowMs) const;
    std::string recordJson() const;     // the newest record, or "null"
    std::string exportRecords() const;  // everything about this consent id
    // Forgets everything (and every held, queued or unacknowledged event, and
    // any captured up to nowMs that the shell hands over later); returns
    // {"cookies":[…],"storageKeys":[…]} for the shell to delete.
    std::string erase(std::int64_t nowMs);
    // The same shape, for services whose purpose is not granted now.
    std::string storageToClear(std::int64_t nowMs) const;

    // propsJson: a flat JSON object of strings, numbers and booleans, or "".
    TrackOutcome track(std::string_view name, std::string_view propsJson, std::string_view page,
                       std::int64_t nowMs);
    // The batch path: many captured events in one call, in the packed form
    // events joined by '\x1e', fields by '\x1f': name, page, ts, then key and
    // typed value pairs (type letter s|n|b, then the value). Returns
    // {"forwarded":n,"held":n,"refused":n,"dropped":n,"unknown":[names]}.
    std::string ingest(std::string_view packed, std::int64_t nowMs);
    // The client the shell runs in; with tracker.excludeBots, automation
    // (webdriver) and known bot agents send nothing. Returns true if excluded.
    bool setClient(std::string_view userAgent, bool webdriver);

    // The next batch to send as JSON, or "" when nothing may be sent. Its
    // events are in flight until settleBatch says whether they arrived.
    std::string takeBatch(std::int64_t nowMs);
    // Not delivered: the events go back to the queue, asked again when taken.
    void settleBatch(std::string_view batchId, bool delivered);
    // Every forwarded, unacknowledged event as text to keep across a reload
    // ("" when none), and its way back in.
    std::string pending() const;
    std::string restorePending(std::string_view text, std::int64_t nowMs);
    // The anonymous and session ids to keep, as JSON, or "null" when no
    // purpose that allows identifiers is granted (the shell then deletes them).
    std::string visitorJson(std::int64_t nowMs) const;
    std::string restoreVisitor(std::string_view json, std::int64_t nowMs);
    std::size_t held() const { return gate_.held(); }
    std::size_t queued() const { return gate_.queued(); }

    // Google Consent Mode v2 signals now, or (asDefault) before any decision;
    // "null" when the config does not enable it.
    std::string consentModeJson(std::int64_t nowMs, bool asDefault) const;

    // What the shell needs to deliver: {"collectorUrl":…,"flushIntervalMs":…,"batchMaxEvents":…}
    std::string trackerSettingsJson() const;

    const Config& config() const { return config_; }
    const Ledger& ledger() const { return ledger_; }

private:
    struct Visitor {
        std::string anonymousId, sessionId;
        std::int64_t lastSeenMs = 0;
    };
    using Props = std::vector<std::pair<std::string, std::string>>;

    Core(Config config, std::string_view seed);
    // C17: by the consent in force when the event was captured, and since.
    Verdict judge(std::string_view purpose, std::int64_t capturedMs, std::int64_t nowMs) const;
    Judge judgeAt(std::int64_t nowMs) const;
    void settle(std::int64_t nowMs);
    TrackOutcome capture(std::string_view name, Props props, std::string_view page, std::int64_t ts,
                         std::int64_t nowMs);
    bool identifiersAllowed(std::int64_t nowMs) const;
    std::vector<const ConsentRecord*> recordsSpanned(const std::vector<Event>&) const;
    void identify(Event&);

    Config config_;
    Ledger ledger_;
    Gate gate_;
    IdSource ids_;
    bool gpc_ = false;
    bool excluded_ = false;
    std::int64_t seq_ = 0;
    std::int64_t erasedAtMs_ = Timeline::kKnownAlways;  // nothing captured by then may leave
    std::map<std::string, std::vector<Event>> inFlight_;  // by batch id
    std::optional<Visitor> visitor_;
    std::pair<std::string, std::string> lastPage_;  // a page URL and its masked form
};

}  // namespace assent
