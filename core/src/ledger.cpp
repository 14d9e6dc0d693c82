#include "assent/ledger.hpp"

#include <algorithm>
#include <tuple>

#include "assent/codec.hpp"
#include "assent/json_writer.hpp"
#include "assent/sha256.hpp"

namespace assent {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::int64_t expiry(std::int64_t nowMs, std::int64_t days) { return days > 0 ? nowMs + days * kDayMs : 0; }

bool lapsed(const Grant& g, std::int64_t nowMs) { return g.expiresMs > 0 && nowMs >= g.expiresMs; }

}  // namespace

std::optional<Problem> Ledger::restore(const Config& config, std::string_view stored) {
    timeline_.reset();
    older_.clear();
    current_.reset();
    const auto records = split(stored, '\n', false);
    if (records.empty()) return std::nullopt;
    auto newest = decodeRecord(records.back());
    if (!newest) return newest.problems().front();
    const ConsentRecord& head = newest.value();
    // Version 1 records carried no site; they were only ever written by this origin.
    if (!head.siteHash.empty() && head.siteHash != siteHash(config.siteId))
        return Problem{"stored record", "for another site"};
    for (std::size_t i = 0; i + 1 < records.size(); ++i) {
        if (const auto id = checkedConsentId(records[i])) {
            if (*id == head.consentId) older_.emplace_back(records[i]);
            continue;
        }
        auto migrated = decodeRecord(records[i]);  // an older version: written anew
        if (migrated && migrated.value().consentId == head.consentId) older_.push_back(encodeRecord(migrated.value()));
    }
    current_.reset();
    append(config, std::move(newest).value());
    decidedHere_ = false;
    return std::nullopt;
}

std::string Ledger::encode() const {
    std::string out;
    for (const auto& line : older_) out.append(line).push_back('\n');
    if (current_) out += encodeRecord(*current_);
    else if (!out.empty()) out.pop_back();
    return out;
}

std::string Ledger::encodeCurrent() const { return current_ ? encodeRecord(*current_) : std::string(); }

std::vector<ConsentRecord> Ledger::history() const {
    std::vector<ConsentRecord> out;
    for (const auto& line : older_)
        if (auto r = decodeRecord(line)) out.push_back(std::move(r).value());
    if (current_) out.push_back(*current_);
    return out;
}

// A new record carrying over the current decisions, to be changed by the caller.
ConsentRecord Ledger::next(const Config& config, Method method, Surface surface, std::string_view language,
                           std::int64_t nowMs, IdSource& ids) const {
    // Copied, not assigned: the module carries the maps' and sets' copy
    // constructors anyway, and their copy assignments only for this.
    ConsentRecord r = current() ? *current() : ConsentRecord();
    if (current()) {
        r.services.clear();
    } else {
        r.consentId = ids.next();
        r.createdMs = nowMs;
    }
    r.siteHash = siteHash(config.siteId);
    r.recordId = ids.next();
    r.revision = config.revision;
    r.updatedMs = nowMs < r.createdMs ? r.createdMs : nowMs;
    r.method = method;
    r.surface = surface;
    r.language = language.empty() ? config.defaultLanguage : std::string(language);
    r.textsHash = textsHash(config, r.language);
    // A decision under an older revision is no decision now.
    if (current() && current()->revision != config.revision) {
        r.purposes.clear();
        r.tcf.reset();
    }
    // Vendor choices are written on TCF sites only: a site that has dropped
    // its tcf section (a record from before, or one made by hand) keeps the
    // version 2 form from its next decision on.
    if (!config.tcf) r.tcf.reset();
    r.tcStringHash.clear();  // a new record, a new TC string
    for (const auto& p : config.purposes)
        if (p.required) r.purposes[p.id] = Grant{true, 0};
    return r;
}

// Appends a new decision. On a TCF site every new record says what vendors
// may do: one made without a vendor choice (a permission answer or GPC
// first, a withdrawal after a new revision) grants none; without it the TC
// string would let vendors follow the purposes, as for a record from before
// vendor choices (a restored one keeps what it says).
const ConsentRecord& Ledger::appendDecision(const Config& config, ConsentRecord r) {
    if (config.tcf && !r.tcf) r.tcf = TcfChoice{};
    const ConsentRecord& appended = append(config, std::move(r));
    decidedHere_ = true;
    return appended;
}

// Appends a record, deriving its services; history keeps the first record
// (how it all began) and the newest ones up to the limit.
const ConsentRecord& Ledger::append(const Config& config, ConsentRecord r) {
    for (const auto& s : config.services) {
        const auto it = r.purposes.find(s.purpose);
        r.services[s.id] = it != r.purposes.end() && it->second.granted;
    }
    if (current_) older_.push_back(encodeRecord(*current_));
    current_ = std::move(r);
    const std::size_t limit = (config.historyLimit < 2 ? 2 : config.historyLimit) - 1;
    if (older_.size() > limit) {
        older_.erase(older_.begin() + 1, older_.begin() + static_cast<std::ptrdiff_t>(older_.size() - limit + 1));
        timeline_.reset();  // rebuilt from what is kept
    } else if (timeline_) {
        timeline_->append(*current_);  // one more decision: no need to decode the rest again
    }
    return *current_;
}

namespace {

// A TCF choice names only the config's own vendors and special features.
std::optional<Problem> tcfChoiceProblem(const Config& config, const TcfChoice& t) {
    if (!config.tcf) return Problem{"choice.tcf", "the config has no tcf section"};
    for (const auto& [key, ids, offered, what] :
         {std::tuple{"vendorConsents", &t.vendorConsents, &config.tcf->vendors, "vendor"},
          std::tuple{"vendorLegitimateInterests", &t.vendorLegitimateInterests, &config.tcf->vendors, "vendor"},
          std::tuple{"specialFeatureOptIns", &t.specialFeatureOptIns, &config.tcf->specialFeatures, "special feature"}})
        for (const auto id : *ids)
            if (!offered->count(id))
                return Problem{std::string("choice.tcf.") + key,
                               std::string(what) + " " + decimal(id) + " is not one of the config's (tcf." +
                                   (what[0] == 'v' ? "vendors" : "specialFeatures") + ")"};
    return std::nullopt;
}

// The TCF choices a decision records, as its purposes follow its method.
TcfChoice tcfChoiceFor(const TcfOffer& offer, const Choice& choice, const std::optional<TcfChoice>& before) {
    switch (choice.method) {
        case Method::AcceptAll:
            return {offer.vendors, offer.vendors, offer.specialFeatures};
        case Method::Custom:
        case Method::Api:
            if (choice.tcf) return *choice.tcf;
            if (before) return *before;
            return {{}, offer.vendors, {}};  // nothing ticked; legitimate interest stands until objected to
        default:
            return {};  // reject all, withdraw, gpc, platform: refuse every vendor and special feature
    }
}

}  // namespace

std::optional<Problem> Ledger::attestTcString(std::string_view tcString) {
    if (tcString.empty()) return Problem{"tcString", "empty"};
    if (!current_ || !current_->tcf) return Problem{"tcString", "no record with TCF choices to attest it for"};
    if (!current_->tcStringHash.empty()) return Problem{"tcString", "this record's TC string was attested already"};
    if (!decidedHere_)
        return Problem{"tcString", "a restored record was stored and sent as it is: only a new decision is attested"};
    current_->tcStringHash = sha256Hex(tcString);
    return std::nullopt;
}

Result<ConsentRecord> Ledger::decide(const Config& config, const Choice& choice, std::int64_t nowMs, IdSource& ids) {
    for (const auto& entry : choice.purposes)
        if (!config.purpose(entry.first)) return Problems{{"choice." + entry.first, "unknown purpose \"" + entry.first + "\""}};
    if (choice.tcf)
        if (auto problem = tcfChoiceProblem(config, *choice.tcf)) return Problems{*std::move(problem)};
    if (!choice.language.empty() && !config.texts.count(choice.language))
        return Problems{{"choice.language", "\"" + choice.language + "\" is not a language of the config"}};

    ConsentRecord r = next(config, choice.method, choice.surface, choice.language, nowMs, ids);
    for (const auto& p : config.purposes) {
        if (p.required) continue;
        const auto asked = choice.purposes.find(p.id);
        const auto before = r.purposes.find(p.id);
        bool granted = false;
        switch (choice.method) {
            case Method::AcceptAll:
                // A sensitive purpose needs its own choice, and a GPC signal is
                // not overridden by a blanket "accept all" (C12, C16).
                if (p.sensitive) {
                    if (before != r.purposes.end()) continue;  // keep its own earlier choice
                    granted = false;
                } else {
                    granted = !(choice.gpc && p.saleOrShare);
                }
                break;
            case Method::Api:
                // A partial update: what it does not name keeps its decision,
                // or stays undecided (the prompt still asks for it).
                if (asked == choice.purposes.end()) continue;
                granted = asked->second;
                break;
            case Method::Custom:
                granted = asked != choice.purposes.end() && asked->second;
                break;
            default:
                granted = false;  // reject all, withdraw, gpc, platform: refuse
        }
        r.purposes[p.id] = Grant{granted, expiry(nowMs, p.expiresAfterDays)};
    }
    if (config.tcf) r.tcf = tcfChoiceFor(*config.tcf, choice, r.tcf);
    return appendDecision(config, std::move(r));
}

Result<ConsentRecord> Ledger::withdraw(const Config& config, std::string_view purpose, Surface surface,
                                       std::int64_t nowMs, IdSource& ids) {
    const Purpose* one = nullptr;
    if (!purpose.empty()) {
        one = config.purpose(purpose);
        if (!one) return Problems{{"withdraw", "unknown purpose \"" + std::string(purpose) + "\""}};
        if (one->required) return Problems{{"withdraw", "\"" + one->id + "\" is required and cannot be withdrawn"}};
    }
    const std::string language = current() ? current()->language : std::string();
    ConsentRecord r = next(config, Method::Withdraw, surface, config.texts.count(language) ? language : "", nowMs, ids);
    for (const auto& p : config.purposes)
        if (!p.required && (!one || one == &p)) r.purposes[p.id] = Grant{false, expiry(nowMs, p.expiresAfterDays)};
    if (!one) {
        for (const auto& p : config.permissions) r.permissions[p.capability] = Grant{false, expiry(nowMs, p.expiresAfterDays)};
        if (config.tcf) r.tcf = TcfChoice{};  // every vendor and special feature too
    }
    return appendDecision(config, std::move(r));
}

std::optional<ConsentRecord> Ledger::honourGpc(const Config& config, std::int64_t nowMs, IdSource& ids) {
    bool changes = false;
    for (const auto& p : config.purposes)
        changes = changes || (p.saleOrShare && decision(config, p.id, nowMs) != Decision::Denied);
    if (!changes) return std::nullopt;
    ConsentRecord r = next(config, Method::Gpc, Surface::Api, current() ? current()->language : "", nowMs, ids);
    if (!config.texts.count(r.language)) r.language = config.defaultLanguage;
    for (const auto& p : config.purposes)
        if (p.saleOrShare) r.purposes[p.id] = Grant{false, expiry(nowMs, p.expiresAfterDays)};
    return appendDecision(config, std::move(r));
}

Result<ConsentRecord> Ledger::decidePermission(const Config& config, std::string_view capability, bool granted,
                                               Method method, Surface surface, std::string_view shown,
                                               std::int64_t nowMs, IdSource& ids) {
    const Permission* p = config.permission(capability);
    if (!p) return Problems{{"permission", "unknown capability \"" + std::string(capability) + "\""}};
    if (!shown.empty() && !config.texts.count(std::string(shown)))
        return Problems{{"permission.language", "\"" + std::string(shown) + "\" is not a language of the config"}};
    const std::string language = !shown.empty() ? std::string(shown) : current() ? current()->language : std::string();
    ConsentRecord r = next(config, method, surface, config.texts.count(language) ? language : "", nowMs, ids);
    r.permissions[p->capability] = Grant{granted, expiry(nowMs, p->expiresAfterDays)};
    return appendDecision(config, std::move(r));
}

Decision Ledger::decision(const Config& config, std::string_view purpose, std::int64_t nowMs) const {
    return decisionIn(config, current(), purpose, nowMs);
}

// A full history may have lost records between its first and second (append
// keeps the first and the newest): what was in force before the second is
// then unknown, and an event captured then is never judged granted.
const Timeline& Ledger::timeline(const Config& config) const {
    if (!timeline_) {
        auto records = history();
        const bool full = records.size() >= std::max<std::size_t>(2, config.historyLimit);
        const std::int64_t knownAfter =
            full ? std::max(records[0].updatedMs, records[1].updatedMs) : Timeline::kKnownAlways;
        timeline_.emplace(std::move(records), knownAfter);
    }
    return *timeline_;
}

Decision Ledger::permission(const Config& config, std::string_view capability, std::int64_t nowMs) const {
    const auto* r = current();
    if (!config.permission(capability)) return Decision::Denied;
    if (!r) return Decision::Unset;
    const auto it = r->permissions.find(std::string(capability));
    if (it == r->permissions.end() || lapsed(it->second, nowMs)) return Decision::Unset;
    return it->second.granted ? Decision::Granted : Decision::Denied;
}

PromptNeed Ledger::promptNeed(const Config& config, std::int64_t nowMs) const {
    PromptNeed need;
    const auto* r = current();
    if (!r) {
        need.noRecord = true;
        return need;
    }
    if (r->revision != config.revision) {
        need.newRevision = true;
        return need;
    }
    for (const auto& p : config.purposes) {
        if (p.required) continue;
        const auto it = r->purposes.find(p.id);
        if (it == r->purposes.end()) need.newPurposes.push_back(p.id);
        else if (lapsed(it->second, nowMs)) need.expired.push_back(p.id);
    }
    return need;
}

std::string Ledger::exportJson(const Config& config) const {
    JsonWriter w;
    w.beginObject()
        .key("siteId").value(config.siteId)
        .key("consentId").value(current() ? current()->consentId : std::string())
        .key("records").beginArray();
    for (const auto& r : history()) writeRecord(w, r, RecordDetail::Proof);
    w.endArray().endObject();
    return w.str();
}

namespace {

// What a service stores, added to what is to be cleared. push_back, not a
// range insert: the module already carries push_back for strings, and the
// range insert was a 593-byte function of its own.
void addStored(Erasure& e, const Service& s) {
    for (const auto& cookie : s.cookies) e.cookies.push_back(cookie);
    for (const auto& key : s.storageKeys) e.storageKeys.push_back(key);
}

}  // namespace

Erasure Ledger::erase(const Config& config) {
    timeline_.reset();
    older_.clear();
    current_.reset();
    Erasure e;
    for (const auto& s : config.services) {
        if (const Purpose* p = config.purpose(s.purpose); p && p->required) continue;  // the site still needs these
        addStored(e, s);
    }
    return e;
}

Erasure storageToClear(const Config& config, const Ledger& ledger, std::int64_t nowMs) {
    Erasure e;
    for (const auto& s : config.services)
        if (ledger.decision(config, s.purpose, nowMs) != Decision::Granted) addStored(e, s);
    return e;
}

}  // namespace assent
