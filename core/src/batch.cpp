#include "assent/batch.hpp"

#include <nlohmann/json.hpp>

#include "assent/codec.hpp"
#include "assent/ids.hpp"
#include "assent/json_writer.hpp"

namespace assent {
namespace {

void writeEvent(JsonWriter& w, const Event& e) {
    w.beginObject()
        .key("id").value(e.id)
        .key("name").value(e.name)
        .key("purpose").value(e.purpose)
        .key("ts").value(e.ts)
        .key("page").value(e.page)
        .key("seq").value(e.seq)
        .key("props").beginObject();
    for (const auto& [k, v] : e.props) w.key(k).value(v);
    w.endObject();
    if (!e.anonymousId.empty()) w.key("anonymous_id").value(e.anonymousId);
    if (!e.sessionId.empty()) w.key("session_id").value(e.sessionId);
    w.endObject();
}

}  // namespace

std::string encodeBatch(std::string_view batchId, const ConsentRecord& record, const std::vector<Event>& events,
                        std::int64_t sentAtMs) {
    JsonWriter w;
    w.reserve(512 + events.size() * 256);
    w.beginObject()
        .key("v").value(std::int64_t{1})
        .key("batch_id").value(batchId)
        .key("consent_id").value(record.consentId)
        .key("record_id").value(record.recordId)
        .key("consent").value(encodeRecord(record))
        .key("sent_at").value(sentAtMs)
        .key("events").beginArray();
    for (const auto& e : events) writeEvent(w, e);
    w.endArray().endObject();
    return w.str();
}

std::string encodePending(const std::deque<Event>& queued, const std::vector<const std::vector<Event>*>& inFlight) {
    JsonWriter w;
    w.beginArray();
    for (const auto* batch : inFlight)
        for (const auto& e : *batch) writeEvent(w, e);
    for (const auto& e : queued) writeEvent(w, e);
    w.endArray();
    return w.str();
}

Result<std::vector<Event>> decodePending(std::string_view text) {
    using nlohmann::json;
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_array()) return Problems{{"pending", "is not a list of events"}};
    std::vector<Event> events;
    const auto str = [](const json& o, const char* key, std::string& out) {
        const auto it = o.find(key);
        if (it == o.end()) return true;  // optional fields stay empty
        if (!it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    for (std::size_t i = 0; i < j.size(); ++i) {
        const json& o = j[i];
        Event e;
        const auto ts = o.is_object() ? o.find("ts") : o.end();
        const auto seq = o.is_object() ? o.find("seq") : o.end();
        const auto props = o.is_object() ? o.find("props") : o.end();
        const bool ok = o.is_object() && str(o, "id", e.id) && str(o, "name", e.name) && str(o, "purpose", e.purpose) &&
                        str(o, "page", e.page) && str(o, "anonymous_id", e.anonymousId) &&
                        str(o, "session_id", e.sessionId) && ts != o.end() && ts->is_number_integer() &&
                        seq != o.end() && seq->is_number_integer() && props != o.end() && props->is_object() &&
                        isId(e.id);
        if (!ok) return Problems{{"pending[" + std::to_string(i) + "]", "is not an event"}};
        e.ts = ts->get<std::int64_t>();
        e.seq = seq->get<std::int64_t>();
        for (const auto& [k, v] : props->items()) {
            if (!v.is_string()) return Problems{{"pending[" + std::to_string(i) + "].props." + k, "is not text"}};
            e.props.emplace_back(k, v.get<std::string>());
        }
        events.push_back(std::move(e));
    }
    return events;
}

}  // namespace assent
