#include "options.hpp"

#include <charconv>

namespace assent::server {
namespace {

bool parsePort(const std::string& text, int& port) {
    int value = -1;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || value < 0 || value > 65535) return false;
    port = value;
    return true;
}

bool command(const std::string& word, Command& out) {
    if (word == "serve") out = Command::Serve;
    else if (word == "validate") out = Command::Validate;
    else if (word == "verify") out = Command::Verify;
    else if (word == "consume") out = Command::Consume;
    else return false;
    return true;
}

}  // namespace

std::string usage() {
    return "usage: assent-server [serve|validate|verify|consume] [--config assent-server.json]\n"
           "                     [--host HOST] [--port PORT] [--db FILE] [--anchor SEQ:LINKHASH]\n"
           "  serve     answer HTTP until SIGINT or SIGTERM (the default)\n"
           "  validate  check the server config and the site config it names, and that the\n"
           "            folders it serves exist; exit status 0 (valid) or 1\n"
           "  verify    walk the consent receipts' proof chain of the site and name the first\n"
           "            link that was altered, removed or reordered; exit status 0 (whole) or 3;\n"
           "            prints the head (SEQ:LINKHASH) to keep outside the file\n"
           "  consume   scaled mode: write the config's event stream into its PostgreSQL\n"
           "            database until SIGINT or SIGTERM (docs/scale-out.md)\n"
           "  --config  the server config (every key is in server/README.md); relative paths in\n"
           "            it are taken from its own folder\n"
           "  --host, --port, --db  override listen.host, listen.port (0 picks a free port) and\n"
           "            database from the config\n"
           "  --anchor SEQ:LINKHASH  verify: the file must still hold this link, a head recorded\n"
           "            earlier outside it (the server logs its head at start and every hour)\n"
           "Exit status 2: a wrong command line or config.\n";
}

Result<Options> parseOptions(const std::vector<std::string>& args) {
    Options options;
    Problems problems;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        if (i == 0 && command(flag, options.command)) continue;
        if (flag == "--help" || flag == "-h") {
            options.help = true;
            continue;
        }
        std::string value;
        bool hasValue = false;
        if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
            hasValue = true;
        }
        if (flag.rfind("--", 0) != 0) {
            problems.push_back({flag, "unknown command"});
            continue;
        }
        if (flag != "--config" && flag != "--host" && flag != "--port" && flag != "--db" && flag != "--anchor") {
            problems.push_back({flag, "unknown flag (settings are in the server config)"});
            // Its value, if it has one, is not a second problem.
            if (!hasValue && i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0) ++i;
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= args.size()) {
                problems.push_back({flag, "needs a value"});
                continue;
            }
            value = args[++i];
        }
        if (flag == "--port") {
            int port = 0;
            if (parsePort(value, port)) options.port = port;
            else problems.push_back({flag, "must be a number from 0 to 65535"});
        } else if (flag == "--anchor") {
            options.anchor = parseAnchor(value);
            if (!options.anchor) problems.push_back({flag, "must be SEQ:LINKHASH, a head as verify prints it"});
        } else if (value.empty()) {
            problems.push_back({flag, "must not be empty"});
        } else if (flag == "--config") {
            options.configFile = value;
        } else if (flag == "--host") {
            options.host = value;
        } else {
            options.db = value;
        }
    }
    if (!problems.empty()) return problems;
    return options;
}

}  // namespace assent::server
