#include "assent/gpp/site.hpp"

#include <set>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "../tcf/section_reader.hpp"

namespace assent::gpp {
namespace {

using Json = json::Value;

using tcf::at;
using tcf::sitePurposes;

class Reader : public tcf::SectionReader {
public:
    std::set<std::string> purposes;  // the config's purpose ids

    void knownKeys(const Json& obj, const std::string& path, std::string_view place) {
        SectionReader::knownKeys(kGppConfigObjects, obj, path, place);
    }

    // A purpose id of the config at obj.key, or "" (absent, or a problem).
    std::string purpose(const Json& obj, const std::string& path) {
        if (!obj.isString()) return problem(path, "must be one of the config's purpose ids"), std::string();
        if (!purposes.count(obj.string())) return problem(path, "\"" + obj.string() + "\" is not one of the config's purposes"), std::string();
        return obj.string();
    }
};

void readSensitive(Reader& r, const Json& list, const std::string& path, UsNatMapping& m) {
    if (!list.isArray()) return r.problem(path, "must be an array of {\"category\", \"purpose\"}");
    for (std::size_t i = 0; i < list.items().size(); ++i) {
        const Json& item = list.items()[i];
        const std::string itemPath = at(path, i);
        if (!item.isObject()) {
            r.problem(itemPath, "must be an object");
            continue;
        }
        r.knownKeys(item, itemPath, "gpp.usnat.sensitiveData[]");
        const Json* category = item.find("category");
        const Json* purpose = item.find("purpose");
        std::int64_t c = 0;
        if (!category) r.problem(itemPath + ".category", "missing");
        else if (!category->isInteger() || category->integer() < 1 || category->integer() > kMaxSensitiveCategory)
            r.problem(itemPath + ".category", "must be between 1 and " + decimal(kMaxSensitiveCategory) + " (usnat version 1's sensitive-data categories)");
        else c = category->integer();
        std::string id;
        if (!purpose) r.problem(itemPath + ".purpose", "missing");
        else id = r.purpose(*purpose, itemPath + ".purpose");
        if (c && m.sensitive.count(static_cast<int>(c)))
            r.problem(itemPath + ".category", "category " + decimal(c) + " is mapped already");
        else if (c && !id.empty())
            m.sensitive[static_cast<int>(c)] = id;
    }
}

UsNatMapping readUsNat(Reader& r, const Json& u) {
    UsNatMapping m;
    r.knownKeys(u, "gpp.usnat", "gpp.usnat");
    const std::pair<const char*, std::string UsNatMapping::*> choices[] = {
        {"saleOptOut", &UsNatMapping::sale},
        {"sharingOptOut", &UsNatMapping::sharing},
        {"targetedAdvertisingOptOut", &UsNatMapping::targetedAdvertising},
        {"personalDataConsents", &UsNatMapping::personalData},
    };
    for (const auto& [key, member] : choices)
        if (const Json* v = u.find(key)) m.*member = r.purpose(*v, std::string("gpp.usnat.") + key);
    if (const Json* s = u.find("sensitiveData")) readSensitive(r, *s, "gpp.usnat.sensitiveData", m);
    if (const Json* covered = u.find("mspaCoveredTransaction")) {
        if (!covered->isBool()) r.problem("gpp.usnat.mspaCoveredTransaction", "must be true or false");
        else m.mspaCovered = covered->boolean();
    }
    const Json* mode = u.find("mspaMode");
    if (mode) {
        if (!mode->isString() || (mode->string() != "optOut" && mode->string() != "serviceProvider"))
            r.problem("gpp.usnat.mspaMode", "must be \"optOut\" or \"serviceProvider\"");
        else m.mspaMode = mode->string() == "optOut" ? MspaMode::OptOut : MspaMode::ServiceProvider;
        if (!m.mspaCovered) r.problem("gpp.usnat.mspaMode", "applies only to an MSPA covered transaction (mspaCoveredTransaction: true)");
    } else if (m.mspaCovered) {
        r.problem("gpp.usnat.mspaMode", "missing: a covered transaction is in \"optOut\" or \"serviceProvider\" mode");
    }
    return m;
}

// 1 granted -> 2, refused or undecided -> 1; as a usnat consent (2 consent)
// or opt-out (1 opted out) value.
std::uint8_t consentValue(const tcf::SiteChoice& choice, const std::string& purpose) {
    const auto it = choice.purposes.find(purpose);
    return it != choice.purposes.end() && it->second ? 2 : 1;
}

}  // namespace

Result<SiteGpp> readSiteGpp(std::string_view configText, Problems* warnings) {
    const auto config = json::parse(configText);
    if (!config || !config->isObject()) return Problems{{"config", "is not a JSON object"}};
    const Json* gpp = config->find("gpp");
    if (!gpp) return Problems{{"gpp", "missing"}};
    if (!gpp->isObject()) return Problems{{"gpp", "must be an object"}};
    Reader r;
    r.purposes = sitePurposes(*config);
    r.knownKeys(*gpp, "gpp", "gpp");
    SiteGpp site;
    const Json* tcf = config->find("tcf");
    if (tcf && tcf->isObject())
        if (const Json* id = tcf->find("cmpId"); id && id->isInteger() && id->integer() >= 2 && id->integer() <= 4095)
            site.cmpId = static_cast<std::uint16_t>(id->integer());
    bool wantsUsNat = false;
    const Json* sections = gpp->find("sections");
    if (!sections) r.problem("gpp.sections", "missing");
    else if (!sections->isArray() || sections->items().empty()) r.problem("gpp.sections", "must be a non-empty array of \"usnat\", \"tcfeuv2\"");
    else
        for (std::size_t i = 0; i < sections->items().size(); ++i) {
            const Json& s = sections->items()[i];
            const std::string path = at("gpp.sections", i);
            const bool isTcf = s.isString() && s.string() == kTcfEuV2Prefix;
            const bool isUsNat = s.isString() && s.string() == kUsNatPrefix;
            if (!isTcf && !isUsNat) {
                r.problem(path, "must be \"usnat\" or \"tcfeuv2\" (the sections Assent writes)");
                continue;
            }
            if ((isTcf && site.tcfEuV2) || (isUsNat && wantsUsNat)) {
                r.problem(path, "\"" + s.string() + "\" is listed twice");
                continue;
            }
            if (isTcf && !(tcf && tcf->isObject())) r.problem(path, "\"tcfeuv2\" carries the TC string: the config needs a \"tcf\" section");
            site.tcfEuV2 = site.tcfEuV2 || isTcf;
            wantsUsNat = wantsUsNat || isUsNat;
        }
    const Json* usnat = gpp->find("usnat");
    if (usnat && !usnat->isObject()) r.problem("gpp.usnat", "must be an object");
    else if (usnat && !wantsUsNat) r.problem("gpp.usnat", "is set, but gpp.sections does not list \"usnat\"");
    else if (wantsUsNat && !usnat) r.problem("gpp.usnat", "missing: gpp.sections lists \"usnat\"");
    else if (usnat) site.usNat = readUsNat(r, *usnat);
    if (warnings) *warnings = std::move(r.warnings);
    if (!r.problems.empty()) return r.problems;
    return site;
}

UsNat usNatFor(const UsNatMapping& m, const tcf::SiteChoice& choice, bool gpc) {
    UsNat u;
    u.version = kUsNatVersion;
    // An opt-out the site offers: its notice is the prompt (1), and the
    // person opted out (1) unless they granted the purpose (2).
    // GPC opts out of all three (C12).
    const auto optOut = [&](const std::string& purpose, std::uint8_t& notice, std::uint8_t& value) {
        if (purpose.empty()) return;  // 0, 0: the site does not do this
        notice = 1;
        value = gpc ? 1 : consentValue(choice, purpose);
    };
    optOut(m.sale, u.saleOptOutNotice, u.saleOptOut);
    optOut(m.sharing, u.sharingOptOutNotice, u.sharingOptOut);
    optOut(m.targetedAdvertising, u.targetedAdvertisingOptOutNotice, u.targetedAdvertisingOptOut);
    // Processing notice: given whenever the site sells, shares or targets.
    if (!m.sale.empty() || !m.sharing.empty() || !m.targetedAdvertising.empty()) u.sharingNotice = 1;
    for (const auto& [category, purpose] : m.sensitive) u.sensitiveDataProcessing[static_cast<std::size_t>(category - 1)] = consentValue(choice, purpose);
    if (!m.sensitive.empty()) u.sensitiveDataProcessingOptOutNotice = u.sensitiveDataLimitUseNotice = 1;
    if (!m.personalData.empty()) u.personalDataConsents = consentValue(choice, m.personalData);
    u.mspaCoveredTransaction = m.mspaCovered ? 1 : 2;
    if (m.mspaCovered) {
        u.mspaOptOutOptionMode = m.mspaMode == MspaMode::OptOut ? 1 : 2;
        u.mspaServiceProviderMode = m.mspaMode == MspaMode::ServiceProvider ? 1 : 2;
    }
    u.gpc = gpc;
    return u;
}

GppString gppFor(const SiteGpp& site, const tcf::SiteChoice& choice, bool gpc, const std::string& tcString) {
    GppString g;
    if (site.tcfEuV2 && !tcString.empty()) g.tcfEuV2 = tcString;
    if (site.usNat) g.usNat = usNatFor(*site.usNat, choice, gpc);
    return g;
}

}  // namespace assent::gpp
