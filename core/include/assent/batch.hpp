// The body the shell sends to the collector, written and read here, side by
// side, so that the shells' core and the collector agree on every field. It
// carries the stored form of the newest record and of the earlier ones its
// events were captured under, so the collector can judge each event by the
// consent at its capture (C17).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assent/gate.hpp"
#include "assent/json_writer.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

inline constexpr std::int64_t kBatchVersion = 2;

// {"v":2,"batch_id":…,"consent_id":…,"record_id":…,"consent":"<stored record>",
//  ["earlier":["<stored record>",…],] "sent_at":…,
//  "events":[{"id","name","purpose","ts","page","seq","props":{…}[,"anonymous_id","session_id"]},…]}
// `consent` is the newest record (the ids name it); `earlier`, oldest first,
// holds the records from the one in force when its oldest event was captured
// up to the one before `consent`, and is left out when there are none.
std::string encodeBatch(std::string_view batchId, const ConsentRecord& current,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<Event>&,
                        std::int64_t sentAtMs);
// The same body from queued events, whose JSON was written at capture.
std::string encodeBatch(std::string_view batchId, const ConsentRecord& current,
                        const std::vector<const ConsentRecord*>& earlier, const std::vector<QueuedEvent>&,
                        std::int64_t sentAtMs);

// An event's JSON up to its visitor ids (QueuedEvent::json before idsAt),
// the one writer of an event's fields (a batch's, a pending text's, a
// queued event's). It writes at a cursor in a buffer grown per field, not
// per piece: std::string appends of each piece cost about 1,500
// instructions an event at capture (issue 11).
class EventJson {
public:
    // scratch: where it is written (grown as needed, never shrunk, so that
    // the next event writes into it with no allocation). The id must be an
    // id (isId) and the purpose a purpose id (isPurposeId), as the core
    // draws them and decodeBatch checks them: they are copied as they are,
    // with nothing to escape.
    EventJson(std::string& scratch, std::string_view id, std::string_view name, std::string_view purpose,
              std::int64_t ts, std::string_view page, std::int64_t seq);
    // The props in order, allow-listed and masked already.
    void prop(std::string_view key, std::string_view value);
    // Closes the props: the text so far, a view into the scratch.
    std::string_view close() &&;
    // The same, copied, with room for `more` bytes: the visitor ids
    // (writeVisitorIds) that may follow.
    std::string done(std::size_t more) &&;

private:
    char* reserve(std::size_t bytes);  // the cursor, with room for `bytes` more
    void piece(std::string_view);
    void text(std::string_view);
    void number(std::int64_t);

    std::string& out_;
    std::size_t at_ = 0;
    bool props_ = false;
};
void writeVisitorIds(JsonWriter&, std::string_view anonymousId, std::string_view sessionId);
// What writeVisitorIds writes for two ids: the room an event keeps for them.
inline constexpr std::size_t kVisitorIdsBytes = 78;
// An event's QueuedEvent form (a restored pending one); purpose: its index.
QueuedEvent queuedForm(const Event&, std::uint16_t purpose);

// A batch body as its sender wrote it, typed. The records stay in their
// stored form: whether they decode and whose they are is the receiver's
// judgement (a record that fails is no consent, not a malformed body).
struct SentBatch {
    std::string batchId;
    std::string consentId;
    std::string recordId;
    std::string consent;               // the newest record, stored form
    std::vector<std::string> earlier;  // stored forms, oldest first; empty when none were sent
    std::int64_t sentAtMs = 0;
    std::vector<Event> events;
};

// The most decodeBatch reads. The core never sends more: the config caps a
// batch at 1000 events and 1 MiB, and a history at 1000 records.
inline constexpr std::size_t kMaxBatchBytes = 1 << 20;
inline constexpr std::size_t kMaxBatchEvents = 1000;
inline constexpr std::size_t kMaxEarlierRecords = 1000;
// Problems reported for one body: enough to fix a shell, few enough that a
// huge bad batch cannot make a huge answer ("more problems not shown" ends them).
inline constexpr std::size_t kMaxBatchProblems = 20;

std::string encodeBatch(const SentBatch&);
// Reads exactly what encodeBatch writes. Strict: every field it writes must
// be there, once, with its type; ids are ids (isId), purposes purpose ids,
// times and seq whole non-negative numbers, props flat strings (kept in
// order, repeats too). Unknown fields are ignored. Problems name their path:
// "events[3].ts: must be a whole number, not string".
Result<SentBatch> decodeBatch(std::string_view body);

// A batch taken and not yet acknowledged: its events go back to the queue if
// it fails, and are kept with the pending ones across a reload.
struct InFlightBatch {
    std::string batchId;
    std::vector<QueuedEvent> events;  // a withdrawal may have emptied it
};

// Forwarded events not yet delivered, as text the shell keeps across a
// reload: the in-flight ones first, oldest batch first, then the queue.
std::string encodePending(const EventQueue& queued, const std::vector<InFlightBatch>& inFlight);
// Reads what encodePending wrote; a damaged text gives an error, never events.
Result<std::vector<Event>> decodePending(std::string_view);

}  // namespace assent
