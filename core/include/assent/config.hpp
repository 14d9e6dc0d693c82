// The site owner's configuration, parsed once at the edge into typed values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config_object.hpp"
#include "assent/id_set.hpp"
#include "assent/mask.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

enum class LegalBasis : std::uint8_t { Consent, LegitimateInterest, Necessary };

struct Purpose {
    std::string id;                      // see isPurposeId
    bool required = false;               // strictly necessary: always on, cannot be refused
    bool byDefault = false;              // "default": only a required purpose may be on by default
    std::int64_t expiresAfterDays = 180;  // a decision is asked again after this (0: never)
    LegalBasis legalBasis = LegalBasis::Consent;
    bool saleOrShare = false;            // refused by a Global Privacy Control signal
    bool sensitive = false;              // never granted by "accept all": its own choice only
};

// A third party's scripts and the cookies and storage keys it sets, so that a
// withdrawal can clear them. A name ending in '*' is a prefix pattern.
struct Service {
    std::string id;
    std::string purpose;
    std::vector<std::string> cookies;
    std::vector<std::string> storageKeys;
    std::vector<std::string> scripts;
};

// A platform capability (geolocation, camera, scope.userLocation, …) asked
// for through a pre-prompt, recorded with its own expiry.
struct Permission {
    std::string capability;
    std::string purpose;
    std::int64_t expiresAfterDays = 30;
    // After "not now" (a dismissed question, recorded as nothing), the
    // capability is not asked again for this long; 0: the next time it is wanted.
    std::int64_t askAgainAfterMinutes = 0;
};

struct PurposeText {
    std::string name;
    std::string description;
};

struct PermissionText {
    std::string title;
    std::string body;     // why the site asks, shown before the platform's own dialog
    std::string allow;
    std::string deny;
    std::string next;     // what the platform will ask next
    std::string blocked;  // how to change it once the platform has refused
    // Optional (empty: the core's default in the text's language, as myData):
    std::string later;    // "not now": closes the question, records nothing
    std::string retry;    // try again: after a failed request, or "I changed it" when blocked
    std::string failed;   // the platform's request failed without an answer
};

// The buttons of an embed's placeholder (its title and body are the
// purpose's own name and description).
struct PlaceholderText {
    std::string loadOnce;  // load this frame, this page view, recording nothing
    std::string allow;     // grant the purpose (recorded, surface "placeholder")
};

// The preferences' controls for a visitor's own data (C13, C14), shown only
// when the config has a collector. Every field is optional: an empty one
// takes the core's default in the text's language (Chinese for zh*, English
// for any other), see prompt.cpp.
struct MyDataText {
    std::string download;    // the button that downloads assent-my-data.json
    std::string erase;       // the button that asks to erase
    std::string confirm;     // the question erase asks in the dialog
    std::string confirmYes;  // erases
    std::string cancel;      // erases nothing
    std::string downloaded;  // said after a download
    std::string erased;      // said after an erasure
    std::string failed;      // said before the reason a download or erasure failed
};

// The fields of MyDataText with their config keys, in the order the prompt
// model writes them and textsHash adds them. One loop over this table reads,
// hashes and writes them; unrolled, the 8 reads alone were inlined into the
// config reader. Measured on assent.wasm: 104,994 -> 104,648 bytes raw,
// 42,033 -> 41,917 brotli.
struct MyDataWord {
    const char* key;
    std::string MyDataText::*field;
};
inline constexpr MyDataWord kMyDataWords[] = {
    {"download", &MyDataText::download},     {"erase", &MyDataText::erase},
    {"confirm", &MyDataText::confirm},       {"confirmYes", &MyDataText::confirmYes},
    {"cancel", &MyDataText::cancel},         {"downloaded", &MyDataText::downloaded},
    {"erased", &MyDataText::erased},         {"failed", &MyDataText::failed}};

struct Link {
    std::string label;
    std::string url;  // http(s) or site-relative only
};

// The words of the prompts in one language.
struct Texts {
    std::string title;
    std::string body;
    std::string acceptAll;
    std::string rejectAll;
    std::string customise;
    std::string save;
    std::string preferencesTitle;  // defaults to title
    // The accessible name of the preferences' close (x) button; empty: the
    // prompt names it by title, the banner it returns to (prompt.cpp), so
    // every language has a name the config gives.
    std::string close;
    std::vector<Link> links;
    std::map<std::string, PurposeText> purposes;       // by purpose id
    std::map<std::string, PermissionText> permissions;  // by capability
    std::optional<PlaceholderText> placeholder;         // none: the placeholder offers the preferences
    MyDataText myData;                                  // empty fields: the prompt chunk's defaults
};

struct TrackerSettings {
    std::string collectorUrl;                         // where batches go; empty: track nothing
    std::map<std::string, std::string> eventPurpose;  // event name -> purpose id
    std::uint32_t holdLimit = 500;                    // events held before a decision
    std::int64_t holdTtlMs = 30 * 60 * 1000;          // how long a held event may wait
    std::uint32_t batchMaxEvents = 50;
    std::uint32_t batchMaxBytes = 60000;  // under sendBeacon's and keepalive's 64 KiB
    std::uint32_t flushIntervalMs = 2000;
    // Per purpose, the only properties that may leave (C10); a purpose not
    // listed sends no properties at all.
    std::map<std::string, std::vector<std::string>> properties;
    MaskRules masking;                                // C11
    std::vector<std::string> identifierPurposes;      // events of these carry anonymous and session ids
    std::int64_t sessionTimeoutMs = 30 * 60 * 1000;  // inactivity that ends a session
    std::uint32_t pendingLimit = 1000;                // forwarded, unsent events kept (oldest dropped first)
    bool excludeBots = true;                          // webdriver and known bot agents send nothing
};

// Google Consent Mode v2: each signal is granted when every purpose it maps
// to is granted; a signal mapped to nothing stays denied.
struct ConsentMode {
    bool enabled = false;
    std::int64_t waitForUpdateMs = 500;
    std::map<std::string, std::vector<std::string>> signals;  // signal -> purpose ids
};

// Where the banner sits and how it is drawn (assent.css draws each): a box at
// the bottom centre (the first, the default), a full-width bar at the bottom
// or top, or a box in a bottom corner. The config's own words, which the
// prompt model passes on.
inline constexpr const char* kLayouts[] = {"box", "bar-bottom", "bar-top", "corner-left", "corner-right"};

// Where the floating "Privacy settings" button sits, or "off" for a site with
// its own data-assent-open link. The first is the default: bottom right, as
// the demo's embed placeholders and headings sit on the left.
inline constexpr const char* kLaunchers[] = {"bottom-right", "bottom-left", "top-right", "top-left", "off"};

// The colour scheme of the banner, dialogs, placeholders and launcher: the
// visitor's (auto, the default: prefers-color-scheme), or always light or
// always dark, for a site that has one scheme of its own.
inline constexpr const char* kThemes[] = {"auto", "light", "dark"};

// What a TCF site (config `tcf`) lets the person choose one by one: its
// vendors and special features, by GVL id. The TCF module checks the
// section in full against the vendor list; the main core needs only these
// ids, to record "accept all", "reject all" and per-vendor choices.
struct TcfOffer {
    IdSet vendors;
    IdSet specialFeatures;
};

// The most purposes a config may name: the tracker keeps an event's purpose
// as a 16-bit index into Config::purposes.
inline constexpr std::size_t kMaxPurposes = 1000;

struct Config {
    std::string siteId;  // records of another site never count here
    std::uint8_t layout = 0;  // index of kLayouts
    std::uint8_t launcher = 0;  // index of kLaunchers
    std::uint8_t theme = 0;     // index of kThemes
    std::int64_t revision = 0;
    std::vector<Purpose> purposes;
    std::vector<Service> services;
    std::vector<Permission> permissions;
    std::string defaultLanguage;
    std::map<std::string, Texts> texts;  // by language tag
    TrackerSettings tracker;
    ConsentMode consentMode;
    std::optional<TcfOffer> tcf;  // a site without a `tcf` section has none
    std::size_t historyLimit = 50;  // records kept per consent id (the first is always kept)
    Problems warnings;              // unknown keys: shown to the site owner, not fatal

    const Purpose* purpose(std::string_view id) const;
    // The place in `purposes` of one of them (p points into it).
    std::uint16_t indexOf(const Purpose* p) const { return static_cast<std::uint16_t>(p - purposes.data()); }
    const Permission* permission(std::string_view capability) const;
    const Service* service(std::string_view id) const;
    // The purpose the tracker files an event name under, or nullptr.
    const std::string* purposeOfEvent(std::string_view eventName) const;
};

// Parses and validates the config JSON. Every problem is reported at once,
// each with its JSON path; nothing wrong is silently replaced by a default.
Result<Config> parseConfig(std::string_view json);

std::string_view legalBasisName(LegalBasis);

inline constexpr const char* kConsentModeSignals[] = {
    "ad_storage",          "ad_user_data",          "ad_personalization", "analytics_storage",
    "functionality_storage", "personalization_storage", "security_storage"};
bool isConsentModeSignal(std::string_view);

// The keys each object of the config may hold, by the object's place: ""
// (the root), "purposes[]" (each purpose), "texts.*" (each language),
// "texts.*.purposes.*", "tracker.masking", … (config_object.hpp). Any other
// key is warned about and ignored.
inline constexpr ConfigObject kConfigObjects[] = {
    {"", "$schema siteId revision purposes services permissions defaultLanguage texts tracker consentMode historyLimit layout launcher theme tcf gpp"},
    {"purposes[]", "id required default expiresAfterDays legalBasis saleOrShare sensitive"},
    {"services[]", "id purpose cookies storageKeys scripts"},
    {"permissions[]", "capability purpose expiresAfterDays askAgainAfterMinutes"},
    {"texts.*", "title body acceptAll rejectAll customise save preferencesTitle close links purposes permissions placeholder myData"},
    {"texts.*.links[]", "label url"},
    {"texts.*.purposes.*", "name description"},
    {"texts.*.permissions.*", "title body allow deny next blocked later retry failed"},
    {"texts.*.placeholder", "loadOnce allow"},
    {"texts.*.myData", "download erase confirm confirmYes cancel downloaded erased failed"},
    {"tracker",
     "collectorUrl events holdLimit holdTtlMinutes batchMaxEvents batchMaxBytes flushIntervalMs properties masking "
     "identifiers sessionTimeoutMinutes pendingLimit excludeBots"},
    {"tracker.masking", "phone email idNumber bankCard urlParams"},
    {"consentMode", "enabled waitForUpdateMs signals"},
};

// The hash of the exact texts a prompt in `language` shows, recorded with
// each decision so the record proves what the person read: the first 16 hex
// of the SHA-256 of textsCanonical (sixteen zeros for a language the config
// lacks).
std::string textsHash(const Config&, std::string_view language);
// Every string of `language`'s texts, each as "<length>:<string>", in a
// fixed order ("" for a language the config lacks). A server keeps it, so a
// record's textsHash resolves to the words the person read, and anyone can
// check that they hash to it.
std::string textsCanonical(const Config&, std::string_view language);

}  // namespace assent
