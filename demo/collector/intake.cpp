#include "intake.hpp"

#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

namespace assent::collector {
namespace {

// ordered: props keep the order the shell sent them in.
using Json = nlohmann::ordered_json;

// Collects problems up to kMaxProblems, then notes that there were more.
class Findings {
public:
    void add(std::string path, std::string reason) {
        if (problems_.size() < kMaxProblems) {
            problems_.push_back({std::move(path), std::move(reason)});
        } else {
            truncated_ = true;
        }
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

std::string member(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string notA(const char* wanted, const Json& value) {
    return std::string("must be ") + wanted + ", not " + value.type_name();
}

// Parses without exceptions: a bad body becomes a problem, never a throw.
bool parseObject(std::string_view body, Json& out, Findings& findings) {
    out = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded()) {
        findings.add("body", "not valid JSON");
        return false;
    }
    if (!out.is_object()) {
        findings.add("body", notA("a JSON object", out));
        return false;
    }
    return true;
}

const Json* field(const Json& object, std::string_view key, const std::string& path, Findings& findings) {
    const auto it = object.find(key);
    if (it == object.end()) {
        findings.add(path, "missing");
        return nullptr;
    }
    return &*it;
}

enum class Empty { Refused, Allowed };

void readText(const Json& object, std::string_view key, const std::string& base, std::string& out,
              Findings& findings, Empty empty = Empty::Refused) {
    const std::string path = member(base, key);
    const Json* value = field(object, key, path, findings);
    if (value == nullptr) return;
    if (!value->is_string()) return findings.add(path, notA("a string", *value));
    out = value->get<std::string>();  // the type was checked just above
    if (out.empty() && empty == Empty::Refused) findings.add(path, "empty");
}

// Times are whole milliseconds since the epoch; anything else is a broken shell.
void readTime(const Json& object, std::string_view key, const std::string& base, std::int64_t& out,
              Findings& findings) {
    const std::string path = member(base, key);
    const Json* value = field(object, key, path, findings);
    if (value == nullptr) return;
    if (!value->is_number_integer()) return findings.add(path, notA("a whole number", *value));
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return findings.add(path, "too large");
    }
    out = value->get<std::int64_t>();
    if (out < 0) findings.add(path, "must not be negative");
}

void readVersion(const Json& object, Findings& findings) {
    const Json* value = field(object, "v", "v", findings);
    if (value == nullptr) return;
    if (!value->is_number_integer()) return findings.add("v", notA("a whole number", *value));
    if (*value != kBatchVersion) {
        findings.add("v", "unsupported version " + value->dump() + "; this collector reads " +
                              std::to_string(kBatchVersion));
    }
}

// Props are a flat object of strings: the core has already turned numbers and
// booleans into text and masked what must be masked.
void readProps(const Json& object, const std::string& base, Event& event, Findings& findings) {
    const std::string path = member(base, "props");
    const Json* props = field(object, "props", path, findings);
    if (props == nullptr) return;
    if (!props->is_object()) return findings.add(path, notA("an object", *props));
    for (const auto& [key, value] : props->items()) {
        if (!value.is_string()) {
            findings.add(member(path, key), notA("a string", value));
            continue;
        }
        event.props.emplace_back(key, value.get<std::string>());
    }
}

Event readEvent(const Json& item, const std::string& path, Findings& findings) {
    Event event;
    if (!item.is_object()) {
        findings.add(path, notA("an object", item));
        return event;
    }
    readText(item, "id", path, event.id, findings);
    readText(item, "name", path, event.name, findings);
    readText(item, "purpose", path, event.purpose, findings);
    readTime(item, "ts", path, event.ts, findings);
    readText(item, "page", path, event.page, findings, Empty::Allowed);
    readProps(item, path, event, findings);
    return event;
}

// Optional: a batch whose events were all captured under the newest record has none.
void readEarlier(const Json& object, std::vector<std::string>& out, Findings& findings) {
    const auto it = object.find("earlier");
    if (it == object.end()) return;
    if (!it->is_array()) return findings.add("earlier", notA("an array", *it));
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& item = (*it)[i];
        if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
            findings.add("earlier[" + std::to_string(i) + "]", item.is_string() ? "empty" : notA("a string", item));
            continue;
        }
        out.push_back(item.get<std::string>());
    }
}

void readEvents(const Json& object, std::vector<Event>& out, Findings& findings) {
    const Json* events = field(object, "events", "events", findings);
    if (events == nullptr) return;
    if (!events->is_array()) return findings.add("events", notA("an array", *events));
    out.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        out.push_back(readEvent((*events)[i], "events[" + std::to_string(i) + "]", findings));
    }
}

}  // namespace

Result<Batch> parseBatch(std::string_view body) {
    Findings findings;
    Json json;
    if (!parseObject(body, json, findings)) return findings.take();

    Batch batch;
    readVersion(json, findings);
    readText(json, "consent_id", "", batch.consentId, findings);
    readText(json, "record_id", "", batch.recordId, findings);
    readText(json, "consent", "", batch.consent, findings);
    readEarlier(json, batch.earlier, findings);
    readTime(json, "sent_at", "", batch.sentAtMs, findings);
    readEvents(json, batch.events, findings);
    if (!findings.empty()) return findings.take();
    return batch;
}

Result<std::string> parseReceiptBody(std::string_view body) {
    Findings findings;
    Json json;
    if (!parseObject(body, json, findings)) return findings.take();

    std::string stored;
    readText(json, "consent", "", stored, findings);
    if (!findings.empty()) return findings.take();
    return stored;
}

}  // namespace assent::collector
