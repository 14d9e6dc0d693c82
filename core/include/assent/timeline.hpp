// C17: an event is judged by the consent in force at the instant it was
// captured, and by every decision made since, never only by the newest one.
// A shell may hand captured events to the core late (it buffers them to save
// calls into the WASM module), a page may reload between capture and send,
// and a collector judges a batch long after; each asks the same Timeline.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/record.hpp"

namespace assent {

enum class Verdict : std::uint8_t {
    Forward,  // granted at capture (or released by the next decision) and ever since: may leave
    Hold,     // no decision yet: may wait for the next one
    Drop,     // refused at capture, refused or lapsed since, or not provable: never leaves
};

// One purpose in one record at one instant: a required purpose is always
// granted; otherwise only a decision under the config's current revision
// that has not lapsed counts. No record is no decision.
Decision decisionIn(const Config&, const ConsentRecord*, std::string_view purpose, std::int64_t atMs);

class Timeline {
public:
    static constexpr std::int64_t kKnownAlways = std::numeric_limits<std::int64_t>::min();

    // records: one consent id's decisions in the order they were made. An
    // event captured at or before knownAfterMs cannot be judged (the records
    // of that time are missing: a trimmed history, a batch that carries only
    // the later ones) and is dropped.
    explicit Timeline(std::vector<ConsentRecord> records = {}, std::int64_t knownAfterMs = kKnownAlways);

    // What an event of `purpose` captured at `capturedMs` may do at `nowMs`:
    //   - the record in force at capture is the newest made strictly before it
    //     (an event in the same millisecond as a decision counts as before it);
    //   - refused then: Drop; granted then: Forward while it stays granted;
    //   - undecided then: Hold until a decision names the purpose, Forward if
    //     that decision grants it, Drop if it refuses it;
    //   - once granted, any later refusal, lapse or new revision drops it.
    Verdict judge(const Config&, std::string_view purpose, std::int64_t capturedMs, std::int64_t nowMs) const;
    // The same for one of config.purposes, found already (the tracker's queued
    // events name theirs by index: no search by name per event, issue 11).
    Verdict judge(const Config&, const Purpose&, std::int64_t capturedMs, std::int64_t nowMs) const;

    // The index of the record in force at that instant (0 when none was yet):
    // a batch carries the records from there on, so a collector can judge it.
    std::size_t inForceAt(std::int64_t atMs) const;

    const std::vector<ConsentRecord>& records() const { return records_; }
    // A decision just made, after every one before it.
    void append(ConsentRecord);

private:
    // Each record's grant of each of a config's purposes, by the purpose's
    // place in config.purposes (nullptr: none, or a record of another
    // revision). judge() looked a purpose up by its name in two records' maps
    // an event (issue 11: 5,280 -> 4,999 instructions per event, +248 B of
    // assent.wasm brotli). Filled at the first judgement under a config, kept
    // while the same config asks and the records are as many; a copy starts
    // empty (it would point into the original's records).
    class Grants {
    public:
        Grants() = default;
        Grants(const Grants&) {}
        Grants& operator=(const Grants&) {
            clear();
            return *this;
        }
        Grants(Grants&&) = default;  // records_ moves its buffer: the grants stay put
        Grants& operator=(Grants&&) = default;

        // The table for this config, filled from records if it was for another.
        const Grant* const* under(const Config&, const std::vector<ConsentRecord>& records);
        void clear() { config_ = nullptr; }

    private:
        const Config* config_ = nullptr;
        std::int64_t revision_ = 0;
        const Purpose* purposes_ = nullptr;
        std::size_t count_ = 0;
        std::vector<const Grant*> byRecord_;  // records × purposes
    };

    std::vector<ConsentRecord> records_;
    std::vector<std::int64_t> madeMs_;  // when each took effect: never before the one before it
    std::int64_t knownAfterMs_;
    mutable Grants grants_;
};

}  // namespace assent
