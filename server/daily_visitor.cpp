#include "daily_visitor.hpp"

#include <sys/random.h>

#include "assent/sha256.hpp"
#include "log.hpp"

namespace assent::server {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// n random bytes in hex (the store keeps text); "" when the system gave none.
std::string randomHex(std::size_t n) {
    std::string bytes(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = getrandom(bytes.data() + got, n - got, 0);
        if (r <= 0) return "";
        got += static_cast<std::size_t>(r);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const char c : bytes) hex.append(1, kHex[(c >> 4) & 0xf]).append(1, kHex[c & 0xf]);
    return hex;
}

}  // namespace

std::string DailyVisitorHash::saltOf(std::int64_t day) {
    const std::string candidate = randomHex(32);
    if (candidate.empty() || !store_) return candidate;
    auto kept = store_->dailySalt(day, candidate);
    if (!kept) {
        log::error(kept.message());
        return "";
    }
    return kept.value();
}

std::string DailyVisitorHash::of(std::string_view site, std::string_view address, std::string_view userAgent,
                                 std::int64_t nowMs) {
    std::string input;
    {
        std::lock_guard<std::mutex> guard(lock_);
        const std::int64_t day = nowMs / kDayMs;
        if (day != day_ || salt_.empty()) {
            salt_ = saltOf(day);  // yesterday's is forgotten here
            day_ = day;
        }
        if (salt_.empty()) return "";
        input = salt_;
    }
    // NUL-separated: "ab" + "c" must not hash as "a" + "bc".
    for (const std::string_view part : {site, address, userAgent}) input.append(1, '\0').append(part);
    return sha256Hex(input).substr(0, 32);
}

}  // namespace assent::server
