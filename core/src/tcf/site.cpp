#include "assent/tcf/site.hpp"

#include <set>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/tcf/choice_json.hpp"
#include "section_reader.hpp"

namespace assent::tcf {
namespace {

using Json = json::Value;

// TCF v2.3 defines purposes 1–11. Purpose 1 (store or access information on
// a device) and 3–6 (personalised advertising and content profiles and
// their selection) are consent only: the TCF Policies forbid legitimate
// interest for them.
constexpr std::int64_t kMaxTcfPurpose = 11;
bool consentOnly(std::int64_t purpose) { return purpose == 1 || (purpose >= 3 && purpose <= 6); }

class Reader : public SectionReader {
public:
    void knownKeys(const Json& obj, const std::string& path, std::string_view place) {
        SectionReader::knownKeys(kTcfConfigObjects, obj, path, place);
    }

    // A whole number in [min, max] at obj.key; false (and a problem if it is
    // there or required) otherwise.
    bool whole(const Json& obj, const std::string& path, const char* key, std::int64_t min, std::int64_t max,
               bool required, std::int64_t& out) {
        const Json* v = obj.find(key);
        if (!v) {
            if (required) problem(join(path, key), "missing");
            return false;
        }
        if (!v->isInteger()) return problem(join(path, key), "must be a whole number"), false;
        if (v->integer() < min || v->integer() > max)
            return problem(join(path, key), "must be between " + decimal(min) + " and " + decimal(max)), false;
        out = v->integer();
        return true;
    }

    // read(item, itemPath) for each object of the array `list` at listPath,
    // with a warning for each unknown key; anything else is a problem.
    template <class Read>
    void eachObject(const Json& list, const std::string& listPath, Read read) {
        if (!list.isArray()) return problem(listPath, "must be an array");
        for (std::size_t i = 0; i < list.items().size(); ++i) {
            const Json& item = list.items()[i];
            const std::string itemPath = at(listPath, i);
            if (!item.isObject()) {
                problem(itemPath, "must be an object");
                continue;
            }
            knownKeys(item, itemPath, listPath + "[]");
            read(item, itemPath);
        }
    }

    // A list of whole numbers in [min, max]; each bad entry is a problem.
    std::vector<std::pair<std::size_t, std::uint16_t>> ids(const Json& obj, const std::string& path, const char* key,
                                                            std::int64_t max, bool required) {
        std::vector<std::pair<std::size_t, std::uint16_t>> out;
        const Json* v = obj.find(key);
        const std::string p = join(path, key);
        if (!v) {
            if (required) problem(p, "missing");
            return out;
        }
        if (!v->isArray()) return problem(p, "must be an array of ids"), out;
        for (std::size_t i = 0; i < v->items().size(); ++i) {
            const Json& id = v->items()[i];
            if (!id.isInteger() || id.integer() < 1 || id.integer() > max)
                problem(at(p, i), "must be a whole number between 1 and " + decimal(max));
            else
                out.push_back({i, static_cast<std::uint16_t>(id.integer())});
        }
        return out;
    }
};

// The GVL's entry for `id` in one of its id-keyed objects ("purposes",
// "vendors"), or nullptr.
const Json* gvlEntry(const Json& gvl, const char* section, std::uint16_t id) {
    const Json* s = gvl.find(section);
    return s && s->isObject() ? s->find(decimal(id)) : nullptr;
}

bool nonEmptyText(const Json& obj, const char* key) {
    const Json* v = obj.find(key);
    return v && v->isString() && !v->string().empty();
}

IdSet idList(const Json& obj, const char* key) {
    IdSet out;
    const Json* v = obj.find(key);
    if (v && v->isArray())
        for (const auto& id : v->items())
            if (id.isInteger() && id.integer() >= 1 && id.integer() <= 65535) out.insert(static_cast<std::uint16_t>(id.integer()));
    return out;
}

void readGvlHeader(Reader& r, const Json& gvl, SiteTcf& site) {
    std::int64_t n = 0;
    // Only a v3 list of TCF v2.3 (policy 5) has what a v2.3 string declares.
    r.whole(gvl, "vendorList", "gvlSpecificationVersion", 3, 3, true, n);
    r.whole(gvl, "vendorList", "tcfPolicyVersion", kTcfPolicyVersion, kTcfPolicyVersion, true, n);
    if (r.whole(gvl, "vendorList", "vendorListVersion", 1, 4095, true, n)) site.vendorListVersion = static_cast<std::uint16_t>(n);
    for (const char* section : {"purposes", "vendors"}) {
        const Json* s = gvl.find(section);
        if (!s || !s->isObject()) r.problem(join("vendorList", section), "missing (the GVL v3 lists them as an object keyed by id)");
    }
}

// The site purpose an item of a mapping names at `path`.purpose, or "" (and
// a problem) when it names none of the config's.
std::string sitePurposeOf(Reader& r, const Json& item, const std::string& path, const std::set<std::string>& known) {
    const Json* purpose = item.find("purpose");
    if (!purpose) r.problem(join(path, "purpose"), "missing");
    else if (!purpose->isString()) r.problem(join(path, "purpose"), "must be a string");
    else if (!known.count(purpose->string()))
        r.problem(join(path, "purpose"), "\"" + purpose->string() + "\" is not one of the config's purposes");
    else return purpose->string();
    return {};
}

// Whether TCF purpose `id` may be mapped at idPath on that basis: never 1
// nor 3-6 on legitimate interest, once in a mapping (mappedAt), and in the
// GVL (whose texts the dialog shows). A problem says why not.
bool mapsTcfPurpose(Reader& r, const Json& gvl, std::uint16_t id, bool legitimateInterest, const std::string& idPath,
                    std::map<std::uint16_t, std::string>& mappedAt) {
    if (legitimateInterest && consentOnly(id)) {
        r.problem(idPath, "TCF purpose " + decimal(id) + " may only be based on consent, never on legitimate interest");
        return false;
    }
    if (auto [it, fresh] = mappedAt.emplace(id, idPath); !fresh) {
        r.problem(idPath, "TCF purpose " + decimal(id) + " is mapped already at " + it->second);
        return false;
    }
    const Json* entry = gvlEntry(gvl, "purposes", id);
    if (!entry || !entry->isObject())
        r.problem(idPath, "TCF purpose " + decimal(id) + " is not in the vendor list");
    else
        for (const char* text : {"name", "description"})
            if (!nonEmptyText(*entry, text))
                r.problem("vendorList.purposes." + decimal(id) + "." + text,
                          "missing: the dialog must show every purpose's " + std::string(text));
    return true;
}

// `section`.purposes (at `path`): the site's purposes mapped to TCF
// purposes, for the vendors (tcf.purposes) or for the publisher itself
// (tcf.publisher.purposes); each site purpose and each TCF purpose once.
void readMapping(Reader& r, const Json& section, const std::string& path, const Json& gvl,
                 const std::set<std::string>& known, bool required, std::vector<PurposeMapping>& out) {
    const std::string listPath = join(path, "purposes");
    const Json* list = section.find("purposes");
    if (!list) {
        if (required) r.problem(listPath, "missing");
        return;
    }
    std::map<std::uint16_t, std::string> mappedAt;  // TCF purpose -> where it was first mapped
    std::map<std::string, std::string> sitePurposeAt;
    r.eachObject(*list, listPath, [&](const Json& item, const std::string& itemPath) {
        PurposeMapping m;
        m.purpose = sitePurposeOf(r, item, itemPath, known);
        if (!m.purpose.empty())
            if (auto [it, fresh] = sitePurposeAt.emplace(m.purpose, join(itemPath, "purpose")); !fresh)
                r.problem(join(itemPath, "purpose"), "\"" + m.purpose + "\" is mapped already at " + it->second);
        for (const char* basis : {"consent", "legitimateInterest"}) {
            const bool li = basis[0] == 'l';
            const std::string basisPath = join(itemPath, basis);
            for (const auto& [k, id] : r.ids(item, itemPath, basis, kMaxTcfPurpose, false))
                if (mapsTcfPurpose(r, gvl, id, li, at(basisPath, k), mappedAt))
                    (li ? m.legitimateInterest : m.consent).insert(id);
        }
        if (m.consent.empty() && m.legitimateInterest.empty())
            r.problem(itemPath, "maps no TCF purpose: give it \"consent\" or \"legitimateInterest\" ids");
        out.push_back(std::move(m));
    });
}

// The PublisherTC segment's 6-bit NumCustomPurposes.
constexpr std::size_t kMaxCustomPurposes = 63;

void readCustomPurposes(Reader& r, const Json& publisher, const std::set<std::string>& known,
                        std::vector<CustomPurpose>& out) {
    const std::string listPath = "tcf.publisher.customPurposes";
    const Json* list = publisher.find("customPurposes");
    if (!list) return;
    if (list->isArray() && list->items().size() > kMaxCustomPurposes)
        r.problem(listPath, "more than 63 custom purposes (the TC string counts them in 6 bits)");
    r.eachObject(*list, listPath, [&](const Json& item, const std::string& itemPath) {
        CustomPurpose c;
        c.purpose = sitePurposeOf(r, item, itemPath, known);
        const Json* basis = item.find("basis");
        if (!basis) r.problem(join(itemPath, "basis"), "missing: \"consent\" or \"legitimateInterest\"");
        else if (!basis->isString() || (basis->string() != "consent" && basis->string() != "legitimateInterest"))
            r.problem(join(itemPath, "basis"), "must be \"consent\" or \"legitimateInterest\"");
        else c.legitimateInterest = basis->string() == "legitimateInterest";
        out.push_back(std::move(c));
    });
}

void readPublisher(Reader& r, const Json& tcf, const Json& gvl, const std::set<std::string>& known, SiteTcf& site) {
    const Json* publisher = tcf.find("publisher");
    if (!publisher) return;
    if (!publisher->isObject()) return r.problem("tcf.publisher", "must be an object");
    r.knownKeys(*publisher, "tcf.publisher", "tcf.publisher");
    auto& p = site.publisher.emplace();
    readMapping(r, *publisher, "tcf.publisher", gvl, known, false, p.purposes);
    readCustomPurposes(r, *publisher, known, p.customPurposes);
}

GvlVendor readGvlVendor(Reader& r, const Json& v, std::uint16_t id) {
    GvlVendor out;
    if (nonEmptyText(v, "name")) out.name = v.find("name")->string();
    else r.problem("vendorList.vendors." + decimal(id) + ".name", "missing: the dialog must name every vendor");
    out.purposes = idList(v, "purposes");
    // A GVL that offers legitimate interest for a consent-only purpose is
    // wrong; the dialog and the string never show it that way.
    for (const auto p : idList(v, "legIntPurposes"))
        if (!consentOnly(p)) out.legIntPurposes.insert(p);
    out.specialFeatures = idList(v, "specialFeatures");
    out.dataCategories = idList(v, "dataDeclaration");
    if (const Json* retention = v.find("dataRetention"); retention && retention->isObject())
        if (const Json* days = retention->find("stdRetention"); days && days->isInteger() && days->integer() >= 0)
            out.retentionDays = days->integer();
    if (const Json* urls = v.find("urls"); urls && urls->isArray())
        for (const auto& u : urls->items())
            if (u.isObject() && nonEmptyText(u, "privacy")) {
                out.privacyUrl = u.find("privacy")->string();
                break;
            }
    return out;
}

void readVendors(Reader& r, const Json& tcf, const Json& gvl, SiteTcf& site) {
    for (const auto& [k, id] : r.ids(tcf, "tcf", "vendors", 65535, true)) {
        const std::string path = at("tcf.vendors", k);
        const Json* v = gvlEntry(gvl, "vendors", id);
        if (!v || !v->isObject()) {
            r.problem(path, "vendor " + decimal(id) + " is not in the vendor list (version " + decimal(site.vendorListVersion) + ")");
            continue;
        }
        if (v->find("deletedDate")) {
            r.problem(path, "vendor " + decimal(id) + " was deleted from the vendor list");
            continue;
        }
        if (site.vendors.count(id)) {
            r.problem(path, "vendor " + decimal(id) + " is listed twice");
            continue;
        }
        site.vendors[id] = readGvlVendor(r, *v, id);
    }
}

// TCF v2.3 defines special features 1 (precise geolocation) and 2 (active
// device scanning); the string has room for 12.
constexpr std::int64_t kMaxSpecialFeature = 12;

void readSpecialFeatures(Reader& r, const Json& tcf, const Json& gvl, SiteTcf& site) {
    for (const auto& [k, id] : r.ids(tcf, "tcf", "specialFeatures", kMaxSpecialFeature, false)) {
        const std::string path = at("tcf.specialFeatures", k);
        const Json* f = gvlEntry(gvl, "specialFeatures", id);
        if (!f || !f->isObject()) {
            r.problem(path, "special feature " + decimal(id) + " is not in the vendor list");
            continue;
        }
        if (!site.specialFeatures.insert(id)) {
            r.problem(path, "special feature " + decimal(id) + " is listed twice");
            continue;
        }
        for (const char* text : {"name", "description"})
            if (!nonEmptyText(*f, text))
                r.problem("vendorList.specialFeatures." + decimal(id) + "." + text,
                          "missing: the dialog must show every special feature's " + std::string(text));
        site.specialFeatureTexts[id] = {nonEmptyText(*f, "name") ? f->find("name")->string() : "",
                                        nonEmptyText(*f, "description") ? f->find("description")->string() : ""};
    }
}

// The names the dialog shows beside each vendor: its purposes and data
// categories; a data category a vendor declares must have one.
void readNames(Reader& r, const Json& gvl, SiteTcf& site) {
    for (const auto& [section, names] : {std::pair<const char*, std::map<std::uint16_t, std::string>*>{"purposes", &site.purposeNames},
                                         {"dataCategories", &site.dataCategoryNames}}) {
        const Json* s = gvl.find(section);
        if (!s || !s->isObject()) continue;
        for (const auto& [key, entry] : s->members()) {
            std::int64_t id = 0;
            for (char c : key) id = c >= '0' && c <= '9' && id < 65536 ? id * 10 + (c - '0') : 65536;
            if (id >= 1 && id <= 65535 && entry.isObject() && nonEmptyText(entry, "name"))
                (*names)[static_cast<std::uint16_t>(id)] = entry.find("name")->string();
        }
    }
    IdSet declared;
    for (const auto& [id, vendor] : site.vendors) declared.insert(vendor.dataCategories.begin(), vendor.dataCategories.end());
    for (const auto c : declared)
        if (!site.dataCategoryNames.count(c))
            r.problem("vendorList.dataCategories." + decimal(c) + ".name", "missing: the dialog must name every data category a vendor declares");
}

bool twoUpperLetters(const std::string& s) {
    return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

}  // namespace

Result<SiteTcf> readSiteTcf(std::string_view configText, std::string_view gvlText, Problems* warnings) {
    const auto config = json::parse(configText);
    if (!config || !config->isObject()) return Problems{{"config", "is not a JSON object"}};
    const Json* tcf = config->find("tcf");
    if (!tcf) return Problems{{"tcf", "missing"}};
    if (!tcf->isObject()) return Problems{{"tcf", "must be an object"}};
    const auto gvl = json::parse(gvlText);
    if (!gvl || !gvl->isObject()) return Problems{{"vendorList", "is not a JSON object (the Global Vendor List, v3)"}};

    Reader r;
    SiteTcf site;
    r.knownKeys(*tcf, "tcf", "tcf");
    // The shell fetches the GVL from this URL itself: here it is only checked.
    const Json* url = tcf->find("vendorList");
    if (!url) r.problem("tcf.vendorList", "missing");
    else if (!url->isString() || url->string().empty()) r.problem("tcf.vendorList", "must be the URL of the site's copy of the GVL");
    std::int64_t n = 0;
    // CMP ids 0 and 1 are not issued by the IAB: a string with them is invalid.
    if (r.whole(*tcf, "tcf", "cmpId", 2, 4095, true, n)) site.cmpId = static_cast<std::uint16_t>(n);
    if (r.whole(*tcf, "tcf", "cmpVersion", 1, 4095, true, n)) site.cmpVersion = static_cast<std::uint16_t>(n);
    if (const Json* c = tcf->find("publisherCountryCode"); !c) r.problem("tcf.publisherCountryCode", "missing");
    else if (!c->isString() || !twoUpperLetters(c->string()))
        r.problem("tcf.publisherCountryCode", "must be two capital letters (ISO 3166-1 alpha-2)");
    else site.publisherCountryCode = c->string();
    if (const Json* f = tcf->find("purposeOneTreatment")) {
        if (!f->isBool()) r.problem("tcf.purposeOneTreatment", "must be true or false");
        else site.purposeOneTreatment = f->boolean();
    }
    readGvlHeader(r, *gvl, site);
    readVendors(r, *tcf, *gvl, site);
    readSpecialFeatures(r, *tcf, *gvl, site);
    const auto known = sitePurposes(*config);
    readMapping(r, *tcf, "tcf", *gvl, known, true, site.purposes);
    readPublisher(r, *tcf, *gvl, known, site);
    readNames(r, *gvl, site);
    if (warnings) *warnings = std::move(r.warnings);
    if (!r.problems.empty()) return r.problems;
    return site;
}

Result<SiteChoice> readSiteChoice(std::string_view recordJson) {
    const auto record = json::parse(recordJson);
    if (!record) return Problems{{"record", "is not JSON"}};
    SiteChoice choice;
    if (record->isNull()) return choice;
    if (!record->isObject()) return Problems{{"record", "must be an object or null"}};
    if (const Json* purposes = record->find("purposes"); purposes && purposes->isObject())
        for (const auto& [id, granted] : purposes->members())
            if (granted.isBool()) choice.purposes[id] = granted.boolean();
    if (const Json* language = record->find("language"); language && language->isString()) choice.language = language->string();
    if (const Json* updated = record->find("updatedMs"); updated && updated->isInteger()) choice.updatedMs = updated->integer();
    if (const Json* tcf = record->find("tcf"); tcf && !tcf->isNull())
        if (auto problem = readTcfChoice(*tcf, "record.tcf", choice.tcf.emplace())) return Problems{*std::move(problem)};
    return choice;
}

namespace {

bool granted(const SiteChoice& choice, const std::string& purpose) {
    const auto it = choice.purposes.find(purpose);
    return it != choice.purposes.end() && it->second;
}

// The TCF purposes of the mappings whose site purpose is granted.
void addGranted(const std::vector<PurposeMapping>& mappings, const SiteChoice& choice, IdSet& consents,
                IdSet& legitimateInterests) {
    for (const auto& mapping : mappings) {
        if (!granted(choice, mapping.purpose)) continue;
        consents.insert(mapping.consent.begin(), mapping.consent.end());
        legitimateInterests.insert(mapping.legitimateInterest.begin(), mapping.legitimateInterest.end());
    }
}

PublisherTc publisherTcFor(const PublisherPurposes& publisher, const SiteChoice& choice) {
    PublisherTc p;
    addGranted(publisher.purposes, choice, p.purposeConsents, p.purposeLegitimateInterests);
    p.numCustomPurposes = static_cast<std::uint8_t>(publisher.customPurposes.size());
    for (std::size_t i = 0; i < publisher.customPurposes.size(); ++i) {
        const CustomPurpose& c = publisher.customPurposes[i];
        if (!granted(choice, c.purpose)) continue;
        (c.legitimateInterest ? p.customPurposeLegitimateInterests : p.customPurposeConsents)
            .insert(static_cast<std::uint16_t>(i + 1));
    }
    return p;
}

}  // namespace

TcModel tcModelFor(const SiteTcf& site, const SiteChoice& choice, std::int64_t nowMs) {
    TcModel m;
    m.createdMs = m.lastUpdatedMs = tcDayMs(choice.updatedMs > 0 ? choice.updatedMs : nowMs);
    m.cmpId = site.cmpId;
    m.cmpVersion = site.cmpVersion;
    m.consentScreen = 1;  // Assent has one prompt: its banner and dialog
    const auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    std::string language;
    if (choice.language.size() >= 2) language = {upper(choice.language[0]), upper(choice.language[1])};
    m.consentLanguage = twoUpperLetters(language) ? language : "EN";
    m.vendorListVersion = site.vendorListVersion;
    m.purposeOneTreatment = site.purposeOneTreatment;
    m.publisherCountryCode = site.publisherCountryCode;
    addGranted(site.purposes, choice, m.purposeConsents, m.purposeLegitimateInterests);
    if (site.publisher) m.publisherTc = publisherTcFor(*site.publisher, choice);
    const auto anyOf = [](const IdSet& wanted, const IdSet& given) {
        for (const auto id : wanted)
            if (given.count(id)) return true;
        return false;
    };
    const TcfChoice* own = choice.tcf ? &*choice.tcf : nullptr;
    for (const auto& [id, vendor] : site.vendors) {
        m.disclosedVendors.insert(id);
        if (anyOf(vendor.purposes, m.purposeConsents) && (!own || own->vendorConsents.count(id))) m.vendorConsents.insert(id);
        if (anyOf(vendor.legIntPurposes, m.purposeLegitimateInterests) && (!own || own->vendorLegitimateInterests.count(id)))
            m.vendorLegitimateInterests.insert(id);
    }
    if (own)
        for (const auto id : own->specialFeatureOptIns)
            if (site.specialFeatures.count(id)) m.specialFeatureOptIns.insert(id);
    return m;
}

namespace {

void writeNames(JsonWriter& w, const char* key, const IdSet& ids, const std::map<std::uint16_t, std::string>& names) {
    w.key(key).beginArray();
    for (const auto id : ids)
        if (const auto it = names.find(id); it != names.end()) w.value(it->second);
    w.endArray();
}

}  // namespace

void writeVendorDialog(JsonWriter& w, const SiteTcf& site, const SiteChoice& choice) {
    const TcfChoice* own = choice.tcf ? &*choice.tcf : nullptr;
    std::map<std::uint16_t, std::string> featureNames;
    for (const auto& [id, texts] : site.specialFeatureTexts) featureNames[id] = texts.first;
    // The dialog's own words. English, as the GVL's names are: the IAB
    // publishes translated lists separately, and Assent reads none yet.
    w.beginObject().key("words").beginObject();
    for (const auto& [key, text] : {std::pair<const char*, const char*>{"vendors", "Vendors"},
                                    {"consent", "Consent"},
                                    {"legitimateInterest", "Legitimate interest (on unless you object)"},
                                    {"details", "What it does"},
                                    {"purposes", "Purposes (consent)"},
                                    {"legitimateInterestPurposes", "Purposes (legitimate interest)"},
                                    {"specialFeatures", "Special features"},
                                    {"retention", "Keeps data for (days)"},
                                    {"dataCategories", "Data it collects"},
                                    {"privacy", "Privacy policy"}})
        w.key(key).value(text);
    w.endObject().key("vendors").beginArray();
    for (const auto& [id, v] : site.vendors) {
        w.beginObject().key("id").value(static_cast<std::int64_t>(id)).key("name").value(v.name);
        writeNames(w, "purposes", v.purposes, site.purposeNames);
        writeNames(w, "legitimateInterestPurposes", v.legIntPurposes, site.purposeNames);
        IdSet offered;  // a special feature the site does not offer is not used here
        for (const auto f : v.specialFeatures)
            if (site.specialFeatures.count(f)) offered.insert(f);
        writeNames(w, "specialFeatures", offered, featureNames);
        w.key("retentionDays").value(v.retentionDays);
        writeNames(w, "dataCategories", v.dataCategories, site.dataCategoryNames);
        w.key("privacyUrl").value(v.privacyUrl);
        w.key("asksConsent").value(!v.purposes.empty());
        w.key("usesLegitimateInterest").value(!v.legIntPurposes.empty());
        w.key("consent").value(own != nullptr && own->vendorConsents.count(id) > 0);
        w.key("legitimateInterest").value(own == nullptr || own->vendorLegitimateInterests.count(id) > 0);
        w.endObject();
    }
    w.endArray().key("specialFeatures").beginArray();
    for (const auto& [id, texts] : site.specialFeatureTexts) {
        w.beginObject().key("id").value(static_cast<std::int64_t>(id)).key("name").value(texts.first);
        w.key("description").value(texts.second);
        w.key("optedIn").value(own != nullptr && own->specialFeatureOptIns.count(id) > 0);
        w.endObject();
    }
    w.endArray().endObject();
}

}  // namespace assent::tcf
