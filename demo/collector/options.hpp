// The command line of assent-collector. Defaults suit running from the
// repository's top folder after a native and a web build.
#pragma once

#include <string>
#include <vector>

#include "assent/result.hpp"

namespace assent::collector {

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (the listening line says which)
    std::string db = "data/assent.db";
    std::string site = "demo/site";
    std::string assets = "build/web";
    std::string config = "demo/site/assent.config.json";
    // Intake bounds (rules.hpp).
    int clockSkewMinutes = 5;   // how far a browser's clock may be off
    int pendingLifeHours = 168; // how long a browser may keep an unsent event
    bool allowV1Records = false;
    // HTTP (http_limits.hpp).
    std::vector<std::string> allowOrigins;  // besides the server's own origin
    // Retention (C19, Store::retire); 0 keeps for ever. 13 months of events
    // (CNIL's guidance for audience measurement); 5 years of proof.
    int retainEventsDays = 395;
    int retainReceiptsDays = 1825;
    // Access (access.hpp): the SHA-256 (hex) of each operator token.
    std::vector<std::string> operatorTokenHashes;
    int workers = 256;
    int readTimeoutSeconds = 5;
    bool help = false;
    // "assent-collector verify": walk the receipts' proof chain in --db (for
    // the site of --config), say what it found, and exit.
    bool verify = false;
};

// args: the arguments after the program name. Flags take "--flag value" or
// "--flag=value"; every problem is reported, each under the flag's name.
Result<Options> parseOptions(const std::vector<std::string>& args);

std::string usage();

}  // namespace assent::collector
