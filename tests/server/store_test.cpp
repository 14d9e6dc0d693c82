#include "sqlite_store.hpp"

#include <sqlite3.h>

#include <string>

#include "fresh_store.hpp"
#include "store_rows.hpp"
#include "support.hpp"

using namespace server_test;

namespace {

std::vector<std::string> idsOf(const std::vector<StoredEvent>& rows) {
    std::vector<std::string> ids;
    for (const StoredEvent& row : rows) ids.push_back(row.event.id);
    return ids;
}

}  // namespace

TEST_CASE("an event's props are kept as one JSON object: a key the batch repeats once, where it first came, with its last value",
          "[collector][store]") {
    const auto propsOf = [](std::vector<std::pair<std::string, std::string>> props) {
        Event e = event("e1", "$click", "analytics", kNow);
        e.props = std::move(props);
        return propsJson(e);
    };
    CHECK(propsOf({}) == "{}");
    CHECK(propsOf({{"tag", "a"}, {"text", "Buy"}, {"tag", "button"}}) == R"({"tag":"button","text":"Buy"})");
    // Quotes and backslashes escaped; '/' as it is.
    CHECK(propsOf({{"q", R"(say "hi" \ /)"}}) == R"({"q":"say \"hi\" \\ /"})");
    // Control characters and UTF-8 (written by nlohmann, the same object):
    // \b as JSON's short escape, other controls as \u00XX, UTF-8 as it is,
    // and bytes that are not UTF-8 as U+FFFD.
    CHECK(propsOf({{"k", "a\bb\x01"}, {"z", "茶"}, {"k", "c\bd"}}) == "{\"k\":\"c\\bd\",\"z\":\"茶\"}");
    CHECK(propsOf({{"k", "\x01"}}) == R"({"k":"\u0001"})");
    CHECK(propsOf({{"k", "\xff"}}) == "{\"k\":\"\xef\xbf\xbd\"}");
    // Read back as written, repeats gone.
    CHECK(propsFrom(propsOf({{"a", "1"}, {"b", "2"}, {"a", "3"}})) ==
          std::vector<std::pair<std::string, std::string>>{{"a", "3"}, {"b", "2"}});
}

TEST_CASE("a delivered event is stored once, however often it arrives", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    const std::vector<Event> events = {event("e1", "$click", "analytics", kNow),
                                       event("e2", "$click", "analytics", kNow + 1)};

    auto first = store->addEvents("c", "r", events, kNow + 10);
    REQUIRE(first.ok());
    CHECK(first.value().stored == 2);
    CHECK(first.value().duplicates == 0);

    auto again = store->addEvents("c", "r", {events[1], event("e3", "$click", "analytics", kNow + 2)}, kNow + 20);
    REQUIRE(again.ok());
    CHECK(again.value().stored == 1);
    CHECK(again.value().duplicates == 1);

    auto rows = store->events("c", 500);
    REQUIRE(rows.ok());
    CHECK(idsOf(rows.value()) == std::vector<std::string>{"e1", "e2", "e3"});
    CHECK(rows.value()[1].receivedMs == kNow + 10);  // the first arrival is the one kept
    CHECK(rows.value()[0].event.props == events[0].props);
    CHECK(rows.value()[0].event.page == "/");
    CHECK(rows.value()[0].event.purpose == "analytics");
}

TEST_CASE("a listing holds the newest events, oldest first, of one consent id only", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    std::vector<Event> events;
    for (int i = 0; i < 10; ++i) events.push_back(event("e" + std::to_string(i), "$click", "analytics", kNow + 9 - i));
    REQUIRE(store->addEvents("c", "r", events, kNow).ok());
    REQUIRE(store->addEvents("other", "r2", {event("x", "$click", "analytics")}, kNow).ok());

    auto newest = store->events("c", 3);
    REQUIRE(newest.ok());
    CHECK(idsOf(newest.value()) == std::vector<std::string>{"e2", "e1", "e0"});  // ts kNow+7, +8, +9
    auto none = store->events("nobody", 500);
    REQUIRE(none.ok());
    CHECK(none.value().empty());
}

TEST_CASE("[C06] a consent receipt is kept once per record with what proves it", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    Core core = deviceThatChose({{"analytics", true}, {"marketing", false}});
    const ConsentRecord record = recordOf(core);

    auto added = store->addReceipt(record, core.storedCurrent(), kNow + 5);
    REQUIRE(added.ok());
    CHECK(added.value());
    auto again = store->addReceipt(record, core.storedCurrent(), kNow + 6);
    REQUIRE(again.ok());
    CHECK_FALSE(again.value());

    auto receipts = store->receipts(record.consentId);
    REQUIRE(receipts.ok());
    REQUIRE(receipts.value().size() == 1);
    const Receipt& receipt = receipts.value()[0];
    CHECK(receipt.stored == core.storedCurrent());
    CHECK(receipt.receivedMs == kNow + 5);
    CHECK(receipt.record.recordId == record.recordId);
    CHECK(receipt.record.revision == record.revision);
    CHECK(receipt.record.method == record.method);
    CHECK(receipt.record.surface == record.surface);
    CHECK(receipt.record.language == record.language);
    CHECK(receipt.record.purposes == record.purposes);
    CHECK(receipt.record.updatedMs == record.updatedMs);
}

TEST_CASE("[C09] a refusal is kept as carefully as a grant", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    Core core = deviceThatChose({{"analytics", false}, {"marketing", false}});
    REQUIRE(store->addReceipt(recordOf(core), core.storedCurrent(), kNow).ok());
    auto receipts = store->receipts(recordOf(core).consentId);
    REQUIRE(receipts.ok());
    REQUIRE(receipts.value().size() == 1);
    CHECK(receipts.value()[0].record.purposes.at("analytics").granted == false);
    CHECK(receipts.value()[0].stored == core.storedCurrent());
}

TEST_CASE("[C14] erasing a consent id removes its events and receipts, and no one else's", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    Core core = deviceThatChose({{"analytics", true}});
    const ConsentRecord record = recordOf(core);
    REQUIRE(store->addReceipt(record, core.storedCurrent(), kNow).ok());
    REQUIRE(store->addEvents(record.consentId, record.recordId, {event("a", "$click", "analytics")}, kNow).ok());
    REQUIRE(store->addEvents("other", "r", {event("b", "$click", "analytics")}, kNow).ok());

    auto erased = store->erase(record.consentId);
    REQUIRE(erased.ok());
    CHECK(erased.value().events == 1);
    CHECK(erased.value().receipts == 1);
    CHECK(store->events(record.consentId, 500).value().empty());
    CHECK(store->receipts(record.consentId).value().empty());
    CHECK(store->events("other", 500).value().size() == 1);
}

TEST_CASE("the store survives a restart and writes ahead (WAL)", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "a.db";
    {
        auto store = openStore(file);
        REQUIRE(store->addEvents("c", "r", {event("a", "$click", "analytics")}, kNow).ok());
    }
    CHECK(queryText(file, "PRAGMA journal_mode") == "wal");
    auto reopened = openStore(file);
    CHECK(reopened->events("c", 500).value().size() == 1);
    auto again = reopened->addEvents("c", "r", {event("a", "$click", "analytics")}, kNow);
    REQUIRE(again.ok());
    CHECK(again.value().duplicates == 1);
}

TEST_CASE("[C15] the schema has no place for an IP address or a user agent", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "a.db";
    openStore(file);
    for (const char* table : {"events", "consent_receipts"}) {
        const std::string columns =
            queryText(file, std::string("SELECT group_concat(name, ',') FROM pragma_table_info('") + table + "')");
        INFO(table << ": " << columns);
        REQUIRE_FALSE(columns.empty());
        for (const char* forbidden : {"ip", "addr", "agent", "host", "header", "forwarded"}) {
            CHECK(("," + columns + ",").find(forbidden) == std::string::npos);
        }
    }
}

TEST_CASE("a store that cannot be opened says why", "[collector][store]") {
    TempDir dir;
    auto store = SqliteStore::open((dir.path() / "missing-folder" / "a.db").string());
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.message(), Catch::Contains("cannot open"));
}

TEST_CASE("an event id is unique per consent id: one person's id does not block another's", "[collector][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    const Event same = event("same-id", "$click", "analytics");
    CHECK(store->addEvents("alice", "r1", {same}, kNow).value().stored == 1);
    const auto other = store->addEvents("bob", "r2", {same}, kNow);
    REQUIRE(other.ok());
    CHECK(other.value().stored == 1);
    CHECK(other.value().duplicates == 0);
    CHECK(store->addEvents("bob", "r2", {same}, kNow).value().duplicates == 1);
    CHECK(store->events("alice", 500).value().size() == 1);
    CHECK(store->events("bob", 500).value().size() == 1);
}

TEST_CASE("an event id is unique per site: the same file serving two sites keeps both", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "a.db";
    const Event same = event("same-id", "$click", "analytics");
    {
        auto one = SqliteStore::open(file.string(), "site-one").value();
        CHECK(one->addEvents("c", "r", {same}, kNow).value().stored == 1);
    }
    auto two = SqliteStore::open(file.string(), "site-two").value();
    CHECK(two->events("c", 500).value().empty());  // another site's events are not listed
    CHECK(two->addEvents("c", "r", {same}, kNow).value().stored == 1);
    CHECK(two->erase("c").value().events == 1);  // nor erased by another site
    CHECK(SqliteStore::open(file.string(), "site-one").value()->events("c", 500).value().size() == 1);
}

TEST_CASE("a database of the first schema is migrated, its events kept, and the operator told", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "old.db";
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
        const char* schema1 = R"sql(
CREATE TABLE events (id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, record_id TEXT NOT NULL, name TEXT NOT NULL,
  purpose TEXT NOT NULL, ts INTEGER NOT NULL, page TEXT NOT NULL, props TEXT NOT NULL, received_ms INTEGER NOT NULL);
CREATE INDEX events_by_consent ON events (consent_id, ts);
CREATE TABLE consent_receipts (record_id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, revision INTEGER NOT NULL,
  method TEXT NOT NULL, surface TEXT NOT NULL, language TEXT NOT NULL, purposes TEXT NOT NULL,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, stored TEXT NOT NULL);
INSERT INTO events VALUES ('e1', 'alice', 'r', '$click', 'analytics', 1, '/', '{"tag":"a"}', 2);
INSERT INTO events VALUES ('e2', 'alice', 'r', '$click', 'analytics', 3, '/', '{}', 4);
PRAGMA user_version = 1;
)sql";
        REQUIRE(sqlite3_exec(db, schema1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    std::string notice;
    auto opened = SqliteStore::open(file.string(), "assent-demo", &notice);
    INFO(opened.message());
    REQUIRE(opened.ok());
    auto store = std::move(opened).value();
    CHECK_THAT(notice, Catch::Contains("migrated") && Catch::Contains("schema 1 to 7") &&
                           Catch::Contains("event ids are now unique per site and consent id"));
    CHECK(queryText(file, "PRAGMA user_version") == "7");
    const auto rows = store->events("alice", 500).value();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].event.id == "e1");
    CHECK(rows[0].event.props == std::vector<std::pair<std::string, std::string>>{{"tag", "a"}});
    CHECK(rows[1].receivedMs == 4);
    // Now unique per consent id: bob may use alice's id.
    CHECK(store->addEvents("bob", "r", {event("e1", "$click", "analytics")}, kNow).value().stored == 1);

    // Opening it again changes nothing and says nothing.
    store.reset();
    std::string again;
    REQUIRE(SqliteStore::open(file.string(), "assent-demo", &again).ok());
    CHECK(again.empty());
}

TEST_CASE("a database of a newer schema than this server's is not opened", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "new.db";
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = SqliteStore::open(file.string());
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.message(), Catch::Contains("newer than this server's"));
}

TEST_CASE("an event keeps the batch's anonymous and session ids, and none is invented where the batch had none",
          "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "a.db";
    auto store = openStore(file, "shop");
    Event identified = event("e1", "$pageview", "analytics");
    identified.anonymousId = idOf("visitor");
    identified.sessionId = idOf("visit");
    REQUIRE(store->addEvents("c", "r", {identified, event("e2", "$pageview", "analytics")}, kNow).ok());
    CHECK(queryText(file, "SELECT anonymous_id || ' ' || session_id FROM events WHERE id = 'e1'") ==
          idOf("visitor") + " " + idOf("visit"));
    CHECK(queryText(file, "SELECT count(*) FROM events WHERE id = 'e2' AND anonymous_id IS NULL AND session_id IS NULL") == "1");
}

TEST_CASE("a database of schema 3 is migrated to the current one: events gain id columns, receipts their permissions", "[collector][store]") {
    TempDir dir;
    const fs::path file = dir.path() / "three.db";
    ConsentRecord r;  // decodable: a real site hash and texts hash
    r.siteHash = siteHash("shop");
    r.textsHash = "0123456789abcdef";
    r.consentId = idOf("c1");
    r.recordId = idOf("r1");
    r.revision = 1;
    r.createdMs = r.updatedMs = kNow;
    r.method = Method::Platform;
    r.surface = Surface::PermissionPrompt;
    r.language = "en";
    r.purposes = {{"analytics", {true, 0}}};
    r.permissions = {{"geolocation", {true, kNow + 1000}}};
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
        const std::string schema3 = R"sql(
CREATE TABLE events (site TEXT NOT NULL, consent_id TEXT NOT NULL, id TEXT NOT NULL, record_id TEXT NOT NULL,
  name TEXT NOT NULL, purpose TEXT NOT NULL, ts INTEGER NOT NULL, page TEXT NOT NULL, props TEXT NOT NULL,
  received_ms INTEGER NOT NULL, PRIMARY KEY (site, consent_id, id));
CREATE INDEX events_by_consent ON events (site, consent_id, ts);
CREATE TABLE consent_receipts (record_id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, revision INTEGER NOT NULL,
  method TEXT NOT NULL, surface TEXT NOT NULL, language TEXT NOT NULL, purposes TEXT NOT NULL,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, stored TEXT NOT NULL,
  site TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL DEFAULT 0, config_revision INTEGER NOT NULL DEFAULT 0,
  texts_hash TEXT NOT NULL DEFAULT '', content_hash TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL DEFAULT '',
  link_hash TEXT NOT NULL DEFAULT '', erased INTEGER NOT NULL DEFAULT 0);
CREATE INDEX receipts_by_consent ON consent_receipts (consent_id, updated_ms);
CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq INTEGER NOT NULL, link_hash TEXT NOT NULL);
CREATE TABLE visitor_keys (site TEXT NOT NULL, consent_id TEXT NOT NULL, key_hash TEXT NOT NULL,
  received_ms INTEGER NOT NULL, PRIMARY KEY (site, consent_id));
INSERT INTO events VALUES ('shop', 'c1', 'e1', 'r1', '$pageview', 'analytics', 1, '/', '{}', 2);
INSERT INTO consent_receipts (record_id, consent_id, revision, method, surface, language, purposes, created_ms,
  updated_ms, received_ms, stored, site, seq) VALUES ('r1', 'c1', 1, 'platform', 'permission_prompt', 'en', '{}', 1, 1, 1, ')sql" +
                                    encodeRecord(r) + R"sql(', 'shop', 1);
PRAGMA user_version = 3;
)sql";
        REQUIRE(sqlite3_exec(db, schema3.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    std::string notice;
    auto opened = SqliteStore::open(file.string(), "shop", &notice);
    INFO(opened.message());
    REQUIRE(opened.ok());
    auto store = std::move(opened).value();
    CHECK_THAT(notice, Catch::Contains("schema 3 to 7") && Catch::Contains("anonymous and session ids") &&
                           Catch::Contains("permission decisions") && Catch::Contains("events_by_consent dropped") &&
                           Catch::Contains("per-day rollups"));
    CHECK(queryText(file, "PRAGMA user_version") == "7");
    // A person's events are found by the key: the index that did so too is gone.
    CHECK(queryText(file, "SELECT count(*) FROM sqlite_master WHERE name = 'events_by_consent'") == "0");
    // The old event has no ids: none is made up for it.
    CHECK(queryText(file, "SELECT count(*) FROM events WHERE anonymous_id IS NULL AND session_id IS NULL") == "1");
    CHECK_THAT(notice, Catch::Contains("daily visitor hash"));
    CHECK(queryText(file, "SELECT count(*) FROM events WHERE daily_visitor IS NULL") == "1");
    CHECK(queryText(file, "SELECT json_extract(permissions, '$.geolocation.granted') FROM consent_receipts") == "1");
    CHECK(queryText(file, "SELECT count(*) FROM sqlite_master WHERE name IN ('events_by_time', 'receipts_by_day')") == "2");
    // Its rows are still read and written as before.
    CHECK(store->events("c1", 500).value().size() == 1);
    CHECK(store->addEvents("c1", "r1", {event("e2", "$click", "analytics")}, kNow).value().stored == 1);

    store.reset();
    std::string again;
    REQUIRE(SqliteStore::open(file.string(), "shop", &again).ok());
    CHECK(again.empty());
}

TEST_CASE("batches written at once by many threads are each stored whole and counted as if alone",
          "[server][store]") {
    FreshStore store(GENERATE(from_range(storeKinds())));
    INFO(store.kind());
    constexpr int kThreads = 8, kBatches = 60, kEvents = 10;
    std::vector<std::thread> threads;
    std::atomic<std::size_t> stored{0}, duplicates{0}, failed{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int b = 0; b < kBatches; ++b) {
                std::vector<Event> batch;
                // Every other batch repeats the previous one's ids: duplicates within a consent id.
                const int first = (b - b % 2) * kEvents;
                for (int e = 0; e < kEvents; ++e)
                    batch.push_back(event("e" + std::to_string(first + e), "$click", "analytics", kNow + first + e));
                auto added = store->addEvents("person-" + std::to_string(t), "r", batch, kNow);
                if (!added) ++failed;
                else stored += added.value().stored, duplicates += added.value().duplicates;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failed == 0);
    CHECK(stored == kThreads * kBatches / 2 * kEvents);
    CHECK(duplicates == kThreads * kBatches / 2 * kEvents);
    for (int t = 0; t < kThreads; ++t)
        CHECK(store->events("person-" + std::to_string(t), 10000).value().size() == kBatches / 2 * kEvents);
}
