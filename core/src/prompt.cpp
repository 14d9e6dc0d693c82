#include "assent/prompt.hpp"

#include <initializer_list>

#include "assent/json_writer.hpp"

namespace assent {
namespace {

char lowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool sameText(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (lowerChar(a[k]) != lowerChar(b[k])) return false;
    return true;
}

std::vector<std::string_view> subtags(std::string_view tag) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto dash = tag.find('-', start);
        out.push_back(tag.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
        if (dash == std::string_view::npos) return out;
        start = dash + 1;
    }
}

bool allLetters(std::string_view s) {
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return !s.empty();
}

bool allDigits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

std::string_view primary(std::string_view tag) { return tag.substr(0, tag.find('-')); }

bool isChinese(std::string_view tag) { return sameText(primary(tag), "zh"); }

// The script subtag (4 letters) and region subtag (2 letters or 3 digits) of
// a tag, each empty when it has none; extensions and private use (from the
// first singleton on) are not looked at.
struct ScriptRegion {
    std::string_view script, region;
};

ScriptRegion scriptRegion(std::string_view tag) {
    ScriptRegion out;
    const auto parts = subtags(tag);
    for (std::size_t k = 1; k < parts.size() && parts[k].size() > 1; ++k) {
        if (out.script.empty() && out.region.empty() && parts[k].size() == 4 && allLetters(parts[k]))
            out.script = parts[k];
        else if (out.region.empty() && ((parts[k].size() == 2 && allLetters(parts[k])) ||
                                        (parts[k].size() == 3 && allDigits(parts[k]))))
            out.region = parts[k];
    }
    return out;
}

bool traditionalRegion(std::string_view region) {
    return sameText(region, "TW") || sameText(region, "HK") || sameText(region, "MO");
}

// The script a Chinese tag is written in, lower case: its script subtag;
// else "hant" for Taiwan, Hong Kong and Macao, "hans" for any other region
// or none (plain zh is most commonly Simplified, as in CLDR's likely subtags).
std::string chineseScript(std::string_view tag) {
    const auto sr = scriptRegion(tag);
    if (!sr.script.empty()) {
        std::string script(sr.script);
        for (auto& c : script) c = lowerChar(c);
        return script;
    }
    return traditionalRegion(sr.region) ? "hant" : "hans";
}

// The config tag spelled `wanted`, case aside, or nullptr.
const std::string* findTag(const Config& c, std::string_view wanted) {
    for (const auto& entry : c.texts)
        if (sameText(entry.first, wanted)) return &entry.first;
    return nullptr;
}

// RFC 4647 §3.4 lookup of one range: the tag, then shorter and shorter, a
// subtag at a time from the end, a singleton going with the subtag after it
// (zh-Hant-CN-x-private1, zh-Hant-CN, zh-Hant, zh). So never a tag more
// specific than asked. A Chinese tag shortened to another script (zh-HK to
// zh, which is Simplified) is passed over: chineseScript decides there.
const std::string* lookup(const Config& c, std::string_view tag) {
    const bool chinese = isChinese(tag);
    const std::string script = chinese ? chineseScript(tag) : std::string();
    std::string_view range = tag;
    while (!range.empty()) {
        if (!chinese || chineseScript(range) == script)
            if (const auto* hit = findTag(c, range)) return hit;
        const auto dash = range.rfind('-');
        if (dash == std::string_view::npos) break;
        range = range.substr(0, dash);
        for (auto d = range.rfind('-'); d != std::string_view::npos && range.size() - d - 1 == 1; d = range.rfind('-'))
            range = range.substr(0, d);
        if (range.size() == 1) break;  // a private-use or grandfathered prefix alone names no language
    }
    return nullptr;
}

// The best of the config tags `fits` lets through: the lowest rank, then the
// first in the config's (sorted) order.
template <typename Fits, typename Rank>
const std::string* best(const Config& c, Fits fits, Rank rank) {
    const std::string* chosen = nullptr;
    std::size_t chosenRank = 0;
    for (const auto& entry : c.texts) {
        if (!fits(entry.first)) continue;
        const std::size_t r = rank(entry.first);
        if (!chosen || r < chosenRank) chosen = &entry.first, chosenRank = r;
    }
    return chosen;
}

// A Chinese text in the script of `tag`: the same region first (a request
// with none: TW for Traditional, CN for Simplified, their likely regions),
// for Macao then Hong Kong, then the fewest subtags (zh-Hant before
// zh-Hant-HK).
const std::string* sameScript(const Config& c, std::string_view tag) {
    const std::string script = chineseScript(tag);
    std::string_view region = scriptRegion(tag).region;
    if (region.empty()) region = script == "hant" ? "TW" : script == "hans" ? "CN" : "";
    return best(
        c, [&](const std::string& have) { return isChinese(have) && chineseScript(have) == script; },
        [&](const std::string& have) {
            const auto theirs = scriptRegion(have).region;
            const std::size_t near = !region.empty() && sameText(theirs, region)                 ? 0
                                     : sameText(region, "MO") && sameText(theirs, "HK") ? 1
                                                                                        : 2;
            return near * 1000 + subtags(have).size();
        });
}

// Any text of the same primary language: the most leading subtags in common
// first, then the fewest subtags.
const std::string* sameLanguage(const Config& c, std::string_view tag) {
    const auto wanted = subtags(tag);
    return best(
        c, [&](const std::string& have) { return sameText(primary(have), wanted[0]); },
        [&](const std::string& have) {
            const auto theirs = subtags(have);
            std::size_t common = 0;
            while (common < theirs.size() && common < wanted.size() && sameText(theirs[common], wanted[common])) ++common;
            return (100 - common) * 1000 + theirs.size();
        });
}

void button(JsonWriter& w, std::string_view action, std::string_view label, std::string_view level) {
    w.beginObject().key("action").value(action).key("label").value(label).key("level").value(level).endObject();
}

// The fields every kind shares.
void head(JsonWriter& w, const Config& c, std::string_view kind, std::string_view language, std::string_view title,
          std::string_view body, const Texts& t) {
    w.key("kind").value(kind).key("language").value(language).key("title").value(title).key("body").value(body);
    w.key("theme").value(kThemes[c.theme]);
    w.key("links").beginArray();
    for (const auto& link : t.links)
        w.beginObject().key("label").value(link.label).key("url").value(link.url).endObject();
    w.endArray();
}

void toggles(JsonWriter& w, const Config& c, const Ledger& ledger, const Texts& t, std::int64_t nowMs) {
    w.key("toggles").beginArray();
    for (const auto& p : c.purposes) {
        const auto& words = t.purposes.at(p.id);
        w.beginObject()
            .key("purpose").value(p.id)
            .key("label").value(words.name)
            .key("description").value(words.description)
            .key("checked").value(ledger.decision(c, p.id, nowMs) == Decision::Granted)
            .key("locked").value(p.required)
            .key("sensitive").value(p.sensitive)
            .endObject();
    }
    w.endArray();
}

// The words of the preferences' own-data controls that the config gives.
// The prompt chunk fills in the rest from its defaults in the text's
// language (web/src/ui/my-data.js): they are never part of textsHash, and
// in the core every visit downloaded them.
void myData(JsonWriter& w, const Texts& t) {
    w.key("myData").beginObject();
    for (const auto& word : kMyDataWords) {
        const std::string& given = t.myData.*word.field;
        if (!given.empty()) w.key(word.key).value(given);
    }
    w.endObject();
}

// A permission's optional words: the config's, else the defaults in the
// text's language.
std::string_view orDefault(const std::string& given, const char* en, const char* zh, std::string_view language) {
    return given.empty() ? std::string_view(isChinese(language) ? zh : en) : std::string_view(given);
}

// One view of the pre-prompt: its note and its buttons, in order.
struct PermissionButton {
    std::string_view action, label, level;
};
void permissionView(JsonWriter& w, std::string_view name, std::string_view note,
                    std::initializer_list<PermissionButton> buttons) {
    w.key(name).beginObject().key("note").value(note).key("buttons").beginArray();
    for (const auto& b : buttons) button(w, b.action, b.label, b.level);
    w.endArray().endObject();
}

// The views a shell shows for the steps that ask (core.hpp, PermissionStep).
// Where deny is offered it weighs as allow does; where it is not (the
// platform refuses already, or its request failed), "not now" is the one
// way to decline and weighs as "try again" does (C02).
void permissionViews(JsonWriter& w, const PermissionText& words, std::string_view language) {
    const auto later = orDefault(words.later, "Not now", "\u4ee5\u540e\u518d\u8bf4", language);
    const auto retry = orDefault(words.retry, "Try again", "\u91cd\u8bd5", language);
    const auto failed = orDefault(words.failed, "That did not work this time.",
                                  "\u8fd9\u6b21\u6ca1\u6709\u6210\u529f\u3002", language);
    // "Not now" answers nothing: no refusal is recorded (core.hpp).
    const std::initializer_list<PermissionButton> question = {
        {"allow", words.allow, "primary"}, {"deny", words.deny, "primary"}, {"later", later, "secondary"}};
    const std::initializer_list<PermissionButton> tryAgain = {{"retry", retry, "primary"}, {"later", later, "primary"}};
    w.key("views").beginObject();
    permissionView(w, "ask", words.next, question);
    // Settings, where the pre-prompt's yes opens the platform's settings
    // (wx.openSetting): the same question, with how to change it.
    permissionView(w, "settings", words.blocked, question);
    // Settings, where a page cannot open them (a browser): the person
    // changes it there, then says so ("I changed it": the yes again).
    permissionView(w, "blocked", words.blocked, tryAgain);
    // Retry: the platform's request failed without an answer.
    permissionView(w, "failed", failed, tryAgain);
    w.endObject();
}

std::string_view stateName(Decision d) {
    switch (d) {
        case Decision::Granted: return "granted";
        case Decision::Denied: return "denied";
        case Decision::Unset: break;
    }
    return "unset";
}

}  // namespace

std::string chooseLanguage(const Config& c, const std::vector<std::string>& preferred) {
    for (const auto& tag : preferred) {
        if (tag.empty() || tag == "*") continue;  // "*" names no language
        if (const auto* hit = lookup(c, tag)) return *hit;
        if (isChinese(tag))
            if (const auto* hit = sameScript(c, tag)) return *hit;
        if (const auto* hit = sameLanguage(c, tag)) return *hit;
    }
    return c.defaultLanguage;
}

std::string promptModelJson(const Config& c, const Ledger& ledger, PromptKind kind,
                            const std::vector<std::string>& preferred, std::int64_t nowMs,
                            std::string_view subject) {
    const std::string language = chooseLanguage(c, preferred);
    const Texts& t = c.texts.at(language);
    JsonWriter w;
    w.beginObject();
    switch (kind) {
        case PromptKind::Banner:
            head(w, c, "banner", language, t.title, t.body, t);
            w.key("layout").value(kLayouts[c.layout]);
            w.key("buttons").beginArray();
            button(w, "accept_all", t.acceptAll, "primary");
            button(w, "reject_all", t.rejectAll, "primary");
            button(w, "customise", t.customise, "secondary");
            w.endArray();
            break;
        case PromptKind::Preferences:
            head(w, c, "preferences", language, t.preferencesTitle, t.body, t);
            w.key("close").value(t.close.empty() ? t.title : t.close);
            w.key("launcher").value(kLaunchers[c.launcher]);
            // A visitor's own data lives at the collector: without one there
            // is nothing to download or erase, and no controls (C13, C14).
            if (!c.tracker.collectorUrl.empty()) myData(w, t);
            toggles(w, c, ledger, t, nowMs);
            w.key("buttons").beginArray();
            button(w, "accept_all", t.acceptAll, "primary");
            button(w, "reject_all", t.rejectAll, "primary");
            button(w, "save", t.save, "secondary");
            w.endArray();
            break;
        case PromptKind::Permission: {
            const Permission* p = c.permission(subject);
            if (!p) return "null";
            const PermissionText& words = t.permissions.at(p->capability);
            head(w, c, "permission", language, words.title, words.body, t);
            w.key("capability").value(p->capability)
                .key("purpose").value(p->purpose)
                .key("state").value(stateName(ledger.permission(c, p->capability, nowMs)));
            permissionViews(w, words, language);
            break;
        }
        case PromptKind::Placeholder: {
            const Purpose* p = c.purpose(subject);
            if (!p) return "null";
            const PurposeText& words = t.purposes.at(p->id);
            head(w, c, "placeholder", language, words.name, words.description, t);
            w.key("purpose").value(p->id);
            w.key("buttons").beginArray();
            if (t.placeholder) {
                button(w, "load_once", t.placeholder->loadOnce, "primary");
                button(w, "allow", t.placeholder->allow, "primary");
            } else {
                button(w, "customise", t.customise, "secondary");
            }
            w.endArray();
            break;
        }
    }
    w.endObject();
    return w.str();
}

}  // namespace assent
