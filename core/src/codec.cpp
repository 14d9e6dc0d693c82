// Stored form, version 1 (every field cookie-safe, '.'-separated):
//   1.<consentId>.<recordId>.<revision>.<created b36>.<updated b36>.<method>.<surface>.<lang>.<purposes>.<fnv1a hex>
// purposes: "id=1|id=0", sorted by id. The checksum covers everything before
// the last '.'.
#include "assent/codec.hpp"

#include <cstdio>
#include <vector>

#include "assent/ids.hpp"

namespace assent {
namespace {

constexpr std::size_t kFields = 11;

std::string toBase36(std::int64_t n) {
    if (n == 0) return "0";
    std::string out;
    for (auto u = static_cast<std::uint64_t>(n); u > 0; u /= 36) out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[u % 36]);
    return out;
}

// Digits only, no sign, no overflow: anything else is damage.
bool parseUnsigned(std::string_view text, unsigned base, std::int64_t& out) {
    if (text.empty() || text.size() > 13) return false;
    std::int64_t value = 0;
    for (char c : text) {
        unsigned digit;
        if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'z') digit = static_cast<unsigned>(c - 'a' + 10);
        else return false;
        if (digit >= base) return false;
        value = value * base + digit;
    }
    if (text.size() > 1 && text[0] == '0') return false;  // one spelling per number
    out = value;
    return true;
}

std::string hex32(std::uint32_t v) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

Problems fail(std::string reason) { return {Problem{"stored record", std::move(reason)}}; }

bool decodePurposes(std::string_view text, std::map<std::string, bool>& out) {
    if (text.empty()) return true;
    for (auto pair : split(text, '|')) {
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) return false;
        const auto id = pair.substr(0, eq), flag = pair.substr(eq + 1);
        if (!isPurposeId(id) || (flag != "0" && flag != "1")) return false;
        if (!out.emplace(std::string(id), flag == "1").second) return false;  // a purpose twice
    }
    return true;
}

}  // namespace

std::uint32_t checksum(std::string_view text) {
    std::uint32_t h = 2166136261u;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

std::string encodeRecord(const ConsentRecord& r) {
    std::string purposes;
    for (const auto& [id, granted] : r.purposes) {
        if (!purposes.empty()) purposes += '|';
        purposes += id + (granted ? "=1" : "=0");
    }
    std::string body = std::to_string(kRecordCodecVersion) + '.' + r.consentId + '.' + r.recordId + '.' +
                       std::to_string(r.revision) + '.' + toBase36(r.createdMs) + '.' + toBase36(r.updatedMs) + '.' +
                       std::string(methodName(r.method)) + '.' + std::string(surfaceName(r.surface)) + '.' +
                       r.language + '.' + purposes;
    return body + '.' + hex32(checksum(body));
}

Result<ConsentRecord> decodeRecord(std::string_view stored) {
    if (stored.empty()) return fail("empty");
    if (stored.size() > 4096) return fail("longer than 4096 characters");
    const auto lastDot = stored.rfind('.');
    if (lastDot == std::string_view::npos) return fail("not a record");
    const auto body = stored.substr(0, lastDot);
    const auto parts = split(stored, '.');
    std::int64_t version = 0;
    if (!parseUnsigned(parts[0], 10, version)) return fail("no version");
    if (version > kRecordCodecVersion) return fail("from a newer version " + std::to_string(version));
    if (version < 1) return fail("unknown version " + std::to_string(version));
    if (parts.size() != kFields) return fail("has " + std::to_string(parts.size()) + " fields, expected 11");
    if (parts[10] != hex32(checksum(body))) return fail("checksum mismatch");

    ConsentRecord r;
    r.consentId = std::string(parts[1]);
    r.recordId = std::string(parts[2]);
    if (!isId(r.consentId)) return fail("bad consent id");
    if (!isId(r.recordId)) return fail("bad record id");
    if (!parseUnsigned(parts[3], 10, r.revision)) return fail("bad revision");
    if (!parseUnsigned(parts[4], 36, r.createdMs) || !parseUnsigned(parts[5], 36, r.updatedMs))
        return fail("bad timestamp");
    if (r.updatedMs < r.createdMs) return fail("updated before created");
    if (!parseMethod(parts[6], r.method)) return fail("unknown method");
    if (!parseSurface(parts[7], r.surface)) return fail("unknown surface");
    if (!isLanguageTag(parts[8])) return fail("bad language");
    r.language = std::string(parts[8]);
    if (!decodePurposes(parts[9], r.purposes)) return fail("bad purposes");
    return r;
}

}  // namespace assent
