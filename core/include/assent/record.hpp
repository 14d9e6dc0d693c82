// One consent decision as it is recorded and proved later.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace assent {

enum class Decision : std::uint8_t { Unset, Granted, Denied };

// How the decision was given.
enum class Method : std::uint8_t { AcceptAll, RejectAll, Custom, Api };

// Where the person gave it.
enum class Surface : std::uint8_t { Banner, Preferences, Api };

struct ConsentRecord {
    std::string consentId;  // pseudonymous, random, stable for this browser
    std::string recordId;   // random, unique per decision
    std::int64_t revision = 0;
    std::int64_t createdMs = 0;  // first decision of this consent id
    std::int64_t updatedMs = 0;  // this decision
    Method method = Method::Api;
    Surface surface = Surface::Api;
    std::string language;                 // language the prompt was shown in
    std::map<std::string, bool> purposes;  // purpose id -> granted
};

std::string_view methodName(Method);     // "accept_all", ...
std::string_view surfaceName(Surface);   // "banner", ...
bool parseMethod(std::string_view, Method&);
bool parseSurface(std::string_view, Surface&);

// [a-z0-9_-]{1,32}: a purpose id can never break the stored form.
bool isPurposeId(std::string_view);
// Letters, digits and '-', as in "zh-CN".
bool isLanguageTag(std::string_view);

}  // namespace assent
