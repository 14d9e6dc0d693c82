// The site owner's configuration, parsed once at the edge into typed values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

struct PurposeText {
    std::string name;
    std::string description;
};

// The words of the prompt in one language.
struct Texts {
    std::string title;
    std::string body;
    std::string acceptAll;
    std::string rejectAll;
    std::string customise;
    std::string save;
    std::map<std::string, PurposeText> purposes;  // by purpose id
};

struct Purpose {
    std::string id;         // see isPurposeId
    bool required = false;  // strictly necessary: always on, cannot be refused
};

struct TrackerSettings {
    std::string collectorUrl;                       // where batches go; empty: track nothing
    std::map<std::string, std::string> eventPurpose;  // event name -> purpose id
    std::uint32_t holdLimit = 500;                  // events held before a decision
    std::int64_t holdTtlMs = 30 * 60 * 1000;        // how long a held event may wait
    std::uint32_t batchMaxEvents = 50;
    std::uint32_t flushIntervalMs = 2000;
};

struct Config {
    std::int64_t revision = 0;
    std::vector<Purpose> purposes;
    std::string defaultLanguage;
    std::map<std::string, Texts> texts;  // by language tag
    TrackerSettings tracker;
    Problems warnings;  // unknown keys: shown to the site owner, not fatal

    const Purpose* purpose(std::string_view id) const;
};

// Parses and validates the config JSON. Every problem is reported at once,
// each with its JSON path; nothing wrong is silently replaced by a default.
Result<Config> parseConfig(std::string_view json);

}  // namespace assent
