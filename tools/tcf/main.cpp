// assent-tcf: the core's TCF v2.3 TC string codec on JSON lines.
//
//   assent-tcf encode   each line of standard input is a model (JSON);
//                       prints {"tcString":"…"} or {"problems":[…]}
//   assent-tcf decode   each line is a TC string;
//                       prints {"model":{…}} or {"problems":[…]}
//   assent-tcf gpp-decode  each line is a GPP string; prints
//                       {"sectionList":[…],"parsedSections":{…}} (the GPP
//                       CMP API's form, gpp/model_json.hpp) or {"problems":[…]}
//
// One output line per input line, in order, so a caller can pair them.
// Model fields are TcModel's (tc_model.hpp); id sets are arrays of numbers,
// "publisherTc" is absent or null when the string has no PublisherTC.
// Exit status: 0 when every line was read (even if refused), 2 on bad usage.
#include <iostream>
#include <string>

#include "assent/gpp/gpp_string.hpp"
#include "assent/gpp/model_json.hpp"
#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/tcf/model_json.hpp"
#include "assent/tcf/tc_string.hpp"

namespace {

using assent::JsonWriter;
using assent::Problem;
using assent::Problems;
using assent::json::Value;
using namespace assent::tcf;

// ---- model from JSON: a missing field keeps TcModel's default ----

class ModelReader {
public:
    explicit ModelReader(const Value& object) : object_(object) {}

    template <class T>
    void integer(const char* key, T& out, std::int64_t high) {
        const Value* v = object_.find(key);
        if (!v) return;
        if (!v->isInteger() || v->integer() < 0 || v->integer() > high) return fail(key, "not a whole number 0–" + assent::decimal(high));
        out = static_cast<T>(v->integer());
    }
    void flag(const char* key, bool& out) {
        const Value* v = object_.find(key);
        if (!v) return;
        if (!v->isBool()) return fail(key, "not true or false");
        out = v->boolean();
    }
    void text(const char* key, std::string& out) {
        const Value* v = object_.find(key);
        if (!v) return;
        if (!v->isString()) return fail(key, "not a string");
        out = v->string();
    }
    void ids(const char* key, IdSet& out) { idsOf(object_.find(key), key, out); }
    void idsOf(const Value* v, const std::string& key, IdSet& out) {
        if (!v) return;
        if (!v->isArray()) return fail(key, "not an array of ids");
        for (const auto& id : v->items()) {
            // Out-of-range ids pass as 0 so that the encoder reports them.
            if (!id.isInteger() || id.integer() < 0) return fail(key, "an id is not a whole number");
            out.insert(static_cast<std::uint16_t>(id.integer() > 65535 ? 0 : id.integer()));
        }
    }
    const Value* find(const char* key) const { return object_.find(key); }
    void fail(const std::string& key, std::string reason) { problems.push_back({key, std::move(reason)}); }

    Problems problems;

private:
    const Value& object_;
};

void readRestrictions(ModelReader& in, TcModel& m) {
    const Value* list = in.find("publisherRestrictions");
    if (!list) return;
    if (!list->isArray()) return in.fail("publisherRestrictions", "not an array");
    for (const auto& item : list->items()) {
        if (!item.isObject()) return in.fail("publisherRestrictions", "an entry is not an object");
        ModelReader entry(item);
        PublisherRestriction r;
        int type = 0;
        entry.integer("purposeId", r.purposeId, 255);
        entry.integer("type", type, 255);
        r.type = static_cast<RestrictionType>(type);
        entry.ids("vendors", r.vendors);
        for (auto& p : entry.problems) in.fail("publisherRestrictions." + p.path, p.reason);
        m.publisherRestrictions.push_back(std::move(r));
    }
}

void readPublisherTc(ModelReader& in, TcModel& m) {
    const Value* v = in.find("publisherTc");
    if (!v || v->isNull()) return;
    if (!v->isObject()) return in.fail("publisherTc", "not an object");
    ModelReader p(*v);
    PublisherTc tc;
    p.ids("purposeConsents", tc.purposeConsents);
    p.ids("purposeLegitimateInterests", tc.purposeLegitimateInterests);
    p.integer("numCustomPurposes", tc.numCustomPurposes, 255);
    p.ids("customPurposeConsents", tc.customPurposeConsents);
    p.ids("customPurposeLegitimateInterests", tc.customPurposeLegitimateInterests);
    for (auto& problem : p.problems) in.fail("publisherTc." + problem.path, problem.reason);
    m.publisherTc = tc;
}

assent::Result<TcModel> modelFromJson(const std::string& line) {
    const auto parsed = assent::json::parse(line);
    if (!parsed || !parsed->isObject()) return Problems{{"", "not a JSON object"}};
    ModelReader in(*parsed);
    TcModel m;
    in.integer("createdMs", m.createdMs, INT64_MAX);
    in.integer("lastUpdatedMs", m.lastUpdatedMs, INT64_MAX);
    in.integer("cmpId", m.cmpId, 65535);
    in.integer("cmpVersion", m.cmpVersion, 65535);
    in.integer("consentScreen", m.consentScreen, 255);
    in.text("consentLanguage", m.consentLanguage);
    in.integer("vendorListVersion", m.vendorListVersion, 65535);
    in.integer("policyVersion", m.policyVersion, 255);
    in.flag("useNonStandardTexts", m.useNonStandardTexts);
    in.ids("specialFeatureOptIns", m.specialFeatureOptIns);
    in.ids("purposeConsents", m.purposeConsents);
    in.ids("purposeLegitimateInterests", m.purposeLegitimateInterests);
    in.flag("purposeOneTreatment", m.purposeOneTreatment);
    in.text("publisherCountryCode", m.publisherCountryCode);
    in.ids("vendorConsents", m.vendorConsents);
    in.ids("vendorLegitimateInterests", m.vendorLegitimateInterests);
    readRestrictions(in, m);
    in.ids("disclosedVendors", m.disclosedVendors);
    readPublisherTc(in, m);
    if (!in.problems.empty()) return in.problems;
    return m;
}

std::string problemsLine(const Problems& problems) {
    JsonWriter out;
    out.beginObject().key("problems").beginArray();
    for (const auto& p : problems) out.value(p.message());
    out.endArray().endObject();
    return out.str();
}

std::string encodeLine(const std::string& line) {
    const auto model = modelFromJson(line);
    if (!model) return problemsLine(model.problems());
    const auto encoded = encodeTcString(model.value());
    if (!encoded) return problemsLine(encoded.problems());
    JsonWriter out;
    out.beginObject().key("tcString").value(encoded.value()).endObject();
    return out.str();
}

std::string decodeLine(const std::string& line) {
    const auto decoded = decodeTcString(line);
    if (!decoded) return problemsLine(decoded.problems());
    JsonWriter out;
    out.beginObject().key("model");
    writeTcModel(out, decoded.value());
    out.endObject();
    return out.str();
}

std::string gppDecodeLine(const std::string& line) {
    const auto decoded = assent::gpp::decodeGppString(line);
    if (!decoded) return problemsLine(decoded.problems());
    JsonWriter out;
    out.beginObject().key("sectionList").beginArray();
    for (const auto id : decoded.value().sectionIds()) out.value(static_cast<std::int64_t>(id));
    out.endArray().key("parsedSections");
    assent::gpp::writeParsedSections(out, decoded.value());
    out.endObject();
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc == 2 ? argv[1] : "";
    if (mode != "encode" && mode != "decode" && mode != "gpp-decode") {
        std::cerr << "usage: assent-tcf encode|decode|gpp-decode  (JSON lines on standard input)\n";
        return 2;
    }
    std::string line;
    while (std::getline(std::cin, line))
        std::cout << (mode == "encode" ? encodeLine(line) : mode == "decode" ? decodeLine(line) : gppDecodeLine(line)) << '\n';
    return 0;
}
