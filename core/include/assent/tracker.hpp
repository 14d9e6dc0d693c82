// The click-stream half of the core: the gate and its queues, the events'
// ids and sequence, the visitor, the batches in flight, the erasure
// watermark and the bot rule. It decides nothing about consent: every call
// that judges an event is handed a ConsentAt, the consent side's answers at
// one instant (Core makes it from the ledger).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assent/batch.hpp"
#include "assent/config.hpp"
#include "assent/gate.hpp"
#include "assent/ids.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

// What track() did with an event.
enum class TrackOutcome : std::uint8_t {
    Forwarded,
    Held,
    Refused,       // purpose refused: dropped
    UnknownEvent,  // no purpose mapped for this name: dropped
    BadProps,      // props not a flat JSON object: dropped
};

// What ingest() did with a packed list of events.
struct IngestTally {
    std::int64_t forwarded = 0, held = 0, refused = 0;
    std::int64_t dropped = 0;           // damaged: fields that do not pair up, a bad time
    std::vector<std::string> unknown;   // event names with no purpose, each once
};

// A batch to send: its id (to settle it later) and the body to POST.
struct Batch {
    std::string id;
    std::string body;
};

// The consent side's answers at one instant, as the tracker asks them.
class ConsentAt {
public:
    virtual ~ConsentAt() = default;
    // C17: by the consent in force when the event was captured, and since.
    // The purpose is one of the config's.
    virtual Verdict verdict(const Purpose&, std::int64_t capturedMs) const = 0;
    // A purpose that allows identifiers is granted now.
    virtual bool identifiersAllowed() const = 0;
    // The newest record (a batch names it), or none: nothing may be sent.
    virtual const ConsentRecord* current() const = 0;
    // The records before the newest that were in force from oldestMs on,
    // oldest first: those a batch's events were captured under, given the
    // oldest capture among its events that need consent (the largest time
    // when none does).
    virtual std::vector<const ConsentRecord*> spanned(std::int64_t oldestMs) const = 0;
};

class Tracker {
public:
    explicit Tracker(const TrackerSettings& settings)
        : gate_(settings.holdLimit, settings.holdTtlMs, settings.pendingLimit) {}

    // propsJson: a flat JSON object of strings, numbers and booleans, or "".
    TrackOutcome track(const Config&, std::string_view name, std::string_view propsJson, std::string_view page,
                       std::int64_t nowMs, const ConsentAt&, IdSource&);
    // Many captured events in one call, in the packed form: events joined by
    // '\x1e', fields by '\x1f': name, page, ts, then key and typed value
    // pairs (type letter s|n|b, then the value).
    IngestTally ingest(const Config&, std::string_view packed, std::int64_t nowMs, const ConsentAt&, IdSource&);
    // After a decision: held events released or purged, and in-flight
    // batches lose what may no longer leave (C05).
    void settle(const Config&, const ConsentAt&, std::int64_t nowMs);
    // With tracker.excludeBots, automation and known bot agents send nothing.
    bool setClient(const TrackerSettings&, std::string_view userAgent, bool webdriver);
    // Nothing captured up to nowMs may ever leave; everything held, queued
    // or in flight goes now.
    void erase(const TrackerSettings&, std::int64_t nowMs);
    bool erasedBy(std::int64_t capturedMs) const { return capturedMs <= erasedAtMs_; }

    std::optional<Batch> takeBatch(const Config&, std::int64_t nowMs, const ConsentAt&, IdSource&);
    void settleBatch(std::string_view batchId, bool delivered);
    std::string pending() const;
    Status restorePending(const Config&, std::string_view text, std::int64_t nowMs, const ConsentAt&);
    std::string storedVisitor(const ConsentAt&) const;
    Status restoreVisitor(std::string_view text, const ConsentAt&);

    std::size_t held() const { return gate_.held(); }
    std::size_t queued() const { return gate_.queued(); }

private:
    struct Visitor {
        std::string anonymousId, sessionId;
        std::int64_t lastSeenMs = 0;
        std::string json = {};  // the ids as an event carries them, written once
    };
    using PropViews = std::vector<std::pair<std::string_view, std::string_view>>;

    TrackOutcome capture(const Config&, std::string_view name, const PropViews&, std::string_view page, std::int64_t ts,
                         const ConsentAt&, IdSource&);
    Verdict judge(const Config&, const QueuedEvent&, const ConsentAt&) const;
    void identify(const Config&, QueuedEvent&, IdSource&);
    static std::int64_t oldestConsented(const Config&, const std::vector<QueuedEvent>&);

    Gate gate_;
    bool excluded_ = false;
    std::int64_t seq_ = 0;
    std::int64_t erasedAtMs_ = Timeline::kKnownAlways;  // nothing captured by then may leave
    std::vector<InFlightBatch> inFlight_;  // oldest first; a few at most
    std::optional<Visitor> visitor_;
    std::pair<std::string, std::string> lastPage_;  // a page URL and its masked form
    // The last event name captured and what the config says of it: events
    // come in runs of one name. Looked up again under another config (a
    // copied Core's), so that no pointer outlives the config it points into.
    struct EventKind {
        std::string name;
        const Config* config = nullptr;
        std::uint16_t purpose = 0;                          // its index in the config
        const std::vector<std::string>* allowed = nullptr;  // its properties' allow-list, if any (C10)
    };
    EventKind lastEvent_;
    std::string scratch_;  // where an event's JSON is written at capture (EventJson)
    std::string masked_;   // a property value that masking changed
};

}  // namespace assent
