// The receipts' proof chain as the server keeps it in SQLite (C06, C09,
// C19): tampered with by the sqlite3 tool, as someone with the file would,
// and walked by `assent-server verify`, the real binary, which names the
// first link touched; an erasure leaves tombstones and a chain that verifies.
#include <nlohmann/json.hpp>

#include "fresh_store.hpp"
#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

// A link's hash as docs/formats.md tells an auditor to compute it: each field
// as its length, ':', and itself; then SHA-256 in lowercase hex.
std::string linkHash(const std::string& site, std::int64_t seq, std::int64_t receivedMs, const std::string& contentHash,
                     const std::string& prevHash) {
    std::string canon;
    for (const std::string& field : {std::string("assent-chain-1"), site, std::to_string(seq),
                                     std::to_string(receivedMs), contentHash, prevHash}) {
        canon += std::to_string(field.size()) + ":" + field;
    }
    return sha256Hex(canon);
}

// What an auditor holding only a receipt export recomputes: each receipt's
// content and link from its own fields, then the export's path folded
// forward from the oldest receipt's link. The head it arrives at, or why it
// arrived nowhere.
std::string foldedHead(const Json& exported) {
    const Json& receipts = exported.at("receipts");
    const Json& chain = exported.at("chain");
    std::map<std::int64_t, std::string> own;  // each receipt's link, by seq
    for (const Json& r : receipts) {
        const Json& link = r.at("chain");
        const std::string content = r.at("recordId").get<std::string>() + "\n" + r.at("consentId").get<std::string>() +
                                    "\n" + std::to_string(r.at("configRevision").get<std::int64_t>()) + "\n" +
                                    r.at("consent").get<std::string>();
        if (sha256Hex(content) != link.at("contentHash")) return "receipt content does not hash to its contentHash";
        const auto seq = link.at("seq").get<std::int64_t>();
        const std::string hash = linkHash(link.at("site").get<std::string>(), seq, link.at("receivedMs").get<std::int64_t>(),
                                          link.at("contentHash").get<std::string>(), link.at("prevHash").get<std::string>());
        if (hash != link.at("linkHash").get<std::string>()) return "receipt fields do not hash to its linkHash";
        own[seq] = hash;
    }
    if (own.empty() || own.begin()->first != chain.at("after").get<std::int64_t>()) return "the path does not start at the oldest receipt";
    const auto site = receipts.at(0).at("chain").at("site").get<std::string>();
    std::int64_t seq = own.begin()->first;
    std::string folded = own.begin()->second;
    for (const Json& l : chain.at("links")) {
        if (l.at("seq").get<std::int64_t>() != seq + 1) return "the path skips a link";
        seq = l.at("seq").get<std::int64_t>();
        folded = linkHash(site, seq, l.at("receivedMs").get<std::int64_t>(), l.at("contentHash").get<std::string>(), folded);
        // A later receipt of the same person sits on the path.
        if (own.count(seq) && own[seq] != folded) return "a receipt is not on the path";
    }
    if (seq != chain.at("head").at("seq").get<std::int64_t>()) return "the path stops before the head";
    return folded;
}

// Three people decide, one after the other, twice each: the first person's
// receipts are links 1 and 4, and links 2, 3, 5, 6 are others'.
std::string threePeopleInTurn(Store& store) {
    std::vector<Core> people;
    std::int64_t at = kNow;
    for (const char* purpose : {"analytics", "marketing", "analytics"}) people.push_back(deviceThatChose({{purpose, true}}, at += 1000));
    for (Core& c : people) REQUIRE(store.addReceipt(recordOf(c), c.storedCurrent(), at += 1000).value());
    for (Core& c : people) {
        REQUIRE(c.withdraw("", Surface::Preferences, at += 1000).ok());
        REQUIRE(store.addReceipt(recordOf(c), c.storedCurrent(), at += 1000).value());
    }
    return recordOf(people.front()).consentId;
}

// SQL run on the store's own database, as someone with access to it would:
// the sqlite3 tool on the file, or a connection to PostgreSQL.
void tamper(FreshStore& store, const std::string& sql) {
    if (store.kind() == "sqlite") {
        REQUIRE(run("sqlite3 " + quoted(store.file().string()) + " \"" + sql + "\"").status == 0);
        return;
    }
    pqxx::connection c(store.url());
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

// A store of `site` holding four receipts of three people, then closed.
void fourReceipts(const fs::path& file) {
    auto store = openStore(file, testConfig().siteId, testConfig().revision);
    std::int64_t at = kNow;
    for (const auto& choice : std::vector<std::map<std::string, bool>>{
             {{"analytics", true}}, {{"analytics", false}}, {{"marketing", true}}}) {
        Core core = deviceThatChose(choice, at);
        REQUIRE(store->addReceipt(recordOf(core), core.storedCurrent(), at += 1000).value());
        if (choice.count("marketing")) {
            REQUIRE(core.withdraw("", Surface::Preferences, at + 10).ok());
            REQUIRE(store->addReceipt(recordOf(core), core.storedCurrent(), at += 1000).value());
        }
    }
}

// A folder with the test config and a store file, holding four receipts
// unless asked for an empty folder.
struct ChainFile {
    TempDir dir;
    fs::path file = dir.path() / "assent.db";
    fs::path config = dir.path() / "assent.config.json";
    explicit ChainFile(bool withReceipts = true) {
        writeText(config, kConfigJson);
        if (withReceipts) fourReceipts(file);
    }
};

// assent-server verify on `file`, the test config's site: a server config
// beside the site's names it, and --db overrides the database it names.
Run verify(const fs::path& file, const fs::path& configFile, const std::string& more = "") {
    const fs::path serverConfig = configFile.parent_path() / "assent-server.json";
    writeText(serverConfig, R"({"database": "not-this.db", "site": {"config": ")" + configFile.filename().string() + R"("}})");
    return run(std::string(ASSENT_SERVER_BIN) + " verify --config " + quoted(serverConfig.string()) + " --db " +
               quoted(file.string()) + more);
}

// The head verify printed ("head SEQ:LINKHASH").
std::string headOf(const Run& verified) {
    const auto at = verified.output.find("; head ");
    REQUIRE(at != std::string::npos);
    return verified.output.substr(at + 7, verified.output.find('\n', at) - at - 7);
}

}  // namespace

TEST_CASE("[C06] every receipt kept is a link of the site's chain, and verify walks it whole", "[collector][proof]") {
    const ChainFile chain;
    const Run whole = verify(chain.file, chain.config);
    CHECK(whole.status == 0);
    CHECK_THAT(whole.output, Catch::Contains("verifies: 4 links, 0 of them erased"));
}

TEST_CASE("[C06] a receipt edited, deleted or reordered with the sqlite3 tool is found at the first link touched",
          "[collector][proof]") {
    const ChainFile chain;
    const fs::path& original = chain.file;
    const fs::path& config = chain.config;
    const std::pair<const char*, const char*> cases[] = {
        // A refusal turned into a grant, in the columns and in the stored record.
        {"UPDATE consent_receipts SET purposes = replace(purposes, 'false', 'true'), "
         "stored = replace(stored, 'analytics=0', 'analytics=1') WHERE seq = 2;",
         "is broken at link 2: altered: its content no longer matches its hash"},
        {"DELETE FROM consent_receipts WHERE seq = 3;", "is broken at link 3: removed: the chain goes on at link 4 without it"},
        {"UPDATE consent_receipts SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3);",
         "is broken at link 2: reordered: it does not follow link 1 in the chain"},
        {"UPDATE consent_receipts SET received_ms = received_ms - 86400000 WHERE seq = 1;",
         "is broken at link 1: altered: its time, place or content hash no longer hash to its link"},
        {"DELETE FROM consent_receipts WHERE seq = 4;",
         "is broken at link 4: removed: the chain's head says it goes on to link 4"},
    };
    for (const auto& [sql, found] : cases) {
        INFO(sql);
        const fs::path copy = chain.dir.path() / "tampered.db";
        fs::remove(copy);
        fs::copy_file(original, copy);
        const Run tamper = run("sqlite3 " + quoted(copy.string()) + " \"" + sql + "\"");
        REQUIRE(tamper.status == 0);
        const Run checked = verify(copy, config);
        CHECK(checked.status == 3);
        CHECK_THAT(checked.output, Catch::Contains(found));
    }
}

TEST_CASE("[C14] [C19] an erasure leaves tombstones: the person is gone, the chain still verifies", "[collector][proof]") {
    const ChainFile chain;
    const fs::path& file = chain.file;
    const fs::path& config = chain.config;
    std::string erasedId;
    {
        auto store = openStore(file, testConfig().siteId, testConfig().revision);
        const auto report = store->verify().value();
        REQUIRE(report.links == 4);
        // The third person: two receipts (a grant, then a withdrawal).
        erasedId = run("sqlite3 " + quoted(file.string()) + " \"SELECT consent_id FROM consent_receipts WHERE seq = 3;\"").output;
        erasedId.erase(erasedId.find_last_not_of('\n') + 1);
        REQUIRE(store->erase(erasedId).value().receipts == 2);
        CHECK(store->receipts(erasedId).value().empty());
    }
    const Run checked = verify(file, config);
    CHECK(checked.status == 0);
    CHECK_THAT(checked.output, Catch::Contains("verifies: 4 links, 2 of them erased"));
    // Nothing of the person is left in the file.
    const Run left = run("sqlite3 " + quoted(file.string()) + " \"SELECT count(*) FROM consent_receipts WHERE consent_id = '" +
                         erasedId + "' OR stored LIKE '%" + erasedId + "%';\"");
    CHECK(left.output == "0\n");
}

TEST_CASE("[C06] receipts kept before the chain existed become its first links when the file is opened",
          "[collector][proof]") {
    const ChainFile chain(/*withReceipts=*/false);
    const fs::path& file = chain.file;
    Core core = deviceThatChose({{"analytics", true}});
    const ConsentRecord r = recordOf(core);
    const std::string schema2 =
        "CREATE TABLE consent_receipts (record_id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, revision INTEGER NOT NULL, "
        "method TEXT NOT NULL, surface TEXT NOT NULL, language TEXT NOT NULL, purposes TEXT NOT NULL, created_ms INTEGER "
        "NOT NULL, updated_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, stored TEXT NOT NULL);"
        "INSERT INTO consent_receipts VALUES ('" + r.recordId + "', '" + r.consentId + "', 1, 'custom', 'preferences', "
        "'en', '{}', 1, 2, 3, '" + core.storedCurrent() + "');"
        "PRAGMA user_version = 2;";
    REQUIRE(run("sqlite3 " + quoted(file.string()) + " \"" + schema2 + "\"").status == 0);
    std::string notice;
    REQUIRE(SqliteStore::open(file.string(), testConfig().siteId, &notice, testConfig().revision).ok());
    CHECK_THAT(notice, Catch::Contains("schema 2 to 7") && Catch::Contains("proof chain"));
    const Run checked = verify(file, chain.config);
    CHECK(checked.status == 0);
    CHECK_THAT(checked.output, Catch::Contains("verifies: 1 link, 0 of them erased"));
}

TEST_CASE("[C19] retention deletes old events and turns a quiet consent id's receipts into tombstones; the chain still verifies",
          "[collector][proof]") {
    constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
    FreshStore store(GENERATE(from_range(storeKinds())), testConfig().siteId, testConfig().revision);
    INFO(store.kind());
    // An old person (decided 400 days ago) and a recent one, each with an event of that day.
    Core old = deviceThatChose({{"analytics", true}}, kNow - 400 * kDay);
    Core recent = deviceThatChose({{"analytics", true}}, kNow - 2 * kDay);
    for (Core* c : {&old, &recent}) {
        const ConsentRecord r = recordOf(*c);
        REQUIRE(store->addReceipt(r, c->storedCurrent(), r.updatedMs).value());
        REQUIRE(store->addEvents(r.consentId, r.recordId, {event(idOf("e" + r.consentId), "$click", "analytics")}, r.updatedMs)
                    .ok());
    }
    const auto retired = store->retire(kNow, Retention{395 * kDay, 365 * kDay});
    REQUIRE(retired.ok());
    CHECK(retired.value().events == 1);
    CHECK(retired.value().receipts == 1);
    CHECK(store->events(recordOf(old).consentId, 500).value().empty());
    CHECK(store->receipts(recordOf(old).consentId).value().empty());
    CHECK(store->events(recordOf(recent).consentId, 500).value().size() == 1);
    CHECK(store->receipts(recordOf(recent).consentId).value().size() == 1);
    const auto report = store->verify().value();
    CHECK_FALSE(report.broken);
    CHECK(report.tombstones == 1);
    // Nothing is retained past its period twice; 0 keeps for ever.
    CHECK(store->retire(kNow, Retention{395 * kDay, 365 * kDay}).value().receipts == 0);
    CHECK(store->retire(kNow + 10000 * kDay, Retention{}).value().events == 0);
}

TEST_CASE("[C06] a whole file rewritten into another chain that holds together is found by a head kept outside it",
          "[server][proof]") {
    const ChainFile chain;
    const Run whole = verify(chain.file, chain.config);
    REQUIRE(whole.status == 0);
    const std::string anchor = headOf(whole);
    CHECK_THAT(anchor, Catch::Matches("4:[0-9a-f]{64}"));
    CHECK(verify(chain.file, chain.config, " --anchor " + anchor).status == 0);

    // Someone with the file writes another history from scratch: its chain
    // and head are consistent, so only the anchor can tell.
    const fs::path rewritten = chain.dir.path() / "rewritten.db";
    fourReceipts(rewritten);
    CHECK(verify(rewritten, chain.config).status == 0);
    const Run anchored = verify(rewritten, chain.config, " --anchor " + anchor);
    CHECK(anchored.status == 3);
    CHECK_THAT(anchored.output, Catch::Contains("is broken at link 4: rewritten: it is not the link anchored outside the file"));

    // A file cut back to before the anchored link.
    const fs::path shorter = chain.dir.path() / "shorter.db";
    fs::copy_file(chain.file, shorter);
    const Run later = verify(shorter, chain.config, " --anchor 9:" + anchor.substr(2));
    CHECK(later.status == 3);
    CHECK_THAT(later.output, Catch::Contains("is broken at link 9: removed: the link anchored outside the file is not in it"));

    const Run malformed = verify(chain.file, chain.config, " --anchor 4:nothex");
    CHECK(malformed.status == 2);
    CHECK_THAT(malformed.output, Catch::Contains("--anchor: must be SEQ:LINKHASH"));
}

TEST_CASE("[C06] the server logs its chain's head as a JSON line when it starts, for keeping outside the file",
          "[server][proof]") {
    const ChainFile chain;
    const fs::path serverConfig = chain.dir.path() / "serving.json";
    writeText(serverConfig, R"({"listen": {"port": 0}, "database": "assent.db", "site": {"config": "assent.config.json"}})");
    const std::string expected = headOf(verify(chain.file, chain.config));
    // Served until timeout's SIGTERM a second later (timeout then says 124).
    const Run served = run("timeout 1 " + std::string(ASSENT_SERVER_BIN) + " --config " + quoted(serverConfig.string()));
    CHECK(served.status == 124);
    const auto colon = expected.find(':');
    CHECK_THAT(served.output, Catch::Contains(R"("chainHead":{"seq":)" + expected.substr(0, colon) + R"(,"linkHash":")" +
                                              expected.substr(colon + 1) + R"("}})"));
}

TEST_CASE("[C06] a receipt export alone folds forward to the chain's head, and no longer does once a later link is edited",
          "[server][proof]") {
    FreshStore store(GENERATE(from_range(storeKinds())), testConfig().siteId, testConfig().revision);
    INFO(store.kind());
    const std::string first = threePeopleInTurn(*store);
    const Json exported = Json::parse(receiptExport(*store, nullptr, first).value());
    REQUIRE(exported.at("receipts").size() == 2);
    CHECK(exported.at("chain").at("after") == 1);
    CHECK(exported.at("chain").at("links").size() == 5);
    CHECK(exported.at("chain").at("complete") == true);
    const ChainHead head = store->chainHead().value();
    REQUIRE(head.seq == 6);
    CHECK(exported.at("chain").at("head").at("linkHash") == head.linkHash);
    // The person keeps the head the export named (or compares it with an anchor).
    CHECK(foldedHead(exported) == head.linkHash);

    // Another person's later receipt moved a second in time: its link, and so
    // every link after it, is no longer the one the head was made from.
    tamper(store, "UPDATE consent_receipts SET received_ms = received_ms + 1000 WHERE seq = 5");
    const Json after = Json::parse(receiptExport(*store, nullptr, first).value());
    const std::string refolded = foldedHead(after);
    CHECK(refolded != head.linkHash);
    CHECK(refolded != store->chainHead().value().linkHash);
}

TEST_CASE("[C06] a long path to the chain's head comes a page at a time, each page folding on from the last",
          "[server][proof]") {
    FreshStore store(GENERATE(from_range(storeKinds())), testConfig().siteId, testConfig().revision);
    INFO(store.kind());
    const std::string first = threePeopleInTurn(*store);
    const Json page1 = Json::parse(receiptExport(*store, nullptr, first, 0, 3).value());
    CHECK(page1.at("chain").at("links").size() == 3);
    CHECK(page1.at("chain").at("complete") == false);
    REQUIRE(page1.at("chain").at("next") == 4);
    const Json page2 = Json::parse(receiptExport(*store, nullptr, first, 4, 3).value());
    CHECK(page2.at("chain").at("after") == 4);
    CHECK(page2.at("chain").at("links").size() == 2);
    CHECK(page2.at("chain").at("complete") == true);
    CHECK_FALSE(page2.at("chain").contains("next"));
    // Folded across both pages, the path still arrives at the head.
    Json whole = page1;
    for (const Json& l : page2.at("chain").at("links")) whole["chain"]["links"].push_back(l);
    CHECK(foldedHead(whole) == store->chainHead().value().linkHash);

    // From the head itself nothing is left to fold; past it, the page names the head.
    const Json atHead = Json::parse(receiptExport(*store, nullptr, first, 6, 3).value());
    CHECK(atHead.at("chain").at("links").empty());
    CHECK(atHead.at("chain").at("complete") == true);
    const auto pastHead = receiptExport(*store, nullptr, first, 7, 3);
    REQUIRE_FALSE(pastHead);
    CHECK(pastHead.message() == "chain_after: past the chain's head (seq 6)");
}
