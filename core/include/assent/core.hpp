// The one handle a shell holds: config, ledger, gate and ids together, with
// plain types in and out so that bindings only convert.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

    // Restores the stored record; returns "" on success or when nothing was
    // stored, else the reason it was discarded (the state is then "no consent").
    std::string restore(std::string_view stored);
    std::string stored() const { return ledger_.encode(); }

    bool needsPrompt() const { return ledger_.needsPrompt(config_); }
    // languages: the person's preferred tags, comma separated ("zh-CN,en").
    std::string promptModel(std::string_view languages) const;

    // action: "accept_all" | "reject_all" | "custom" | "api";
    // surface: "banner" | "preferences" | "api";
    // choicesJson: {"analytics":true,…} for custom and api, else ignored.
    // Returns "" on success, else what is wrong (nothing is recorded then).
    std::string choose(std::string_view action, std::string_view choicesJson, std::string_view surface,
                       std::string_view language, std::int64_t nowMs);

    bool accepted(std::string_view purpose) const;
    // The current record as JSON, or "null" before any decision.
    std::string recordJson() const;

    // propsJson: a flat JSON object of strings, numbers and booleans, or "".
    TrackOutcome track(std::string_view name, std::string_view propsJson, std::string_view page,
                       std::int64_t nowMs);
    // The next batch to send as JSON, or "" when nothing may be sent.
    std::string takeBatch(std::int64_t nowMs);
    std::size_t held() const { return gate_.held(); }
    std::size_t queued() const { return gate_.queued(); }

    // What the shell needs to deliver: {"collectorUrl":…,"flushIntervalMs":…,"batchMaxEvents":…}
    std::string trackerSettingsJson() const;

    const Config& config() const { return config_; }

private:
    Core(Config config, std::string_view seed);
    DecisionOf decisions() const;

    Config config_;
    Ledger ledger_;
    Gate gate_;
    IdSource ids_;
};

}  // namespace assent
