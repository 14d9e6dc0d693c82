// The one JSON form of a record (writeRecord): its field set, and that the
// shells' record(), the ledger's export and the collector's receipts are it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assent/core.hpp"
#include "assent/json_writer.hpp"
#include "assent/record.hpp"
#include "assent/wire.hpp"
#include "fixtures.hpp"

using namespace assent;
using fixtures::kT0;
using nlohmann::ordered_json;

namespace {

ConsentRecord sample() {
    ConsentRecord r;
    r.siteHash = "0badc0de";
    r.consentId = "CCCCCCCCCCCCCCCCCCCCCC";
    r.recordId = "RRRRRRRRRRRRRRRRRRRRRR";
    r.revision = 3;
    r.createdMs = kT0;
    r.updatedMs = kT0 + 5;
    r.method = Method::Custom;
    r.surface = Surface::Preferences;
    r.language = "zh-CN";
    r.textsHash = "0123456789abcdef";
    r.purposes = {{"analytics", Grant{true, kT0 + 10}}, {"necessary", Grant{true, 0}}};
    r.services = {{"ga", true}, {"pixel", false}};
    r.permissions = {{"geolocation", Grant{false, kT0 + 20}}};
    return r;
}

ordered_json written(const ConsentRecord& r, RecordDetail detail) {
    JsonWriter w;
    writeRecord(w, r, detail);
    return ordered_json::parse(w.str());
}

std::vector<std::string> keysOf(const ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    return keys;
}

const std::vector<std::string> kHead = {"consentId", "recordId", "revision", "createdMs", "updatedMs",
                                        "method",    "surface",  "language", "textsHash"};

}  // namespace

TEST_CASE("a record's decisions: what a page reads, granted or not per purpose and permission") {
    const ordered_json j = written(sample(), RecordDetail::Decisions);
    std::vector<std::string> keys = kHead;
    keys.insert(keys.end(), {"purposes", "permissions"});
    CHECK(keysOf(j) == keys);
    CHECK(j["consentId"] == "CCCCCCCCCCCCCCCCCCCCCC");
    CHECK(j["createdMs"] == kT0);
    CHECK(j["method"] == "custom");
    CHECK(j["surface"] == "preferences");
    CHECK(j["purposes"] == ordered_json{{"analytics", true}, {"necessary", true}});
    CHECK(j["permissions"] == ordered_json{{"geolocation", false}});
}

TEST_CASE("a record's proof: every grant with its expiry, and the services derived") {
    const ordered_json j = written(sample(), RecordDetail::Proof);
    std::vector<std::string> keys = kHead;
    keys.insert(keys.end(), {"purposes", "services", "permissions"});
    CHECK(keysOf(j) == keys);
    CHECK(j["purposes"] == ordered_json{{"analytics", {{"granted", true}, {"expiresMs", kT0 + 10}}},
                                        {"necessary", {{"granted", true}, {"expiresMs", 0}}}});
    CHECK(j["services"] == ordered_json{{"ga", true}, {"pixel", false}});
    CHECK(j["permissions"] == ordered_json{{"geolocation", {{"granted", false}, {"expiresMs", kT0 + 20}}}});
    CHECK_FALSE(j.contains("siteHash"));
}

TEST_CASE("the shells' record() is the decisions form, byte for byte") {
    wire::Endpoint endpoint(fixtures::kConfig, fixtures::kSeed);
    REQUIRE(endpoint.core()->choose(fixtures::custom({{"analytics", true}}), kT0).ok());
    JsonWriter w;
    writeRecord(w, *endpoint.core()->ledger().current(), RecordDetail::Decisions);
    CHECK(endpoint.call("record", "[]") == w.str());
}

TEST_CASE("the ledger's export lists each record in the proof form") {
    auto core = Core::create(fixtures::kConfig, fixtures::kSeed).value();
    REQUIRE(core.choose(fixtures::acceptAll(), kT0).ok());
    REQUIRE(core.choose(fixtures::rejectAll(), kT0 + 1).ok());
    const ordered_json exported = ordered_json::parse(core.exportRecords());
    const auto history = core.ledger().history();
    REQUIRE(exported["records"].size() == history.size());
    for (std::size_t i = 0; i < history.size(); ++i) CHECK(exported["records"][i] == written(history[i], RecordDetail::Proof));
    CHECK(exported["siteId"] == "shop.example");
    CHECK(exported["consentId"] == history.back().consentId);
}
