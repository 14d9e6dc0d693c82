// The JSON Schema published for editors (web/schema/assent.config.schema.json)
// says what the parser says: the same objects with the same keys, the same
// required keys, the same integer ranges. The parser is the judge; these
// tests fail when the two drift.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "assent/config.hpp"
#include "assent/gpp/site.hpp"
#include "assent/tcf/site.hpp"

using nlohmann::json;

namespace {

json readJson(const std::string& file) {
    std::ifstream in(file);
    REQUIRE(in.good());
    return json::parse(in);
}

const json& schema() {
    static const json s = readJson(ASSENT_SOURCE_DIR "/web/schema/assent.config.schema.json");
    return s;
}

const json& resolve(const json& node) {
    if (!node.is_object() || !node.contains("$ref")) return node;
    const std::string ref = node["$ref"];  // "#/definitions/…"
    return schema()["definitions"][ref.substr(ref.rfind('/') + 1)];
}

std::string join(const std::string& place, const std::string& key) { return place.empty() ? key : place + "." + key; }

// Every object schema with properties, by its place in the parser's terms
// ("purposes[]", "texts.*.purposes.*").
void collect(const json& raw, const std::string& place, std::map<std::string, const json*>& out) {
    const json& node = resolve(raw);
    if (!node.is_object()) return;
    if (node.contains("properties")) {
        out[place] = &node;
        for (const auto& [key, child] : node["properties"].items()) collect(child, join(place, key), out);
    }
    if (node.contains("items")) collect(node["items"], place + "[]", out);
    if (node.contains("additionalProperties") && node["additionalProperties"].is_object())
        collect(node["additionalProperties"], place + ".*", out);
}

std::map<std::string, const json*> schemaObjects() {
    std::map<std::string, const json*> out;
    collect(schema(), "", out);
    return out;
}

// A config that uses every object (the demo's, with the tracker fixture's
// masking), and the instance of a place in it.
json fullConfig() {
    json c = readJson(ASSENT_SOURCE_DIR "/demo/site/assent.config.json");
    c["tracker"]["masking"] = readJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/tracker.config.json")["tracker"]["masking"];
    c["tcf"] = readJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/tcf-section.json");
    c["tcf"]["publisher"] = {{"purposes", {{{"purpose", "marketing"}, {"consent", {1}}}}},
                             {"customPurposes", {{{"purpose", "media"}, {"basis", "consent"}}}}};
    c["gpp"] = readJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/gpp-section.json");
    return c;
}

// The `tcf` section is read by the TCF module (assent/tcf/site.hpp), against
// a vendor list; the rest by parseConfig.
bool isTcf(const std::string& place) { return place.rfind("tcf", 0) == 0; }
// The `gpp` section too, without the vendor list.
bool isGpp(const std::string& place) { return place.rfind("gpp", 0) == 0; }

assent::Problems problemsOf(const std::string& place, const json& config) {
    if (isGpp(place)) return assent::gpp::readSiteGpp(config.dump()).problems();
    if (isTcf(place)) {
        static const std::string gvl = readJson(ASSENT_SOURCE_DIR "/tests/e2e/fixtures/ui/vendor-list.json").dump();
        return assent::tcf::readSiteTcf(config.dump(), gvl).problems();
    }
    return assent::parseConfig(config.dump()).problems();
}

// Follows a place through a config: "x[]" is x's first item, "*" the first member.
json* instance(json& config, const std::string& place, std::string& path) {
    json* at = &config;
    path.clear();
    std::stringstream parts(place);
    for (std::string part; std::getline(parts, part, '.');) {
        const bool item = part.size() > 2 && part.compare(part.size() - 2, 2, "[]") == 0;
        const std::string key = item ? part.substr(0, part.size() - 2) : part;
        if (key == "*") {
            path = join(path, at->begin().key());
            at = &at->begin().value();
        } else if (!key.empty()) {
            path = join(path, key);
            at = &(*at)[key];
        }
        if (item) {
            path += "[0]";
            at = &(*at)[0];
        }
    }
    return at;
}

bool hasProblem(const assent::Problems& problems, const std::string& path, const std::string& reasonStart) {
    for (const auto& p : problems)
        if (p.path == path && p.reason.rfind(reasonStart, 0) == 0) return true;
    return false;
}

// Required by the parser only when something else is there.
const std::set<std::pair<std::string, std::string>> kRequiredWhen = {
    {"texts.*", "permissions"},  // when the config has permissions
    {"consentMode", "signals"},  // when enabled
    {"gpp", "usnat"},            // when gpp.sections lists "usnat"
    {"gpp.usnat", "mspaMode"},   // for an MSPA covered transaction
};

}  // namespace

TEST_CASE("the config schema has the parser's objects, each with the parser's keys") {
    const auto objects = schemaObjects();
    std::set<std::string> parserPlaces;
    for (const auto& o : assent::kConfigObjects) {
        const std::string place(o.place);
        parserPlaces.insert(place);
        INFO("place \"" << place << "\"");
        REQUIRE(objects.count(place) == 1);
        std::set<std::string> keys;
        for (const auto& [key, _] : (*objects.at(place))["properties"].items()) keys.insert(key);
        std::set<std::string> parserKeys;
        std::istringstream words{std::string(o.keys)};
        for (std::string word; words >> word;) parserKeys.insert(word);
        CHECK(keys == parserKeys);
        for (const auto& key : parserKeys) CHECK(o.holds(key));
        CHECK_FALSE(o.holds(""));
        CHECK_FALSE(o.holds(o.keys));  // two keys are not one
        CHECK((*objects.at(place))["additionalProperties"] == false);
    }
    std::vector<assent::ConfigObject> moduleObjects(std::begin(assent::tcf::kTcfConfigObjects), std::end(assent::tcf::kTcfConfigObjects));
    moduleObjects.insert(moduleObjects.end(), std::begin(assent::gpp::kGppConfigObjects), std::end(assent::gpp::kGppConfigObjects));
    for (const auto& o : moduleObjects) {
        const std::string place(o.place);
        parserPlaces.insert(place);
        INFO("place \"" << place << "\"");
        REQUIRE(objects.count(place) == 1);
        std::set<std::string> keys;
        for (const auto& [key, _] : (*objects.at(place))["properties"].items()) keys.insert(key);
        std::set<std::string> parserKeys;
        std::istringstream words{std::string(o.keys)};
        for (std::string word; words >> word;) parserKeys.insert(word);
        CHECK(keys == parserKeys);
        CHECK((*objects.at(place))["additionalProperties"] == false);
    }
    for (const auto& [place, _] : objects) {
        INFO("schema object \"" << place << "\"");
        CHECK(parserPlaces.count(place) == 1);
    }
}

TEST_CASE("a key the schema requires is one the parser reports missing, and no other") {
    REQUIRE(assent::parseConfig(fullConfig().dump()).ok());
    REQUIRE(problemsOf("tcf", fullConfig()).empty());
    REQUIRE(problemsOf("gpp", fullConfig()).empty());
    for (const auto& [place, node] : schemaObjects()) {
        const json required = node->value("required", json::array());
        for (const auto& [key, _] : (*node)["properties"].items()) {
            if (key == "$schema") continue;
            json config = fullConfig();
            std::string path;
            json* at = instance(config, place, path);
            if (!at->contains(key)) continue;  // not used by the full config: nothing to remove
            at->erase(key);
            const bool schemaRequires = std::find(required.begin(), required.end(), key) != required.end();
            const bool conditional = kRequiredWhen.count({place, key}) > 0;
            INFO(join(path, key) << (schemaRequires ? " is required by the schema" : " is optional in the schema"));
            CHECK(hasProblem(problemsOf(place, config), join(path, key), "missing") ==
                  (schemaRequires || conditional));
        }
    }
}

TEST_CASE("the schema's integer ranges are the parser's") {
    int checked = 0;
    for (const auto& [place, node] : schemaObjects()) {
        for (const auto& [key, property] : (*node)["properties"].items()) {
            if (property.value("type", "") != "integer") continue;
            for (const char* bound : {"minimum", "maximum"}) {
                if (!property.contains(bound)) continue;
                const std::int64_t edge = property[bound];
                const std::int64_t outside = std::string(bound) == "minimum" ? edge - 1 : edge + 1;
                json config = fullConfig();
                std::string path;
                json* at = instance(config, place, path);
                INFO(join(path, key) << " " << bound << " " << edge);
                (*at)[key] = edge;
                CHECK_FALSE(hasProblem(problemsOf(place, config), join(path, key), "must be between"));
                (*at)[key] = outside;
                CHECK(hasProblem(problemsOf(place, config), join(path, key), "must be between"));
                ++checked;
            }
        }
    }
    CHECK(checked >= 20);
}
