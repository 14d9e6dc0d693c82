#include "assent/batch.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "assent/codec.hpp"
#include "assent/ids.hpp"
#include "assent/json.hpp"
#include "assent/json_writer.hpp"

namespace assent {
namespace {

// An event read from a batch or a pending text (the server's stream, a
// restored queue), written into `scratch`: a view of it, valid until the
// scratch is written again. EventJson copies an id and a purpose as they
// are; decodeBatch and decodePending checked them, and one that does not
// pass (an Event made by hand) is escaped here rather than break the JSON.
std::string_view eventJson(const Event& e, std::string& scratch) {
    std::string id, purpose;  // escaped copies, only when needed
    const auto plain = [](const std::string& s, bool valid, std::string& copy) -> std::string_view {
        if (valid) return s;
        JsonWriter w;
        w.content(s);
        return copy = w.str();
    };
    EventJson json(scratch, plain(e.id, isId(e.id), id), e.name, plain(e.purpose, isPurposeId(e.purpose), purpose),
                   e.ts, e.page, e.seq);
    for (const auto& [k, v] : e.props) json.prop(k, v);
    return std::move(json).close();
}

void writeEvent(JsonWriter& w, const Event& e, std::string& scratch) {
    w.raw(eventJson(e, scratch));
    writeVisitorIds(w, e.anonymousId, e.sessionId);
    w.piece("}");
}

void writeEvent(JsonWriter& w, const QueuedEvent& e, std::string&) { w.raw(e.json).piece("}"); }

// What comes before the events, whether the records are at hand or only
// their stored forms.
struct BatchHead {
    std::string_view batchId, consentId, recordId, consent;
    const std::vector<std::string>& earlier;
    std::int64_t sentAtMs;
};

template <class Events>
std::string writeBatch(const BatchHead& head, const Events& events, std::size_t eventBytes) {
    JsonWriter w;
    w.reserve(512 + head.consent.size() * (head.earlier.size() + 1) + eventBytes);
    w.beginObject()
        .key("v").value(kBatchVersion)
        .key("batch_id").value(head.batchId)
        .key("consent_id").value(head.consentId)
        .key("record_id").value(head.recordId)
        .key("consent").value(head.consent);
    if (!head.earlier.empty()) {
        w.key("earlier").beginArray();
        for (const std::string& stored : head.earlier) w.value(stored);
        w.endArray();
    }
    w.key("sent_at").value(head.sentAtMs)
        .key("events").beginArray();
    std::string scratch;  // one for the batch's events, not one each
    for (const auto& e : events) writeEvent(w, e, scratch);
    w.endArray().endObject();
    return w.str();
}

// Reading a batch. Messages name JSON types as nlohmann does ("not number"),
// the words the collector has always answered with.
const char* typeName(const json::Value& v) {
    switch (v.type()) {
        case json::Value::Type::Null: return "null";
        case json::Value::Type::Bool: return "boolean";
        case json::Value::Type::Number: return "number";
        case json::Value::Type::String: return "string";
        case json::Value::Type::Array: return "array";
        case json::Value::Type::Object: return "object";
    }
    return "value";
}

std::string notA(const char* wanted, const json::Value& v) {
    return std::string("must be ") + wanted + ", not " + typeName(v);
}

// A member's path. Made only when a problem names it: a good batch, nearly
// every one, builds no path text (issue 10's intake cost).
std::string member(const std::string& base, std::string_view key) {
    if (key.empty()) return base;
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string element(const char* list, std::size_t i) { return std::string(list) + "[" + decimal(i) + "]"; }

// Collects problems up to kMaxBatchProblems, then notes that there were more.
class Findings {
public:
    void add(std::string path, std::string reason) {
        if (problems_.size() < kMaxBatchProblems) problems_.push_back({std::move(path), std::move(reason)});
        else truncated_ = true;
    }
    bool empty() const { return problems_.empty(); }
    Problems take() {
        if (truncated_) problems_.push_back({"", "more problems not shown"});
        return std::move(problems_);
    }

private:
    Problems problems_;
    bool truncated_ = false;
};

// The one member named `key`. A key written twice is refused: JSON readers
// differ on which copy counts, and the collector must judge what was sent.
// base: the object's path.
const json::Value* field(const json::Value& object, std::string_view key, const std::string& base,
                         Findings& findings, bool required = true) {
    const json::Value* found = nullptr;
    for (const auto& [name, value] : object.members()) {
        if (name != key) continue;
        if (found) {
            findings.add(member(base, key), "appears more than once");
            return nullptr;
        }
        found = &value;
    }
    if (!found && required) findings.add(member(base, key), "missing");
    return found;
}

// What a text field may hold: the core writes nothing else there.
enum class Text : std::uint8_t { Any, NonEmpty, Id, Purpose };

const char* misfit(Text kind, std::string_view text) {
    if (kind == Text::Any) return nullptr;
    if (text.empty()) return "empty";
    if (kind == Text::Id && !isId(text)) return "must be an id (22 characters of A-Z, a-z, 0-9, - and _)";
    if (kind == Text::Purpose && !isPurposeId(text))
        return "must be a purpose id (1 to 32 characters of a-z, 0-9, _ and -)";
    return nullptr;
}

// The value at member(base, key) (key "": at base itself).
void readTextAt(const json::Value& value, const std::string& base, std::string_view key, Text kind, std::string& out,
                Findings& findings) {
    if (!value.isString()) return findings.add(member(base, key), notA("a string", value));
    if (const char* reason = misfit(kind, value.string())) return findings.add(member(base, key), reason);
    out = value.string();
}

void readText(const json::Value& object, std::string_view key, const std::string& base, Text kind,
              std::string& out, Findings& findings, bool required = true) {
    if (const json::Value* value = field(object, key, base, findings, required))
        readTextAt(*value, base, key, kind, out, findings);
}

// Written without fraction or exponent, even if too large for 64 bits.
bool writtenWhole(const json::Value& v) { return v.string().find_first_of(".eE") == std::string::npos; }

// Times and counts are whole numbers from 0 to 2^63 - 1; anything else is a broken shell.
void readWhole(const json::Value& object, std::string_view key, const std::string& base, std::int64_t& out,
               Findings& findings) {
    const json::Value* value = field(object, key, base, findings);
    if (!value) return;
    if (!value->isNumber() || !writtenWhole(*value))
        return findings.add(member(base, key), notA("a whole number", *value));
    const bool negative = value->string()[0] == '-';
    if (!value->isInteger()) return findings.add(member(base, key), negative ? "must not be negative" : "too large");
    if (value->integer() < 0) return findings.add(member(base, key), "must not be negative");
    out = value->integer();
}

void readVersion(const json::Value& body, Findings& findings) {
    const json::Value* v = field(body, "v", "", findings);
    if (!v) return;
    if (!v->isNumber() || !writtenWhole(*v)) return findings.add("v", notA("a whole number", *v));
    if (!v->isInteger() || v->integer() != kBatchVersion)
        findings.add("v", "unsupported version " + v->string() + "; this collector reads " + decimal(kBatchVersion));
}

// Props are a flat object of strings: the core has already turned numbers and
// booleans into text and masked what must be masked. Order and repeats are
// kept, so that a batch reads back as the core wrote it.
void readProps(const json::Value& item, const std::string& base, Event& event, Findings& findings) {
    const json::Value* props = field(item, "props", base, findings);
    if (!props) return;
    if (!props->isObject()) return findings.add(member(base, "props"), notA("an object", *props));
    event.props.reserve(props->size());
    for (const auto& [key, value] : props->members()) {
        if (!value.isString()) findings.add(member(member(base, "props"), key), notA("a string", value));
        else event.props.emplace_back(key, value.string());
    }
}

Event readEvent(const json::Value& item, const std::string& path, Findings& findings) {
    Event e;
    if (!item.isObject()) {
        findings.add(path, notA("an object", item));
        return e;
    }
    readText(item, "id", path, Text::Id, e.id, findings);
    readText(item, "name", path, Text::NonEmpty, e.name, findings);
    readText(item, "purpose", path, Text::Purpose, e.purpose, findings);
    readWhole(item, "ts", path, e.ts, findings);
    readText(item, "page", path, Text::Any, e.page, findings);
    readWhole(item, "seq", path, e.seq, findings);
    readProps(item, path, e, findings);
    // Only on events of a purpose that allows identifiers, once granted.
    readText(item, "anonymous_id", path, Text::Id, e.anonymousId, findings, false);
    readText(item, "session_id", path, Text::Id, e.sessionId, findings, false);
    return e;
}

void readEvents(const json::Value& body, std::vector<Event>& out, Findings& findings) {
    const json::Value* events = field(body, "events", "", findings);
    if (!events) return;
    if (!events->isArray()) return findings.add("events", notA("an array", *events));
    if (events->size() > kMaxBatchEvents)
        return findings.add("events", "more than " + decimal(kMaxBatchEvents) + " events");
    out.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i)
        out.push_back(readEvent(events->items()[i], element("events", i), findings));
}

// Left out when no earlier record was in force.
void readEarlier(const json::Value& body, std::vector<std::string>& out, Findings& findings) {
    const json::Value* earlier = field(body, "earlier", "", findings, false);
    if (!earlier) return;
    if (!earlier->isArray()) return findings.add("earlier", notA("an array", *earlier));
    if (earlier->size() > kMaxEarlierRecords)
        return findings.add("earlier", "more than " + decimal(kMaxEarlierRecords) + " records");
    out.resize(earlier->size());
    for (std::size_t i = 0; i < earlier->size(); ++i)
        readTextAt(earlier->items()[i], element("earlier", i), "", Text::NonEmpty, out[i], findings);
}

std::vector<std::string> storedForms(const std::vector<const ConsentRecord*>& records) {
    std::vector<std::string> stored;
    stored.reserve(records.size());
    for (const ConsentRecord* r : records) stored.push_back(encodeRecord(*r));
    return stored;
}

}  // namespace

// Written as fixed pieces between the event's strings: this runs for every
// event captured (and each read back, eventJson). The same text as
// JsonWriter's key() and value() would write.
EventJson::EventJson(std::string& scratch, std::string_view id, std::string_view name, std::string_view purpose,
                     std::int64_t ts, std::string_view page, std::int64_t seq)
    : out_(scratch) {
    // An id (isId) and a purpose id (isPurposeId) have nothing to escape.
    piece("{\"id\":\"");
    piece(id);
    piece("\",\"name\":\"");
    text(name);
    piece("\",\"purpose\":\"");
    piece(purpose);
    piece("\",\"ts\":");
    number(ts);
    piece(",\"page\":\"");
    text(page);
    piece("\",\"seq\":");
    number(seq);
    piece(",\"props\":{");
}

void EventJson::prop(std::string_view key, std::string_view value) {
    piece(props_ ? "\",\"" : "\"");
    text(key);
    piece("\":\"");
    text(value);
    props_ = true;
}

std::string_view EventJson::close() && {
    piece(props_ ? "\"}" : "}");
    return {out_.data(), at_};
}

std::string EventJson::done(std::size_t more) && {
    const std::string_view text = std::move(*this).close();
    std::string json;
    json.reserve(text.size() + more);
    json.append(text.data(), text.size());
    return json;
}

char* EventJson::reserve(std::size_t bytes) {
    if (out_.size() - at_ < bytes) out_.resize(std::max<std::size_t>(out_.size() * 2, at_ + bytes + 256));
    return &out_[at_];
}

void EventJson::piece(std::string_view s) {
    std::memcpy(reserve(s.size()), s.data(), s.size());
    at_ += s.size();
}

void EventJson::text(std::string_view s) {
    char* at = reserve(6 * s.size());
    at_ += static_cast<std::size_t>(writeEscaped(at, s) - at);
}

void EventJson::number(std::int64_t n) {
    char* at = reserve(20);
    at_ += static_cast<std::size_t>(writeDecimal(at, n) - at);
}

void writeVisitorIds(JsonWriter& w, std::string_view anonymousId, std::string_view sessionId) {
    if (!anonymousId.empty()) w.piece(",\"anonymous_id\":\"").content(anonymousId).piece("\"");
    if (!sessionId.empty()) w.piece(",\"session_id\":\"").content(sessionId).piece("\"");
}

QueuedEvent queuedForm(const Event& e, std::uint16_t purpose) {
    QueuedEvent q;
    std::string scratch;
    const std::string_view text = eventJson(e, scratch);
    q.json.reserve(text.size() + kVisitorIdsBytes);
    q.json.assign(text.data(), text.size());
    q.idsAt = static_cast<std::uint32_t>(q.json.size());
    JsonWriter w;
    writeVisitorIds(w, e.anonymousId, e.sessionId);
    q.json += w.str();
    q.purpose = purpose;
    q.ts = e.ts;
    return q;
}

std::string encodeBatch(std::string_view batchId, const ConsentRecord& record,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<Event>& events,
                        std::int64_t sentAtMs) {
    const auto stored = storedForms(earlier);
    return writeBatch({batchId, record.consentId, record.recordId, encodeRecord(record), stored, sentAtMs}, events,
                      events.size() * 256);
}

std::string encodeBatch(std::string_view batchId, const ConsentRecord& record,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<QueuedEvent>& events,
                        std::int64_t sentAtMs) {
    const auto stored = storedForms(earlier);
    std::size_t bytes = 0;
    for (const auto& e : events) bytes += e.json.size() + 2;
    return writeBatch({batchId, record.consentId, record.recordId, encodeRecord(record), stored, sentAtMs}, events,
                      bytes);
}

std::string encodeBatch(const SentBatch& b) {
    return writeBatch({b.batchId, b.consentId, b.recordId, b.consent, b.earlier, b.sentAtMs}, b.events,
                      b.events.size() * 256);
}

Result<SentBatch> decodeBatch(std::string_view body) {
    if (body.size() > kMaxBatchBytes)
        return Problems{{"body", "larger than " + decimal(kMaxBatchBytes) + " bytes"}};
    const auto document = json::parse(body);
    if (!document) return Problems{{"body", "not valid JSON"}};
    if (!document->isObject()) return Problems{{"body", notA("a JSON object", *document)}};
    Findings findings;
    SentBatch batch;
    readVersion(*document, findings);
    readText(*document, "batch_id", "", Text::Id, batch.batchId, findings);
    readText(*document, "consent_id", "", Text::Id, batch.consentId, findings);
    readText(*document, "record_id", "", Text::Id, batch.recordId, findings);
    readText(*document, "consent", "", Text::NonEmpty, batch.consent, findings);
    readEarlier(*document, batch.earlier, findings);
    readWhole(*document, "sent_at", "", batch.sentAtMs, findings);
    readEvents(*document, batch.events, findings);
    if (!findings.empty()) return findings.take();
    return Result<SentBatch>(std::move(batch));
}

std::string encodePending(const EventQueue& queued, const std::vector<InFlightBatch>& inFlight) {
    JsonWriter w;
    w.beginArray();
    std::string scratch;
    for (const auto& batch : inFlight)
        for (const auto& e : batch.events) writeEvent(w, e, scratch);
    for (const auto& e : queued) writeEvent(w, e, scratch);
    w.endArray();
    return w.str();
}

// The batch's own event reader: what encodePending wrote is what a batch
// carries, so it is read as strictly (a damaged event fails the whole text).
Result<std::vector<Event>> decodePending(std::string_view text) {
    const auto list = json::parse(text);
    if (!list || !list->isArray()) return Problems{{"pending", "is not a list of events"}};
    Findings findings;
    std::vector<Event> events;
    events.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i)
        events.push_back(readEvent(list->items()[i], element("pending", i), findings));
    if (!findings.empty()) return findings.take();
    return events;
}

}  // namespace assent
