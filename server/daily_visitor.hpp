// Counting visitors without a cookie or an identifier (off unless the server
// config turns it on: analytics.dailyVisitorHash). Each stored event may
// carry a hash of the sender's address and user agent with a salt that is
// random, lives only in this process's memory and is replaced at every UTC
// midnight: the same browser gives the same hash all day, and no one (this
// server included) can link it to the next day's, or recompute it from an
// address once the day is over. The address and user agent themselves are
// never stored (C15). A restart draws a new salt, so a visitor seen before
// and after a restart on one day counts twice.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace assent::server {

class DailyVisitorHash {
public:
    // 32 hex characters; "" when the system gave no random bytes for the salt.
    std::string of(std::string_view site, std::string_view address, std::string_view userAgent, std::int64_t nowMs);

private:
    std::mutex lock_;
    std::int64_t day_ = -1;  // the UTC day the salt is for
    std::string salt_;
};

}  // namespace assent::server
