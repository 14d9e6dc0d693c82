// The consumer of scaled mode's event stream (event_stream.hpp): takes the
// accepted batches from a durable JetStream consumer, writes each fetch into
// PostgreSQL in one transaction (PgStore::addStreamed: each event stored
// once, by its keys), and acknowledges the messages only after the commit.
// A crash between commit and acknowledgement redelivers messages whose
// events are already stored: they add nothing (exactly-once effect). While
// PostgreSQL does not answer, it keeps the fetched messages and tries again;
// JetStream redelivers whatever it never acknowledged.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "event_stream.hpp"
#include "pg_store.hpp"

namespace assent::server {

struct ConsumerTally {
    std::uint64_t messages = 0, stored = 0, duplicates = 0, dropped = 0, malformed = 0;
};

// Runs until `stop` is set. Every consumer process of one site reads the
// durable JetStream consumer "assent-postgresql", so they split the messages.
Status consumeStream(const StreamSettings&, const std::string& site, PgStore&, const std::atomic<bool>& stop,
                     ConsumerTally& tally);

}  // namespace assent::server
