#include "assent/prompt.hpp"

#include "assent/json_writer.hpp"

namespace assent {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view base(std::string_view tag) { return tag.substr(0, tag.find('-')); }

const std::string* findTag(const Config& c, std::string_view wanted, bool baseOnly) {
    for (const auto& entry : c.texts) {
        const std::string_view have = entry.first;
        if (baseOnly ? lower(base(have)) == lower(base(wanted)) : lower(have) == lower(wanted)) return &entry.first;
    }
    return nullptr;
}

void button(JsonWriter& w, std::string_view action, std::string_view label, std::string_view level) {
    w.beginObject().key("action").value(action).key("label").value(label).key("level").value(level).endObject();
}

// The fields every kind shares.
void head(JsonWriter& w, std::string_view kind, std::string_view language, std::string_view title,
          std::string_view body, const Texts& t) {
    w.key("kind").value(kind).key("language").value(language).key("title").value(title).key("body").value(body);
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

std::string_view stateName(Decision d) {
    switch (d) {
        case Decision::Granted: return "granted";
        case Decision::Denied: return "denied";
        case Decision::Unset: break;
    }
    return "unset";
}

}  // namespace

bool parsePromptKind(std::string_view text, PromptKind& out) {
    if (text == "banner") out = PromptKind::Banner;
    else if (text == "preferences") out = PromptKind::Preferences;
    else if (text == "permission") out = PromptKind::Permission;
    else return false;
    return true;
}

// RFC 4647 lookup, tag by tag: a person's first language, even by its base
// alone, beats an exact match of their second.
std::string chooseLanguage(const Config& c, const std::vector<std::string>& preferred) {
    for (const auto& tag : preferred) {
        if (const auto* hit = findTag(c, tag, false)) return *hit;
        if (const auto* hit = findTag(c, tag, true)) return *hit;
    }
    return c.defaultLanguage;
}

std::string promptModelJson(const Config& c, const Ledger& ledger, PromptKind kind,
                            const std::vector<std::string>& preferred, std::int64_t nowMs,
                            std::string_view capability) {
    const std::string language = chooseLanguage(c, preferred);
    const Texts& t = c.texts.at(language);
    JsonWriter w;
    w.beginObject();
    switch (kind) {
        case PromptKind::Banner:
            head(w, "banner", language, t.title, t.body, t);
            w.key("buttons").beginArray();
            button(w, "accept_all", t.acceptAll, "primary");
            button(w, "reject_all", t.rejectAll, "primary");
            button(w, "customise", t.customise, "secondary");
            w.endArray();
            break;
        case PromptKind::Preferences:
            head(w, "preferences", language, t.preferencesTitle, t.body, t);
            toggles(w, c, ledger, t, nowMs);
            w.key("buttons").beginArray();
            button(w, "accept_all", t.acceptAll, "primary");
            button(w, "reject_all", t.rejectAll, "primary");
            button(w, "save", t.save, "secondary");
            w.endArray();
            break;
        case PromptKind::Permission: {
            const Permission* p = c.permission(capability);
            if (!p) return "null";
            const PermissionText& words = t.permissions.at(p->capability);
            head(w, "permission", language, words.title, words.body, t);
            w.key("capability").value(p->capability)
                .key("purpose").value(p->purpose)
                .key("state").value(stateName(ledger.permission(c, p->capability, nowMs)))
                .key("next").value(words.next)
                .key("blocked").value(words.blocked);
            w.key("buttons").beginArray();
            button(w, "allow", words.allow, "primary");
            button(w, "deny", words.deny, "primary");
            w.endArray();
            break;
        }
    }
    w.endObject();
    return w.str();
}

}  // namespace assent
