#include "header_guard.hpp"

#include <errno.h>
#include <sys/socket.h>

#include <chrono>

namespace assent::server::header_guard {
namespace {

std::int64_t steadyMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Per worker thread: a connection is served on one thread from its first
// byte to its close, so the state of the connection is the thread's.
struct Connection {
    bool serving = false;         // a WorkerPool thread inside a connection
    bool readingHeaders = false;  // and its current request's headers are not read yet
    std::size_t bytes = 0;        // read since the headers began
    std::int64_t sinceMs = 0;     // when they began, or (reading the body) when they ended
    HeaderLimits limits;
    int cutOff = -1;              // the socket found over the limits, closed once answered
};
thread_local Connection tConnection;

void startHeaders() {
    tConnection.readingHeaders = true;
    tConnection.bytes = 0;
    tConnection.sinceMs = steadyMs();
}

}  // namespace

void beginConnection(const HeaderLimits& limits) {
    tConnection = Connection{true, false, 0, 0, limits, -1};
    startHeaders();
}

void endConnection() { tConnection = Connection{}; }

void headersRead() {
    tConnection.readingHeaders = false;
    tConnection.sinceMs = steadyMs();
}

void answered() {
    if (!tConnection.serving) return;
    // httplib answers a request whose headers could not be read with 400,
    // then would read the rest as the next request: this connection is done.
    // The 400 goes out with the end of the stream after it.
    if (tConnection.cutOff >= 0) shutdown(tConnection.cutOff, SHUT_WR);
    startHeaders();
}

// httplib's reads while headers are read: refused (as if the client had
// closed) once they are over the limits.
ssize_t guardedRecv(int fd, void* buffer, std::size_t length, int flags) {
    Connection& c = tConnection;
    const bool counted = c.serving && c.readingHeaders && (flags & MSG_PEEK) == 0;
    if (c.cutOff == fd) {
        // What the client sent meanwhile is dropped, so that closing the
        // socket ends it in order (FIN) and the 400 reaches the client,
        // rather than a reset that would discard it.
        char drain[16384];
        for (int i = 0; i < 64 && ::recvfrom(fd, drain, sizeof drain, MSG_DONTWAIT, nullptr, nullptr) > 0; ++i) {
        }
        return 0;
    }
    if (counted && (c.bytes >= c.limits.maxBytes || steadyMs() - c.sinceMs > c.limits.maxMs)) {
        c.cutOff = fd;
        return 0;  // as if the client had stopped: httplib answers 400
    }
    // The body's reads (a handler reads nothing itself): past its time, the
    // same as headers past theirs.
    if (c.serving && !c.readingHeaders && (flags & MSG_PEEK) == 0 && steadyMs() - c.sinceMs > c.limits.bodyMaxMs) {
        c.cutOff = fd;
        return 0;
    }
    const ssize_t n = ::recvfrom(fd, buffer, length, flags, nullptr, nullptr);
    if (counted && n > 0) c.bytes += static_cast<std::size_t>(n);
    return n;
}

}  // namespace assent::server::header_guard

// Takes httplib's recv() calls (see header_guard.hpp); libc's recvfrom() does the reading.
extern "C" ssize_t recv(int fd, void* buffer, std::size_t length, int flags) {
    return assent::server::header_guard::guardedRecv(fd, buffer, length, flags);
}
