// The consent state and its history: every decision is a record, newest last,
// and what a purpose or permission may do now follows from the newest one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/ids.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"
#include "assent/timeline.hpp"

namespace assent {

// A person's choice as the shell reports it.
struct Choice {
    Method method = Method::Custom;
    Surface surface = Surface::Banner;
    std::string language;                  // "" means the config's default
    std::map<std::string, bool> purposes;  // read for Custom (all toggles) and Api (a partial update)
    bool gpc = false;                      // a Global Privacy Control signal is on
    // On a TCF site, the dialog's per-vendor and special-feature toggles (all
    // of them), read for Custom and Api; without them a Custom choice keeps
    // the earlier ones, or starts with no vendor consent, no objection and
    // no special feature. Accept all gives every vendor and special feature
    // of the config, reject all none.
    std::optional<TcfChoice> tcf;
};

// Why the prompt must be shown (again).
struct PromptNeed {
    bool noRecord = false;
    bool newRevision = false;
    std::vector<std::string> newPurposes;  // in the config, never decided
    std::vector<std::string> expired;      // decided, but the decision lapsed
    bool needed() const { return noRecord || newRevision || !newPurposes.empty() || !expired.empty(); }
};

// Cookies and storage keys the shell must delete (names; '*' ends a prefix).
struct Erasure {
    std::vector<std::string> cookies;
    std::vector<std::string> storageKeys;
};

class Ledger {
public:
    Ledger() = default;
    // A ledger holding one known record, as the collector re-checks a batch.
    explicit Ledger(ConsentRecord current) : current_(std::move(current)) {}

    // Restores a stored history. If the newest record is damaged, from a newer
    // version or from another site, the ledger stays empty (no consent) and
    // the problem says why; damaged older records are dropped.
    std::optional<Problem> restore(const Config&, std::string_view stored);
    std::string encode() const;         // the whole history; "" before any decision
    std::string encodeCurrent() const;  // the newest record: cookie and batches

    Result<ConsentRecord> decide(const Config&, const Choice&, std::int64_t nowMs, IdSource&);
    // Notes in the newest record (a decision made here, not a restored one,
    // with TCF choices and no hash yet)
    // the SHA-256 of the TC string made for it, before the shell stores and
    // sends it: the receipt then proves what vendors were told.
    std::optional<Problem> attestTcString(std::string_view tcString);
    // Withdraws one purpose, or every one when `purpose` is empty (permissions too).
    Result<ConsentRecord> withdraw(const Config&, std::string_view purpose, Surface, std::int64_t nowMs, IdSource&);
    // Refuses every sale/share purpose not refused yet; records nothing when
    // there is nothing left to refuse.
    std::optional<ConsentRecord> honourGpc(const Config&, std::int64_t nowMs, IdSource&);
    // language: that of the pre-prompt shown ("" keeps the current record's).
    Result<ConsentRecord> decidePermission(const Config&, std::string_view capability, bool granted, Method, Surface,
                                           std::string_view language, std::int64_t nowMs, IdSource&);

    // Granted only for a required purpose, or one granted under the current
    // revision that has not lapsed. An old revision's grant no longer counts.
    Decision decision(const Config&, std::string_view purpose, std::int64_t nowMs) const;
    // Every decision over time, to judge an event by the consent in force when
    // it was captured (C17). Built on first use after a change.
    const Timeline& timeline(const Config&) const;
    Decision permission(const Config&, std::string_view capability, std::int64_t nowMs) const;
    PromptNeed promptNeed(const Config&, std::int64_t nowMs) const;
    bool needsPrompt(const Config& c, std::int64_t nowMs) const { return promptNeed(c, nowMs).needed(); }

    // Everything held about this consent id, readable (an access request).
    std::string exportJson(const Config&) const;
    // Forgets everything and names what the shell must delete (an erasure request).
    Erasure erase(const Config&);

    const ConsentRecord* current() const { return current_ ? &*current_ : nullptr; }
    // Every record, oldest first (decoded on demand: for export and tests).
    std::vector<ConsentRecord> history() const;
    std::size_t historySize() const { return older_.size() + (current_ ? 1 : 0); }

private:
    ConsentRecord next(const Config&, Method, Surface, std::string_view language, std::int64_t nowMs, IdSource&) const;
    const ConsentRecord& appendDecision(const Config&, ConsentRecord);
    const ConsentRecord& append(const Config&, ConsentRecord);

    // Earlier records stay in their stored form: they never decide anything,
    // so a reload only checks their checksums, and encoding copies them.
    std::vector<std::string> older_;
    std::optional<ConsentRecord> current_;
    // The current record is a decision made here, not one restored: only
    // such a record may have its TC string attested (attestTcString), since
    // a restored one was stored and sent as it is.
    bool decidedHere_ = false;
    mutable std::optional<Timeline> timeline_;
};

// The cookies and storage keys of services whose purpose is not granted now:
// deleted after a refusal or withdrawal so that the scripts' traces go too.
Erasure storageToClear(const Config&, const Ledger&, std::int64_t nowMs);

}  // namespace assent
