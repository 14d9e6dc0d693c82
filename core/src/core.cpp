#include "assent/core.hpp"

#include <nlohmann/json.hpp>

#include "assent/batch.hpp"
#include "assent/json_writer.hpp"
#include "assent/prompt.hpp"

namespace assent {
namespace {

using nlohmann::json;

std::vector<std::string> splitTags(std::string_view list) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i == list.size() || list[i] == ',') {
            auto tag = list.substr(start, i - start);
            while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
            while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
            if (!tag.empty()) tags.emplace_back(tag);
            start = i + 1;
        }
    }
    return tags;
}

// A flat object of strings, numbers and booleans; anything else is refused
// so that nested personal data cannot slip past later property rules.
bool readProps(std::string_view text, std::vector<std::pair<std::string, std::string>>& out) {
    if (text.empty()) return true;
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    for (const auto& [key, value] : j.items()) {
        if (value.is_string()) out.emplace_back(key, value.get<std::string>());
        else if (value.is_boolean()) out.emplace_back(key, value.get<bool>() ? "true" : "false");
        else if (value.is_number_integer()) out.emplace_back(key, value.dump());
        else if (value.is_number()) out.emplace_back(key, value.dump());
        else return false;
    }
    return true;
}

}  // namespace

Core::Core(Config config, std::string_view seed)
    : config_(std::move(config)), gate_(config_.tracker.holdLimit, config_.tracker.holdTtlMs), ids_(seed) {}

Result<Core> Core::create(std::string_view configJson, std::string_view seed) {
    auto parsed = parseConfig(configJson);
    if (!parsed) return parsed.problems();
    return Core(std::move(parsed).value(), seed);
}

DecisionOf Core::decisions() const {
    return [this](std::string_view purpose) { return ledger_.decision(config_, purpose); };
}

std::string Core::restore(std::string_view stored) {
    const auto problem = ledger_.restore(stored);
    return problem ? problem->message() : std::string();
}

std::string Core::promptModel(std::string_view languages) const {
    return promptModelJson(config_, ledger_, splitTags(languages));
}

std::string Core::choose(std::string_view action, std::string_view choicesJson, std::string_view surface,
                         std::string_view language, std::int64_t nowMs) {
    Choice choice;
    if (!parseMethod(action, choice.method)) return "action: unknown \"" + std::string(action) + "\"";
    if (!parseSurface(surface, choice.surface)) return "surface: unknown \"" + std::string(surface) + "\"";
    choice.language = std::string(language);
    if (choice.method == Method::Custom || choice.method == Method::Api) {
        const json j = json::parse(choicesJson.begin(), choicesJson.end(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) return "choices: must be a JSON object of purpose to true or false";
        for (const auto& [id, granted] : j.items()) {
            if (!granted.is_boolean()) return "choices." + id + ": must be true or false";
            choice.purposes.emplace(id, granted.get<bool>());
        }
    }
    auto made = ledger_.decide(config_, choice, nowMs, ids_);
    if (!made) return made.message();
    gate_.settle(decisions(), nowMs);
    return "";
}

bool Core::accepted(std::string_view purpose) const { return ledger_.decision(config_, purpose) == Decision::Granted; }

std::string Core::recordJson() const {
    const auto& r = ledger_.current();
    if (!r) return "null";
    JsonWriter w;
    w.beginObject()
        .key("consentId").value(r->consentId)
        .key("recordId").value(r->recordId)
        .key("revision").value(r->revision)
        .key("createdMs").value(r->createdMs)
        .key("updatedMs").value(r->updatedMs)
        .key("method").value(methodName(r->method))
        .key("surface").value(surfaceName(r->surface))
        .key("language").value(r->language)
        .key("purposes").beginObject();
    for (const auto& [id, granted] : r->purposes) w.key(id).value(granted);
    w.endObject().endObject();
    return w.str();
}

TrackOutcome Core::track(std::string_view name, std::string_view propsJson, std::string_view page,
                         std::int64_t nowMs) {
    const auto mapped = config_.tracker.eventPurpose.find(std::string(name));
    if (mapped == config_.tracker.eventPurpose.end()) return TrackOutcome::UnknownEvent;
    Event e;
    if (!readProps(propsJson, e.props)) return TrackOutcome::BadProps;
    const Decision decision = ledger_.decision(config_, mapped->second);
    if (decision == Decision::Denied) return TrackOutcome::Refused;  // no id drawn for what never leaves
    e.id = ids_.next();
    e.name = std::string(name);
    e.purpose = mapped->second;
    e.ts = nowMs;
    e.page = std::string(page);
    switch (gate_.admit(std::move(e), decision)) {
        case Verdict::Forward: return TrackOutcome::Forwarded;
        case Verdict::Hold: return TrackOutcome::Held;
        case Verdict::Drop: break;
    }
    return TrackOutcome::Refused;
}

std::string Core::takeBatch(std::int64_t nowMs) {
    const auto& record = ledger_.current();
    if (!record) return "";
    gate_.settle(decisions(), nowMs);
    const auto events = gate_.take(config_.tracker.batchMaxEvents, decisions());
    if (events.empty()) return "";
    return encodeBatch(*record, events, nowMs);
}

std::string Core::trackerSettingsJson() const {
    JsonWriter w;
    w.beginObject()
        .key("collectorUrl").value(config_.tracker.collectorUrl)
        .key("flushIntervalMs").value(std::int64_t{config_.tracker.flushIntervalMs})
        .key("batchMaxEvents").value(std::int64_t{config_.tracker.batchMaxEvents})
        .endObject();
    return w.str();
}

}  // namespace assent
