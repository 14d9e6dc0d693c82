#include "options.hpp"

#include <catch2/catch.hpp>

using assent::server::Command;
using assent::server::parseOptions;

TEST_CASE("with no arguments the server serves with ./assent-server.json", "[server][options]") {
    auto options = parseOptions({});
    REQUIRE(options.ok());
    CHECK(options.value().command == Command::Serve);
    CHECK(options.value().configFile == "assent-server.json");
    CHECK_FALSE(options.value().port.has_value());
    CHECK_FALSE(options.value().host.has_value());
    CHECK_FALSE(options.value().db.has_value());
}

TEST_CASE("a command comes first; flags take a value after a space or an equals sign", "[server][options]") {
    auto options = parseOptions({"verify", "--config", "s.json", "--port=0", "--host", "::1", "--db=/tmp/x.db"});
    INFO(options.message());
    REQUIRE(options.ok());
    CHECK(options.value().command == Command::Verify);
    CHECK(options.value().configFile == "s.json");
    CHECK(options.value().port == 0);
    CHECK(options.value().host == "::1");
    CHECK(options.value().db == "/tmp/x.db");
    CHECK(parseOptions({"validate"}).value().command == Command::Validate);
    CHECK(parseOptions({"serve"}).value().command == Command::Serve);
}

TEST_CASE("a wrong command line is refused with every problem named", "[server][options]") {
    auto options = parseOptions({"--port", "http", "--workers", "8", "--db"});
    REQUIRE_FALSE(options.ok());
    CHECK(options.message() ==
          "--port: must be a number from 0 to 65535\n--workers: unknown flag (settings are in the server config)\n"
          "--db: needs a value");
    CHECK(parseOptions({"--config", "a", "stop"}).message() == "stop: unknown command");
    CHECK_FALSE(parseOptions({"--port=65536"}).ok());
    CHECK_FALSE(parseOptions({"--port=-1"}).ok());
    CHECK_FALSE(parseOptions({"--config="}).ok());
}

TEST_CASE("--help asks for the usage", "[server][options]") {
    auto options = parseOptions({"validate", "--help"});
    REQUIRE(options.ok());
    CHECK(options.value().help);
}
