// One consent decision as it is recorded and proved later.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace assent {

enum class Decision : std::uint8_t { Unset, Granted, Denied };

// How the decision was given.
enum class Method : std::uint8_t { AcceptAll, RejectAll, Custom, Withdraw, Api, Gpc, Platform };

// Where the person gave it.
enum class Surface : std::uint8_t { Banner, Preferences, PermissionPrompt, Api };

// One purpose's or permission's decision and when it lapses (0: never).
struct Grant {
    bool granted = false;
    std::int64_t expiresMs = 0;
    bool operator==(const Grant& o) const { return granted == o.granted && expiresMs == o.expiresMs; }
};

struct ConsentRecord {
    std::string siteHash;   // 8 hex of the config's site id: another site's record never counts
    std::string consentId;  // pseudonymous, random, stable for this browser
    std::string recordId;   // random, unique per decision
    std::int64_t revision = 0;
    std::int64_t createdMs = 0;  // first decision of this consent id
    std::int64_t updatedMs = 0;  // this decision
    Method method = Method::Api;
    Surface surface = Surface::Api;
    std::string language;    // language the prompt was shown in
    std::string textsHash;   // 16 hex: first 64 bits of the SHA-256 of the texts shown
    std::map<std::string, Grant> purposes;     // purpose id -> decision
    std::map<std::string, bool> services;      // service id -> allowed, as derived when decided
    std::map<std::string, Grant> permissions;  // capability -> decision
};

std::string_view methodName(Method);    // "accept_all", ...
std::string_view surfaceName(Surface);  // "banner", ...
bool parseMethod(std::string_view, Method&);
bool parseSurface(std::string_view, Surface&);

// [a-z0-9_-]{1,32}: a purpose or service id can never break the stored form.
bool isPurposeId(std::string_view);
// Letters, digits and '-', as in "zh-CN".
bool isLanguageTag(std::string_view);
// "geolocation", "scope.userLocation": letters, digits and '.', at most 48.
bool isCapability(std::string_view);

}  // namespace assent
