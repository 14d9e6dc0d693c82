// The command line of assent-server. Settings live in the server config file
// (server_config.hpp); the command line picks the command and that file, and
// may override where to listen and which database to use (handy for a test
// or a second instance on the same machine).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assent/result.hpp"
#include "chain.hpp"

namespace assent::server {

enum class Command {
    Serve,     // answer HTTP until SIGINT or SIGTERM
    Validate,  // check the server config and the site config it names, then exit
    Verify,    // walk the receipts' proof chain, then exit
    Consume,   // scaled mode: write the event stream into PostgreSQL until SIGINT or SIGTERM
};

struct Options {
    Command command = Command::Serve;
    std::string configFile = "assent-server.json";
    std::optional<std::string> host;
    std::optional<int> port;  // 0: any free port
    std::optional<std::string> db;
    std::optional<ChainHead> anchor;  // verify: a head recorded outside the file ("SEQ:LINKHASH")
    bool help = false;
};

// args: the arguments after the program name. An optional command first,
// then flags as "--flag value" or "--flag=value"; every problem is reported,
// each under the flag's name.
Result<Options> parseOptions(const std::vector<std::string>& args);

std::string usage();

}  // namespace assent::server
