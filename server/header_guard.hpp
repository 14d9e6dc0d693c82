// Bounds on how much and how long a client may send before its request's
// headers end: 64 KiB and 10 s per request, counted from the connection's
// start or the end of its previous answer (an idle kept-alive wait
// included); and on how long its body may take after them (30 s). Over any,
// the server stops reading, and the connection is closed.
//
// Why here, and why this way: Debian's cpp-httplib 0.11.4 limits each header
// line to 8 KiB but not how many lines there are (a count limit came in
// 0.15), and it is the shared build, so its limits cannot be recompiled. One
// client sending header lines as fast as loopback allows grew the server
// from 13 MB to 687 MB in 8 s and was then answered 200. httplib reads its
// sockets with recv(); the server binary defines recv() (header_guard.cpp),
// which the dynamic linker binds httplib's calls to before libc's. Outside a
// connection served by the WorkerPool (admission.hpp) it is libc's recv().
#pragma once

#include <cstddef>
#include <cstdint>

namespace assent::server {

struct HeaderLimits {
    std::size_t maxBytes = 64 * 1024;  // a request line and all its headers
    std::int64_t maxMs = 10'000;       // from the previous answer (or the connection) to the headers' end
    // From the headers' end to the body's: a body trickled a byte at a time
    // (each read well within the read timeout) would otherwise hold its
    // worker for as long as its length allows (1 MiB: days). 30 s carries a
    // full 1 MiB batch at 35 KB/s.
    std::int64_t bodyMaxMs = 30'000;
};

namespace header_guard {

// The worker threads' side (admission.hpp, http_limits.cpp): this thread now
// serves a connection, whose first request's headers are being read.
void beginConnection(const HeaderLimits&);
void endConnection();
// The headers are read (the request is being routed): its body is bound by
// the body limits instead, and its time by bodyMaxMs from now.
void headersRead();
// The answer is written: the next request's headers are being read.
void answered();

}  // namespace header_guard
}  // namespace assent::server
