// What only the shared store must do (scaled mode, issue 14): several
// servers on one PostgreSQL database make one proof chain, never both extend
// one history, and the stream consumer's writes have an exactly-once effect
// and respect erasures that came after the events were accepted. The
// contract every store keeps runs in store_test.cpp and proof_test.cpp.
// These need the test PostgreSQL server that ctest starts.
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "fresh_store.hpp"
#include "support.hpp"

using namespace server_test;

namespace {

// A FreshStore on PostgreSQL; fails, saying why, without a test server.
FreshStore postgresqlStore(const std::string& site = "") {
    INFO("these tests need ASSENT_TEST_POSTGRESQL (ctest starts the server and sets it)");
    REQUIRE_FALSE(testPostgresql().empty());
    return FreshStore("postgresql", site);
}

std::vector<std::string> idsOf(const std::vector<StoredEvent>& rows) {
    std::vector<std::string> ids;
    for (const StoredEvent& row : rows) ids.push_back(row.event.id);
    return ids;
}

StreamedBatch streamed(const ConsentRecord& r, std::vector<Event> events) {
    return StreamedBatch{r.consentId, r.recordId, std::move(events), kNow, ""};
}

}  // namespace

TEST_CASE("[C06] receipts appended by two servers at once make one chain that verifies", "[server][postgresql]") {
    FreshStore first = postgresqlStore("shop");
    auto second = first.secondServer("shop");
    constexpr int kEach = 25;
    std::atomic<int> failed{0};
    auto append = [&](Store& store, int server) {
        for (int i = 0; i < kEach; ++i) {
            Core core = deviceThatChose({{"analytics", i % 2 == 0}}, kNow + server * 100000 + i);
            if (!store.addReceipt(recordOf(core), core.storedCurrent(), kNow + i)) ++failed;
        }
    };
    std::thread a(append, std::ref(*first), 0);
    std::thread b(append, std::ref(static_cast<Store&>(*second)), 1);
    a.join();
    b.join();
    CHECK(failed == 0);
    const auto report = first->verify().value();
    CHECK(report.links == 2 * kEach);
    CHECK_FALSE(report.broken);
    CHECK(report.head.seq == 2 * kEach);
}

TEST_CASE("[C06] two servers cannot both extend one history", "[server][postgresql]") {
    FreshStore first = postgresqlStore("shop");
    auto second = first.secondServer("shop");
    // Two different first decisions for one consent id: only one may become
    // its history, whichever server takes it first.
    Core one = deviceThatChose({{"analytics", true}});
    Core other = deviceThatChose({{"analytics", false}});
    const ConsentRecord r1 = recordOf(one);
    ConsentRecord r2 = recordOf(other);
    r2.consentId = r1.consentId;
    const auto onlyFirst = [](const std::vector<Receipt>& history) { return history.empty(); };
    std::atomic<int> added{0}, skipped{0};
    std::thread a([&] {
        auto kept = first->addReceiptIf(r1, one.storedCurrent(), kNow, onlyFirst);
        (kept && kept.value() == Kept::Added ? added : skipped)++;
    });
    std::thread b([&] {
        auto kept = second->addReceiptIf(r2, other.storedCurrent(), kNow, onlyFirst);
        (kept && kept.value() == Kept::Added ? added : skipped)++;
    });
    a.join();
    b.join();
    CHECK(added == 1);
    CHECK(skipped == 1);
    CHECK(first->receipts(r1.consentId).value().size() == 1);
}

TEST_CASE("a batch the stream delivers again adds nothing: the consumer's effect is exactly once", "[server][postgresql]") {
    FreshStore store = postgresqlStore("shop");
    Core core = deviceThatChose({{"analytics", true}});
    const ConsentRecord r = recordOf(core);
    REQUIRE(store->addReceipt(r, core.storedCurrent(), kNow).value());
    const std::vector<StreamedBatch> batches = {
        streamed(r, {event("e1", "$click", "analytics"), event("e2", "$click", "analytics", kNow + 1)}),
        streamed(r, {event("e3", "$click", "analytics", kNow + 2)})};
    const auto first = store.postgresql()->addStreamed(batches);
    REQUIRE(first.ok());
    CHECK(first.value().stored == 3);
    CHECK(first.value().duplicates == 0);
    const auto again = store.postgresql()->addStreamed(batches);
    REQUIRE(again.ok());
    CHECK(again.value().stored == 0);
    CHECK(again.value().duplicates == 3);
    CHECK(store->events(r.consentId, 500).value().size() == 3);
}

TEST_CASE("[C14] events accepted before an erasure and delivered after it are dropped, not stored",
          "[server][postgresql]") {
    FreshStore store = postgresqlStore("shop");
    Core erased = deviceThatChose({{"analytics", true}});
    Core kept = deviceThatChose({{"analytics", true}}, kNow + 5);
    for (Core* c : {&erased, &kept}) REQUIRE(store->addReceipt(recordOf(*c), c->storedCurrent(), kNow).value());
    REQUIRE(store->erase(recordOf(erased).consentId).value().receipts == 1);
    const auto added = store.postgresql()->addStreamed(
        {streamed(recordOf(erased), {event("a", "$click", "analytics")}),
         streamed(recordOf(kept), {event("b", "$click", "analytics")})});
    REQUIRE(added.ok());
    CHECK(added.value().dropped == 1);
    CHECK(added.value().stored == 1);
    CHECK(store->events(recordOf(erased).consentId, 500).value().empty());
    CHECK(store->events(recordOf(kept).consentId, 500).value().size() == 1);
}

TEST_CASE("[C14] [C19] an erasure in PostgreSQL leaves tombstones and a chain that verifies", "[server][postgresql]") {
    FreshStore store = postgresqlStore("shop");
    Core core = deviceThatChose({{"analytics", true}});
    REQUIRE(store->addReceipt(recordOf(core), core.storedCurrent(), kNow).value());
    REQUIRE(core.withdraw("", Surface::Preferences, kNow + 10).ok());
    REQUIRE(store->addReceipt(recordOf(core), core.storedCurrent(), kNow + 10).value());
    Core other = deviceThatChose({{"analytics", false}}, kNow + 20);
    REQUIRE(store->addReceipt(recordOf(other), other.storedCurrent(), kNow + 20).value());
    const auto anchor = store->chainHead().value();

    REQUIRE(store->erase(recordOf(core).consentId).value().receipts == 2);
    const auto report = store->verify(anchor).value();
    CHECK(report.links == 3);
    CHECK(report.tombstones == 2);
    CHECK_FALSE(report.broken);
    pqxx::connection c(store.url());
    pqxx::nontransaction tx(c);
    const auto left = tx.exec_params("SELECT count(*) FROM consent_receipts WHERE consent_id = $1 OR stored LIKE $2",
                                     recordOf(core).consentId, "%" + recordOf(core).consentId + "%");
    CHECK(left[0][0].as<int>() == 0);
}

TEST_CASE("a PostgreSQL schema is made once, by whichever server starts first, and a newer one is refused",
          "[server][postgresql]") {
    FreshStore store = postgresqlStore("shop");
    std::string notice;
    REQUIRE(PgStore::open(store.url(), "shop", &notice).ok());
    CHECK(notice.empty());  // FreshStore made it; nothing left to do
    {
        pqxx::connection c(store.url());
        pqxx::nontransaction tx(c);
        tx.exec("UPDATE assent_schema SET version = 99");
    }
    const auto newer = PgStore::open(store.url(), "shop");
    REQUIRE_FALSE(newer.ok());
    CHECK_THAT(newer.message(), Catch::Contains("newer than this server knows"));
}

TEST_CASE("a PostgreSQL server that does not answer is a problem that says so, never a crash", "[server][postgresql]") {
    const auto unreachable = PgStore::open("postgresql://assent@127.0.0.1:1/assent?connect_timeout=2", "shop");
    REQUIRE_FALSE(unreachable.ok());
    CHECK_THAT(unreachable.message(), Catch::Contains("cannot migrate the schema"));
}

TEST_CASE("the texts archive and the dashboard's figures cannot open without PostgreSQL, and say which could not",
          "[server][postgresql]") {
    const std::string unreachable = "postgresql://assent@127.0.0.1:1/assent?connect_timeout=2";
    const auto texts = PgTextsArchive::open(unreachable, "shop");
    REQUIRE_FALSE(texts.ok());
    CHECK_THAT(texts.message(), Catch::Contains("cannot connect to PostgreSQL to keep the texts"));
    const auto figures = PgAnalytics::open(unreachable, "shop");
    REQUIRE_FALSE(figures.ok());
    CHECK_THAT(figures.message(), Catch::Contains("cannot connect to PostgreSQL to read the dashboard's figures"));
}

TEST_CASE("the texts archive and the dashboard's figures answer again after PostgreSQL drops their connection",
          "[server][postgresql]") {
    FreshStore store = postgresqlStore("shop");
    // Their own name, so that only their connections are dropped.
    const std::string url = store.url() + "&application_name=assent_dropped";
    auto texts = PgTextsArchive::open(url, "shop");
    auto figures = PgAnalytics::open(url, "shop");
    REQUIRE(texts.ok());
    REQUIRE(figures.ok());
    const DayRange range{0, 1};
    REQUIRE(texts.value()->find("no such hash").ok());
    REQUIRE(figures.value()->traffic(range).ok());
    {
        pqxx::connection c(testPostgresql());
        pqxx::nontransaction tx(c);
        const auto dropped = tx.exec(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'assent_dropped'");
        REQUIRE(dropped.size() == 2);
    }
    // The call that finds its connection gone may fail; the next connects again.
    (void)texts.value()->find("no such hash");
    (void)figures.value()->traffic(range);
    const auto found = texts.value()->find("no such hash");
    INFO(found.message());
    CHECK(found.ok());
    const auto traffic = figures.value()->traffic(range);
    INFO(traffic.message());
    CHECK(traffic.ok());
}

TEST_CASE("[C18] a dashboard session opened on one server holds on every server of the site, and a sign-out ends it "
          "on all of them",
          "[server][postgresql][dashboard]") {
    constexpr std::int64_t kHourMs = 60 * 60 * 1000;
    FreshStore first = postgresqlStore("shop");
    auto second = first.secondServer("shop");
    OperatorSessions onFirst(kHourMs, first.postgresql()), onSecond(kHourMs, second.get());
    const auto id = onFirst.open("operator-1", kNow);
    REQUIRE(id);
    // The browser's next request reaches the other server.
    CHECK(onSecond.holder(*id, kNow + 1000) == std::optional<std::string>("operator-1"));
    CHECK_FALSE(onSecond.holder(*id, kNow + kHourMs));  // its hours are over
    CHECK_FALSE(onSecond.holder(*id + "x", kNow));
    // Another site's servers on the same database do not know it.
    auto blog = first.secondServer("blog");
    CHECK_FALSE(OperatorSessions(kHourMs, blog.get()).holder(*id, kNow));
    // Only its SHA-256 is kept.
    {
        pqxx::connection c(first.url());
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec("SELECT hash, who FROM operator_sessions");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0][0].as<std::string>() == sha256Hex(*id));
    }
    onSecond.close(*id);
    CHECK_FALSE(onFirst.holder(*id, kNow + 1000));
}

TEST_CASE("on PostgreSQL, batches that arrive during a commit share the next one, each answered with its own counts "
          "after it committed, and one that cannot be stored fails alone",
          "[server][postgresql][store]") {
    FreshStore store = postgresqlStore("shop");
    REQUIRE(store->addEvents("p4", "r", {event("e1", "$click", "analytics")}, kNow).value().stored == 1);
    pqxx::connection other(store.url());
    // A storage failure of one batch only: the table refuses one event id.
    pqxx::nontransaction(other).exec("ALTER TABLE events ADD CONSTRAINT poison CHECK (id <> 'poison')");
    const GroupCommits before = store->groupCommits();

    // The first batches' inserts wait for the table, locked here, one on
    // each of the store's writers; the batches after them queue behind
    // those commits.
    auto holding = std::make_unique<pqxx::work>(other);
    holding->exec("LOCK TABLE events IN EXCLUSIVE MODE");
    std::vector<std::string> first;
    for (std::size_t i = 0; i < PgStore::kGroupWriters; ++i) first.push_back("first" + std::to_string(i));
    std::map<std::string, std::optional<Result<Added>>> outcomes;
    for (const std::string& person : first) outcomes[person];
    for (const char* person : {"p1", "poisoned", "p3", "p4"}) outcomes[person];
    const auto add = [&](const std::string& person, std::vector<Event> events) {
        return std::thread([&, person, events] { outcomes.at(person) = store->addEvents(person, "r", events, kNow); });
    };
    std::vector<std::thread> threads;
    for (const std::string& person : first) {
        threads.push_back(add(person, {event("e1", "$click", "analytics")}));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    threads.push_back(add("p1", {event("e1", "$click", "analytics"), event("e2", "$click", "analytics")}));
    threads.push_back(add("poisoned", {event("x1", "$click", "analytics"), event("poison", "$click", "analytics")}));
    threads.push_back(add("p3", {event("e1", "$click", "analytics"), event("e1", "$click", "analytics")}));
    threads.push_back(add("p4", {event("e1", "$click", "analytics"), event("e2", "$click", "analytics")}));
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    // Nothing is answered while no commit can happen.
    for (const auto& [person, outcome] : outcomes) CHECK_FALSE(outcome.has_value());
    holding->commit();
    for (auto& t : threads) t.join();

    const auto counts = [&](const char* person) {
        INFO(person << ": " << outcomes[person]->message());
        REQUIRE(outcomes[person]->ok());
        return std::pair(outcomes[person]->value().stored, outcomes[person]->value().duplicates);
    };
    for (const std::string& person : first) CHECK(counts(person.c_str()) == std::pair<std::size_t, std::size_t>(1, 0));
    CHECK(counts("p1") == std::pair<std::size_t, std::size_t>(2, 0));
    CHECK(counts("p3") == std::pair<std::size_t, std::size_t>(1, 1));
    CHECK(counts("p4") == std::pair<std::size_t, std::size_t>(1, 1));
    // The poisoned batch is refused whole, its good event too; its neighbours in the commit are kept.
    REQUIRE_FALSE(outcomes["poisoned"]->ok());
    CHECK_THAT(outcomes["poisoned"]->message(), Catch::Contains("poison"));
    // Answered means committed: another server reads them.
    auto second = store.secondServer("shop");
    CHECK(second->events("poisoned", 10).value().empty());
    CHECK(idsOf(second->events("p1", 10).value()) == std::vector<std::string>{"e1", "e2"});
    CHECK(idsOf(second->events("p4", 10).value()) == std::vector<std::string>{"e1", "e2"});
    // The first batches' commits, one each, then one for the four behind them (the poisoned one left out).
    const GroupCommits after = store->groupCommits();
    CHECK(after.commits - before.commits == PgStore::kGroupWriters + 1);
    CHECK(after.batches - before.batches == PgStore::kGroupWriters + 3);
}
