// The server's JSON endpoints under /v1/:
//   POST   /v1/events   a batch from assent::encodeBatch -> {"stored","duplicates","refused":{reason:n}[,"consentProblem"]}
//                        (scaled mode: "stored" counts the events JetStream acknowledged; duplicates are
//                        dropped later, by the consumer)
//   GET    /v1/events   ?consent_id=… -> {"events":[…]} (C13)
//   POST   /v1/consent  {"consent":"<stored record>"[,"key"]} -> {"ok":true,"duplicate":…} (C06), 400/409 when refused
//   GET    /v1/consent  ?consent_id=…[&chain_after=SEQ] -> {"receipts":[…],"chain":{…}}, records as
//                        assent::writeRecord (C13), and the chain's path from them to its head (C06)
//   DELETE /v1/records  ?consent_id=… -> {"erasedEvents","erasedReceipts"} (C14)
//   GET    /healthz     {"ok":true} once the database answers, 503 otherwise
//   GET    /metrics     the Prometheus text format (metrics.hpp)
// The GETs and the DELETE need the device's secret or an operator token as a
// Bearer credential (access.hpp, C18): 401 without one, 403 for a wrong one.
// Answers are camelCase, as the core's records are. The batch body (format
// v2) keeps its snake_case names, and so does consent_id, which names its field.
// Every error is {"error":"…"}; bodies with the wrong shape also list
// "problems":[{"path","reason"}]. A body over the limit, or one left unread,
// is answered and its connection closed (answer.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "access.hpp"
#include "metrics.hpp"
#include "assent/config.hpp"
#include "rules.hpp"
#include "daily_visitor.hpp"
#include "event_stream.hpp"
#include "store.hpp"
#include "texts_archive.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace assent::server {

// A body larger than this is refused with 413 before it is read.
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
// A GET answers at most this many events, the newest ones.
inline constexpr std::size_t kMaxEventsListed = 500;
// A receipt export carries at most this many links of the path to the
// chain's head (about 1 MiB of JSON); the rest comes a page at a time.
inline constexpr std::size_t kMaxProofLinks = 10000;

using Clock = std::function<std::int64_t()>;  // milliseconds since the epoch
std::int64_t systemNowMs();

struct Services {
    const Config& config;  // the site's: purposes and event map
    Store& store;
    Clock now = systemNowMs;
    IntakeRules rules{};  // the bounds of the server's own clock and the versions accepted
    Access access{};      // who may read and erase a consent id's data (C18)
    Metrics* metrics = nullptr;  // what /metrics shows; none: /metrics answers 404
    const TextsArchive* texts = nullptr;  // resolves receipts' textsHash in exports; none: "texts": null
    DailyVisitorHash* dailyVisitors = nullptr;  // none: events keep no daily visitor hash (the default)
    // Scaled mode (event_stream.hpp): accepted events are published there
    // and the batch is acknowledged once JetStream has them; a stream that
    // does not acknowledge is answered 503 with Retry-After (the browser
    // keeps the batch). None: they are stored in `store` at once.
    EventStream* stream = nullptr;
};

// A route's handler whose answer and time are reported to `metrics` (by
// "METHOD /path"), and which counts as in flight while it runs; with no
// metrics, the handler itself. Every route of the server is measured so.
using Route = std::function<void(const httplib::Request&, httplib::Response&)>;
Route measured(Metrics* metrics, Route handler);

// GET /v1/consent's answer: a consent id's receipts, and the path of links
// from its oldest one (or from `chainAfter`, a later page) to the chain's head.
Result<std::string> receiptExport(Store& store, const TextsArchive* texts, std::string_view consentId,
                                  std::int64_t chainAfter = 0, std::size_t mostLinks = kMaxProofLinks);

// Adds the /v1/ routes, the body limit and JSON error answers to `server`.
// `services` must outlive the server.
void serveApi(httplib::Server& server, const Services& services);

}  // namespace assent::server
