// Differential: the core's JSON reader accepts exactly what nlohmann accepts
// (within its bound of 64 nested containers), and reads the same strings,
// booleans and integers.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "assent/json.hpp"

namespace {

bool same(const assent::json::Value& mine, const nlohmann::json& theirs) {
    using T = assent::json::Value::Type;
    switch (mine.type()) {
        case T::Null: return theirs.is_null();
        case T::Bool: return theirs.is_boolean() && theirs.get<bool>() == mine.boolean();
        case T::String: return theirs.is_string() && theirs.get<std::string>() == mine.string();
        case T::Number:
            if (!theirs.is_number()) return false;
            if (mine.isInteger() && theirs.is_number_integer() && !theirs.is_number_unsigned())
                return theirs.get<std::int64_t>() == mine.integer();
            return true;
        case T::Array:
            if (!theirs.is_array() || theirs.size() != mine.size()) return false;
            for (std::size_t i = 0; i < mine.size(); ++i)
                if (!same(mine.items()[i], theirs[i])) return false;
            return true;
        case T::Object:
            if (!theirs.is_object()) return false;
            for (const auto& [key, value] : mine.members()) {
                const auto it = theirs.find(key);
                if (it == theirs.end() || !same(*mine.find(key), *it)) return false;
                (void)value;
            }
            return true;
    }
    return false;
}

// How deep containers nest in a text nlohmann accepted (brackets inside
// strings do not count).
int depth(std::string_view text) {
    int d = 0, most = 0;
    bool inString = false;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (inString) {
            if (c == '\\') ++k;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            most = std::max(most, ++d);
        } else if (c == ']' || c == '}') {
            --d;
        }
    }
    return most;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // nlohmann stops reading at a NUL byte; RFC 8259 (and the core) refuse it.
    if (text.find('\0') != std::string_view::npos) return assent::json::parse(text) ? (__builtin_trap(), 0) : 0;
    const auto mine = assent::json::parse(text);
    const auto theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (mine.has_value() && (theirs.is_discarded() || !same(*mine, theirs))) __builtin_trap();
    if (!mine.has_value() && !theirs.is_discarded() && depth(text) <= 64) __builtin_trap();  // the reader's bound
    return 0;
}
