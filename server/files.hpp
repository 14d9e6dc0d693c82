// Static files: the demo site at "/" and the built web files (assent.js,
// assent.wasm, assent.css) at "/assent/". httplib refuses paths that climb out
// of a folder ("..") before touching the disk.
#pragma once

#include <optional>
#include <string>

namespace httplib {
class Server;
}

namespace assent::server {

// Sets the MIME types the demo needs (application/wasm among them, which
// WebAssembly.instantiateStreaming insists on) and revalidation headers.
void configureFiles(httplib::Server&);

// Serves `dir` under `urlPrefix` ("/" or "/assent/"). Returns "" or, when the
// folder is missing, a warning to print: the API still works without it.
std::string serveFolder(httplib::Server&, const std::string& urlPrefix, const std::string& dir);

// A whole file's bytes; none when it cannot be read (configs, the dashboard's page).
std::optional<std::string> readFile(const std::string& path);

}  // namespace assent::server
