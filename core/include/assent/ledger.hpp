// The consent state: the current record, and what it means for each purpose
// under the current config.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "assent/config.hpp"
#include "assent/ids.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

// A person's choice as the shell reports it.
struct Choice {
    Method method = Method::Custom;
    Surface surface = Surface::Banner;
    std::string language;
    std::map<std::string, bool> purposes;  // only read for Custom and Api
};

class Ledger {
public:
    Ledger() = default;
    explicit Ledger(ConsentRecord current) : current_(std::move(current)) {}

    // Restores from the stored form. On any problem the ledger stays empty
    // (no consent) and the problem says why.
    std::optional<Problem> restore(std::string_view stored);
    std::string encode() const;  // "" when nothing was decided yet

    // Records a decision. Required purposes are always granted; purposes a
    // custom choice leaves out are refused, never assumed.
    Result<ConsentRecord> decide(const Config&, const Choice&, std::int64_t nowMs, IdSource&);

    // Granted only for a required purpose, or one granted under the config's
    // current revision. An old revision's grant no longer counts.
    Decision decision(const Config&, std::string_view purpose) const;
    bool needsPrompt(const Config&) const;

    const std::optional<ConsentRecord>& current() const { return current_; }

private:
    std::optional<ConsentRecord> current_;
};

}  // namespace assent
