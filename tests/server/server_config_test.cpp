// The server config file (server_config.hpp) and the binary's commands that
// read it: what the operator writes is checked whole, with paths, and a
// mistake is refused before the server answers a single request.
#include "server_config.hpp"

#include "support.hpp"

using namespace server_test;
using assent::server::loadServerConfig;
using assent::server::parseServerConfig;

namespace {

const std::string kMinimal = R"({"database": "data/a.db", "site": {"config": "site/assent.config.json"}})";

std::string serverBinary() { return ASSENT_SERVER_BIN; }

}  // namespace

TEST_CASE("a minimal server config names the database and the site config; the rest has defaults",
          "[server][config]") {
    auto parsed = parseServerConfig(kMinimal, "/srv/assent");
    INFO(parsed.message());
    REQUIRE(parsed.ok());
    const auto& c = parsed.value();
    CHECK(c.database == "/srv/assent/data/a.db");
    CHECK(c.siteConfig == "/srv/assent/site/assent.config.json");
    CHECK(c.host == "127.0.0.1");
    CHECK(c.port == 8080);
    CHECK(c.pages.empty());
    CHECK(c.assets.empty());
    CHECK(c.clockSkewMinutes == 5);
    CHECK(c.pendingLifeHours == 168);
    CHECK_FALSE(c.allowV1Records);
    CHECK(c.workers == 256);
    CHECK(c.readTimeoutSeconds == 5);
    CHECK(c.waiting == 512);
    CHECK(c.clientRequestsPerSecond == 100);
    CHECK(c.clientBurst == 1000);
    CHECK(c.originRequestsPerSecond == 0);
    CHECK(c.retainEventsDays == 395);
    CHECK(c.retainReceiptsDays == 1825);
    CHECK(c.allowOrigins.empty());
    CHECK(c.operatorTokenHashes.empty());
    CHECK(c.dashboardAssets.empty());  // no dashboard unless its page is named
    CHECK(c.dashboardSessionHours == 12);
    CHECK_FALSE(c.dailyVisitorHash);  // off unless the operator chooses it
}

TEST_CASE("every key of the server config is read, and relative paths are taken from the file's folder",
          "[server][config]") {
    const std::string hash = sha256Hex("a long random operator token");
    auto parsed = parseServerConfig(R"({
      "$comment": "production",
      "listen": {"host": "0.0.0.0", "port": 9000},
      "database": "../var/assent.db",
      "site": {"config": "/etc/assent/site.json", "pages": "public", "assets": "public/assent"},
      "http": {"allowOrigins": ["https://shop.example"], "workers": 64, "readTimeoutSeconds": 10, "waiting": 32,
               "clientRequestsPerSecond": 20, "clientBurst": 40, "originRequestsPerSecond": 200, "originBurst": 400},
      "intake": {"clockSkewMinutes": 2, "pendingLifeHours": 24, "allowV1Records": true},
      "retention": {"eventsDays": 30, "receiptsDays": 0},
      "operators": {"tokenSha256": [")" + hash + R"("]},
      "dashboard": {"assets": "../build/web/dashboard", "sessionHours": 8},
      "analytics": {"dailyVisitorHash": true}
    })",
                                    "/srv/assent/conf");
    INFO(parsed.message());
    REQUIRE(parsed.ok());
    const auto& c = parsed.value();
    CHECK(c.host == "0.0.0.0");
    CHECK(c.port == 9000);
    CHECK(c.database == "/srv/assent/var/assent.db");
    CHECK(c.siteConfig == "/etc/assent/site.json");
    CHECK(c.pages == "/srv/assent/conf/public");
    CHECK(c.assets == "/srv/assent/conf/public/assent");
    CHECK(c.allowOrigins == std::vector<std::string>{"https://shop.example"});
    CHECK(c.workers == 64);
    CHECK(c.readTimeoutSeconds == 10);
    CHECK(c.waiting == 32);
    CHECK(c.clientRequestsPerSecond == 20);
    CHECK(c.clientBurst == 40);
    CHECK(c.originRequestsPerSecond == 200);
    CHECK(c.originBurst == 400);
    CHECK(c.clockSkewMinutes == 2);
    CHECK(c.pendingLifeHours == 24);
    CHECK(c.allowV1Records);
    CHECK(c.retainEventsDays == 30);
    CHECK(c.retainReceiptsDays == 0);
    CHECK(c.operatorTokenHashes == std::vector<std::string>{hash});
    CHECK(c.dashboardAssets == "/srv/assent/build/web/dashboard");
    CHECK(c.dashboardSessionHours == 8);
    CHECK(c.dailyVisitorHash);
}

TEST_CASE("a wrong server config is refused with every problem named by its path", "[server][config]") {
    auto parsed = parseServerConfig(R"({
      "listen": {"port": 70000, "hots": "x"},
      "site": {"pages": 3},
      "http": {"allowOrigins": ["https://ok.example", "shop.example"], "workers": 0, "clientBurst": 0},
      "intake": {"allowV1Records": "yes"},
      "retention": {"eventDays": 30},
      "operators": {"tokenSha256": ["my secret token"]},
      "dashboard": {"sessionHours": 0, "theme": "dark"},
      "colour": "blue"
    })",
                                    "/srv");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.message() ==
          "colour: unknown key\n"
          "database: missing\n"
          "listen.hots: unknown key\n"
          "listen.port: must be a whole number from 0 to 65535\n"
          "site.config: missing\n"
          "site.pages: must be a non-empty text\n"
          "http.allowOrigins[1]: must be an origin: scheme://host[:port], e.g. https://shop.example\n"
          "http.workers: must be a whole number from 1 to 1024\n"
          "http.clientBurst: must be a whole number from 1 to 1000000\n"
          "intake.allowV1Records: must be true or false\n"
          "retention.eventDays: unknown key\n"
          "operators.tokenSha256[0]: must be 64 lowercase hex characters (the SHA-256 of the token, never the token)\n"
          "dashboard.theme: unknown key\n"
          "dashboard.assets: missing: the folder of the built dashboard page\n"
          "dashboard.sessionHours: must be a whole number from 1 to 168");
}

TEST_CASE("a server config that is not a JSON object, or not JSON, says so", "[server][config]") {
    CHECK(parseServerConfig("[]", "/").message() == "must be a JSON object");
    CHECK_THAT(parseServerConfig("{\"database\": ", "/").message(), Catch::StartsWith("is not valid JSON: "));
    CHECK(parseServerConfig(R"({"database": "a.db"})", "/").message() ==
          "site: missing: the site's Assent config is needed to judge its events");
}

TEST_CASE("a server config file's problems name the file", "[server][config]") {
    TempDir dir;
    CHECK(loadServerConfig(dir.path() / "absent.json").message() == (dir.path() / "absent.json").string() + ": cannot be read");
    writeText(dir.path() / "s.json", R"({"database": 1, "site": {"config": "c.json"}})");
    CHECK(loadServerConfig(dir.path() / "s.json").message() ==
          (dir.path() / "s.json").string() + ": database: must be a non-empty text");
}

TEST_CASE("scaled mode's settings are read, and a stream without PostgreSQL or with a wrong node is named", "[server][config]") {
    const auto scaled = parseServerConfig(R"({"database": "t.db", "site": {"config": "c.json"},
        "listen": {"reusePort": true}, "postgresql": {"url": "postgresql://a@h/db", "pool": 4},
        "stream": {"servers": ["nats://n1:4222", "nats://n2:4222"], "name": "EV", "replicas": 1, "ackTimeoutMs": 500}})",
                                         "/srv");
    REQUIRE(scaled.ok());
    CHECK(scaled.value().reusePort);
    CHECK(scaled.value().postgresql == "postgresql://a@h/db");
    CHECK(scaled.value().postgresqlPool == 4);
    CHECK(scaled.value().streamServers == std::vector<std::string>{"nats://n1:4222", "nats://n2:4222"});
    CHECK(scaled.value().streamName == "EV");
    CHECK(scaled.value().streamReplicas == 1);
    CHECK(scaled.value().streamAckTimeoutMs == 500);

    const auto alone = parseServerConfig(R"({"database": "t.db", "site": {"config": "c.json"},
        "stream": {"servers": ["http://n1:4222"], "replicas": 9}})", "/srv");
    REQUIRE_FALSE(alone.ok());
    CHECK_THAT(alone.message(), Catch::Contains("stream: needs postgresql"));
    CHECK_THAT(alone.message(), Catch::Contains("stream.servers[0]: must be a NATS URL"));
    CHECK_THAT(alone.message(), Catch::Contains("stream.replicas: must be a whole number from 1 to 5"));
    const auto empty = parseServerConfig(R"({"database": "t.db", "site": {"config": "c.json"},
        "postgresql": {}, "stream": {"servers": []}})", "/srv");
    REQUIRE_FALSE(empty.ok());
    CHECK_THAT(empty.message(), Catch::Contains("postgresql.url: missing"));
    CHECK_THAT(empty.message(), Catch::Contains("stream.servers: missing"));
}

TEST_CASE("assent-server validate passes the demos' server configs, from any folder", "[server][config]") {
    for (const char* file : {"demo/assent-server.json", "demo/ads/assent-server.json", "demo/miniprogram/assent-server.json",
                             "demo/scale/assent-server.json"}) {
        INFO(file);
        const Run checked = run("cd / && " + serverBinary() + " validate --config " +
                                quoted(std::string(ASSENT_SOURCE_DIR) + "/" + file));
        INFO(checked.output);
        CHECK(checked.status == 0);
        CHECK_THAT(checked.output, Catch::Contains("is valid"));
    }
}

TEST_CASE("assent-server refuses to start on a wrong server config, a wrong site config or a missing folder",
          "[server][config]") {
    TempDir dir;
    writeText(dir.path() / "assent.config.json", kConfigJson);
    const auto validate = [&](const std::string& serverConfig) {
        writeText(dir.path() / "assent-server.json", serverConfig);
        return run(serverBinary() + " validate --config " + quoted((dir.path() / "assent-server.json").string()));
    };

    const Run wrongKey = validate(R"({"database": "a.db", "site": {"config": "assent.config.json"}, "workers": 8})");
    CHECK(wrongKey.status == 2);
    CHECK_THAT(wrongKey.output, Catch::Contains("assent-server.json: workers: unknown key"));

    writeText(dir.path() / "broken.json", R"({"siteId": "x"})");
    const Run wrongSite = validate(R"({"database": "a.db", "site": {"config": "broken.json"}})");
    CHECK(wrongSite.status == 2);
    CHECK_THAT(wrongSite.output, Catch::Contains("the site config " + (dir.path() / "broken.json").string() + " is not valid"));

    const Run noFolder = validate(R"({"database": "a.db", "site": {"config": "assent.config.json", "pages": "www"}})");
    CHECK(noFolder.status == 1);
    CHECK_THAT(noFolder.output, Catch::Contains("site.pages: " + (dir.path() / "www").string() + " is not a folder"));
    const Run noPage = validate(R"({"database": "a.db", "site": {"config": "assent.config.json"}, "dashboard": {"assets": "dash"}})");
    CHECK(noPage.status == 1);
    CHECK_THAT(noPage.output, Catch::Contains("dashboard.assets: " + (dir.path() / "dash").string() + " is not a folder"));

    const Run good = validate(R"({"database": "a.db", "site": {"config": "assent.config.json"}})");
    CHECK(good.status == 0);
    CHECK_FALSE(fs::exists(dir.path() / "a.db"));  // validating creates nothing

    // Serving with the same wrong key never listens.
    writeText(dir.path() / "assent-server.json", R"({"database": "a.db", "site": {"config": "assent.config.json"}, "workers": 8})");
    const Run serve = run(serverBinary() + " --config " + quoted((dir.path() / "assent-server.json").string()));
    CHECK(serve.status == 2);
    CHECK_THAT(serve.output, Catch::Contains("the server config is not valid"));
}
