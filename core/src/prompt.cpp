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

// Language tags compare without regard to case ("zh-cn" is "zh-CN").
const std::string* findTag(const Config& c, std::string_view wanted, bool baseOnly) {
    for (const auto& entry : c.texts) {
        const std::string_view have = entry.first;
        if (baseOnly ? lower(base(have)) == lower(base(wanted)) : lower(have) == lower(wanted)) return &entry.first;
    }
    return nullptr;
}

void button(JsonWriter& w, std::string_view action, std::string_view label) {
    w.beginObject().key("action").value(action).key("label").value(label).endObject();
}

}  // namespace

std::string chooseLanguage(const Config& c, const std::vector<std::string>& preferred) {
    for (const auto& tag : preferred)
        if (const auto* hit = findTag(c, tag, false)) return *hit;
    for (const auto& tag : preferred)
        if (const auto* hit = findTag(c, tag, true)) return *hit;
    return c.defaultLanguage;
}

std::string promptModelJson(const Config& c, const Ledger& ledger, const std::vector<std::string>& preferred) {
    const std::string language = chooseLanguage(c, preferred);
    const Texts& t = c.texts.at(language);
    JsonWriter w;
    w.beginObject()
        .key("kind").value("banner")
        .key("language").value(language)
        .key("title").value(t.title)
        .key("body").value(t.body)
        .key("buttons").beginArray();
    // Reject all stands beside accept all, at the same level (C02).
    button(w, "accept_all", t.acceptAll);
    button(w, "reject_all", t.rejectAll);
    button(w, "customise", t.customise);
    w.endArray().key("save");
    button(w, "save", t.save);
    w.key("toggles").beginArray();
    for (const auto& p : c.purposes) {
        const auto& words = t.purposes.at(p.id);
        w.beginObject()
            .key("purpose").value(p.id)
            .key("label").value(words.name)
            .key("description").value(words.description)
            .key("checked").value(ledger.decision(c, p.id) == Decision::Granted)  // nothing pre-ticked (C03)
            .key("locked").value(p.required)
            .endObject();
    }
    w.endArray().endObject();
    return w.str();
}

}  // namespace assent
