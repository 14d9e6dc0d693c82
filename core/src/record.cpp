#include "assent/record.hpp"

#include <array>
#include <utility>

namespace assent {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods{{
    {Method::AcceptAll, "accept_all"},
    {Method::RejectAll, "reject_all"},
    {Method::Custom, "custom"},
    {Method::Withdraw, "withdraw"},
    {Method::Api, "api"},
    {Method::Gpc, "gpc"},
    {Method::Platform, "platform"},
}};

constexpr std::array<std::pair<Surface, std::string_view>, 4> kSurfaces{{
    {Surface::Banner, "banner"},
    {Surface::Preferences, "preferences"},
    {Surface::PermissionPrompt, "permission_prompt"},
    {Surface::Api, "api"},
}};

template <class Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
    for (const auto& [value, name] : table)
        if (value == e) return name;
    return "unknown";
}

template <class Enum, std::size_t N>
bool parseName(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text, Enum& out) {
    for (const auto& [value, name] : table) {
        if (name == text) {
            out = value;
            return true;
        }
    }
    return false;
}

}  // namespace

bool isPurposeId(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

bool isLanguageTag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35) return false;
    for (char c : tag)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool isCapability(std::string_view name) {
    if (name.empty() || name.size() > 48 || name.front() == '.' || name.back() == '.') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

std::string_view methodName(Method m) { return nameOf(kMethods, m); }
std::string_view surfaceName(Surface s) { return nameOf(kSurfaces, s); }
bool parseMethod(std::string_view text, Method& out) { return parseName(kMethods, text, out); }
bool parseSurface(std::string_view text, Surface& out) { return parseName(kSurfaces, text, out); }

}  // namespace assent
