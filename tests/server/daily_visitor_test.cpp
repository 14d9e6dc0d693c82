// Counting visitors without a cookie (off by default): a daily salted hash of
// address and user agent, the same all day, unlinkable across days, and never
// the address or user agent themselves in the file (C15).
#include "daily_visitor.hpp"

#include <nlohmann/json.hpp>

#include "fresh_store.hpp"
#include "sqlite_analytics.hpp"
#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::string fileBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A batch of one click from a new device, sent with `userAgent`.
std::string sendClick(RunningCollector& collector, const std::string& userAgent, std::int64_t at) {
    const std::string batch = clickBatch(1, at);
    auto res = collector.client().Post("/v1/events", {{"User-Agent", userAgent}}, batch, "text/plain");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(Json::parse(res->body)["stored"] == 1);
    return Json::parse(batch)["consent_id"].get<std::string>();
}

}  // namespace

TEST_CASE("[C15] a daily visitor hash is the same all day and another the next day", "[server][visitors]") {
    DailyVisitorHash hash;
    const std::int64_t morning = 20000 * kDayMs + 1000;
    const std::string today = hash.of("shop", "203.0.113.7", "Firefox/140", morning);
    CHECK_THAT(today, Catch::Matches("[0-9a-f]{32}"));
    CHECK(hash.of("shop", "203.0.113.7", "Firefox/140", morning + kDayMs - 2000) == today);  // still today
    CHECK(hash.of("shop", "203.0.113.8", "Firefox/140", morning) != today);                  // another address
    CHECK(hash.of("shop", "203.0.113.7", "Chrome/140", morning) != today);                   // another browser
    CHECK(hash.of("blog", "203.0.113.7", "Firefox/140", morning) != today);                  // another site
    const std::string tomorrow = hash.of("shop", "203.0.113.7", "Firefox/140", morning + kDayMs);
    CHECK(tomorrow != today);
    // Yesterday's salt is gone: going back does not give today's hash again.
    CHECK(hash.of("shop", "203.0.113.7", "Firefox/140", morning) != today);
    // Another process with no store to share a salt through has its own.
    CHECK(DailyVisitorHash().of("shop", "203.0.113.7", "Firefox/140", morning) != today);
}

namespace {

// The daily salts a store holds, read as someone with the database would.
std::string saltsIn(FreshStore& store) {
    const std::string sql = "SELECT count(*) FROM daily_salts";
    if (store.kind() == "sqlite") return queryText(store.file(), sql);
    pqxx::connection c(store.url());
    pqxx::nontransaction tx(c);
    return std::to_string(tx.exec1(sql)[0].as<int>());
}

}  // namespace

TEST_CASE("[C15] servers sharing a store hash a visitor alike all day, and a day's salt is deleted once it is over",
          "[server][visitors]") {
    FreshStore store(GENERATE(from_range(storeKinds())), testConfig().siteId);
    INFO(store.kind());
    const std::int64_t morning = 20000 * kDayMs + 1000;
    DailyVisitorHash one(*store), other(*store);  // two servers, or one before and after a restart
    const std::string today = one.of("shop", "203.0.113.7", "Firefox/140", morning);
    CHECK_THAT(today, Catch::Matches("[0-9a-f]{32}"));
    CHECK(other.of("shop", "203.0.113.7", "Firefox/140", morning + 5000) == today);
    CHECK(saltsIn(store) == "1");
    // The next day, whichever server comes first makes the salt, and the other uses it.
    const std::string tomorrow = other.of("shop", "203.0.113.7", "Firefox/140", morning + kDayMs);
    CHECK(tomorrow != today);
    CHECK(one.of("shop", "203.0.113.7", "Firefox/140", morning + kDayMs + 1) == tomorrow);
    CHECK(saltsIn(store) == "1");  // yesterday's is gone
    // Nobody can hash yesterday's visitor again: a late server draws a new salt for it.
    CHECK(DailyVisitorHash(*store).of("shop", "203.0.113.7", "Firefox/140", morning) != today);
}

TEST_CASE("[C15] events keep no daily visitor hash unless the server is configured to", "[server][visitors]") {
    RunningCollector collector;
    const std::string consentId = sendClick(collector, "Test-UA/1", kNow);
    CHECK(queryText(collector.dbFile(), "SELECT count(*) FROM events WHERE daily_visitor IS NULL") == "1");
}

TEST_CASE("[C15] with the daily hash on, visitors are counted once a day without the address or user agent in the "
          "file",
          "[server][visitors]") {
    RunningCollector collector({}, {}, {}, {}, true);
    const std::int64_t now = systemNowMs();  // the hash's day is the server's clock's
    collector.setNow(now);
    sendClick(collector, "Test-UA/1 (first browser)", now);
    sendClick(collector, "Test-UA/1 (first browser)", now + 1);  // the same browser, another consent id
    sendClick(collector, "Test-UA/2 (second browser)", now + 2);
    CHECK(queryText(collector.dbFile(), "SELECT count(DISTINCT daily_visitor) FROM events") == "2");
    CHECK(queryText(collector.dbFile(), "SELECT count(*) FROM events WHERE length(daily_visitor) = 32") == "3");
    for (const char* suffix : {"", "-wal"}) {
        const std::string bytes = fileBytes(collector.dbFile().string() + suffix);
        CHECK(bytes.find("127.0.0.1") == std::string::npos);
        CHECK(bytes.find("Test-UA/") == std::string::npos);
    }
    auto analytics = SqliteAnalytics::open(collector.dbFile().string(), testConfig().siteId);
    REQUIRE(analytics.ok());
    const std::int64_t day = now / kDayMs;
    const auto traffic = analytics.value()->traffic(DayRange{day, day + 1});
    REQUIRE(traffic.ok());
    CHECK(traffic.value().visitorDays == 2);
}
