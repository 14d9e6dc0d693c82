// What the shell shows: the core decides the prompt's kind, language, words,
// buttons and toggles; shells only render it (escaping every text).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/ledger.hpp"

namespace assent {

// Picks the config language for the person's preferred tags: the exact tag,
// then its base language, then the config's default.
std::string chooseLanguage(const Config&, const std::vector<std::string>& preferred);

// The view-model as JSON:
// {"kind":"banner","language":"en","title":…,"body":…,
//  "buttons":[{"action":"accept_all","label":…},{"action":"reject_all",…},{"action":"customise",…}],
//  "save":{"action":"save","label":…},
//  "toggles":[{"purpose":"analytics","label":…,"description":…,"checked":false,"locked":false},…]}
// Reject all sits beside accept all with the same level; nothing but required
// purposes is pre-ticked.
std::string promptModelJson(const Config&, const Ledger&, const std::vector<std::string>& preferred);

}  // namespace assent
