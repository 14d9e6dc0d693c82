#include "api.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <iostream>
#include <string>
#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "assent/batch.hpp"
#include "assent/codec.hpp"
#include "assent/json_writer.hpp"
#include "assent/record.hpp"
#include "access.hpp"
#include "answer.hpp"
#include "intake.hpp"
#include "log.hpp"
#include "receipts.hpp"
#include "recheck.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::ordered_json;
using httplib::Request;
using httplib::Response;

// Stored strings are valid UTF-8 (they were parsed as JSON), but a reason may
// quote a cut byte sequence: replace it rather than throw.
void answer(Response& res, int status, const Json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

// JSON the core's writer made (records, in the core's one form).
void answerWritten(Response& res, int status, std::string json) {
    res.status = status;
    res.set_content(std::move(json), "application/json");
}

void refuse(Response& res, int status, const std::string& message) { answer(res, status, {{"error", message}}); }

void refuse(Response& res, const Problems& problems) {
    std::string message;
    Json list = Json::array();
    for (const Problem& problem : problems) {
        message += (message.empty() ? "" : "; ") + problem.message();
        list.push_back({{"path", problem.path}, {"reason", problem.reason}});
    }
    answer(res, 400, {{"error", message}, {"problems", list}});
}

// Storage trouble is the server's, not the sender's: the details go to the
// operator's log, the sender learns only that it may retry.
void failed(Response& res, const std::string& details) {
    log::error(details);
    refuse(res, 500, "storage failed; retry later");
}

// The body was read: the connection may stay open.
void refuseAndRetry(Response& res, int status, int retryAfterSeconds, const std::string& message) {
    res.set_header("Retry-After", std::to_string(retryAfterSeconds));
    refuse(res, status, message);
}

bool consentIdOf(const Request& req, Response& res, std::string& consentId) {
    consentId = req.has_param("consent_id") ? req.get_param_value("consent_id") : "";
    if (!consentId.empty()) return true;
    refuse(res, 400, "consent_id: missing");
    return false;
}

// The consent id a reading or erasing request names, once its caller has
// proved it may (C18); an operator's action is logged as a JSON line.
bool allowedConsentId(const Services& services, const Request& req, Response& res, std::string& consentId) {
    if (!consentIdOf(req, res, consentId)) return false;
    const Caller caller = authorize(services.access, services.store, req.get_header_value("Authorization"), consentId);
    switch (caller) {
        case Caller::Missing:
            res.set_header("WWW-Authenticate", "Bearer");
            refuse(res, 401, "authorization: missing: send the device's secret or an operator token as a Bearer credential");
            return false;
        case Caller::Refused:
            refuse(res, 403, "authorization: not allowed for this consent id");
            return false;
        case Caller::Operator:
            log::info("operator action", {{"operator", true}, {"action", req.method + " " + req.path},
                                          {"consentId", consentId}});
            return true;
        case Caller::Visitor: return true;
    }
    return false;
}

Json eventJson(const StoredEvent& row) {
    Json props = Json::object();
    for (const auto& [key, value] : row.event.props) props[key] = value;
    return {{"id", row.event.id},     {"name", row.event.name}, {"purpose", row.event.purpose},
            {"ts", row.event.ts},     {"page", row.event.page}, {"props", props},
            {"receivedMs", row.receivedMs}};
}

// The words a receipt's textsHash names, as the archive keeps them; null
// when this server never ran with those texts (or has no archive).
Status writeShownTexts(JsonWriter& w, const TextsArchive* archive, const std::string& hash) {
    w.key("texts");
    if (!archive) return w.raw("null"), done();
    auto found = archive->find(hash);
    if (!found) return found.problems();
    if (!found.value()) return w.raw("null"), done();
    const ShownTexts& t = *found.value();
    w.beginObject().key("language").value(t.language).key("revision").value(t.revision);
    w.key("firstKeptMs").value(t.firstKeptMs).key("canonical").value(t.canonical).key("words").raw(t.json);
    w.endObject();
    return done();
}

// Each receipt is the record in the core's proof form (every grant with its
// expiry), then when it arrived, under which config revision, the exact
// stored form that proves it, the words its textsHash names, and its link in
// the site's proof chain (an auditor recomputes it: server/chain.hpp).
Status writeReceipts(JsonWriter& w, const std::vector<Receipt>& rows, const TextsArchive* archive) {
    w.key("receipts").beginArray();
    for (const Receipt& row : rows) {
        w.beginObject();
        writeRecordFields(w, row.record, RecordDetail::Proof);
        w.key("receivedMs").value(row.receivedMs).key("configRevision").value(row.configRevision);
        w.key("consent").value(row.stored);
        if (auto texts = writeShownTexts(w, archive, row.record.textsHash); !texts) return texts.problems();
        w.key("chain").beginObject()
            .key("site").value(row.link.site)
            .key("seq").value(row.link.seq)
            .key("receivedMs").value(row.link.receivedMs)
            .key("contentHash").value(row.link.contentHash)
            .key("prevHash").value(row.link.prevHash)
            .key("linkHash").value(row.link.linkHash)
            .endObject();
        w.endObject();
    }
    w.endArray();
    return done();
}

// The path from the receipts to the chain's head (C06): every link after
// `after` up to the head, each with what its linkHash is computed from but
// its own linkHash, so that a verifier folds it forward from a receipt's
// link and must arrive at the head (server/README.md, "A receipt export
// proves itself up to the head"). At most kMaxProofLinks; "complete": false and "next"
// say where the following page starts (chain_after=NEXT).
void writeChainPath(JsonWriter& w, const ChainPath& path, std::int64_t after) {
    const bool complete = path.links.empty() ? after >= path.head.seq : path.links.back().seq >= path.head.seq;
    w.key("chain").beginObject();
    w.key("head").beginObject().key("seq").value(path.head.seq).key("linkHash").value(path.head.linkHash).endObject();
    w.key("after").value(after).key("links").beginArray();
    for (const ChainLink& l : path.links) {
        w.beginObject().key("seq").value(l.seq).key("receivedMs").value(l.receivedMs);
        w.key("contentHash").value(l.contentHash).endObject();
    }
    w.endArray().key("complete").value(complete);
    if (!complete) w.key("next").value(path.links.empty() ? after : path.links.back().seq);
    w.endObject();
}

// The records a batch carries become receipts only as POST /v1/consent's
// would: checked, and received now. Returns why one was not taken ("" when
// all were, or were already held), or fails on storage trouble. `ledger`:
// this consent id's receipts, read once here and read again only when a
// record was kept, so it ends as the ledger that judges the events. A
// record the ledger already holds byte for byte (nearly every batch: the
// same record rides on each) is checked against it and not written again.
Result<std::string> takeCarriedRecords(const Services& services, const SentBatch& batch, std::int64_t nowMs,
                                       std::vector<Receipt>& ledger) {
    auto read = services.store.receipts(batch.consentId);
    if (!read) return read.problems();
    ledger = std::move(read).value();
    std::string problem;
    const auto refused = [&](const std::string& path, const std::string& reason) {
        if (problem.empty()) problem = path + ": " + reason;
    };
    const auto take = [&](const ConsentRecord& record, const std::string& stored, const std::string& path) -> Status {
        // The check receiveDecoded makes, against the ledger just read: a
        // refusal or a duplicate needs no write (and no second read).
        const ReceiptVerdict known = checkReceipt(services.config, services.rules, record, stored, ledger, nowMs);
        if (known.kind == ReceiptVerdict::Kind::Refused) return refused(path, known.reason), done();
        if (known.kind == ReceiptVerdict::Kind::Duplicate) return done();
        auto verdict = receiveDecoded(services.store, services.config, services.rules, record, stored, nowMs);
        if (!verdict) return verdict.problems();
        if (verdict.value().kind == ReceiptVerdict::Kind::Refused) refused(path, verdict.value().reason);
        auto again = services.store.receipts(batch.consentId);
        if (!again) return again.problems();
        ledger = std::move(again).value();
        return done();
    };
    const auto decodeAndTake = [&](const std::string& stored, const std::string& path) -> Status {
        auto decoded = decodeRecord(stored);
        if (!decoded) return refused(path, decoded.problems().front().message()), done();
        if (decoded.value().consentId != batch.consentId) return refused(path, "not a record of consent_id"), done();
        return take(decoded.value(), stored, path);
    };
    for (std::size_t i = 0; i < batch.earlier.size(); ++i) {
        if (auto taken = decodeAndTake(batch.earlier[i], "earlier[" + std::to_string(i) + "]"); !taken)
            return taken.problems();
    }
    // The batch's newest record must be the one its ids name.
    auto current = decodeRecord(batch.consent);
    if (!current) {
        refused("consent", current.problems().front().message());
    } else if (current.value().recordId != batch.recordId) {
        refused("record_id", "does not match the consent record");
    } else if (current.value().consentId != batch.consentId) {
        refused("consent", "not a record of consent_id");
    } else if (auto taken = take(current.value(), batch.consent, "consent"); !taken) {
        return taken.problems();
    }
    return problem;
}

constexpr int kStreamRetrySeconds = 2;

// `work`'s result; how long it took goes to /metrics as a stage of a batch's intake.
template <typename Work>
auto timedStage(const Services& services, const char* stage, Work work) {
    const auto start = std::chrono::steady_clock::now();
    auto out = work();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (services.metrics) services.metrics->intakeStage(stage, took.count());
    return out;
}

// The accepted events, stored at once, or (scaled mode) published to the stream.
Result<Added> keep(const Services& services, const SentBatch& batch, const std::vector<Event>& accepted,
                   std::int64_t now, const std::string& dailyVisitor) {
    if (!services.stream) return services.store.addEvents(batch.consentId, batch.recordId, accepted, now, dailyVisitor);
    if (accepted.empty()) return Added{};
    if (auto published = services.stream->publish(batch, accepted, now, dailyVisitor); !published)
        return published.problems();
    return Added{accepted.size(), 0};
}

void postEvents(const Services& services, const Request& req, const std::string& body, Response& res) {
    auto decoded = decodeBatch(body);
    if (!decoded) return refuse(res, decoded.problems());
    SentBatch batch = std::move(decoded).value();
    // The core never makes a larger batch: a larger one is not a shell's.
    const std::size_t most = services.config.tracker.batchMaxEvents;
    if (batch.events.size() > most) {
        return refuse(res, 413, "events: " + std::to_string(batch.events.size()) +
                                    " in one batch, more than the site's tracker.batchMaxEvents (" +
                                    std::to_string(most) + ")");
    }
    const std::int64_t now = services.now();
    // Judged by this server's receipts only (with those the batch carried,
    // once kept), at this server's time.
    std::vector<Receipt> receipts;
    auto consentProblem =
        timedStage(services, "ledger", [&] { return takeCarriedRecords(services, batch, now, receipts); });
    if (!consentProblem) return failed(res, consentProblem.message());
    const Admission admission = recheck(services.config, services.rules, std::move(batch.events), receipts, now);
    // Only when the operator turned it on (daily_visitor.hpp): neither the
    // address nor the user agent is kept, only today's salted hash of them.
    const std::string dailyVisitor =
        services.dailyVisitors && !admission.admitted.empty()
            ? services.dailyVisitors->of(services.config.siteId, req.remote_addr, req.get_header_value("User-Agent"), now)
            : std::string();
    auto added = timedStage(services, services.stream ? "publish" : "store",
                            [&] { return keep(services, batch, admission.admitted, now, dailyVisitor); });
    if (!added) {
        if (!services.stream) return failed(res, added.message());
        // Nothing is acknowledged that JetStream does not hold.
        log::error(added.message());
        return refuseAndRetry(res, 503, kStreamRetrySeconds, "the event stream is not answering; retry later");
    }

    if (services.metrics) services.metrics->events(added.value().stored, added.value().duplicates, admission.refused);
    if (!admission.refused.empty()) {
        // Only the dashboard's counts depend on it: the batch's answer stands.
        if (auto counted = services.store.countRefusals(admission.refused, now); !counted) log::error(counted.message());
    }
    Json refused = Json::object();
    for (const auto& [reason, count] : admission.refused) refused[reason] = count;
    Json counts = {{"stored", added.value().stored}, {"duplicates", added.value().duplicates}, {"refused", refused}};
    if (!consentProblem.value().empty()) counts["consentProblem"] = consentProblem.value();
    answer(res, 200, counts);
}

void getEvents(const Services& services, const Request& req, Response& res) {
    std::string consentId;
    if (!allowedConsentId(services, req, res, consentId)) return;
    auto rows = services.store.events(consentId, kMaxEventsListed);
    if (!rows) return failed(res, rows.message());
    Json events = Json::array();
    for (const StoredEvent& row : rows.value()) events.push_back(eventJson(row));
    answer(res, 200, {{"events", events}});
}

void postConsent(const Services& services, const Request&, const std::string& body, Response& res) {
    auto receipt = parseReceiptBody(body);
    if (!receipt) return refuse(res, receipt.problems());
    const std::int64_t now = services.now();
    auto verdict = receiveReceipt(services.store, services.config, services.rules, receipt.value().stored, "", now);
    if (!verdict) return failed(res, verdict.message());
    // The device's key comes with a receipt that was taken (or already held).
    if (verdict.value().kind != ReceiptVerdict::Kind::Refused && !receipt.value().key.empty()) {
        const auto record = decodeRecord(receipt.value().stored);
        if (record) {
            if (auto kept = services.store.keepVisitorKey(record.value().consentId, receipt.value().key, now); !kept)
                return failed(res, kept.message());
        }
    }
    if (services.metrics) {
        constexpr const char* kOutcomes[] = {"new", "duplicate", "refused"};
        const auto kind = verdict.value().kind;
        services.metrics->receipt(kOutcomes[kind == ReceiptVerdict::Kind::New ? 0 : kind == ReceiptVerdict::Kind::Duplicate ? 1 : 2]);
    }
    switch (verdict.value().kind) {
        case ReceiptVerdict::Kind::Refused:
            // The sender knows the record as "consent".
            return refuse(res, verdict.value().status, "consent: " + verdict.value().reason);
        case ReceiptVerdict::Kind::Duplicate: return answer(res, 200, {{"ok", true}, {"duplicate", true}});
        case ReceiptVerdict::Kind::New: return answer(res, 200, {{"ok", true}, {"duplicate", false}});
    }
}

void getConsent(const Services& services, const Request& req, Response& res) {
    std::string consentId;
    if (!allowedConsentId(services, req, res, consentId)) return;
    std::int64_t chainAfter = 0;
    if (req.has_param("chain_after")) {
        const std::string text = req.get_param_value("chain_after");
        std::size_t used = 0;
        try {
            chainAfter = std::stoll(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        // Digits only: stoll would also take leading spaces and a sign.
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || used != text.size())
            return refuse(res, 400, "chain_after: must be a link's seq, 0 or more");
    }
    auto json = receiptExport(services.store, services.texts, consentId, chainAfter);
    if (!json && json.problems().front().path == "chain_after") return refuse(res, 400, json.message());
    if (!json) return failed(res, json.message());
    answerWritten(res, 200, std::move(json).value());
}

void deleteRecords(const Services& services, const Request& req, Response& res) {
    std::string consentId;
    if (!allowedConsentId(services, req, res, consentId)) return;
    auto erased = services.store.erase(consentId);
    if (!erased) return failed(res, erased.message());
    answer(res, 200, {{"erasedEvents", erased.value().events}, {"erasedReceipts", erased.value().receipts}});
}

// Alive, and its database answers (a load balancer's question).
void healthz(const Services& services, const Request&, Response& res) {
    if (auto ok = services.store.ping(); !ok) {
        log::error(ok.message());
        return refuse(res, 503, "database not answering");
    }
    answer(res, 200, {{"ok", true}});
}

void metrics(const Services& services, const Request&, Response& res) {
    if (!services.metrics) return refuse(res, 404, "not found");
    res.status = 200;
    res.set_content(services.metrics->render(), "text/plain; version=0.0.4; charset=utf-8");
}

enum class Body { Read, TooLarge, Unreadable };

// httplib 0.11.4 holds a body to the size limit only when it has a
// Content-Length: a chunked one would be read whole, however large. Reading
// through a receiver that stops at the limit holds every body to it.
Body readBody(const Request& req, const httplib::ContentReader& reader, std::string& body) {
    // A multipart reader needs handlers a batch never uses; it is not a batch.
    if (req.is_multipart_form_data()) return Body::Unreadable;
    bool tooLarge = false;
    const bool complete = reader([&](const char* data, std::size_t length) {
        tooLarge = body.size() + length > kMaxBodyBytes;
        if (!tooLarge) body.append(data, length);
        return !tooLarge;
    });
    // httplib refuses (and skips) a declared length over the limit itself;
    // the receiver stops a chunked body that grows past it.
    if (tooLarge || (!complete && req.get_header_value<std::uint64_t>("Content-Length") > kMaxBodyBytes)) {
        return Body::TooLarge;
    }
    return complete ? Body::Read : Body::Unreadable;
}

void refuseTooLarge(Response& res) {
    // The rest of the body is still on the wire: this connection is done.
    answerAndClose(res, 413, errorJson("body larger than " + std::to_string(kMaxBodyBytes) + " bytes (1 MiB)"));
}

// Fills in the body of errors httplib raises itself (413, 404, …); answers a
// handler already wrote are left alone.
httplib::Server::HandlerResponse errorBody(const Request& req, Response& res) {
    if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413) {
        refuseTooLarge(res);
    } else if (req.path.rfind("/v1/", 0) == 0) {
        refuse(res, res.status, res.status == 404 ? "no such endpoint" : "request refused");
    } else {
        res.set_content(res.status == 404 ? "not found\n" : "request refused\n", "text/plain; charset=utf-8");
    }
    return httplib::Server::HandlerResponse::Handled;
}

// Last line of defence: whatever escaped a handler becomes a 500, never a crash.
void onException(const Request&, Response& res, std::exception_ptr thrown) {
    std::string what = "unknown exception";
    try {
        if (thrown) std::rethrow_exception(thrown);
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    log::error("a handler threw", {{"what", what}});
    refuse(res, 500, "internal error");
}

// Runs `handle` as one request in flight, then reports its answer and time.
template <class Handle>
void measure(Metrics* metrics, const Request& req, Response& res, const Handle& handle) {
    if (!metrics) return handle();
    metrics->begin();
    const auto start = std::chrono::steady_clock::now();
    handle();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    metrics->end();
    metrics->request(req.method + " " + req.path, res.status, took.count());
}

}  // namespace

Result<std::string> receiptExport(Store& store, const TextsArchive* texts, std::string_view consentId,
                                  std::int64_t chainAfter, std::size_t mostLinks) {
    auto rows = store.receipts(consentId);
    if (!rows) return rows.problems();
    // From the person's oldest link still kept; a later page from where the last one stopped.
    std::int64_t after = chainAfter;
    if (after == 0 && !rows.value().empty()) {
        after = rows.value().front().link.seq;
        for (const Receipt& r : rows.value()) after = std::min(after, r.link.seq);
    }
    // Nobody's receipts, nobody's path: the head alone.
    const bool nothingToProve = rows.value().empty() && chainAfter == 0;
    auto path = store.chainPath(after, nothingToProve ? 0 : mostLinks);
    if (!path) return path.problems();
    // A page that starts past the head has nothing to fold from: a
    // verifier's mistake, not a complete path.
    if (chainAfter > path.value().head.seq)
        return assent::failed("past the chain's head (seq " + decimal(path.value().head.seq) + ")", "chain_after").problems();
    if (nothingToProve) after = path.value().head.seq;
    JsonWriter w;
    w.beginObject();
    if (auto written = writeReceipts(w, rows.value(), texts); !written) return written.problems();
    writeChainPath(w, path.value(), after);
    w.endObject();
    return w.str();
}

Route measured(Metrics* metrics, Route handler) {
    if (!metrics) return handler;
    return [metrics, handler = std::move(handler)](const Request& req, Response& res) {
        measure(metrics, req, res, [&] { handler(req, res); });
    };
}

std::string errorJson(const std::string& message) {
    return Json{{"error", message}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void answerAndClose(Response& res, int status, std::string json) {
    res.status = status;
    res.set_header("Connection", "close");
    auto text = std::make_shared<const std::string>(std::move(json));
    res.set_content_provider(text->size(), "application/json",
                             [text](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 sink.write(text->data() + offset, length);
                                 return false;  // written whole; "failed", so httplib closes the connection
                             });
}

std::int64_t systemNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void serveApi(httplib::Server& server, const Services& services) {
    server.set_payload_max_length(kMaxBodyBytes);
    server.set_error_handler(httplib::Server::HandlerWithResponse(errorBody));
    server.set_exception_handler(onException);

    // Each route holds its own copy of the services (references and a clock).
    using Reading = void (*)(const Services&, const Request&, Response&);
    using Posting = void (*)(const Services&, const Request&, const std::string& body, Response&);
    const auto fromRequest = [services](Reading handler) {
        return measured(services.metrics, [services, handler](const Request& req, Response& res) {
            handler(services, req, res);
        });
    };
    // sendBeacon posts text/plain, fetch posts application/json: the body is
    // read the same way whatever the Content-Type says.
    const auto fromBody = [services](Posting handler) {
        return [services, handler](const Request& req, Response& res, const httplib::ContentReader& reader) {
            measure(services.metrics, req, res, [&] {
                std::string body;
                switch (readBody(req, reader, body)) {
                    case Body::Read: return handler(services, req, body, res);
                    case Body::TooLarge: return refuseTooLarge(res);
                    case Body::Unreadable:
                        // What is left of it is still on the wire.
                        return answerAndClose(res, 400, errorJson("body: not readable as one JSON document"));
                }
            });
        };
    };
    server.Post("/v1/events", fromBody(postEvents));
    server.Get("/v1/events", fromRequest(getEvents));
    server.Post("/v1/consent", fromBody(postConsent));
    server.Get("/v1/consent", fromRequest(getConsent));
    server.Delete("/v1/records", fromRequest(deleteRecords));
    server.Get("/healthz", fromRequest(healthz));
    server.Get("/metrics", fromRequest(metrics));
}

}  // namespace assent::server
