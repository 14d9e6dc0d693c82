#include "store_rows.hpp"

#include <nlohmann/json.hpp>

#include "assent/codec.hpp"
#include "assent/json_writer.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::ordered_json;

std::map<std::string, Grant> purposesFrom(const std::string& text) {
    std::map<std::string, Grant> purposes;
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object()) return purposes;
    for (const auto& [id, grant] : json.items()) {
        const auto granted = grant.find("granted");
        const auto expires = grant.find("expiresMs");
        if (!grant.is_object() || granted == grant.end() || !granted->is_boolean()) continue;
        purposes[id] = Grant{granted->get<bool>(), expires != grant.end() && expires->is_number_integer()
                                                       ? expires->get<std::int64_t>()
                                                       : 0};
    }
    return purposes;
}

}  // namespace

namespace {

// Printable ASCII: written byte for byte alike by both writers.
bool plainAscii(std::string_view text) {
    for (char c : text)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

}  // namespace

// Written for every stored event, so the common case (ASCII props, as the
// batch codec hands them over) skips nlohmann's DOM: the core's JsonWriter
// writes the same bytes, a key repeated in the batch kept once, at its first
// place, with its last value. Other text (control characters, UTF-8) goes
// through nlohmann, whose dump() puts U+FFFD for bytes that are not UTF-8.
std::string propsJson(const Event& event) {
    const auto& props = event.props;
    bool plain = true;
    for (const auto& [key, value] : props) plain = plain && plainAscii(key) && plainAscii(value);
    if (!plain) {
        Json json = Json::object();
        for (const auto& [key, value] : props) json[key] = value;
        return json.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    JsonWriter w;
    w.beginObject();
    for (std::size_t i = 0; i < props.size(); ++i) {
        const std::string& key = props[i].first;
        bool seen = false;
        for (std::size_t j = 0; j < i && !seen; ++j) seen = props[j].first == key;
        if (seen) continue;
        std::size_t last = i;
        for (std::size_t j = i + 1; j < props.size(); ++j)
            if (props[j].first == key) last = j;
        w.key(key).value(props[last].second);
    }
    w.endObject();
    return w.str();
}

// Reads back what propsJson wrote; a damaged cell gives no props, not a throw.
std::vector<std::pair<std::string, std::string>> propsFrom(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> props;
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object()) return props;
    for (const auto& [key, value] : json.items()) {
        if (value.is_string()) props.emplace_back(key, value.get<std::string>());
    }
    return props;
}

// {"analytics":{"granted":true,"expiresMs":…},…}, as the core writes grants:
// queryable with SQLite's JSON functions.
std::string purposesJson(const ConsentRecord& record) {
    JsonWriter w;
    writeGrants(w, record.purposes);
    return w.str();
}

std::string permissionsJson(const ConsentRecord& record) {
    JsonWriter w;
    writeGrants(w, record.permissions);
    return w.str();
}

ConsentRecord recordFromRow(const std::string& stored, const ReceiptColumns& c) {
    if (auto decoded = decodeRecord(stored)) return std::move(decoded).value();
    ConsentRecord r;
    r.recordId = c.recordId;
    r.consentId = c.consentId;
    r.revision = c.revision;
    parseMethod(c.method, r.method);
    parseSurface(c.surface, r.surface);
    r.language = c.language;
    r.purposes = purposesFrom(c.purposes);
    r.createdMs = c.createdMs;
    r.updatedMs = c.updatedMs;
    return r;
}

// What a receipt's link proves: its ids, the config revision it arrived
// under and the exact stored record (times, decisions, language, texts hash).
std::string receiptContent(std::string_view recordId, std::string_view consentId, std::int64_t configRevision,
                           std::string_view stored) {
    std::string content;
    for (std::string_view part : {recordId, consentId}) content.append(part).push_back('\n');
    content.append(std::to_string(configRevision)).push_back('\n');
    content.append(stored);
    return content;
}


ChainReport chainReport(const std::string& site, const std::vector<ChainLink>& links, const ChainHead& head,
                        const std::optional<ChainHead>& anchor) {
    ChainReport report;
    report.site = site;
    report.links = links.size();
    for (const auto& l : links) report.tombstones += l.erased ? 1 : 0;
    report.head = head;
    report.broken = verifyChain(links, head);
    if (!report.broken && anchor) report.broken = checkAnchor(links, *anchor);
    return report;
}

}  // namespace assent::server
