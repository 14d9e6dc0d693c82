// What the server tells its operator while it serves, one JSON object a
// line on standard error, so a log collector can parse and search it:
//   {"at":<ms>,"level":"info"|"warning"|"error","message":"…",<fields…>}
// Lines are written whole, even from many threads. What a person reads at
// the terminal (usage, validate, verify) stays plain text.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace assent::server::log {

using Fields = nlohmann::ordered_json;  // an object; null: no fields

void info(std::string_view message, const Fields& fields = nullptr);
void warning(std::string_view message, const Fields& fields = nullptr);
void error(std::string_view message, const Fields& fields = nullptr);

// The line `info` would write at `atMs` (for the tests).
std::string line(std::int64_t atMs, std::string_view level, std::string_view message, const Fields& fields);

}  // namespace assent::server::log
