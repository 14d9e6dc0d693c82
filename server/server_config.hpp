// The server's own settings, read from one JSON file (assent-server.json;
// every key is documented in server/README.md). The site's Assent config is
// a separate file the server config names: the site owner edits that one,
// the operator this one.
//
// Relative paths are taken from the server config's own folder, so a config
// means the same files whichever folder the server is started from.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "assent/result.hpp"

namespace assent::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (the listening line says which)
    std::string database;    // SQLite file for events and receipts; its folder is created
    // Scaled mode (docs/scale-out.md): PostgreSQL keeps the events and
    // receipts instead ("": SQLite), and a NATS JetStream stream takes the
    // accepted events (no servers: stored at once).
    std::string postgresql;  // a libpq connection string or postgresql:// URL
    int postgresqlPool = 8;  // connections per process
    std::vector<std::string> streamServers;  // nats://host:port of the cluster's nodes
    std::string streamName = "ASSENT_EVENTS";
    int streamReplicas = 3;
    int streamAckTimeoutMs = 2000;
    bool reusePort = false;  // share the port with other server processes (SO_REUSEPORT)
    std::string siteConfig;  // the site's Assent config: purposes, events, revision
    std::string pages;       // folder served at "/"; "" serves none
    std::string assets;      // built web files served at "/assent/"; "" serves none
    // Origins besides the server's own whose pages may call /v1/.
    std::vector<std::string> allowOrigins;
    // Intake bounds (rules.hpp).
    int clockSkewMinutes = 5;
    int pendingLifeHours = 168;
    bool allowV1Records = false;
    // HTTP (http_limits.hpp).
    int workers = 256;
    int readTimeoutSeconds = 5;
    int waiting = 512;  // connections that may wait for a worker; more are answered 503
    // Rate limits (0 requests a second: none); over them a request gets 429.
    int clientRequestsPerSecond = 100;
    int clientBurst = 1000;
    int originRequestsPerSecond = 0;
    int originBurst = 1;
    // Retention (C19); 0 keeps for ever. 13 months of events (CNIL's guidance
    // for audience measurement); 5 years of proof.
    int retainEventsDays = 395;
    int retainReceiptsDays = 1825;
    // Access (access.hpp): the SHA-256 (hex) of each operator token.
    std::vector<std::string> operatorTokenHashes;
    // The operators' dashboard (dashboard.hpp): the folder of its built page;
    // "" serves no dashboard. A sign-in lasts sessionHours.
    std::string dashboardAssets;
    int dashboardSessionHours = 12;
    // Keep a daily visitor hash with each event (daily_visitor.hpp): off
    // unless the operator chooses it.
    bool dailyVisitorHash = false;
};

// Reads a server config; every problem is named by its path in the file
// ("retention.eventsDays: must be a whole number from 0 to 36500"), and an
// unknown key is a problem, not ignored: a misspelt limit must not silently
// fall back to its default.
Result<ServerConfig> parseServerConfig(std::string_view text, const std::filesystem::path& folder);

// Reads the file at `path` (its folder anchors relative paths).
Result<ServerConfig> loadServerConfig(const std::filesystem::path& path);

}  // namespace assent::server
