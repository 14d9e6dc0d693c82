// The NATS side of event_stream.hpp, shared by the publishing server and the
// consumer (stream_consumer.cpp); nothing else includes nats.h.
#pragma once

#include <mutex>
#include <string>

#include <nats/nats.h>

#include "event_stream.hpp"

namespace assent::server {

// The headers a message carries besides its body.
inline constexpr const char* kReceivedHeader = "Assent-Received-Ms";
inline constexpr const char* kDailyVisitorHeader = "Assent-Daily-Visitor";

struct EventStream::Connection {
    static Result<std::unique_ptr<Connection>> open(const StreamSettings&);
    ~Connection();
    // Whether the stream is known to exist, making it if not; the reason when
    // it cannot be made (no JetStream leader yet, say).
    bool ready(std::string& error);

    StreamSettings settings;
    natsConnection* nc = nullptr;
    jsCtx* js = nullptr;
    std::mutex lock;
    bool streamKnown = false;

private:
    Connection() = default;
};

}  // namespace assent::server
