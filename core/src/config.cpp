#include "assent/config.hpp"

#include <algorithm>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/sha256.hpp"

namespace assent {
namespace {

using Json = json::Value;

// How many single-character edits (insert, delete, replace, swap two
// neighbours) turn a into b, case aside; counting stops past `limit`. Keys
// are short: anything longer than kMaxKey is no slip of any known key.
constexpr std::size_t kMaxKey = 40;
[[gnu::noinline]] std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (a.size() > kMaxKey || b.size() > kMaxKey) return limit + 1;
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::size_t rows[3][kMaxKey + 1];  // row i of the table is rows[i % 3]
    for (std::size_t j = 0; j <= b.size(); ++j) rows[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t* row = rows[i % 3];
        const std::size_t* prev = rows[(i + 2) % 3];
        const std::size_t* before = rows[(i + 1) % 3];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
    }
    return rows[a.size() % 3][b.size()];
}

// The known key (of a ConfigObject's keys) an unknown one most likely meant
// (expireAfterDays -> expiresAfterDays), or "": at most 2 edits, and fewer than a third of
// the key's length, so that short keys are not matched to anything.
[[gnu::noinline]] std::string_view nearestKey(std::string_view key, std::string_view known) {
    if (key.empty()) return {};
    std::string_view best;
    std::size_t bestDistance = std::min<std::size_t>(2, (key.size() - 1) / 3);
    for (std::size_t from = 0; from < known.size();) {
        const auto end = std::min(known.find(' ', from), known.size());
        const std::string_view k = known.substr(from, end - from);
        const std::size_t d = editDistance(key, k, bestDistance);
        if (d <= bestDistance && (best.empty() || d < bestDistance)) best = k, bestDistance = d;
        from = end + 1;
    }
    return best;
}

// Walks the config, collecting every problem with its path instead of
// stopping at the first, so a site owner fixes them all in one go.
class Reader {
public:
    Problems problems;
    Problems warnings;
    // Set when a purpose entry could not be read (not an object, an id that
    // is not a valid id): a reference to a purpose the config does not list
    // may then name that very entry, so it is not reported again elsewhere.
    // One mistake gives one error; the rest show once it is fixed.
    bool purposesBroken = false;
    // The root's path, "". The places below pass named strings, not literals:
    // each literal path was a std::string made and destroyed at its call site.
    const std::string top;

    // A purpose id that is certainly not in the config.
    bool unknownPurpose(const Config& c, const std::string& id) const { return !purposesBroken && !c.purpose(id); }

    void problem(const std::string& path, std::string reason) { problems.push_back({path, std::move(reason)}); }
    // Most reasons, and many paths, are literals: these make their strings
    // here, once, rather than a std::string and its destructor at each of
    // the reader's 58 call sites.
    [[gnu::noinline]] void problem(const std::string& path, const char* reason) { problem(path, std::string(reason)); }
    [[gnu::noinline]] void problem(const char* path, const char* reason) { problem(std::string(path), reason); }

    // Keys the object's place does not list are warnings: a typo should be
    // visible, but a config written for a newer Assent should still load.
    void knownKeys(const Json& obj, const std::string& path, std::string_view place) {
        const ConfigObject* shape = nullptr;
        for (const auto& o : kConfigObjects)
            if (o.place == place) shape = &o;
        for (const auto& item : obj.members()) {
            if (shape->holds(item.first)) continue;
            const std::string_view near = nearestKey(item.first, shape->keys);
            warnings.push_back({join(path, item.first), near.empty() ? std::string("unknown key, ignored")
                                                                     : "unknown key, ignored; did you mean \"" +
                                                                           std::string(near) + "\"?"});
        }
    }

    const Json* member(const Json& obj, const std::string& path, const char* key, bool required) {
        const Json* found = obj.find(key);
        if (!found && required) problem(join(path, key), "missing");
        return found;
    }

    bool text(const Json& obj, const std::string& path, const char* key, std::string& out, bool required = true) {
        const Json* v = member(obj, path, key, required);
        if (!v) return false;
        if (!v->isString()) return problem(join(path, key), "must be a string"), false;
        out = v->string();
        return true;
    }

    void flag(const Json& obj, const std::string& path, const char* key, bool& out) {
        const Json* v = member(obj, path, key, false);
        if (!v) return;
        if (!v->isBool()) return problem(join(path, key), "must be true or false");
        out = v->boolean();
    }

    // One body for every integer type of the config, so the module carries it once.
    template <class Int>
    void integer(const Json& obj, const std::string& path, const char* key, Int& out, std::int64_t min,
                 std::int64_t max, bool required = false) {
        std::int64_t n = 0;
        if (wholeIn(obj, path, key, min, max, required, n)) out = static_cast<Int>(n);
    }

    [[gnu::noinline]] bool wholeIn(const Json& obj, const std::string& path, const char* key, std::int64_t min,
                                   std::int64_t max, bool required, std::int64_t& out) {
        const Json* v = member(obj, path, key, required);
        if (!v) return false;
        if (!v->isInteger()) return problem(join(path, key), "must be a whole number"), false;
        out = v->integer();
        if (out >= min && out <= max) return true;
        problem(join(path, key), "must be between " + decimal(min) + " and " + decimal(max));
        return false;
    }

    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    static std::string at(const std::string& path, std::size_t i) { return path + "[" + decimal(i) + "]"; }
};

void readLegalBasis(Reader& r, const Json& item, const std::string& path, Purpose& p) {
    p.legalBasis = p.required ? LegalBasis::Necessary : LegalBasis::Consent;
    std::string basis;
    if (!r.text(item, path, "legalBasis", basis, false)) return;
    if (basis == "consent") p.legalBasis = LegalBasis::Consent;
    else if (basis == "legitimate_interest") p.legalBasis = LegalBasis::LegitimateInterest;
    else if (basis == "necessary") p.legalBasis = LegalBasis::Necessary;
    else return r.problem(path + ".legalBasis", "must be consent, legitimate_interest or necessary");
    if ((p.legalBasis == LegalBasis::Necessary) != p.required)
        r.problem(path + ".legalBasis", "necessary goes with required: true, and only with it");
}

// Whether `id` is new to `seen` (which then holds it). A list, not a
// std::set: config lists are short, and the set's tree code cost the WASM
// module more than the lookups are worth.
bool firstTime(std::vector<std::string>& seen, const std::string& id) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) return false;
    seen.push_back(id);
    return true;
}

void readPurposes(Reader& r, const Json& root, Config& c) {
    const Json* list = r.member(root, r.top, "purposes", true);
    if (!list) return;
    if (!list->isArray() || list->size() == 0) {
        r.purposesBroken = true;
        return r.problem("purposes", "must be a non-empty list");
    }
    // The tracker keeps an event's purpose as a 16-bit index; a site needs a
    // handful of purposes, so a thousand is no limit on a real one.
    if (list->size() > kMaxPurposes) {
        r.purposesBroken = true;
        return r.problem("purposes", "at most 1000 purposes");
    }
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto path = Reader::at("purposes", i);
        const Json& item = list->items()[i];
        if (!item.isObject()) {
            r.purposesBroken = true;
            r.problem(path, "must be an object");
            continue;
        }
        r.knownKeys(item, path, "purposes[]");
        Purpose p;
        if (!r.text(item, path, "id", p.id)) {
            r.purposesBroken = true;
        } else if (!isPurposeId(p.id)) {
            r.purposesBroken = true;
            r.problem(path + ".id", "\"" + p.id + "\" must be 1-32 of a-z, 0-9, _ and -");
        } else if (!firstTime(seen, p.id)) {
            r.problem(path + ".id", "duplicate \"" + p.id + "\"");
        }
        r.flag(item, path, "required", p.required);
        r.flag(item, path, "default", p.byDefault);
        r.flag(item, path, "saleOrShare", p.saleOrShare);
        r.flag(item, path, "sensitive", p.sensitive);
        r.integer(item, path, "expiresAfterDays", p.expiresAfterDays, 0, 3650);
        readLegalBasis(r, item, path, p);
        if (p.byDefault && !p.required)
            r.problem(path + ".default", "only a required purpose may be on by default");
        if (p.required && (p.sensitive || p.saleOrShare))
            r.problem(path + ".required", "a sensitive or sale/share purpose cannot be required");
        c.purposes.push_back(std::move(p));
    }
}

void readNames(Reader& r, const Json& item, const std::string& path, const char* key,
               std::vector<std::string>& out) {
    const Json* list = r.member(item, path, key, false);
    if (!list) return;
    if (!list->isArray()) return r.problem(Reader::join(path, key), "must be a list of names");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json& name = list->items()[i];
        if (!name.isString() || name.string().empty() || name.string() == "*")
            r.problem(Reader::at(Reader::join(path, key), i), "must be a name, or a prefix ending in *");
        else out.push_back(name.string());
    }
}

// Each object of the root's list `key` (its objects are `place` in
// kConfigObjects) to read(item, path); an item that is not an object is a
// problem at its path.
template <class Read>
void readObjects(Reader& r, const Json& root, const char* key, std::string_view place, Read read) {
    const Json* list = r.member(root, r.top, key, false);
    if (!list) return;
    if (!list->isArray()) return r.problem(key, "must be a list");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto path = Reader::at(key, i);
        const Json& item = list->items()[i];
        if (!item.isObject()) {
            r.problem(path, "must be an object");
            continue;
        }
        r.knownKeys(item, path, place);
        read(item, path);
    }
}

// The item's `key`: an id that `valid` accepts (else `invalid` says what it
// must be) and that no earlier item of its list has (`seen`).
void readId(Reader& r, const Json& item, const std::string& path, const char* key, bool (*valid)(std::string_view),
            const char* invalid, std::vector<std::string>& seen, std::string& out) {
    if (!r.text(item, path, key, out)) return;
    if (!valid(out)) r.problem(Reader::join(path, key), "\"" + out + "\" " + invalid);
    else if (!firstTime(seen, out)) r.problem(Reader::join(path, key), "duplicate \"" + out + "\"");
}

// The item's purpose, which must be one of the config's.
void readPurposeOf(Reader& r, const Json& item, const std::string& path, const Config& c, std::string& out) {
    if (r.text(item, path, "purpose", out) && r.unknownPurpose(c, out))
        r.problem(path + ".purpose", "unknown purpose \"" + out + "\"");
}

void readServices(Reader& r, const Json& root, Config& c) {
    std::vector<std::string> seen;
    readObjects(r, root, "services", "services[]", [&](const Json& item, const std::string& path) {
        Service s;
        readId(r, item, path, "id", isPurposeId, "must be 1-32 of a-z, 0-9, _ and -", seen, s.id);
        readPurposeOf(r, item, path, c, s.purpose);
        readNames(r, item, path, "cookies", s.cookies);
        readNames(r, item, path, "storageKeys", s.storageKeys);
        readNames(r, item, path, "scripts", s.scripts);
        c.services.push_back(std::move(s));
    });
}

void readPermissions(Reader& r, const Json& root, Config& c) {
    std::vector<std::string> seen;
    readObjects(r, root, "permissions", "permissions[]", [&](const Json& item, const std::string& path) {
        Permission p;
        readId(r, item, path, "capability", isCapability, "is not a capability name", seen, p.capability);
        readPurposeOf(r, item, path, c, p.purpose);
        r.integer(item, path, "expiresAfterDays", p.expiresAfterDays, 0, 3650);
        r.integer(item, path, "askAgainAfterMinutes", p.askAgainAfterMinutes, 0, 525600);
        c.permissions.push_back(std::move(p));
    });
}

bool isSafeUrl(const std::string& url) {
    if (isHttpLink(url)) return url.size() > 8;
    return url.size() > 0 && url[0] == '/' && (url.size() == 1 || url[1] != '/');
}

void readLinks(Reader& r, const Json& item, const std::string& path, Texts& t) {
    const Json* list = r.member(item, path, "links", false);
    if (!list) return;
    if (!list->isArray()) return r.problem(path + ".links", "must be a list");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto lpath = Reader::at(path + ".links", i);
        if (!list->items()[i].isObject()) {
            r.problem(lpath, "must be an object");
            continue;
        }
        r.knownKeys(list->items()[i], lpath, "texts.*.links[]");
        Link link;
        r.text(list->items()[i], lpath, "label", link.label);
        if (r.text(list->items()[i], lpath, "url", link.url) && !isSafeUrl(link.url))
            r.problem(lpath + ".url", "must start with https://, http:// or /");
        t.links.push_back(std::move(link));
    }
}

// What a permission's deny button must not say: the words of a
// postponement, the core's own "not now" among them (prompt.cpp). Pressing
// deny records a refusal (C16), which "Not now" does not say.
constexpr const char* kLaterWords[] = {"not now", "later", "maybe later", "not yet", "ask me later",
                                       "\u7a0d\u540e", "\u7a0d\u540e\u518d\u8bf4", "\u4ee5\u540e\u518d\u8bf4",
                                       "\u4ee5\u540e", "\u4e0b\u6b21\u518d\u8bf4", "\u6682\u4e0d"};

// The words in ASCII lower case, without the spaces, full stops and
// exclamation marks around them. Copies, as the smallest of three shapes
// measured (assent.wasm 108,666 / 43,702 bytes raw / brotli without the
// check): copies +831 / +371; comparing string_views in place, inlined
// +928 / +459, or not inlined and with a shared warning() +972 / +392.
std::string plainWords(std::string_view s) {
    const auto first = s.find_first_not_of(" .!");
    std::string plain(first == std::string_view::npos ? std::string_view() : s.substr(first, s.find_last_not_of(" .!") + 1 - first));
    for (auto& ch : plain)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return plain;
}

bool readsLikeLater(const PermissionText& words) {
    const std::string deny = plainWords(words.deny);
    if (!words.later.empty() && deny == plainWords(words.later)) return true;
    for (const char* later : kLaterWords)
        if (deny == later) return true;
    return false;
}

void readPermissionTexts(Reader& r, const Json& item, const std::string& path, const Config& c, Texts& t) {
    if (c.permissions.empty()) return;
    const Json* all = r.member(item, path, "permissions", true);
    if (!all) return;
    if (!all->isObject()) return r.problem(path + ".permissions", "must be an object");
    for (const auto& p : c.permissions) {
        const auto ppath = path + ".permissions." + p.capability;
        const Json* it = all->find(p.capability);
        if (!it || !it->isObject()) {
            r.problem(ppath, !it ? "missing" : "must be an object");
            continue;
        }
        r.knownKeys(*it, ppath, "texts.*.permissions.*");
        PermissionText pt;
        r.text(*it, ppath, "title", pt.title);
        r.text(*it, ppath, "body", pt.body);
        r.text(*it, ppath, "allow", pt.allow);
        r.text(*it, ppath, "deny", pt.deny);
        r.text(*it, ppath, "next", pt.next);
        r.text(*it, ppath, "blocked", pt.blocked);
        r.text(*it, ppath, "later", pt.later, false);
        r.text(*it, ppath, "retry", pt.retry, false);
        r.text(*it, ppath, "failed", pt.failed, false);
        if (readsLikeLater(pt))
            r.warnings.push_back({ppath + ".deny", "reads like \"not now\", but pressing it records a refusal: word it as "
                                                   "one (\"Don't allow\"); \"not now\" is the later button"});
        t.permissions.emplace(p.capability, std::move(pt));
    }
}

// The two buttons of an embed's placeholder; a language without them offers
// only the preferences (prompt.hpp).
void readPlaceholderTexts(Reader& r, const Json& item, const std::string& path, Texts& t) {
    const Json* words = r.member(item, path, "placeholder", false);
    if (!words) return;
    const auto ppath = path + ".placeholder";
    if (!words->isObject()) return r.problem(ppath, "must be an object");
    r.knownKeys(*words, ppath, "texts.*.placeholder");
    PlaceholderText pt;
    const bool both = r.text(*words, ppath, "loadOnce", pt.loadOnce) & r.text(*words, ppath, "allow", pt.allow);
    if (both) t.placeholder = std::move(pt);
}

void readMyDataTexts(Reader& r, const Json& item, const std::string& path, Texts& t) {
    const Json* words = r.member(item, path, "myData", false);
    if (!words) return;
    const auto mpath = path + ".myData";
    if (!words->isObject()) return r.problem(mpath, "must be an object");
    r.knownKeys(*words, mpath, "texts.*.myData");
    for (const auto& word : kMyDataWords) r.text(*words, mpath, word.key, t.myData.*word.field, false);
}

void readTexts(Reader& r, const Json& root, Config& c) {
    const Json* all = r.member(root, r.top, "texts", true);
    if (!all) return;
    if (!all->isObject() || all->size() == 0) return r.problem("texts", "must be an object with one entry per language");
    for (const auto& [lang, item] : all->members()) {
        const auto path = "texts." + lang;
        if (!isLanguageTag(lang)) r.problem(path, "\"" + lang + "\" is not a language tag");
        if (!item.isObject()) {
            r.problem(path, "must be an object");
            continue;
        }
        r.knownKeys(item, path, "texts.*");
        Texts t;
        r.text(item, path, "title", t.title);
        r.text(item, path, "body", t.body);
        r.text(item, path, "acceptAll", t.acceptAll);
        r.text(item, path, "rejectAll", t.rejectAll);
        r.text(item, path, "customise", t.customise);
        r.text(item, path, "save", t.save);
        if (!r.text(item, path, "preferencesTitle", t.preferencesTitle, false)) t.preferencesTitle = t.title;
        r.text(item, path, "close", t.close, false);
        readLinks(r, item, path, t);
        readPermissionTexts(r, item, path, c, t);
        readPlaceholderTexts(r, item, path, t);
        readMyDataTexts(r, item, path, t);
        const Json* purposes = r.member(item, path, "purposes", true);
        if (purposes && !purposes->isObject()) r.problem(path + ".purposes", "must be an object");
        // Every purpose needs words in every language: consent must be informed.
        for (const auto& p : c.purposes) {
            if (!purposes || !purposes->isObject() || !isPurposeId(p.id)) continue;  // reported at its id
            const auto ppath = path + ".purposes." + p.id;
            const Json* it = purposes->find(p.id);
            if (!it) {
                r.problem(ppath, "missing");
                continue;
            }
            if (!it->isObject()) {
                r.problem(ppath, "must be an object");
                continue;
            }
            r.knownKeys(*it, ppath, "texts.*.purposes.*");
            PurposeText pt;
            r.text(*it, ppath, "name", pt.name);
            r.text(*it, ppath, "description", pt.description);
            t.purposes.emplace(p.id, std::move(pt));
        }
        if (purposes && purposes->isObject()) {
            for (const auto& entry : purposes->members())
                if (r.unknownPurpose(c, entry.first))
                    r.problem(path + ".purposes." + entry.first, "unknown purpose \"" + entry.first + "\"");
        }
        c.texts.emplace(lang, std::move(t));
    }
}

// A list of purpose ids (or one id), each of them known.
void readPurposeList(Reader& r, const Json& obj, const std::string& base, const char* key, const Config& c,
                     std::vector<std::string>& out) {
    const Json* v = r.member(obj, base, key, false);
    if (!v) return;
    const auto path = Reader::join(base, key);
    if (!v->isString() && !v->isArray()) return r.problem(path, "must be a purpose id or a list of them");
    // One id is read as a list of itself, in place: copying it into a list
    // was the module's only copy of a JSON value (json::Value's copy
    // constructor and its vectors' cost about 400 bytes).
    const Json* first = v->isString() ? v : v->items().data();
    const Json* last = v->isString() ? v + 1 : first + v->items().size();
    for (const Json* id = first; id != last; ++id) {
        if (!id->isString()) r.problem(path, "must list purpose ids, not " + std::string(json::describe(*id)));
        else if (r.unknownPurpose(c, id->string())) r.problem(path, "unknown purpose \"" + id->string() + "\"");
        else out.push_back(id->string());
    }
}

void readTrackerProperties(Reader& r, const Json& tracker, Config& c) {
    const Json* props = r.member(tracker, "tracker", "properties", false);
    if (!props) return;
    if (!props->isObject()) return r.problem("tracker.properties", "must be an object of purpose to property names");
    for (const auto& [purpose, names] : props->members()) {
        const auto path = "tracker.properties." + purpose;
        if (r.unknownPurpose(c, purpose)) r.problem(path, "unknown purpose \"" + purpose + "\"");
        if (!names.isArray()) {
            r.problem(path, "must be a list of property names");
            continue;
        }
        auto& allowed = c.tracker.properties[purpose];
        for (const auto& name : names.items()) {
            if (!name.isString() || name.string().empty()) r.problem(path, "property names must be text");
            else allowed.push_back(name.string());
        }
    }
}

void readMasking(Reader& r, const Json& tracker, Config& c) {
    const Json* m = r.member(tracker, "tracker", "masking", false);
    if (!m) return;
    if (!m->isObject()) return r.problem("tracker.masking", "must be an object");
    const std::string path = "tracker.masking";
    r.knownKeys(*m, path, "tracker.masking");
    auto& rules = c.tracker.masking;
    r.flag(*m, path, "phone", rules.phone);
    r.flag(*m, path, "email", rules.email);
    r.flag(*m, path, "idNumber", rules.idNumber);
    r.flag(*m, path, "bankCard", rules.bankCard);
    const Json* params = r.member(*m, path, "urlParams", false);
    if (!params) return;
    if (!params->isArray()) return r.problem("tracker.masking.urlParams", "must be a list of parameter names");
    rules.urlParams.clear();
    for (const auto& p : params->items()) {
        if (!p.isString() || p.string().empty()) r.problem("tracker.masking.urlParams", "names must be text");
        else rules.urlParams.push_back(p.string());
    }
}

void readTracker(Reader& r, const Json& root, Config& c) {
    const Json* tracker = r.member(root, r.top, "tracker", false);
    if (!tracker) return;
    if (!tracker->isObject()) return r.problem("tracker", "must be an object");
    const std::string path = "tracker";
    r.knownKeys(*tracker, path, "tracker");
    auto& t = c.tracker;
    r.text(*tracker, path, "collectorUrl", t.collectorUrl, false);
    r.integer(*tracker, path, "holdLimit", t.holdLimit, 0, 10000);
    std::int64_t ttlMinutes = t.holdTtlMs / 60000;
    r.integer(*tracker, path, "holdTtlMinutes", ttlMinutes, 0, 24 * 60);
    t.holdTtlMs = ttlMinutes * 60000;
    r.integer(*tracker, path, "batchMaxEvents", t.batchMaxEvents, 1, 1000);
    r.integer(*tracker, path, "batchMaxBytes", t.batchMaxBytes, 4096, 1 << 20);
    r.integer(*tracker, path, "flushIntervalMs", t.flushIntervalMs, 100, 600000);
    std::int64_t sessionMinutes = t.sessionTimeoutMs / 60000;
    r.integer(*tracker, path, "sessionTimeoutMinutes", sessionMinutes, 1, 24 * 60);
    t.sessionTimeoutMs = sessionMinutes * 60000;
    r.integer(*tracker, path, "pendingLimit", t.pendingLimit, 0, 10000);
    r.flag(*tracker, path, "excludeBots", t.excludeBots);
    readTrackerProperties(r, *tracker, c);
    readMasking(r, *tracker, c);
    readPurposeList(r, *tracker, path, "identifiers", c, t.identifierPurposes);
    const Json* events = r.member(*tracker, path, "events", false);
    if (!events) return;
    if (!events->isObject()) return r.problem("tracker.events", "must be an object of event name to purpose");
    for (const auto& [name, purpose] : events->members()) {
        const auto epath = "tracker.events." + name;
        if (name.empty() || name.size() > 64) r.problem(epath, "event names must be 1-64 characters");
        if (!purpose.isString()) {
            r.problem(epath, "must be a purpose id");
            continue;
        }
        const auto id = purpose.string();
        if (r.unknownPurpose(c, id)) r.problem(epath, "unknown purpose \"" + id + "\"");
        t.eventPurpose.emplace(name, id);
    }
}

// One of `names` (kLayouts, kLaunchers, kThemes) at the root's `key`, kept as its
// index. Anything else, a string or not, gets the one message that lists
// them (`mustBe`), which is what a site owner needs to fix it.
template <std::size_t N>
void readOneOf(Reader& r, const Json& root, const char* key, const char* const (&names)[N], std::uint8_t& out,
               const char* mustBe) {
    const Json* v = r.member(root, r.top, key, false);
    if (!v) return;
    for (std::uint8_t i = 0; i < N; ++i)
        if (v->isString() && v->string() == names[i]) return void(out = i);
    r.problem(key, mustBe);  // a key of the root is its own path
}

// The ids of `tcf.vendors` and `tcf.specialFeatures`; whatever else is
// wrong with the section, the TCF module reports it with its path (and a
// page then has no TCF API), so nothing is checked twice here.
void readTcfOffer(const Json& root, Config& c) {
    const Json* tcf = root.find("tcf");
    if (!tcf || !tcf->isObject()) return;
    auto& offer = c.tcf.emplace();
    for (const auto& [key, ids] : {std::pair<const char*, IdSet*>{"vendors", &offer.vendors},
                                   {"specialFeatures", &offer.specialFeatures}})
        if (const Json* list = tcf->find(key); list && list->isArray())
            for (const auto& id : list->items())
                if (id.isInteger() && id.integer() >= 1 && id.integer() <= 65535) ids->insert(static_cast<std::uint16_t>(id.integer()));
}

void readConsentMode(Reader& r, const Json& root, Config& c) {
    const Json* mode = r.member(root, r.top, "consentMode", false);
    if (!mode) return;
    if (!mode->isObject()) return r.problem("consentMode", "must be an object");
    const std::string path = "consentMode";
    r.knownKeys(*mode, path, "consentMode");
    auto& m = c.consentMode;
    r.flag(*mode, path, "enabled", m.enabled);
    r.integer(*mode, path, "waitForUpdateMs", m.waitForUpdateMs, 0, 10000);
    const Json* signals = r.member(*mode, path, "signals", m.enabled);
    if (!signals) return;
    if (!signals->isObject()) return r.problem("consentMode.signals", "must be an object of signal to purpose ids");
    for (const auto& entry : signals->members()) {
        const auto& signal = entry.first;
        if (!isConsentModeSignal(signal)) {
            r.problem("consentMode.signals." + signal, "unknown Consent Mode signal");
            continue;
        }
        readPurposeList(r, *signals, "consentMode.signals", signal.c_str(), c, m.signals[signal]);
    }
}

}  // namespace

bool ConfigObject::holds(std::string_view key) const {
    std::size_t from = 0;
    while (from <= keys.size()) {
        const auto end = std::min(keys.find(' ', from), keys.size());
        if (keys.substr(from, end - from) == key) return true;
        from = end + 1;
    }
    return false;
}

bool isConsentModeSignal(std::string_view signal) {
    for (const char* known : kConsentModeSignals)
        if (signal == known) return true;
    return false;
}

const Purpose* Config::purpose(std::string_view id) const {
    for (const auto& p : purposes)
        if (p.id == id) return &p;
    return nullptr;
}

const Permission* Config::permission(std::string_view capability) const {
    for (const auto& p : permissions)
        if (p.capability == capability) return &p;
    return nullptr;
}

const Service* Config::service(std::string_view id) const {
    for (const auto& s : services)
        if (s.id == id) return &s;
    return nullptr;
}

const std::string* Config::purposeOfEvent(std::string_view eventName) const {
    const auto it = tracker.eventPurpose.find(std::string(eventName));
    return it == tracker.eventPurpose.end() ? nullptr : &it->second;
}

std::string_view legalBasisName(LegalBasis basis) {
    switch (basis) {
        case LegalBasis::Consent: return "consent";
        case LegalBasis::LegitimateInterest: return "legitimate_interest";
        case LegalBasis::Necessary: return "necessary";
    }
    return "consent";
}

// Every text of the language, each prefixed by its length so that moving
// words from one field to another changes the hash.
std::string textsCanonical(const Config& c, std::string_view language) {
    const auto it = c.texts.find(std::string(language));
    if (it == c.texts.end()) return "";
    const Texts& t = it->second;
    std::string canon;
    const auto add = [&canon](const std::string& s) { canon += decimal(s.size()) + ':' + s; };
    for (const auto* s : {&t.title, &t.body, &t.acceptAll, &t.rejectAll, &t.customise, &t.save, &t.preferencesTitle})
        add(*s);
    for (const auto& link : t.links) add(link.label), add(link.url);
    for (const auto& [id, words] : t.purposes) add(id), add(words.name), add(words.description);
    for (const auto& [cap, w] : t.permissions) {
        for (const auto* s : {&cap, &w.title, &w.body, &w.allow, &w.deny, &w.next, &w.blocked}) add(*s);
        // Only when given, so that a config without them keeps its hashes.
        if (!w.later.empty() || !w.retry.empty() || !w.failed.empty())
            add("notNow"), add(w.later), add(w.retry), add(w.failed);
    }
    // Only when given, so that a config without them keeps its hashes.
    if (!t.close.empty()) add(t.close);
    if (t.placeholder) add("placeholder"), add(t.placeholder->loadOnce), add(t.placeholder->allow);
    bool anyMine = false;
    for (const auto& word : kMyDataWords) anyMine = anyMine || !(t.myData.*word.field).empty();
    if (anyMine) {
        add("myData");
        for (const auto& word : kMyDataWords) add(t.myData.*word.field);
    }
    return canon;
}

std::string textsHash(const Config& c, std::string_view language) {
    // A language's canonical form is never empty: each string adds at least "0:".
    const std::string canon = textsCanonical(c, language);
    return canon.empty() ? std::string(16, '0') : sha256Hex(canon).substr(0, 16);
}

// Where a JSON text stopped being JSON, as a person finds it in an editor:
// line and column (in characters, from 1), what was found there, and the
// line itself (at most 60 characters around the place, tabs as spaces).
std::string syntaxError(std::string_view text, std::size_t at) {
    const auto lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t begin = lineStart == std::string_view::npos || at == 0 ? 0 : lineStart + 1;
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::size_t line = 1, column = 1;
    for (std::size_t k = 0; k < begin; ++k) line += text[k] == '\n';
    for (std::size_t k = begin; k < at; ++k) column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
    std::string found = at >= text.size() ? "the end of the text"
                        : static_cast<unsigned char>(text[at]) < 0x20 ? "a control character"
                                                                      : "\"" + std::string(1, text[at]) + "\"";
    if (at < text.size() && static_cast<unsigned char>(text[at]) >= 0x80) found = "a non-ASCII character";
    // Whole characters only: never half of a UTF-8 sequence.
    const auto inside = [&](std::size_t k) { return k < text.size() && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80; };
    std::size_t from = at - begin > 40 ? at - 40 : begin;
    while (from < at && inside(from)) ++from;
    std::size_t length = std::min<std::size_t>(end - from, 60);
    while (length > 0 && inside(from + length)) --length;
    std::string shown(text.substr(from, length));
    for (auto& c : shown)
        if (c == '\t' || c == '\r') c = ' ';
    return "is not valid JSON: line " + decimal(line) + ", column " + decimal(column) + ", unexpected " +
           found + " in: " + shown;
}

Result<Config> parseConfig(std::string_view text) {
    std::size_t stopped = 0;
    const auto parsed = json::parse(text, &stopped);
    if (!parsed) return Problems{{"config", syntaxError(text, stopped)}};
    const Json& root = *parsed;
    if (!root.isObject()) return Problems{{"config", "must be a JSON object"}};

    Reader r;
    Config c;
    r.knownKeys(root, r.top, "");
    r.text(root, r.top, "siteId", c.siteId, false);
    r.integer(root, r.top, "revision", c.revision, 0, INT64_MAX / 2, /*required=*/true);
    r.integer(root, r.top, "historyLimit", c.historyLimit, 2, 1000);
    readOneOf(r, root, "layout", kLayouts, c.layout, "must be box, bar-bottom, bar-top, corner-left or corner-right");
    readOneOf(r, root, "launcher", kLaunchers, c.launcher, "must be bottom-right, bottom-left, top-right, top-left or off");
    readOneOf(r, root, "theme", kThemes, c.theme, "must be auto, light or dark");
    readPurposes(r, root, c);
    readServices(r, root, c);
    readPermissions(r, root, c);
    readTexts(r, root, c);
    if (r.text(root, r.top, "defaultLanguage", c.defaultLanguage) && !c.texts.empty() &&
        !c.texts.count(c.defaultLanguage))
        r.problem("defaultLanguage", "\"" + c.defaultLanguage + "\" has no entry in texts");
    readTracker(r, root, c);
    readConsentMode(r, root, c);
    readTcfOffer(root, c);
    if (!r.problems.empty()) return r.problems;
    c.warnings = std::move(r.warnings);
    return c;
}

}  // namespace assent
