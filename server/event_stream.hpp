// Scaled mode's intake (issue 14): a server re-checks a batch as always,
// then publishes the events it accepted to a NATS JetStream stream,
// replicated on several nodes, and acknowledges the browser only after
// JetStream acknowledged the publish (the events are then on a majority of
// the stream's replicas). A consumer (stream_consumer.hpp) writes the stream
// into PostgreSQL. A server keeps nothing another server needs.
//
// A message is one accepted batch in the core's own batch format
// (assent::encodeBatch, the one wire), holding only the accepted events,
// with the server's receive time and the daily visitor hash as headers.
// Its Nats-Msg-Id is the batch's site, consent id, batch id and a hash of its
// event ids, so that JetStream drops a retried batch's second copy within
// its duplicate window; the consumer's keys make any later copy harmless.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assent/batch.hpp"
#include "assent/result.hpp"
#include "pg_store.hpp"

namespace assent::server {

struct StreamSettings {
    std::vector<std::string> servers;  // nats://host:port of the cluster's nodes (any of them will do)
    std::string name = "ASSENT_EVENTS";
    int replicas = 3;
    int ackTimeoutMs = 2000;  // how long a publish waits for JetStream's acknowledgement
};

// Messages of site `site` go to "assent.events.<site>" (the site id made a
// valid subject token: "shop", "my~20shop", "~" for a config without siteId).
std::string subjectOf(const std::string& site);

// The message body and headers of one accepted batch, and back.
std::string encodeStreamed(const SentBatch& batch, const std::vector<Event>& accepted);
Result<StreamedBatch> decodeStreamed(std::string_view body, std::string_view receivedMs, std::string_view dailyVisitor);

class EventStream {
public:
    // Connects (retrying in the background while no node answers) and
    // makes the stream if it does not exist yet.
    static Result<std::unique_ptr<EventStream>> connect(const StreamSettings&, const std::string& site);
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Publishes the accepted events of a batch; done only once JetStream
    // acknowledged them. An error (no node reachable, no acknowledgement in
    // time) means nothing may be acknowledged to the browser.
    Status publish(const SentBatch& batch, const std::vector<Event>& accepted, std::int64_t receivedMs,
                   std::string_view dailyVisitor);

    struct Connection;  // the NATS connection and JetStream context (stream_consumer.cpp opens one too)

private:
    explicit EventStream(std::unique_ptr<Connection>, std::string site);
    std::unique_ptr<Connection> connection_;
    std::string site_;
};

}  // namespace assent::server
