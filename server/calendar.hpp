// Days of the proleptic Gregorian calendar in UTC, as the dashboard's date
// ranges name them ("2023-11-14"). A day number counts days since
// 1970-01-01; times in milliseconds since the epoch divide into them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace assent::server {

inline constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// "YYYY-MM-DD" (a real date, years 1970 to 9999) to its day number; nothing
// for any other text ("2023-02-30", "2023-2-3", "yesterday").
std::optional<std::int64_t> dayNumber(std::string_view text);
// A day number (0 or more) as "YYYY-MM-DD".
std::string dayText(std::int64_t day);
// The day a time falls on (ms since the epoch, 0 or more).
inline std::int64_t dayOf(std::int64_t ms) { return ms / kDayMs; }

}  // namespace assent::server
