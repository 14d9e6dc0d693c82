#include "event_stream.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <thread>

#include "assent/sha256.hpp"
#include "event_stream_connection.hpp"

namespace assent::server {

std::string subjectOf(const std::string& site) {
    // A subject token may not hold '.', '*', '>' or spaces, and a site id
    // may: other characters are written ~XX (hex), and the unnamed site "~".
    std::string token = site.empty() ? "~" : "";
    static const char* hex = "0123456789ABCDEF";
    for (const unsigned char c : site) {
        if (std::isalnum(c) || c == '_' || c == '-') {
            token.push_back(static_cast<char>(c));
        } else {
            token += {'~', hex[c >> 4], hex[c & 15]};
        }
    }
    return "assent.events." + token;
}

std::string encodeStreamed(const SentBatch& batch, const std::vector<Event>& accepted) {
    SentBatch out = batch;
    out.earlier.clear();  // already receipts in the ledger: the stream needs only the events
    out.events = accepted;
    return encodeBatch(out);
}

Result<StreamedBatch> decodeStreamed(std::string_view body, std::string_view receivedMs, std::string_view dailyVisitor) {
    auto batch = decodeBatch(body);
    if (!batch) return batch.problems();
    StreamedBatch out;
    const char* end = receivedMs.data() + receivedMs.size();
    if (receivedMs.empty() || std::from_chars(receivedMs.data(), end, out.receivedMs).ptr != end)
        return Problems{{kReceivedHeader, "missing, or not a whole number"}};
    out.consentId = std::move(batch.value().consentId);
    out.recordId = std::move(batch.value().recordId);
    out.events = std::move(batch.value().events);
    out.dailyVisitor = std::string(dailyVisitor);
    return out;
}

namespace {

std::string natsProblem(const std::string& doing, natsStatus s, jsErrCode code = static_cast<jsErrCode>(0)) {
    std::string message = doing + ": " + natsStatus_GetText(s);
    if (code != 0) message += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
    const char* last = nats_GetLastError(nullptr);
    if (last && *last) message += ": " + std::string(last);
    return message;
}

// The stream, made once by whichever server or consumer starts first; a
// stream that exists is left as it is (its replicas are the operator's).
natsStatus ensureStream(jsCtx* js, const StreamSettings& settings, std::string& error) {
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&info, js, settings.name.c_str(), nullptr, &code);
    if (s == NATS_OK) {
        jsStreamInfo_Destroy(info);
        return s;
    }
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    cfg.Name = settings.name.c_str();
    const char* subjects[] = {"assent.events.>"};
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Replicas = settings.replicas;
    s = js_AddStream(&info, js, &cfg, nullptr, &code);
    if (s == NATS_OK) jsStreamInfo_Destroy(info);
    // Another process made it in the meantime: as good.
    if (s != NATS_OK && code == JSStreamNameExistErr) s = NATS_OK;
    if (s != NATS_OK) error = natsProblem("cannot make the stream " + settings.name, s, code);
    return s;
}

}  // namespace

Result<std::unique_ptr<EventStream::Connection>> EventStream::Connection::open(const StreamSettings& settings) {
    auto c = std::unique_ptr<Connection>(new Connection());
    c->settings = settings;
    natsOptions* options = nullptr;
    std::vector<const char*> urls;
    for (const auto& url : settings.servers) urls.push_back(url.c_str());
    natsStatus s = natsOptions_Create(&options);
    if (s == NATS_OK) s = natsOptions_SetServers(options, urls.data(), static_cast<int>(urls.size()));
    // Reconnect for ever, quickly: a node that dies is replaced by another.
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(options, -1);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(options, 250);
    if (s == NATS_OK) s = natsOptions_SetTimeout(options, 2000);
    if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(options, true, nullptr, nullptr);
    if (s == NATS_OK) s = natsConnection_Connect(&c->nc, options);
    natsOptions_Destroy(options);
    // Not connected yet (retrying in the background) is fine: publishes
    // fail, and are answered 503, until it is.
    if (s != NATS_OK && s != NATS_NOT_YET_CONNECTED) return Problems{{"stream", natsProblem("cannot connect to NATS", s)}};
    jsOptions jsOpts;
    jsOptions_Init(&jsOpts);
    jsOpts.Wait = settings.ackTimeoutMs;
    s = natsConnection_JetStream(&c->js, c->nc, &jsOpts);
    if (s != NATS_OK) return Problems{{"stream", natsProblem("cannot use JetStream", s)}};
    return c;
}

EventStream::Connection::~Connection() {
    if (js) jsCtx_Destroy(js);
    if (nc) natsConnection_Destroy(nc);
}

bool EventStream::Connection::ready(std::string& error) {
    std::lock_guard<std::mutex> guard(lock);
    if (streamKnown) return true;
    streamKnown = ensureStream(js, settings, error) == NATS_OK;
    return streamKnown;
}

Result<std::unique_ptr<EventStream>> EventStream::connect(const StreamSettings& settings, const std::string& site) {
    auto connection = Connection::open(settings);
    if (!connection) return connection.problems();
    // A cluster that is still electing its leader cannot make the stream
    // yet: publishes try again until it can.
    std::string error;
    connection.value()->ready(error);
    return std::unique_ptr<EventStream>(new EventStream(std::move(connection).value(), site));
}

EventStream::EventStream(std::unique_ptr<Connection> connection, std::string site)
    : connection_(std::move(connection)), site_(std::move(site)) {}
EventStream::~EventStream() = default;

Status EventStream::publish(const SentBatch& batch, const std::vector<Event>& accepted, std::int64_t receivedMs,
                            std::string_view dailyVisitor) {
    std::string error;
    if (!connection_->ready(error)) return Problems{{"stream", error}};
    const std::string body = encodeStreamed(batch, accepted);
    std::string ids;
    for (const Event& e : accepted) ids.append(e.id).push_back('\n');
    const std::string msgId = site_ + "/" + batch.consentId + "/" + batch.batchId + "/" + sha256Hex(ids).substr(0, 16);

    natsMsg* msg = nullptr;
    const std::string subject = subjectOf(site_);
    natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, body.data(), static_cast<int>(body.size()));
    const std::string received = std::to_string(receivedMs);
    if (s == NATS_OK) s = natsMsgHeader_Set(msg, kReceivedHeader, received.c_str());
    if (s == NATS_OK && !dailyVisitor.empty())
        s = natsMsgHeader_Set(msg, kDailyVisitorHeader, std::string(dailyVisitor).c_str());
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = msgId.c_str();
    options.MaxWait = connection_->settings.ackTimeoutMs;
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    if (s == NATS_OK) s = js_PublishMsg(&ack, connection_->js, msg, &options, &code);
    if (ack) jsPubAck_Destroy(ack);
    natsMsg_Destroy(msg);
    if (s != NATS_OK) return Problems{{"stream", natsProblem("JetStream did not acknowledge a batch", s, code)}};
    return done();
}

}  // namespace assent::server
