#include "assent/batch.hpp"

#include "assent/codec.hpp"
#include "assent/ids.hpp"
#include "assent/json.hpp"
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

std::string encodeBatch(std::string_view batchId, const ConsentRecord& record,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<Event>& events,
                        std::int64_t sentAtMs) {
    JsonWriter w;
    w.reserve(512 + (earlier.size() + events.size()) * 256);
    w.beginObject()
        .key("v").value(kBatchVersion)
        .key("batch_id").value(batchId)
        .key("consent_id").value(record.consentId)
        .key("record_id").value(record.recordId)
        .key("consent").value(encodeRecord(record));
    if (!earlier.empty()) {
        w.key("earlier").beginArray();
        for (const ConsentRecord* r : earlier) w.value(encodeRecord(*r));
        w.endArray();
    }
    w.key("sent_at").value(sentAtMs)
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
    const auto j = json::parse(text);
    if (!j || !j->isArray()) return Problems{{"pending", "is not a list of events"}};
    const auto field = [](const json::Value& o, const char* key, std::string& out) {
        const json::Value* v = o.find(key);
        if (!v) return true;  // optional fields stay empty
        if (!v->isString()) return false;
        out = v->string();
        return true;
    };
    std::vector<Event> events;
    for (std::size_t i = 0; i < j->size(); ++i) {
        const json::Value& o = j->items()[i];
        const auto path = "pending[" + std::to_string(i) + "]";
        Event e;
        const json::Value* ts = o.find("ts");
        const json::Value* seq = o.find("seq");
        const json::Value* props = o.find("props");
        const bool ok = o.isObject() && field(o, "id", e.id) && field(o, "name", e.name) &&
                        field(o, "purpose", e.purpose) && field(o, "page", e.page) &&
                        field(o, "anonymous_id", e.anonymousId) && field(o, "session_id", e.sessionId) && ts &&
                        ts->isInteger() && seq && seq->isInteger() && props && props->isObject() && isId(e.id);
        if (!ok) return Problems{{path, "is not an event"}};
        e.ts = ts->integer();
        e.seq = seq->integer();
        for (const auto& [k, v] : props->members()) {
            if (!v.isString()) return Problems{{path + ".props." + k, "is not text"}};
            e.props.emplace_back(k, v.string());
        }
        events.push_back(std::move(e));
    }
    return events;
}

}  // namespace assent
