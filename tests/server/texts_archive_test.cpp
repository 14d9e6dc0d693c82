// A record's textsHash resolves to the words the person read (C06): the
// server keeps every language's texts of each config it runs with, by hash,
// and an export shows them beside the record, checkable against the hash.
#include "texts_archive.hpp"

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

// The strings of a canonical form, "<length>:<string>" one after another.
std::vector<std::string> piecesOf(const std::string& canonical) {
    std::vector<std::string> pieces;
    std::size_t at = 0;
    while (at < canonical.size()) {
        const auto colon = canonical.find(':', at);
        const auto length = std::stoul(canonical.substr(at, colon - at));
        pieces.push_back(canonical.substr(colon + 1, length));
        at = colon + 1 + length;
    }
    return pieces;
}

// Every string value and key in a JSON document.
void collectStrings(const Json& j, std::multiset<std::string>& out) {
    if (j.is_string()) out.insert(j.get<std::string>());
    if (j.is_object())
        for (const auto& [key, value] : j.items()) out.insert(key), collectStrings(value, out);
    if (j.is_array())
        for (const auto& value : j) collectStrings(value, out);
}

// The demo's config: two languages, links, permissions and placeholder words.
Config demoConfig() {
    std::ifstream in(std::string(ASSENT_SOURCE_DIR) + "/demo/site/assent.config.json");
    return parsedConfig(std::string(std::istreambuf_iterator<char>(in), {}));
}

}  // namespace

TEST_CASE("[C06] each language's texts are kept by the hash records carry, and hash to it", "[server][texts]") {
    TempDir dir;
    const Config demo = demoConfig();
    auto demoArchive = SqliteTextsArchive::open((dir.path() / "demo.db").string(), demo.siteId);
    REQUIRE(demoArchive.ok());
    CHECK(demoArchive.value()->keep(demo, kNow).value() == demo.texts.size());
    CHECK(demo.texts.size() >= 2);
    for (const auto& [language, texts] : demo.texts) {
        INFO(language);
        const std::string hash = textsHash(demo, language);
        const auto found = demoArchive.value()->find(hash).value();
        REQUIRE(found);
        CHECK(found->language == language);
        CHECK(found->revision == demo.revision);
        CHECK(found->firstKeptMs == kNow);
        CHECK(sha256Hex(found->canonical).substr(0, 16) == hash);  // anyone can check the words against the record
        // The readable JSON holds every string the hash covers: nothing read is left out.
        std::multiset<std::string> shown;
        collectStrings(Json::parse(found->json), shown);
        for (const auto& piece : piecesOf(found->canonical)) {
            INFO(piece);
            CHECK(shown.count(piece) > 0);
        }
        CHECK(Json::parse(found->json)["title"] == texts.title);
    }
    // Another site's words, in the same file, are not this one's.
    auto otherSite = SqliteTextsArchive::open((dir.path() / "demo.db").string(), "another-site");
    REQUIRE(otherSite.ok());
    CHECK(otherSite.value()->find(textsHash(demo, "en")).value() == std::nullopt);
}

TEST_CASE("[C06] words of an earlier config revision stay resolvable after the texts change", "[server][texts]") {
    TempDir dir;
    const fs::path file = dir.path() / "a.db";
    auto archive = keptTexts(file);
    const std::string oldHash = textsHash(testConfig(), "en");
    CHECK(archive->keep(testConfig(), kNow + 1).value() == 0);  // the same texts again: nothing new

    std::string changed = kConfigJson;
    changed.replace(changed.find("\"title\": \"Privacy\""), 18, "\"title\": \"Your privacy\"");
    changed.replace(changed.find("\"revision\": 1"), 13, "\"revision\": 2");
    const Config next = parsedConfig(changed);
    archive.reset();
    auto reopened = SqliteTextsArchive::open(file.string(), next.siteId);  // as a restarted server would
    REQUIRE(reopened.ok());
    CHECK(reopened.value()->keep(next, kNow + 100).value() == 1);
    const auto before = reopened.value()->find(oldHash).value();
    const auto after = reopened.value()->find(textsHash(next, "en")).value();
    REQUIRE(before);
    REQUIRE(after);
    CHECK(Json::parse(before->json)["title"] == "Privacy");
    CHECK(before->revision == 1);
    CHECK(Json::parse(after->json)["title"] == "Your privacy");
    CHECK(after->revision == 2);
    CHECK(reopened.value()->find("0000000000000000").value() == std::nullopt);
}

TEST_CASE("[C06] a receipt export shows the words its textsHash names", "[server][texts]") {
    RunningCollector collector;
    Core device = deviceThatChose({{"analytics", true}});
    auto client = collector.client();
    REQUIRE(client.Post("/v1/consent", Json{{"consent", device.storedCurrent()}}.dump(), "application/json")->status == 200);
    const std::string consentId = recordOf(device).consentId;
    auto res = client.Get(("/v1/consent?consent_id=" + consentId).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const Json receipt = Json::parse(res->body)["receipts"][0];
    const Json texts = receipt["texts"];
    REQUIRE(texts.is_object());
    CHECK(texts["language"] == "en");
    CHECK(texts["words"]["title"] == "Privacy");
    CHECK(texts["words"]["purposes"]["analytics"]["description"] == "Counts clicks.");
    CHECK(sha256Hex(texts["canonical"].get<std::string>()).substr(0, 16) == receipt["textsHash"]);
}
