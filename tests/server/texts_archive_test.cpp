// A record's textsHash resolves to the words the person read (C06): the
// server keeps every language's texts of each config it runs with, by hash,
// and an export shows them beside the record, checkable against the hash.
// The archive's contract runs against both places it lives (SQLite and
// PostgreSQL, as fresh_store.hpp's storeKinds()); what only a shared archive
// does (servers on different revisions) runs on PostgreSQL.
#include "texts_archive.hpp"

#include <thread>

#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "fresh_store.hpp"
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

// The test config with other words for the title, under revision 2.
Config nextRevision() {
    std::string changed = kConfigJson;
    changed.replace(changed.find("\"title\": \"Privacy\""), 18, "\"title\": \"Your privacy\"");
    changed.replace(changed.find("\"revision\": 1"), 13, "\"revision\": 2");
    return parsedConfig(changed);
}

// A texts archive beside `store` holding the test config's texts, kept at kNow.
std::unique_ptr<TextsArchive> keptTexts(const FreshStore& store) {
    auto archive = store.texts(testConfig().siteId);
    REQUIRE(archive->keep(testConfig(), kNow).ok());
    return archive;
}

}  // namespace

TEST_CASE("[C06] each language's texts are kept by the hash records carry, and hash to it", "[server][texts]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    const Config demo = demoConfig();
    FreshStore store(kind, demo.siteId);
    auto demoArchive = store.texts(demo.siteId);
    CHECK(demoArchive->keep(demo, kNow).value() == demo.texts.size());
    CHECK(demo.texts.size() >= 2);
    for (const auto& [language, texts] : demo.texts) {
        INFO(language);
        const std::string hash = textsHash(demo, language);
        const auto found = demoArchive->find(hash).value();
        REQUIRE(found);
        CHECK(found->language == language);
        CHECK(found->revision == demo.revision);
        CHECK(found->firstKeptMs == kNow);
        CHECK(found->canonical == textsCanonical(demo, language));
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
    // Another site's words, in the same database, are not this one's.
    CHECK(store.texts("another-site")->find(textsHash(demo, "en")).value() == std::nullopt);
}

TEST_CASE("[C06] words of an earlier config revision stay resolvable after the texts change", "[server][texts]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    FreshStore store(kind, testConfig().siteId);
    auto archive = keptTexts(store);
    const std::string oldHash = textsHash(testConfig(), "en");
    CHECK(archive->keep(testConfig(), kNow + 1).value() == 0);  // the same texts again: nothing new

    const Config next = nextRevision();
    archive.reset();
    auto reopened = store.texts(next.siteId);  // as a restarted server would
    CHECK(reopened->keep(next, kNow + 100).value() == 1);
    const auto before = reopened->find(oldHash).value();
    const auto after = reopened->find(textsHash(next, "en")).value();
    REQUIRE(before);
    REQUIRE(after);
    CHECK(Json::parse(before->json)["title"] == "Privacy");
    CHECK(before->revision == 1);
    CHECK(Json::parse(after->json)["title"] == "Your privacy");
    CHECK(after->revision == 2);
    CHECK(reopened->find("0000000000000000").value() == std::nullopt);
}

TEST_CASE("[C06] words kept again keep the revision and time they were first kept under", "[server][texts]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    FreshStore store(kind, testConfig().siteId);
    auto archive = keptTexts(store);
    // Revision 2 with the same words: the same hash.
    std::string sameWords = kConfigJson;
    sameWords.replace(sameWords.find("\"revision\": 1"), 13, "\"revision\": 2");
    const Config next = parsedConfig(sameWords);
    const std::string hash = textsHash(next, "en");
    REQUIRE(hash == textsHash(testConfig(), "en"));

    CHECK(store.texts(next.siteId)->keep(next, kNow + 100).value() == 0);
    const auto found = archive->find(hash).value();
    REQUIRE(found);
    CHECK(found->revision == 1);
    CHECK(found->firstKeptMs == kNow);
}

TEST_CASE("[C06] erasing a person's records and retiring old receipts leave the words they name",
          "[server][texts]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    FreshStore store(kind, testConfig().siteId, testConfig().revision);
    auto archive = keptTexts(store);
    Core erased = deviceThatChose({{"analytics", true}});
    Core retired = deviceThatChose({{"analytics", false}});
    for (Core* device : {&erased, &retired})
        REQUIRE(store->addReceipt(recordOf(*device), device->storedCurrent(), kNow).ok());
    const std::string hash = recordOf(erased).textsHash;
    REQUIRE(hash == recordOf(retired).textsHash);

    REQUIRE(store->erase(recordOf(erased).consentId).ok());
    REQUIRE(store->retire(kNow + 400 * kDayMs, Retention{kDayMs, kDayMs}).ok());
    CHECK(store->receipts(recordOf(retired).consentId).value().empty());
    const auto found = archive->find(hash).value();
    REQUIRE(found);
    CHECK(found->canonical == textsCanonical(testConfig(), "en"));
}

TEST_CASE("[C06] during a rolling deploy each server finds the words the other kept, whatever its revision",
          "[server][texts][postgresql]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", testConfig().siteId);
    const Config next = nextRevision();
    // Server A already runs revision 2; server B still runs revision 1.
    auto serverA = store.texts(next.siteId);
    auto serverB = store.texts(testConfig().siteId);
    CHECK(serverA->keep(next, kNow + 100).value() == next.texts.size());
    CHECK(serverB->keep(testConfig(), kNow).value() == testConfig().texts.size());

    // A receipt B took (revision 1's words) is exported by A, and the other way round.
    const auto fromB = serverA->find(textsHash(testConfig(), "en")).value();
    REQUIRE(fromB);
    CHECK(fromB->revision == 1);
    CHECK(Json::parse(fromB->json)["title"] == "Privacy");
    CHECK(sha256Hex(fromB->canonical).substr(0, 16) == textsHash(testConfig(), "en"));
    const auto fromA = serverB->find(textsHash(next, "en")).value();
    REQUIRE(fromA);
    CHECK(fromA->revision == 2);
    CHECK(Json::parse(fromA->json)["title"] == "Your privacy");
}

TEST_CASE("[C06] servers starting together with the same words all start, and the words are kept once",
          "[server][texts][postgresql]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", testConfig().siteId);
    const Config demo = demoConfig();
    constexpr int kServers = 4;
    std::vector<std::unique_ptr<TextsArchive>> servers;
    for (int i = 0; i < kServers; ++i) servers.push_back(store.texts(demo.siteId));
    std::vector<Result<std::size_t>> kept(kServers, Result<std::size_t>(std::size_t{0}));
    std::vector<std::thread> starting;
    for (int i = 0; i < kServers; ++i)
        starting.emplace_back([&, i] { kept[i] = servers[i]->keep(demo, kNow + i); });
    for (auto& t : starting) t.join();
    std::size_t added = 0;
    for (const auto& k : kept) {
        INFO(k.message());
        REQUIRE(k.ok());
        added += k.value();
    }
    CHECK(added == demo.texts.size());
}

TEST_CASE("[C06] texts a server archived in its own file before scaled mode carry into the shared archive",
          "[server][texts][postgresql]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", testConfig().siteId);
    TempDir dir;
    auto local = SqliteTextsArchive::open((dir.path() / "texts.db").string(), testConfig().siteId);
    REQUIRE(local.ok());
    REQUIRE(local.value()->keep(testConfig(), kNow).ok());
    REQUIRE(local.value()->keep(nextRevision(), kNow + 100).ok());

    auto shared = store.texts(testConfig().siteId);
    CHECK(shared->add(local.value()->all().value()).value() == 2);
    const auto old = shared->find(textsHash(testConfig(), "en")).value();
    REQUIRE(old);
    CHECK(old->revision == 1);
    CHECK(old->firstKeptMs == kNow);
    CHECK(old->canonical == textsCanonical(testConfig(), "en"));
    CHECK(shared->find(textsHash(nextRevision(), "en")).value().has_value());
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

TEST_CASE("[C06] a PostgreSQL database of servers from before the shared archive gains it at the next start",
          "[server][texts][postgresql]") {
    INFO("this test needs ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    FreshStore store("postgresql", testConfig().siteId);
    {  // the schema as the servers before this archive left it: version 3, no texts
        pqxx::connection c(store.url());
        pqxx::work tx(c);
        tx.exec("DROP TABLE texts");
        tx.exec("UPDATE assent_schema SET version = 3");
        tx.commit();
    }
    std::string notice;
    REQUIRE(PgStore::open(store.url(), testConfig().siteId, &notice).ok());
    CHECK_THAT(notice, Catch::StartsWith("PostgreSQL schema 3 -> "));
    auto archive = store.texts(testConfig().siteId);
    CHECK(archive->keep(testConfig(), kNow).value() == 1);
    CHECK(archive->find(textsHash(testConfig(), "en")).value().has_value());
}
