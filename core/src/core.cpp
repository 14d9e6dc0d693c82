#include "assent/core.hpp"

#include <nlohmann/json.hpp>

#include "assent/batch.hpp"
#include "assent/consent_mode.hpp"
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

void writeList(JsonWriter& w, const std::vector<std::string>& items) {
    w.beginArray();
    for (const auto& item : items) w.value(item);
    w.endArray();
}

std::string erasureJson(const Erasure& e) {
    JsonWriter w;
    w.beginObject().key("cookies");
    writeList(w, e.cookies);
    w.key("storageKeys");
    writeList(w, e.storageKeys);
    w.endObject();
    return w.str();
}

}  // namespace

Core::Core(Config config, std::string_view seed)
    : config_(std::move(config)), gate_(config_.tracker.holdLimit, config_.tracker.holdTtlMs), ids_(seed) {}

Result<Core> Core::create(std::string_view configJson, std::string_view seed) {
    auto parsed = parseConfig(configJson);
    if (!parsed) return parsed.problems();
    return Core(std::move(parsed).value(), seed);
}

DecisionOf Core::decisions(std::int64_t nowMs) const {
    return [this, nowMs](std::string_view purpose) { return ledger_.decision(config_, purpose, nowMs); };
}

std::string Core::restore(std::string_view stored, std::int64_t nowMs) {
    const auto problem = ledger_.restore(config_, stored);
    settle(nowMs);
    return problem ? problem->message() : std::string();
}

std::string Core::promptNeedJson(std::int64_t nowMs) const {
    const PromptNeed need = ledger_.promptNeed(config_, nowMs);
    JsonWriter w;
    w.beginObject()
        .key("needed").value(need.needed())
        .key("noRecord").value(need.noRecord)
        .key("newRevision").value(need.newRevision)
        .key("newPurposes");
    writeList(w, need.newPurposes);
    w.key("expired");
    writeList(w, need.expired);
    w.endObject();
    return w.str();
}

std::string Core::promptModel(std::string_view kind, std::string_view languages, std::int64_t nowMs,
                              std::string_view capability) const {
    PromptKind k;
    if (!parsePromptKind(kind, k)) return "null";
    return promptModelJson(config_, ledger_, k, splitTags(languages), nowMs, capability);
}

std::string Core::choose(std::string_view action, std::string_view choicesJson, std::string_view surface,
                         std::string_view language, std::int64_t nowMs) {
    Choice choice;
    if (!parseMethod(action, choice.method) ||
        !(choice.method == Method::AcceptAll || choice.method == Method::RejectAll ||
          choice.method == Method::Custom || choice.method == Method::Api))
        return "action: unknown \"" + std::string(action) + "\"";
    if (!parseSurface(surface, choice.surface)) return "surface: unknown \"" + std::string(surface) + "\"";
    choice.language = std::string(language);
    choice.gpc = gpc_;
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
    settle(nowMs);
    return "";
}

std::string Core::withdraw(std::string_view purpose, std::string_view surface, std::int64_t nowMs) {
    Surface s;
    if (!parseSurface(surface, s)) return "surface: unknown \"" + std::string(surface) + "\"";
    auto made = ledger_.withdraw(config_, purpose, s, nowMs, ids_);
    if (!made) return made.message();
    settle(nowMs);
    return "";
}

void Core::setGpc(bool on, std::int64_t nowMs) {
    gpc_ = on;
    if (on && ledger_.honourGpc(config_, nowMs, ids_)) settle(nowMs);
}

std::string Core::decidePermission(std::string_view capability, std::string_view result, std::string_view method,
                                   std::int64_t nowMs) {
    if (result != "granted" && result != "denied") return "result: must be granted or denied";
    Method m;
    if (!parseMethod(method, m) || (m != Method::Platform && m != Method::Custom))
        return "method: must be platform or custom";
    auto made = ledger_.decidePermission(config_, capability, result == "granted", m, Surface::PermissionPrompt,
                                         nowMs, ids_);
    return made ? std::string() : made.message();
}

std::string Core::permissionState(std::string_view capability, std::int64_t nowMs) const {
    switch (ledger_.permission(config_, capability, nowMs)) {
        case Decision::Granted: return "granted";
        case Decision::Denied: return "denied";
        case Decision::Unset: break;
    }
    return "unset";
}

bool Core::accepted(std::string_view purpose, std::int64_t nowMs) const {
    return ledger_.decision(config_, purpose, nowMs) == Decision::Granted;
}

std::string Core::recordJson() const {
    const auto* r = ledger_.current();
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
        .key("textsHash").value(r->textsHash)
        .key("purposes").beginObject();
    for (const auto& [id, grant] : r->purposes) w.key(id).value(grant.granted);
    w.endObject().key("permissions").beginObject();
    for (const auto& [cap, grant] : r->permissions) w.key(cap).value(grant.granted);
    w.endObject().endObject();
    return w.str();
}

std::string Core::exportRecords() const { return ledger_.exportJson(config_); }

std::string Core::erase() {
    const Erasure e = ledger_.erase(config_);
    gate_ = Gate(config_.tracker.holdLimit, config_.tracker.holdTtlMs);  // held and queued events go too
    return erasureJson(e);
}

std::string Core::storageToClear(std::int64_t nowMs) const {
    return erasureJson(assent::storageToClear(config_, ledger_, nowMs));
}

TrackOutcome Core::track(std::string_view name, std::string_view propsJson, std::string_view page,
                         std::int64_t nowMs) {
    const std::string* purpose = config_.purposeOfEvent(name);
    if (!purpose) return TrackOutcome::UnknownEvent;
    Event e;
    if (!readProps(propsJson, e.props)) return TrackOutcome::BadProps;
    const Decision decision = ledger_.decision(config_, *purpose, nowMs);
    if (decision == Decision::Denied) return TrackOutcome::Refused;  // no id drawn for what never leaves
    e.id = ids_.next();
    e.name = std::string(name);
    e.purpose = *purpose;
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
    const auto* record = ledger_.current();
    if (!record) return "";
    settle(nowMs);
    const auto events = gate_.take(config_.tracker.batchMaxEvents, decisions(nowMs));
    if (events.empty()) return "";
    return encodeBatch(*record, events, nowMs);
}

std::string Core::consentModeJson(std::int64_t nowMs, bool asDefault) const {
    return assent::consentModeJson(config_, ledger_, nowMs, asDefault);
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
