// GET /dashboard/api/summary?from=YYYY-MM-DD&to=YYYY-MM-DD: every panel's
// figures for the days [from, to) (UTC), as one JSON answer. Each figure
// comes from analytics.hpp (SQL over the stored rows), except the events
// refused at intake: those are never stored, so they come from the
// server's in-memory metrics and are labelled with when it started.
#pragma once

#include <cstdint>
#include <string>

#include "analytics.hpp"
#include "assent/result.hpp"
#include "metrics.hpp"

namespace assent::server {

// The longest range one answer covers (a year and a day).
inline constexpr std::int64_t kMaxRangeDays = 366;

// The range named by the query's from and to (nullptr: not given); each
// problem names its parameter ("from: missing: a day as YYYY-MM-DD").
Result<DayRange> rangeOf(const std::string* from, const std::string* to);

struct SummaryContext {
    std::string site;
};

Result<std::string> summaryJson(Analytics&, const DayRange&, const SummaryContext&);

}  // namespace assent::server
