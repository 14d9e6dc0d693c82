#include "assent/ledger.hpp"

#include "assent/codec.hpp"

namespace assent {

std::optional<Problem> Ledger::restore(std::string_view stored) {
    current_.reset();
    if (stored.empty()) return std::nullopt;
    auto decoded = decodeRecord(stored);
    if (!decoded) return decoded.problems().front();
    current_ = std::move(decoded).value();
    return std::nullopt;
}

std::string Ledger::encode() const { return current_ ? encodeRecord(*current_) : std::string(); }

Result<ConsentRecord> Ledger::decide(const Config& config, const Choice& choice, std::int64_t nowMs, IdSource& ids) {
    for (const auto& [id, granted] : choice.purposes) {
        if (!config.purpose(id)) return Problems{{"choice." + id, "unknown purpose \"" + id + "\""}};
        (void)granted;
    }
    if (!choice.language.empty() && !config.texts.count(choice.language))
        return Problems{{"choice.language", "\"" + choice.language + "\" is not a language of the config"}};

    ConsentRecord r;
    r.consentId = current_ ? current_->consentId : ids.next();
    r.createdMs = current_ ? current_->createdMs : nowMs;
    r.recordId = ids.next();
    r.revision = config.revision;
    r.updatedMs = nowMs < r.createdMs ? r.createdMs : nowMs;
    r.method = choice.method;
    r.surface = choice.surface;
    r.language = choice.language.empty() ? config.defaultLanguage : choice.language;
    for (const auto& p : config.purposes) {
        bool granted = false;
        if (p.required || choice.method == Method::AcceptAll) granted = true;
        else if (choice.method == Method::Custom || choice.method == Method::Api) {
            const auto it = choice.purposes.find(p.id);
            granted = it != choice.purposes.end() && it->second;
        }
        r.purposes.emplace(p.id, granted);
    }
    current_ = r;
    return r;
}

Decision Ledger::decision(const Config& config, std::string_view purpose) const {
    const Purpose* p = config.purpose(purpose);
    if (!p) return Decision::Denied;  // unknown purposes are never allowed
    if (p->required) return Decision::Granted;
    if (!current_ || current_->revision != config.revision) return Decision::Unset;
    const auto it = current_->purposes.find(p->id);
    if (it == current_->purposes.end()) return Decision::Unset;
    return it->second ? Decision::Granted : Decision::Denied;
}

bool Ledger::needsPrompt(const Config& config) const {
    for (const auto& p : config.purposes)
        if (decision(config, p.id) == Decision::Unset) return true;
    return false;
}

}  // namespace assent
