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

enum class PromptKind : std::uint8_t { Banner, Preferences, Permission, Placeholder };

// Picks the config language for the person's preferred tags (most wanted
// first, as navigator.languages lists them). Tags match case aside; the
// config's own spelling is returned. Each preferred tag is tried through
// every step below before the next one, so a person's first language, even
// by its base alone or a sibling, beats an exact match of their second
// (RFC 4647 lookup also exhausts one range before the next). For one tag:
// 1. RFC 4647 §3.4 lookup: the tag, then shorter and shorter, a subtag at a
//    time from the end, a singleton going with the subtag after it
//    (zh-Hant-CN-x-private1, zh-Hant-CN, zh-Hant, zh). Never more specific
//    than asked here: de-ch finds de-CH or de, never de-CH-1996.
// 2. Chinese follows script, not the base language. A Chinese tag's script
//    is its script subtag, else Traditional (Hant) for TW, HK and MO and
//    Simplified (Hans) for any other region or none: plain zh means
//    Simplified (CLDR's likely subtags). In step 1 a shortened Chinese tag
//    counts only in the request's script (zh-HK passes over zh). Then any
//    text in that script: the request's region first (none: TW for Hant, CN
//    for Hans), for MO then HK, then the fewest subtags (zh-Hant, zh-TW,
//    zh-Hant-HK; zh-Hans, zh-CN, zh-SG). So zh-TW, zh-HK, zh-MO and zh-Hant*
//    never get a Simplified text while a Traditional one exists, nor the
//    other way round.
// 3. Beyond RFC 4647 (whose lookup would move on): any text of the same
//    primary language, the most leading subtags in common first, then the
//    fewest. This one may be more specific than asked (de-ch gets
//    de-CH-1996 when the config has no other German), and may be Chinese of
//    the other script when the config has none of the asked one.
// Ties go to the first tag in the config's (sorted) order. "*" is skipped:
// it names no language. When no tag finds a text: the config's default.
std::string chooseLanguage(const Config&, const std::vector<std::string>& preferred);

// The view-model as JSON. Every kind has "kind", "language", "title", "body",
// "theme" (the config's, see kThemes), "links" [{label,url}] and "buttons"
// [{action,label,level}] (a permission's per view, below); accept and reject
// always share the same level (C02).
// banner:      "layout" (the config's, see kLayouts), buttons accept_all,
//              reject_all, customise.
// preferences: "toggles" [{purpose,label,description,checked,locked,sensitive}]
//              (nothing but required purposes pre-ticked, C03) and buttons
//              accept_all, reject_all, save; "close" names its close (x)
//              button, which goes back without deciding (texts.<lang>.close,
//              else the banner's title); "launcher" is where the
//              floating settings button sits, or "off" (see kLaunchers).
//              "myData" {download,erase,confirm,confirmYes,cancel,
//              downloaded,erased,failed}: the words of the visitor's own-data
//              controls (C13, C14), only when tracker.collectorUrl is set;
//              only those texts.<lang>.myData gives (maybe none): the prompt
//              chunk fills in its defaults in zh or en (web/src/ui/my-data.js).
// permission:  "capability", "purpose", "state" (unset|granted|denied),
//              "views": for each view a shell shows, its "note" and its
//              "buttons", which the shell renders as they are:
//                ask       (step Ask) note: what the platform asks next;
//                          allow, deny (same level), later ("not now":
//                          records nothing)
//                settings  (step Settings, where the pre-prompt's yes opens
//                          the platform's settings: wx.openSetting) note: how
//                          to change it; allow, deny, later
//                blocked   (step Settings, where a page cannot open them: a
//                          browser) note: how to change it; retry ("I
//                          changed it") and later, same level (C02: the one
//                          way to decline)
//                failed    (step Retry) note: the platform's request failed;
//                          retry and later, same level
//              later, retry and the failed note: the config's words, else the
//              defaults in zh or en.
// placeholder: stands in for an embed of a purpose not granted: "purpose",
//              title and body the purpose's own name and description,
//              buttons load_once and allow (texts.<lang>.placeholder), or,
//              in a language without those words, customise alone (it
//              opens the preferences).
// subject: the capability of a permission, the purpose of a placeholder.
// Returns "null" for a capability or purpose the config does not know.
std::string promptModelJson(const Config&, const Ledger&, PromptKind, const std::vector<std::string>& preferred,
                            std::int64_t nowMs, std::string_view subject = {});

}  // namespace assent
