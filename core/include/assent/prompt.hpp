// What the shell shows: the core decides the prompt's kind, language, words,
// buttons and toggles; shells only render it (escaping every text).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/ledger.hpp"

namespace assent {

enum class PromptKind : std::uint8_t { Banner, Preferences, Permission };

bool parsePromptKind(std::string_view, PromptKind&);

// Picks the config language for the person's preferred tags, in their order:
// each tag exactly (case aside), then by its base language; then the default.
std::string chooseLanguage(const Config&, const std::vector<std::string>& preferred);

// The view-model as JSON. Every kind has "kind", "language", "title", "body",
// "links" [{label,url}] and "buttons" [{action,label,level}]; accept and
// reject always share the same level (C02).
// banner:      buttons accept_all, reject_all, customise.
// preferences: "toggles" [{purpose,label,description,checked,locked,sensitive}]
//              (nothing but required purposes pre-ticked, C03) and buttons
//              accept_all, reject_all, save.
// permission:  "capability", "purpose", "state" (unset|granted|denied),
//              "next" (what the platform asks next), "blocked" (how to change
//              it once refused), buttons allow, deny.
// Returns "null" for a permission the config does not know.
std::string promptModelJson(const Config&, const Ledger&, PromptKind, const std::vector<std::string>& preferred,
                            std::int64_t nowMs, std::string_view capability = {});

}  // namespace assent
