#include "options.hpp"

#include <charconv>
#include <map>

#include "http_limits.hpp"
#include "intake.hpp"

namespace assent::collector {
namespace {

bool parsePort(const std::string& text, int& port) {
    int value = -1;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || value < 0 || value > 65535) return false;
    port = value;
    return true;
}

bool parseWhole(const std::string& text, int low, int high, int& out) {
    int value = -1;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || value < low || value > high) return false;
    out = value;
    return true;
}

// Flags that take a whole number, with their range.
struct Number {
    int* value;
    int low;
    int high;
};

}  // namespace

std::string usage() {
    return "usage: assent-collector [--host 127.0.0.1] [--port 8080] [--db data/assent.db]\n"
           "                        [--site demo/site] [--assets build/web]\n"
           "                        [--config demo/site/assent.config.json]\n"
           "  --host    address to listen on\n"
           "  --port    port to listen on; 0 picks a free one\n"
           "  --db      SQLite file for events and consent receipts (its folder is created)\n"
           "  --site    folder served at /\n"
           "  --assets  built web files (assent.js, assent.wasm, assent.css) served at /assent/\n"
           "                        [--clock-skew-minutes 5] [--pending-life-hours 168] [--allow-v1-records]\n"
           "  --config  the site's Assent config, used to re-check consent on arrival\n"
           "  --clock-skew-minutes  how far a browser's clock may be off: events captured later than\n"
           "            now plus this are refused (0 to 1440)\n"
           "  --pending-life-hours  how long a browser may keep an unsent event; older ones (beyond\n"
           "            tracker.holdTtlMinutes + this + the clock skew) are refused (1 to 8760)\n"
           "  --allow-v1-records  accept version 1 consent records, which name no site, as receipts\n"
           "                        [--allow-origin https://shop.example]... [--workers 256] [--read-timeout-seconds 5]\n"
           "  --allow-origin  another origin whose pages may call /v1/ (repeatable); the server's own is always allowed\n"
           "  --workers  threads answering requests (1 to 1024)\n"
           "  --read-timeout-seconds  how long one read of a request may wait for bytes (1 to 300)\n"
           "                        [--retain-events-days 395] [--retain-receipts-days 1825]\n"
           "  --retain-events-days    events are deleted this long after they arrived (0: kept for ever)\n"
           "  --retain-receipts-days  a consent id's receipts become tombstones this long after its newest\n"
           "            one arrived (0: kept for ever)\n"
           "                        [--operator-token-sha256 HEX]...\n"
           "  --operator-token-sha256  the SHA-256 (64 hex) of a token that lets an operator read and erase any\n"
           "            consent id's data (repeatable; make one with: head -c 32 /dev/urandom | base64, and\n"
           "            hash it with: printf %s TOKEN | sha256sum)\n"
           "   or: assent-collector verify [--db data/assent.db] [--config demo/site/assent.config.json]\n"
           "  verify   walks the consent receipts' proof chain of the config's site and names the first\n"
           "           link that was altered, removed or reordered; exit status 0 (whole) or 3 (broken)\n";
}

Result<Options> parseOptions(const std::vector<std::string>& args) {
    Options options;
    const std::map<std::string, std::string*> texts = {{"--host", &options.host},     {"--db", &options.db},
                                                       {"--site", &options.site},     {"--assets", &options.assets},
                                                       {"--config", &options.config}};
    const std::map<std::string, Number> numbers = {
        {"--clock-skew-minutes", {&options.clockSkewMinutes, 0, 1440}},
        {"--pending-life-hours", {&options.pendingLifeHours, 1, 8760}},
        {"--workers", {&options.workers, 1, 1024}},
        {"--read-timeout-seconds", {&options.readTimeoutSeconds, 1, 300}},
        {"--retain-events-days", {&options.retainEventsDays, 0, 36500}},
        {"--retain-receipts-days", {&options.retainReceiptsDays, 0, 36500}},
    };
    Problems problems;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        if (i == 0 && flag == "verify") {
            options.verify = true;
            continue;
        }
        std::string value;
        bool hasValue = false;
        if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
            hasValue = true;
        }
        if (flag == "--help" || flag == "-h") {
            options.help = true;
            continue;
        }
        if (flag == "--allow-v1-records") {
            if (hasValue) problems.push_back({flag, "takes no value"});
            options.allowV1Records = true;
            continue;
        }
        const bool known = flag == "--port" || flag == "--allow-origin" || flag == "--operator-token-sha256" ||
                           texts.count(flag) == 1 || numbers.count(flag) == 1;
        if (!known) {
            problems.push_back({flag, "unknown flag"});
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
            if (!parsePort(value, options.port)) problems.push_back({flag, "must be a number from 0 to 65535"});
        } else if (flag == "--allow-origin") {
            if (isOrigin(value)) {
                options.allowOrigins.push_back(value);
            } else {
                problems.push_back({flag, "must be an origin: scheme://host[:port], e.g. https://shop.example"});
            }
        } else if (flag == "--operator-token-sha256") {
            if (isKeyHash(value)) options.operatorTokenHashes.push_back(value);
            else problems.push_back({flag, "must be 64 lowercase hex characters (the SHA-256 of the token)"});
        } else if (const auto number = numbers.find(flag); number != numbers.end()) {
            const Number& n = number->second;
            if (!parseWhole(value, n.low, n.high, *n.value)) {
                problems.push_back({flag, "must be a number from " + std::to_string(n.low) + " to " + std::to_string(n.high)});
            }
        } else if (value.empty()) {
            problems.push_back({flag, "must not be empty"});
        } else {
            *texts.at(flag) = value;
        }
    }
    if (!problems.empty()) return problems;
    return options;
}

}  // namespace assent::collector
