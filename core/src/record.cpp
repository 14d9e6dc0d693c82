#include "assent/record.hpp"

#include <array>
#include <utility>

#include "assent/json_writer.hpp"
#include "assent/tcf/choice_json.hpp"

namespace assent {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods{{
    {Method::AcceptAll, "accept_all"},
    {Method::RejectAll, "reject_all"},
    {Method::Custom, "custom"},
    {Method::Withdraw, "withdraw"},
    {Method::Api, "api"},
    {Method::Gpc, "gpc"},
    {Method::Platform, "platform"},
}};

constexpr std::array<std::pair<Surface, std::string_view>, 5> kSurfaces{{
    {Surface::Banner, "banner"},
    {Surface::Preferences, "preferences"},
    {Surface::PermissionPrompt, "permission_prompt"},
    {Surface::Api, "api"},
    {Surface::Placeholder, "placeholder"},
}};

template <class Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
    for (const auto& [value, name] : table)
        if (value == e) return name;
    return "unknown";
}

template <class Enum, std::size_t N>
bool parseName(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text, Enum& out) {
    for (const auto& [value, name] : table) {
        if (name == text) {
            out = value;
            return true;
        }
    }
    return false;
}

// id -> granted: a lapsed grant still reads true here; whether it counts now
// is the ledger's question, not the record's.
void writeGranted(JsonWriter& w, const std::map<std::string, Grant>& grants) {
    w.beginObject();
    for (const auto& [id, grant] : grants) w.key(id).value(grant.granted);
    w.endObject();
}

void writeTcf(JsonWriter& w, const ConsentRecord& r) {
    if (!r.tcf) return;
    w.key("tcf").beginObject();
    writeIds(w, "vendorConsents", r.tcf->vendorConsents);
    writeIds(w, "vendorLegitimateInterests", r.tcf->vendorLegitimateInterests);
    writeIds(w, "specialFeatureOptIns", r.tcf->specialFeatureOptIns);
    if (!r.tcStringHash.empty()) w.key("tcStringHash").value(r.tcStringHash);
    w.endObject();
}

}  // namespace

void writeGrants(JsonWriter& w, const std::map<std::string, Grant>& grants) {
    w.beginObject();
    for (const auto& [id, g] : grants)
        w.key(id).beginObject().key("granted").value(g.granted).key("expiresMs").value(g.expiresMs).endObject();
    w.endObject();
}

void writeRecordFields(JsonWriter& w, const ConsentRecord& r, RecordDetail detail) {
    w.key("consentId").value(r.consentId)
        .key("recordId").value(r.recordId)
        .key("revision").value(r.revision)
        .key("createdMs").value(r.createdMs)
        .key("updatedMs").value(r.updatedMs)
        .key("method").value(methodName(r.method))
        .key("surface").value(surfaceName(r.surface))
        .key("language").value(r.language)
        .key("textsHash").value(r.textsHash)
        .key("purposes");
    if (detail == RecordDetail::Decisions) {
        writeGranted(w, r.purposes);
        w.key("permissions");
        writeGranted(w, r.permissions);
        return writeTcf(w, r);
    }
    writeGrants(w, r.purposes);
    w.key("services").beginObject();
    for (const auto& [id, allowed] : r.services) w.key(id).value(allowed);
    w.endObject().key("permissions");
    writeGrants(w, r.permissions);
    writeTcf(w, r);
}

void writeRecord(JsonWriter& w, const ConsentRecord& r, RecordDetail detail) {
    w.beginObject();
    writeRecordFields(w, r, detail);
    w.endObject();
}

std::optional<Problem> readTcfChoice(const json::Value& v, const std::string& path, TcfChoice& out) {
    if (!v.isObject()) return Problem{path, "must be an object"};
    for (const auto& [key, ids] : {std::pair<const char*, IdSet*>{"vendorConsents", &out.vendorConsents},
                                   {"vendorLegitimateInterests", &out.vendorLegitimateInterests},
                                   {"specialFeatureOptIns", &out.specialFeatureOptIns}}) {
        const json::Value* list = v.find(key);
        if (!list || !list->isArray()) return Problem{path + "." + key, "must be an array of GVL ids"};
        for (const auto& id : list->items()) {
            if (!id.isInteger() || id.integer() < 1 || id.integer() > 65535)
                return Problem{path + "." + key, "must hold whole numbers between 1 and 65535"};
            ids->insert(static_cast<std::uint16_t>(id.integer()));
        }
    }
    return std::nullopt;
}

bool isPurposeId(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

bool isLanguageTag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35) return false;
    for (char c : tag)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool isCapability(std::string_view name) {
    if (name.empty() || name.size() > 48 || name.front() == '.' || name.back() == '.') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

std::string_view methodName(Method m) { return nameOf(kMethods, m); }
std::string_view surfaceName(Surface s) { return nameOf(kSurfaces, s); }
bool parseMethod(std::string_view text, Method& out) { return parseName(kMethods, text, out); }
bool parseSurface(std::string_view text, Surface& out) { return parseName(kSurfaces, text, out); }

}  // namespace assent
