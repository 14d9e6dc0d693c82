#include "server_config.hpp"

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "files.hpp"
#include "http_limits.hpp"
#include "intake.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::json;

// Walks the file's objects, collecting every problem with its path.
class Reader {
public:
    Reader(Problems& problems, const std::filesystem::path& folder) : problems_(problems), folder_(folder) {}

    // The members of `obj` at `path`, after checking it names only `known`.
    const Json* object(const Json& parent, const std::string& path, const char* key,
                       std::initializer_list<const char*> known) {
        const Json* v = member(parent, key);
        if (!v) return nullptr;
        const std::string at = join(path, key);
        if (!v->is_object()) return problem(at, "must be an object"), nullptr;
        onlyKnown(*v, at, known);
        return v;
    }

    void onlyKnown(const Json& obj, const std::string& path, std::initializer_list<const char*> known) {
        for (const auto& item : obj.items()) {
            bool listed = false;
            for (const char* k : known) listed = listed || item.key() == k;
            if (!listed) problem(join(path, item.key()), "unknown key");
        }
    }

    void text(const Json* obj, const std::string& path, const char* key, std::string& out, bool required = false) {
        if (!obj) return;  // its object is missing: one problem, said there
        const Json* v = member(*obj, key);
        if (!v) return missing(path, key, required);
        if (!v->is_string() || v->get<std::string>().empty()) return problem(join(path, key), "must be a non-empty text");
        out = v->get<std::string>();
    }

    // A path in the file, made absolute from the file's folder.
    void file(const Json* obj, const std::string& path, const char* key, std::string& out, bool required = false) {
        std::string given;
        text(obj, path, key, given, required);
        if (!given.empty()) out = (folder_ / given).lexically_normal().string();
    }

    void whole(const Json* obj, const std::string& path, const char* key, int& out, int min, int max) {
        const Json* v = obj ? member(*obj, key) : nullptr;
        if (!v) return;
        if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max)
            return problem(join(path, key),
                           "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        out = v->get<int>();
    }

    void flag(const Json* obj, const std::string& path, const char* key, bool& out) {
        const Json* v = obj ? member(*obj, key) : nullptr;
        if (!v) return;
        if (!v->is_boolean()) return problem(join(path, key), "must be true or false");
        out = v->get<bool>();
    }

    // A list of texts, each checked by `valid` (which says what it must be).
    template <class Valid>
    void texts(const Json* obj, const std::string& path, const char* key, std::vector<std::string>& out,
               Valid valid, const char* mustBe) {
        const Json* v = obj ? member(*obj, key) : nullptr;
        if (!v) return;
        const std::string at = join(path, key);
        if (!v->is_array()) return problem(at, "must be a list");
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json& item = (*v)[i];
            if (item.is_string() && valid(item.get<std::string>())) out.push_back(item.get<std::string>());
            else problem(at + "[" + std::to_string(i) + "]", mustBe);
        }
    }

    void problem(std::string path, std::string reason) { problems_.push_back({std::move(path), std::move(reason)}); }

private:
    static const Json* member(const Json& obj, const char* key) {
        const auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    }
    void missing(const std::string& path, const char* key, bool required) {
        if (required) problem(join(path, key), "missing");
    }
    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

    Problems& problems_;
    const std::filesystem::path& folder_;
};

}  // namespace

Result<ServerConfig> parseServerConfig(std::string_view text, const std::filesystem::path& folder) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& e) {
        return Problems{{"", std::string("is not valid JSON: ") + e.what()}};
    }
    if (!root.is_object()) return Problems{{"", "must be a JSON object"}};

    ServerConfig c;
    Problems problems;
    Reader r(problems, folder);
    r.onlyKnown(root, "", {"$comment", "listen", "database", "site", "http", "intake", "retention", "operators", "dashboard",
                            "analytics", "postgresql", "stream"});
    r.file(&root, "", "database", c.database, true);

    const Json* listen = r.object(root, "", "listen", {"host", "port", "reusePort"});
    r.text(listen, "listen", "host", c.host);
    r.whole(listen, "listen", "port", c.port, 0, 65535);
    r.flag(listen, "listen", "reusePort", c.reusePort);

    const Json* postgresql = r.object(root, "", "postgresql", {"url", "pool"});
    r.text(postgresql, "postgresql", "url", c.postgresql, true);
    r.whole(postgresql, "postgresql", "pool", c.postgresqlPool, 1, 256);

    const Json* stream = r.object(root, "", "stream", {"servers", "name", "replicas", "ackTimeoutMs"});
    if (stream && !postgresql) r.problem("stream", "needs postgresql: the stream's consumer writes there, and every server reads the receipts there");
    r.texts(stream, "stream", "servers", c.streamServers,
            [](const std::string& s) { return s.rfind("nats://", 0) == 0 && s.size() > 7; },
            "must be a NATS URL: nats://host:port");
    if (stream && c.streamServers.empty()) r.problem("stream.servers", "missing: the NATS nodes to publish to");
    r.text(stream, "stream", "name", c.streamName);
    r.whole(stream, "stream", "replicas", c.streamReplicas, 1, 5);
    r.whole(stream, "stream", "ackTimeoutMs", c.streamAckTimeoutMs, 100, 60000);

    const Json* site = r.object(root, "", "site", {"config", "pages", "assets"});
    if (!site) r.problem("site", "missing: the site's Assent config is needed to judge its events");
    r.file(site, "site", "config", c.siteConfig, true);
    r.file(site, "site", "pages", c.pages);
    r.file(site, "site", "assets", c.assets);

    const Json* http = r.object(root, "", "http",
                                {"allowOrigins", "workers", "readTimeoutSeconds", "waiting", "clientRequestsPerSecond",
                                 "clientBurst", "originRequestsPerSecond", "originBurst"});
    r.texts(http, "http", "allowOrigins", c.allowOrigins, isOrigin,
            "must be an origin: scheme://host[:port], e.g. https://shop.example");
    r.whole(http, "http", "workers", c.workers, 1, 1024);
    r.whole(http, "http", "readTimeoutSeconds", c.readTimeoutSeconds, 1, 300);
    r.whole(http, "http", "waiting", c.waiting, 0, 65536);
    r.whole(http, "http", "clientRequestsPerSecond", c.clientRequestsPerSecond, 0, 1000000);
    r.whole(http, "http", "clientBurst", c.clientBurst, 1, 1000000);
    r.whole(http, "http", "originRequestsPerSecond", c.originRequestsPerSecond, 0, 1000000);
    r.whole(http, "http", "originBurst", c.originBurst, 1, 1000000);

    const Json* intake = r.object(root, "", "intake", {"clockSkewMinutes", "pendingLifeHours", "allowV1Records"});
    r.whole(intake, "intake", "clockSkewMinutes", c.clockSkewMinutes, 0, 1440);
    r.whole(intake, "intake", "pendingLifeHours", c.pendingLifeHours, 1, 8760);
    r.flag(intake, "intake", "allowV1Records", c.allowV1Records);

    const Json* retention = r.object(root, "", "retention", {"eventsDays", "receiptsDays"});
    r.whole(retention, "retention", "eventsDays", c.retainEventsDays, 0, 36500);
    r.whole(retention, "retention", "receiptsDays", c.retainReceiptsDays, 0, 36500);

    const Json* operators = r.object(root, "", "operators", {"tokenSha256"});
    r.texts(operators, "operators", "tokenSha256", c.operatorTokenHashes,
            [](const std::string& s) { return isKeyHash(s); },
            "must be 64 lowercase hex characters (the SHA-256 of the token, never the token)");

    const Json* dashboard = r.object(root, "", "dashboard", {"assets", "sessionHours"});
    if (dashboard && !dashboard->contains("assets")) r.problem("dashboard.assets", "missing: the folder of the built dashboard page");
    r.file(dashboard, "dashboard", "assets", c.dashboardAssets);
    r.whole(dashboard, "dashboard", "sessionHours", c.dashboardSessionHours, 1, 168);

    const Json* analytics = r.object(root, "", "analytics", {"dailyVisitorHash"});
    r.flag(analytics, "analytics", "dailyVisitorHash", c.dailyVisitorHash);

    if (!problems.empty()) return problems;
    return c;
}

Result<ServerConfig> loadServerConfig(const std::filesystem::path& path) {
    const auto text = readFile(path.string());
    if (!text) return Problems{{path.string(), "cannot be read"}};
    auto parsed = parseServerConfig(*text, path.parent_path());
    if (parsed) return parsed;
    Problems named;  // each problem names the file too: "assent-server.json: listen.port: …"
    for (const Problem& p : parsed.problems())
        named.push_back({p.path.empty() ? path.string() : path.string() + ": " + p.path, p.reason});
    return named;
}

}  // namespace assent::server
