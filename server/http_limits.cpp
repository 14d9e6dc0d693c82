#include "http_limits.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>

#include <httplib.h>

#include "answer.hpp"

namespace assent::server {

bool Listening::widenBacklog(int backlog) const {
    const int fd = fd_->load();
    return fd >= 0 && ::listen(fd, backlog) == 0;
}

Listening applyHttpLimits(httplib::Server& server, const HttpLimits& limits) {
    Listening listening;
    const auto workers = static_cast<std::size_t>(std::max(1, limits.workers));
    const auto waiting = static_cast<std::size_t>(std::max(0, limits.waiting));
    const HeaderLimits headers = limits.headers;
    server.new_task_queue = [workers, waiting, headers, load = listening.load_] {
        return new WorkerPool(workers, waiting, headers, load);
    };
    // Called once an answer is written: the next request's headers begin.
    server.set_logger([](const httplib::Request&, const httplib::Response&) { header_guard::answered(); });
    server.set_read_timeout(limits.readTimeoutSeconds, 0);
    server.set_write_timeout(limits.writeTimeoutSeconds, 0);
    server.set_keep_alive_timeout(limits.keepAliveTimeoutSeconds);
    server.set_keep_alive_max_count(static_cast<std::size_t>(std::max(1, limits.keepAliveMaxRequests)));
    // A response's headers and body go out in two writes: without this the
    // body waits for the client's delayed ACK (about 40 ms a response).
    server.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second server
    // bind the same port and take half the connections.
    server.set_socket_options([fd = listening.fd_, share = limits.reusePort](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (share) setsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);
        fd->store(sock);  // only the listening socket comes through here
    });
    return listening;
}

bool isOrigin(const std::string& text) {
    static const std::regex origin(R"(^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$)");
    return std::regex_match(text, origin);
}

namespace {

using Verdict = httplib::Server::HandlerResponse;

std::int64_t steadyMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Verdict refuseAndClose(httplib::Response& res, int status, int retryAfterSeconds, const std::string& message) {
    res.set_header("Retry-After", std::to_string(retryAfterSeconds));
    answerAndClose(res, status, errorJson(message));
    return Verdict::Handled;
}

// The request's rate, by its client address and by the page's origin.
struct Rates {
    explicit Rates(const HttpLimits& limits) : perClient(limits.perClient), perOrigin(limits.perOrigin) {}
    RateLimiter perClient;
    RateLimiter perOrigin;

    Verdict check(const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/healthz" || req.path == "/metrics") return Verdict::Unhandled;
        const std::int64_t now = steadyMs();
        if (const int wait = perClient.admit(req.remote_addr, now))
            return refuseAndClose(res, 429, wait, "too many requests from this client; retry after " + std::to_string(wait) + " s");
        const std::string origin = req.get_header_value("Origin");
        if (origin.empty()) return Verdict::Unhandled;
        if (const int wait = perOrigin.admit(origin, now))
            return refuseAndClose(res, 429, wait, "too many requests from pages of " + origin + "; retry after " + std::to_string(wait) + " s");
        return Verdict::Unhandled;
    }
};

Verdict checkOrigin(const std::vector<std::string>& allowed, const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/v1/", 0) != 0) return Verdict::Unhandled;
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    // No Origin: not a cross-origin browser request (a mini-program, a
    // server, a same-origin GET). The server's own origin is always fine.
    const bool own = !host.empty() && (origin == "http://" + host || origin == "https://" + host);
    const bool listed = std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
    if (!origin.empty() && !own && !listed) {
        // The body was not read: close rather than read it as the next request.
        answerAndClose(res, 403, errorJson("origin " + origin + " is not allowed to call this server"));
        return Verdict::Handled;
    }
    if (listed) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
    }
    if (req.method == "OPTIONS") {
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE");
        res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
        res.set_header("Access-Control-Max-Age", "600");
        return Verdict::Handled;
    }
    return Verdict::Unhandled;
}

}  // namespace

void guardRequests(httplib::Server& server, const HttpLimits& limits, std::vector<std::string> allowed) {
    auto rates = std::make_shared<Rates>(limits);
    server.set_pre_routing_handler([rates, allowed = std::move(allowed)](const httplib::Request& req,
                                                                         httplib::Response& res) {
        header_guard::headersRead();  // what comes now is the body, bound by the body limits
        if (WorkerPool::overflowing())
            return refuseAndClose(res, 503, 1, "the server is busy; retry after 1 s");
        if (rates->check(req, res) == Verdict::Handled) return Verdict::Handled;
        return checkOrigin(allowed, req, res);
    });
}

}  // namespace assent::server
