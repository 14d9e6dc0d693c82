#include "options.hpp"

#include <catch2/catch.hpp>

#include "assent/sha256.hpp"

using assent::collector::Options;
using assent::collector::parseOptions;

TEST_CASE("with no flags the collector serves the repository's demo on 127.0.0.1:8080", "[collector][options]") {
    auto options = parseOptions({});
    REQUIRE(options.ok());
    CHECK(options.value().host == "127.0.0.1");
    CHECK(options.value().port == 8080);
    CHECK(options.value().db == "data/assent.db");
    CHECK(options.value().site == "demo/site");
    CHECK(options.value().assets == "build/web");
    CHECK(options.value().config == "demo/site/assent.config.json");
}

TEST_CASE("flags take a value after a space or an equals sign", "[collector][options]") {
    auto options = parseOptions({"--port", "0", "--host=0.0.0.0", "--db", "/tmp/x.db", "--site=s", "--assets", "a",
                                 "--config", "c.json"});
    INFO(options.message());
    REQUIRE(options.ok());
    CHECK(options.value().port == 0);
    CHECK(options.value().host == "0.0.0.0");
    CHECK(options.value().db == "/tmp/x.db");
    CHECK(options.value().site == "s");
    CHECK(options.value().assets == "a");
    CHECK(options.value().config == "c.json");
}

TEST_CASE("a wrong command line is refused with every problem named", "[collector][options]") {
    auto options = parseOptions({"--port", "http", "--colour", "--db"});
    REQUIRE_FALSE(options.ok());
    CHECK(options.message() == "--port: must be a number from 0 to 65535\n--colour: unknown flag\n--db: needs a value");
    CHECK_FALSE(parseOptions({"--port=65536"}).ok());
    CHECK_FALSE(parseOptions({"--port=-1"}).ok());
    CHECK_FALSE(parseOptions({"--site="}).ok());
}

TEST_CASE("--help asks for the usage", "[collector][options]") {
    auto options = parseOptions({"--help"});
    REQUIRE(options.ok());
    CHECK(options.value().help);
}

TEST_CASE("the intake bounds default to 5 minutes of clock skew, 7 days of pending life, no version 1 records",
          "[collector][options]") {
    auto options = parseOptions({});
    REQUIRE(options.ok());
    CHECK(options.value().clockSkewMinutes == 5);
    CHECK(options.value().pendingLifeHours == 168);
    CHECK_FALSE(options.value().allowV1Records);
}

TEST_CASE("the intake bounds are flags, checked for their range", "[collector][options]") {
    auto options = parseOptions({"--clock-skew-minutes", "2", "--pending-life-hours=24", "--allow-v1-records"});
    INFO(options.message());
    REQUIRE(options.ok());
    CHECK(options.value().clockSkewMinutes == 2);
    CHECK(options.value().pendingLifeHours == 24);
    CHECK(options.value().allowV1Records);
    auto wrong = parseOptions({"--clock-skew-minutes", "-1", "--pending-life-hours=0", "--allow-v1-records=yes"});
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.message() ==
          "--clock-skew-minutes: must be a number from 0 to 1440\n--pending-life-hours: must be a number from 1 to "
          "8760\n--allow-v1-records: takes no value");
}

TEST_CASE("other origins are allowed one flag each, and only as origins", "[collector][options]") {
    auto options = parseOptions({"--allow-origin", "https://shop.example", "--allow-origin=http://127.0.0.1:3000",
                                 "--workers", "8", "--read-timeout-seconds=2"});
    INFO(options.message());
    REQUIRE(options.ok());
    CHECK(options.value().allowOrigins == std::vector<std::string>{"https://shop.example", "http://127.0.0.1:3000"});
    CHECK(options.value().workers == 8);
    CHECK(options.value().readTimeoutSeconds == 2);
    CHECK(parseOptions({}).value().allowOrigins.empty());
    for (const char* wrong : {"shop.example", "https://shop.example/", "https://shop.example/path", "*", "null",
                              "ftp://shop.example", "https://user@shop.example"}) {
        INFO(wrong);
        auto refused = parseOptions({"--allow-origin", wrong});
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.message(), Catch::StartsWith("--allow-origin: must be an origin"));
    }
    CHECK_FALSE(parseOptions({"--workers", "0"}).ok());
}

TEST_CASE("[C18] operator tokens are given by their SHA-256 only, and a malformed one is refused", "[collector][options]") {
    const std::string hash = assent::sha256Hex("a long random token");
    auto parsed = parseOptions({"--operator-token-sha256", hash, "--operator-token-sha256=" + std::string(64, '0')});
    REQUIRE(parsed.ok());
    CHECK(parsed.value().operatorTokenHashes == std::vector<std::string>{hash, std::string(64, '0')});
    CHECK(parseOptions({"--operator-token-sha256", "a long random token"}).message() ==
          "--operator-token-sha256: must be 64 lowercase hex characters (the SHA-256 of the token)");
}
