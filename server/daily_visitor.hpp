// Counting visitors without a cookie or an identifier (off unless the server
// config turns it on: analytics.dailyVisitorHash). Each stored event may
// carry a hash of the sender's address and user agent with a salt that is
// random and replaced at every UTC midnight: the same browser gives the same
// hash all day, and once the day's salt is gone its hashes cannot be
// linked to the next day's, nor recomputed from an address. The address
// and user agent themselves are never stored (C15).
//
// The day's salt is kept in the store (Store::dailySalt), one per site and
// day, made by whichever server needs it first: every server of a shared
// PostgreSQL, and a restarted server, hash a visitor alike, so a visitor
// whose requests reach two servers counts once. A day's salt is deleted
// once a later day's is asked for; this process keeps only the current one.
// The price: the salt sits in the database beside that day's hashes, so a
// copy of the database taken during the day (a backup, the WAL, pages a
// DELETE freed but did not overwrite) lets whoever holds it test candidate
// addresses against that day's hashes. Guard backups as the events.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "store.hpp"

namespace assent::server {

class DailyVisitorHash {
public:
    // A salt of this process's own, shared with no one.
    DailyVisitorHash() = default;
    // The day's salt shared through `store`, which must outlive this.
    explicit DailyVisitorHash(Store& store) : store_(&store) {}

    // 32 hex characters; "" when there is no salt (no random bytes, or the
    // store did not answer: logged, and asked again at the next event).
    std::string of(std::string_view site, std::string_view address, std::string_view userAgent, std::int64_t nowMs);

private:
    std::string saltOf(std::int64_t day);

    Store* store_ = nullptr;
    std::mutex lock_;
    std::int64_t day_ = -1;  // the UTC day the salt is for
    std::string salt_;
};

}  // namespace assent::server
