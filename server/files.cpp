#include "files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <httplib.h>

namespace assent::server {

void configureFiles(httplib::Server& server) {
    static const std::pair<const char*, const char*> kTypes[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"ico", "image/x-icon"},
        {"txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [extension, type] : kTypes) server.set_file_extension_and_mimetype_mapping(extension, type);

    // The demo is rebuilt while it runs: make browsers ask again every time
    // instead of running yesterday's assent.js against today's assent.wasm.
    server.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_header("X-Content-Type-Options", "nosniff");
    });
}

std::string serveFolder(httplib::Server& server, const std::string& urlPrefix, const std::string& dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return dir + ": not a folder; " + urlPrefix + " will answer 404";
    }
    if (!server.set_mount_point(urlPrefix, dir)) return dir + ": cannot be served at " + urlPrefix;
    return "";
}

std::optional<std::string> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace assent::server
