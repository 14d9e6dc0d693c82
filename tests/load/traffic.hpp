// Real traffic for the server, made by the core as browsers make it: each
// visitor accepts all, posts its receipt, then sends batches of clicks.
// Shared by the load driver (assent-load) and the durability test, which
// must know exactly which events each acknowledged batch held.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace assent::load {

struct BatchToSend {
    std::string consentId;
    std::string body;
    std::vector<std::string> eventIds;
};

struct Visitor {
    std::string receipt;  // the POST /v1/consent body, with the device's key hash
    std::vector<BatchToSend> batches;
};

struct TrafficShape {
    int visitors = 100;
    int batchesEach = 10;
    int eventsPerBatch = 20;
    std::string seed = "load";  // another seed, other visitors (consent ids, event ids)
};

// Visitors of the site `configJson` describes, deciding and clicking at
// about nowMs (the server judges capture times by its own clock). Fails,
// with the reason, if the config maps no event to a purpose needing consent.
std::vector<Visitor> makeVisitors(const std::string& configJson, const TrafficShape&, std::int64_t nowMs,
                                  std::string& error);

// What the posting of batches gave.
struct Tally {
    std::uint64_t requests = 0;
    std::uint64_t acked = 0;       // 2xx
    std::uint64_t eventsStored = 0;
    std::uint64_t eventsDuplicate = 0;
    std::uint64_t refused = 0;     // events refused by the server's judgement
    std::uint64_t failed = 0;      // no answer (connection lost)
    std::vector<std::uint64_t> statuses = std::vector<std::uint64_t>(600, 0);
    std::vector<double> latenciesMs;
    std::vector<const BatchToSend*> ackedBatches;
    void add(const Tally&);
};

struct Target {
    std::string host = "127.0.0.1";
    int port = 8080;
};

// Posts every visitor's receipt; false (with what went wrong) if one fails.
bool postReceipts(const Target&, const std::vector<Visitor>&, int connections, std::string& error);

// Posts the visitors' batches over `connections` kept-alive connections
// until they run out or `keepGoing` says stop. perConnectionRate > 0 paces
// each connection to that many requests a second (an open-loop load, so
// latency is measured at a known rate); 0 sends as fast as answers come.
Tally postBatches(const Target&, const std::vector<Visitor>&, int connections, double perConnectionRate,
                  const std::function<bool()>& keepGoing);

}  // namespace assent::load
