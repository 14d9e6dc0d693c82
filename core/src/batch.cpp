#include "assent/batch.hpp"

#include "assent/codec.hpp"
#include "assent/json_writer.hpp"

namespace assent {

std::string encodeBatch(const ConsentRecord& record, const std::vector<Event>& events, std::int64_t sentAtMs) {
    JsonWriter w;
    w.beginObject()
        .key("v").value(std::int64_t{1})
        .key("consent_id").value(record.consentId)
        .key("record_id").value(record.recordId)
        .key("consent").value(encodeRecord(record))
        .key("sent_at").value(sentAtMs)
        .key("events").beginArray();
    for (const auto& e : events) {
        w.beginObject()
            .key("id").value(e.id)
            .key("name").value(e.name)
            .key("purpose").value(e.purpose)
            .key("ts").value(e.ts)
            .key("page").value(e.page)
            .key("props").beginObject();
        for (const auto& [k, v] : e.props) w.key(k).value(v);
        w.endObject().endObject();
    }
    w.endArray().endObject();
    return w.str();
}

}  // namespace assent
