// How the server's HTTP server protects itself and the people whose data
// it holds: a bounded pool of workers that slow or idle clients cannot hold
// for long and whose overflow is answered 503 (admission.hpp), rate limits
// per client and per origin (429), TCP_NODELAY, a port it does not share,
// and an allow-list of the origins whose pages may send it data (CORS).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "admission.hpp"
#include "pool_load.hpp"

namespace httplib {
class Server;
}

namespace assent::server {

struct HttpLimits {
    int workers = 256;               // threads answering requests (one per open connection at a time)
    int readTimeoutSeconds = 5;      // a request's bytes must keep coming: each read waits at most this
    int writeTimeoutSeconds = 5;     // a client must keep reading its answer
    int keepAliveTimeoutSeconds = 2; // an idle kept-alive connection is closed after this
    int keepAliveMaxRequests = 100;  // then the connection is closed anyway
    int backlog = 1024;              // connections the system queues until they are accepted
    int waiting = 512;               // accepted connections that may wait for a worker; more get 503
    // Requests per client address and per page origin (Origin header); a
    // request over either is answered 429. /healthz and /metrics are exempt.
    // A client address may be a whole office behind one NAT, hence the wide
    // burst; a per-origin limit caps a whole site, so it is off unless set.
    RateLimit perClient{100, 1000};
    RateLimit perOrigin{0, 1};
    // What a request may send before its headers end (header_guard.hpp).
    HeaderLimits headers;
    // Scaled mode: several server processes on one port (SO_REUSEPORT), the
    // kernel spreading connections between them. They share no database
    // file, only PostgreSQL and the stream, so none holds what another needs.
    bool reusePort = false;
};

// The server's listening socket, known once it is bound. httplib 0.11.4
// listens with a backlog of 5: a burst of connections overflows it and each
// client beyond waits a second or more for its SYN to be sent again.
class Listening {
public:
    Listening() : fd_(std::make_shared<std::atomic<int>>(-1)), load_(std::make_shared<PoolLoad>()) {}
    // Call after bind: listens again with `backlog` (Linux widens the queue).
    bool widenBacklog(int backlog) const;
    // The worker pool's load, for /metrics.
    std::shared_ptr<const PoolLoad> load() const { return load_; }

private:
    friend Listening applyHttpLimits(httplib::Server&, const HttpLimits&);
    std::shared_ptr<std::atomic<int>> fd_;
    std::shared_ptr<PoolLoad> load_;
};

// Applies the limits (the header limits need guardRequests too: its check is
// where a request's headers end), TCP_NODELAY on accepted sockets, and SO_REUSEADDR
// without SO_REUSEPORT unless limits.reusePort: a second SQLite server on a
// taken port fails to bind instead of silently sharing it (and splitting the
// writes between two databases). Call before binding; after it, widen the returned socket's
// backlog.
Listening applyHttpLimits(httplib::Server&, const HttpLimits&);

// Checks every request before it is routed, in this order:
//   - a connection the worker pool had no room for: 503, Retry-After: 1;
//   - over its client's or its origin's rate: 429, Retry-After: seconds;
//   - for /v1/, an Origin that is neither the server's own (the request's
//     Host) nor one of allowedOrigins: 403. A preflight (OPTIONS) is
//     answered for allowed ones; no credentials are ever allowed.
// Each refusal closes the connection, since the request's body was not read.
void guardRequests(httplib::Server&, const HttpLimits&, std::vector<std::string> allowedOrigins);

// "https://shop.example", "http://127.0.0.1:8080": a scheme, a host, an optional port, nothing else.
bool isOrigin(const std::string&);

}  // namespace assent::server
