// The one handle a shell holds, and a facade: the config, the ledger (the
// consent side), the tracker (tracker.hpp: the click-stream side, told the
// ledger's answers through ConsentAt) and the ids, with typed values in and
// out; the wire (wire.hpp) turns them into JSON. Every call that depends on
// time takes the platform's clock reading in ms.
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
#include "assent/prompt.hpp"
#include "assent/tracker.hpp"
#include "assent/result.hpp"
#include "assent/script_urls.hpp"

namespace assent {

// What to do when a capability is wanted (see permissionStep), or after an
// answer (see answerPermission).
//   Use      both the person and the platform said yes: use it
//   Platform the person said yes; only the platform's dialog is left: call it
//   Ask      show the pre-prompt (never asked, or the answer lapsed)
//   Settings the platform refuses: explain how to change it (open the
//            platform's settings where the platform can), never re-ask silently
//   Refused  the person said no, and it has not lapsed: do not use it, do not ask
//   Later    no answer (dismissed): not used now; after "not now" on
//            Assent's own question (the pre-prompt, the blocked or failed
//            note), not asked again before permissions[].askAgainAfterMinutes
//            have passed (nothing recorded: "not now" is no refusal)
//   Retry    the platform's request failed without an answer (a timeout, a
//            busy device): offer to try again, or "not now"
//   Unavailable the platform cannot do it at all (no such API, no such
//            device): nothing to ask, nothing recorded
enum class PermissionStep : std::uint8_t { Use, Platform, Ask, Settings, Refused, Later, Retry, Unavailable };

// The platform's own state of a permission, as the shell reads it.
// Unavailable: this platform has no such capability (no API, no device).
enum class PlatformState : std::uint8_t { Unknown, Granted, Denied, Prompt, Unavailable };

// Who put the question a permission answer answers.
enum class PermissionAsker : std::uint8_t {
    PrePrompt,  // Assent's own pre-prompt, the reason shown first (C16)
    Platform,   // the platform's own dialog or settings page (the browser's
                // request, wx.authorize, wx.openSetting, wx.requestSubscribeMessage,
                // WeChat's agreePrivacyAuthorization button)
};

// What the person answered. Dismissed: no answer (the dialog was closed, or
// the platform failed for a reason that is not the person's answer on this
// capability, e.g. WeChat's privacy guidelines declined; or "not now").
// Failed: the platform's request failed without anyone answering, in a way
// that may pass (a timeout, a device in use). Unavailable: the platform's
// request found it has no such capability (no camera on this device).
// Sorting a platform's callback into one of these is the shell's job: it
// reports what happened; what that means for the ledger is decided here.
enum class PermissionAnswer : std::uint8_t { Granted, Denied, Dismissed, Failed, Unavailable };

// What the core did with what the shell reported, and what comes next.
struct PermissionOutcome {
    std::optional<Method> recorded;    // the method of the record made (store it, send its receipt), or none
    Decision state = Decision::Unset;  // the ledger's decision now
    PermissionStep next = PermissionStep::Refused;
};

// What the person did on an embed's placeholder (prompt.hpp).
enum class PlaceholderAction : std::uint8_t { LoadOnce, Allow };

// What the shell does with the embed: leave it held, load it for this page
// view only (unloaded again by the next decision that does not grant its
// purpose), or load it for as long as its purpose stays granted.
enum class EmbedLoad : std::uint8_t { None, Once, Granted };

struct PlaceholderOutcome {
    std::optional<Method> recorded;  // the method of the record made, or none
    EmbedLoad load = EmbedLoad::None;
};

class Core {
    // Only Core makes one, so only Core's own functions reach the public
    // constructor below (std::optional::emplace needs it public).
    class Key {
        friend class Core;
        Key() {}
    };

public:
    // seed: random bytes from the platform (crypto.getRandomValues), for ids.
    static Result<Core> create(std::string_view configJson, std::string_view seed);
    // The same core made in place, in `slot` (wire::Endpoint's), or why there
    // is none: moving a made one into place cost the WASM module Core's and
    // Config's move constructors, about 1.2 KB.
    static Problems createIn(std::optional<Core>& slot, std::string_view configJson, std::string_view seed);
    Core(Key, Config config, std::string_view seed);

    // Restores the stored history. Nothing stored is done; a damaged history
    // fails with the reason it was discarded (the state is then "no consent").
    Status restore(std::string_view stored, std::int64_t nowMs);
    std::string stored() const { return ledger_.encode(); }                // localStorage
    std::string storedCurrent() const { return ledger_.encodeCurrent(); }  // cookie

    bool needsPrompt(std::int64_t nowMs) const { return ledger_.needsPrompt(config_, nowMs); }
    PromptNeed promptNeed(std::int64_t nowMs) const { return ledger_.promptNeed(config_, nowMs); }
    // The prompt's view-model as JSON (see prompt.hpp); languages: preferred
    // tags, most wanted first; subject: a permission's capability or a
    // placeholder's purpose. Nothing for one the config lacks.
    std::optional<std::string> promptModel(PromptKind, const std::vector<std::string>& languages,
                                           std::int64_t nowMs, std::string_view subject = {}) const;

    // A choice made in a prompt or through the API: accept_all, reject_all,
    // custom (choice.purposes holds every toggle) or api (a partial update).
    // Fails with what is wrong; nothing is recorded then.
    Status choose(Choice, std::int64_t nowMs);
    // purpose "" withdraws everything.
    Status withdraw(std::string_view purpose, Surface, std::int64_t nowMs);
    // On a TCF site, right after a decision and before it is stored: the TC
    // string the TCF module made for the new record, whose hash the record
    // then keeps (Ledger::attestTcString).
    Status attestTcString(std::string_view tcString);
    // The platform's Global Privacy Control signal, read on every load.
    void setGpc(bool on, std::int64_t nowMs);
    // An embed's placeholder was answered, in `language` (the model's).
    //   action     purpose now    recorded                               load
    //   load_once  any            -                                      Once
    //   allow      granted        -                                      Granted
    //   allow      not granted    grant of it alone: api, placeholder    Granted
    // "Load once" is this page view's exception, not a decision: it grants
    // nothing and leaves no record, and the next decision that does not
    // grant the purpose unloads the frame again. "Allow" is the person's
    // own choice of this one purpose (also of a sensitive one, C16), a
    // partial update that leaves every other decision as it was; the record
    // names the placeholder's language and texts (C06). Fails for a purpose
    // or language the config lacks; nothing is recorded then.
    Result<PlaceholderOutcome> answerPlaceholder(std::string_view purpose, PlaceholderAction,
                                                 std::string_view language, std::int64_t nowMs);
    // Platform permissions (C16). One rule for every shell; a shell only
    // reads the platform, shows the pre-prompt, calls the platform's API,
    // reports each thing that happened here and follows `next`. Nothing in
    // a shell decides what is recorded.
    //
    // wantPermission: a capability is wanted and the shell has read the
    // platform's state (navigator.permissions, wx.getSetting; Unknown when it
    // cannot be read without asking). Nobody has been asked yet.
    //
    //   platform         ledger before          recorded           next
    //   unavailable      any                    -                  Unavailable
    //   denied           unset, lapsed, grant   refusal, platform  Settings
    //   denied           refusal                -                  Settings
    //   granted          grant                  -                  Use
    //   prompt, unknown  grant                  -                  Platform
    //   not denied       unset, lapsed          -                  Ask
    //   not denied       refusal                -                  Refused
    //
    // so a permission revoked in the platform's settings is a refusal in
    // the ledger too, on every shell; next is permissionStep() afterwards.
    // Ask and Settings become Later while a "not now" holds (see Later).
    //
    // answerPermission: the person answered (or dismissed) a question.
    // platform: the platform's state as read before asking; it only tells a
    // pre-prompt's yes where to go.
    //
    //   asker       answer     ledger before     recorded           next
    //   pre-prompt  granted    any               -                  Platform (Settings if the platform is denied)
    //   pre-prompt  denied     any               refusal, custom    Refused   (a fresh answer: always recorded)
    //   platform    granted    unexpired grant   -                  Use       (a grant is not renewed by use, C08)
    //   platform    granted    otherwise         grant, platform    Use
    //   platform    denied     refusal           -                  Refused
    //   platform    denied     otherwise         refusal, platform  Refused
    //   either      dismissed  any               -                  Later (a pre-prompt's: not asked again for a while)
    //   platform    failed     any               -                  Retry
    //   platform    unavailable any              -                  Unavailable
    //   pre-prompt  failed, unavailable           -                  (an error: only a platform fails)
    //
    // "Try again" (the Retry step's, or "I changed it" on the Settings step
    // where the shell cannot open the platform's settings) is the
    // pre-prompt's yes again, reported as one, with the platform's state
    // read anew where the shell can read it: the table above then says
    // whether the platform is asked again (Platform) or still refuses
    // (Settings). "Not now" on any of Assent's notes is a pre-prompt's
    // dismissal (Later). The prompt model's views (prompt.hpp) give each
    // step's buttons.
    //
    // A pre-prompt's yes records nothing: only the platform's answer to the
    // dialog it leads to is. Each record carries the capability's expiry and
    // a language: the pre-prompt's (or, where none was shown yet, the one it
    // would be shown in), so that the record proves which words were read
    // (C06). Fails for a capability the config lacks or a language it has no
    // texts for; nothing is recorded then.
    Result<PermissionOutcome> wantPermission(std::string_view capability, PlatformState, std::string_view language,
                                             std::int64_t nowMs);
    Result<PermissionOutcome> answerPermission(std::string_view capability, PermissionAsker, PermissionAnswer,
                                               PlatformState, std::string_view language, std::int64_t nowMs);
    // What to do when a capability is wanted, given the platform's own state
    // (Use, Platform, Ask, Settings or Refused; see PermissionStep). Records
    // nothing: the shells go through wantPermission.
    PermissionStep permissionStep(std::string_view capability, PlatformState, std::int64_t nowMs) const;
    Decision permissionState(std::string_view capability, std::int64_t nowMs) const;

    bool accepted(std::string_view purpose, std::int64_t nowMs) const;
    // services[].scripts (script_urls.hpp): the shell makes the patterns
    // absolute (the platform's URL parser, not the core's) and hands them
    // back once; then purposeOfScript answers the purpose of the first
    // service whose pattern matches a script's absolute URL, "" when none
    // does, and nothing before they are handed back (the shell keeps holding
    // what it holds: a script must not run because the core cannot say yet).
    void useScriptPatterns(std::vector<std::string> absolute) { scriptUrls_ = std::move(absolute); }
    std::optional<std::string_view> purposeOfScript(std::string_view url) const {
        if (!scriptUrls_) return std::nullopt;
        return assent::purposeOfScript(config_, *scriptUrls_, url);
    }
    const ConsentRecord* record() const { return ledger_.current(); }  // the newest, or none
    std::string exportRecords() const;  // everything about this consent id, as JSON
    // Forgets everything (and every held, queued or unacknowledged event, and
    // any captured up to nowMs that the shell hands over later); names the
    // cookies and storage keys for the shell to delete.
    Erasure erase(std::int64_t nowMs);
    // The same, for services whose purpose is not granted now.
    Erasure storageToClear(std::int64_t nowMs) const;

    // propsJson: a flat JSON object of strings, numbers and booleans, or "".
    TrackOutcome track(std::string_view name, std::string_view propsJson, std::string_view page,
                       std::int64_t nowMs);
    // The batch path: many captured events in one call, in the packed form
    // events joined by '\x1e', fields by '\x1f': name, page, ts, then key and
    // typed value pairs (type letter s|n|b, then the value).
    IngestTally ingest(std::string_view packed, std::int64_t nowMs);
    // The client the shell runs in; with tracker.excludeBots, automation
    // (webdriver) and known bot agents send nothing. Returns true if excluded.
    bool setClient(std::string_view userAgent, bool webdriver);

    // The next batch to send, or nothing when nothing may be sent. Its
    // events are in flight until settleBatch says whether they arrived.
    std::optional<Batch> takeBatch(std::int64_t nowMs);
    // Not delivered: the events go back to the queue, asked again when taken.
    void settleBatch(std::string_view batchId, bool delivered);
    // Every forwarded, unacknowledged event as text to keep across a reload
    // ("" when none: the shell deletes what it kept), and its way back in.
    std::string pending() const;
    Status restorePending(std::string_view text, std::int64_t nowMs);
    // The anonymous and session ids as text to keep, or "" when no purpose
    // that allows identifiers is granted (the shell then deletes them).
    std::string storedVisitor(std::int64_t nowMs) const;
    Status restoreVisitor(std::string_view text, std::int64_t nowMs);
    std::size_t held() const { return tracker_.held(); }
    std::size_t queued() const { return tracker_.queued(); }

    // Google Consent Mode v2 signals as JSON, now or (asDefault) before any
    // decision; nothing when the config does not enable it.
    std::optional<std::string> consentMode(std::int64_t nowMs, bool asDefault) const;

    const Config& config() const { return config_; }
    const Ledger& ledger() const { return ledger_; }

private:
    // The ledger's answers at one instant, for the tracker.
    class ConsentNow;

    Core(Config config, std::string_view seed);
    void settle(std::int64_t nowMs);
    bool identifiersAllowed(std::int64_t nowMs) const;
    std::vector<const ConsentRecord*> recordsSpanned(std::int64_t oldestMs) const;
    Status checkPermission(std::string_view capability, std::string_view language) const;
    Result<PermissionOutcome> recordPermission(std::string_view capability, std::optional<Method>, bool granted,
                                               std::string_view language, std::int64_t nowMs);
    // A "not now" (a dismissed question) still holding at nowMs.
    bool notNow(std::string_view capability, std::int64_t nowMs) const;

    Config config_;
    Ledger ledger_;
    Tracker tracker_;
    IdSource ids_;
    bool gpc_ = false;
    // capability -> when its last question was dismissed ("not now"). Kept
    // for the life of this core (a page view, a mini-program's run), not
    // stored: a dismissal is no decision, and the ledger records decisions.
    std::map<std::string, std::int64_t, std::less<>> notNow_;
    // services[].scripts made absolute by the shell (useScriptPatterns).
    std::optional<std::vector<std::string>> scriptUrls_;
};

}  // namespace assent
