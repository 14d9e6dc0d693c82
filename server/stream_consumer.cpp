#include "stream_consumer.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include "event_stream_connection.hpp"
#include "log.hpp"

namespace assent::server {
namespace {

constexpr int kFetchMost = 512;       // messages per fetch, and per transaction
constexpr int kFetchWaitMs = 500;     // how long a fetch waits for the first message
// JetStream redelivers what is not acknowledged by then: what a consumer
// that died had fetched comes back this long after (a write that takes
// longer is delivered twice, harmlessly).
constexpr int kAckWaitSeconds = 5;

std::string headerOf(natsMsg* msg, const char* key) {
    const char* value = nullptr;
    return natsMsgHeader_Get(msg, key, &value) == NATS_OK && value ? value : "";
}

// Subscribes, retrying while the cluster has no leader for the stream yet.
natsSubscription* subscribe(EventStream::Connection& c, const std::string& site, const std::string& durable,
                            const std::atomic<bool>& stop) {
    for (int attempt = 0; !stop; ++attempt) {
        std::string error;
        if (c.ready(error)) {
            jsSubOptions options;
            jsSubOptions_Init(&options);
            options.Stream = c.settings.name.c_str();
            options.Config.AckWait = std::int64_t{kAckWaitSeconds} * 1000 * 1000 * 1000;  // nanoseconds
            options.Config.MaxAckPending = 20000;
            natsSubscription* sub = nullptr;
            jsErrCode code = static_cast<jsErrCode>(0);
            const std::string subject = subjectOf(site);
            if (js_PullSubscribe(&sub, c.js, subject.c_str(), durable.c_str(), nullptr, &options, &code) == NATS_OK)
                return sub;
            error = "cannot subscribe (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
        }
        if (attempt % 20 == 0) log::warning("the consumer waits for the stream: " + error);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return nullptr;
}

}  // namespace

Status consumeStream(const StreamSettings& settings, const std::string& site, PgStore& store,
                     const std::atomic<bool>& stop, ConsumerTally& tally) {
    static const std::string durable = "assent-postgresql";
    auto opened = EventStream::Connection::open(settings);
    if (!opened) return opened.problems();
    EventStream::Connection& c = *opened.value();
    natsSubscription* sub = subscribe(c, site, durable, stop);
    if (!sub) return done();  // stopped before the stream was there
    while (!stop) {
        natsMsgList list{};
        jsErrCode code = static_cast<jsErrCode>(0);
        const natsStatus s = natsSubscription_Fetch(&list, sub, kFetchMost, kFetchWaitMs, &code);
        // Whatever the status, messages that came are handled: a fetch that
        // timed out may still hold some.
        if (list.Count == 0) {
            natsMsgList_Destroy(&list);
            // A node went away: the client reconnects on its own.
            if (s != NATS_TIMEOUT && s != NATS_OK) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        std::vector<StreamedBatch> batches;
        std::vector<natsMsg*> good;
        for (int i = 0; i < list.Count; ++i) {
            natsMsg* msg = list.Msgs[i];
            auto batch = decodeStreamed(std::string_view(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg))),
                                        headerOf(msg, kReceivedHeader), headerOf(msg, kDailyVisitorHeader));
            if (!batch) {
                // Never a server's: redelivering it would only fail again.
                log::error("the stream holds a malformed message, dropped: " + batch.message());
                ++tally.malformed;
                natsMsg_Term(msg, nullptr);
                continue;
            }
            batches.push_back(std::move(batch).value());
            good.push_back(msg);
        }
        // Until PostgreSQL takes them (or the consumer is stopped): the
        // messages stay unacknowledged and come back to some consumer.
        for (int attempt = 0; !batches.empty() && !stop; ++attempt) {
            auto added = store.addStreamed(batches);
            if (added) {
                for (natsMsg* msg : good) natsMsg_Ack(msg, nullptr);
                tally.messages += good.size();
                tally.stored += added.value().stored;
                tally.duplicates += added.value().duplicates;
                tally.dropped += added.value().dropped;
                break;
            }
            if (attempt % 20 == 0) log::warning("the consumer waits for PostgreSQL: " + added.message());
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        natsMsgList_Destroy(&list);
    }
    natsSubscription_Destroy(sub);
    return done();
}

}  // namespace assent::server
