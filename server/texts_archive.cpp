#include "texts_archive.hpp"

#include <nlohmann/json.hpp>

namespace assent::server {

std::string textsJson(const Texts& t) {
    using Json = nlohmann::ordered_json;
    Json out = {{"title", t.title},         {"body", t.body}, {"acceptAll", t.acceptAll}, {"rejectAll", t.rejectAll},
                {"customise", t.customise}, {"save", t.save}, {"preferencesTitle", t.preferencesTitle}};
    // Only when given, as in the hash (textsCanonical).
    if (!t.close.empty()) out["close"] = t.close;
    Json links = Json::array();
    for (const auto& link : t.links) links.push_back({{"label", link.label}, {"url", link.url}});
    out["links"] = links;
    Json purposes = Json::object();
    for (const auto& [id, words] : t.purposes) purposes[id] = {{"name", words.name}, {"description", words.description}};
    out["purposes"] = purposes;
    Json permissions = Json::object();
    for (const auto& [capability, w] : t.permissions) {
        permissions[capability] = {{"title", w.title}, {"body", w.body}, {"allow", w.allow},
                                   {"deny", w.deny},   {"next", w.next}, {"blocked", w.blocked}};
    }
    out["permissions"] = permissions;
    if (t.placeholder) out["placeholder"] = {{"loadOnce", t.placeholder->loadOnce}, {"allow", t.placeholder->allow}};
    return out.dump();
}

std::vector<KeptTexts> TextsArchive::textsOf(const Config& config, std::int64_t nowMs) {
    std::vector<KeptTexts> out;
    for (const auto& [language, texts] : config.texts) {
        out.push_back(KeptTexts{textsHash(config, language), ShownTexts{language, config.revision,
                                                                        textsCanonical(config, language),
                                                                        textsJson(texts), nowMs}});
    }
    return out;
}

}  // namespace assent::server
