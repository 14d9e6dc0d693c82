// Stored form, version 2 ('~'-separated, every field cookie-safe):
//   2~site~consentId~recordId~revision~created~updated~method~surface~lang~texts~purposes~services~permissions~check
// created/updated/expiries in base 36 ms; purposes and permissions as
// "id=1@expiry|id=0" (no '@': never lapses); services as "id=1|id=0";
// check is the FNV-1a of everything before the last '~', in 8 hex.
//
// Version 3 is version 2 with one more field before the check, written only
// for a record that holds TCF choices (so every other record keeps the
// version 2 form, byte for byte):
//   3~site~…~permissions~tcf~check
// tcf as "vendorConsents|vendorLegitimateInterests|specialFeatureOptIns",
// each a '.'-separated list of GVL ids in base 36, ascending ("8.s.kz|kz|1";
// "||" when all three are empty).
//
// Version 4 is version 3 whose tcf field holds a fourth part: "|" and the
// SHA-256 of the TC string made for the record (64 lowercase hex), written
// once the record was attested. Its own version, so that a version 3
// record with four parts (damaged, or made by hand) is refused, and a
// reader from before the hash refuses it as newer instead of misreading it.
//
// Version 1 ('.'-separated, 11 fields, no site, texts, services, permissions
// or expiry) is still read, and migrated on the next write.
#include "assent/codec.hpp"

#include <optional>

#include "assent/ids.hpp"
#include "assent/json_writer.hpp"

namespace assent {
namespace {

constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

// ---- field codecs: one per field type, each paired with its inverse ----

std::string toBase36(std::int64_t n) {
    if (n <= 0) return "0";
    std::string out;
    for (auto u = static_cast<std::uint64_t>(n); u > 0; u /= 36) out.insert(out.begin(), kDigits[u % 36]);
    return out;
}

// Digits only, no sign, no leading zero, no overflow: anything else is damage.
bool parseUnsigned(std::string_view text, unsigned base, std::int64_t& out) {
    if (text.empty() || text.size() > 13 || (text.size() > 1 && text[0] == '0')) return false;
    std::int64_t value = 0;
    for (char c : text) {
        unsigned digit;
        if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'z') digit = static_cast<unsigned>(c - 'a' + 10);
        else return false;
        if (digit >= base) return false;
        value = value * base + digit;
    }
    out = value;
    return true;
}

std::string hex(std::uint32_t v) {
    std::string out(8, '0');
    for (int i = 7; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kDigits[v & 15];
    return out;
}

bool isHex(std::string_view text, std::size_t size) {
    if (text.size() != size) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

template <class Value, class Write>
std::string encodeMap(const std::map<std::string, Value>& map, Write write) {
    std::string out;
    for (const auto& [id, value] : map) {
        if (!out.empty()) out += '|';
        out += id + '=' + write(value);
    }
    return out;
}

// Reads one "id=value" pair's value into its map: false if the value is bad
// or the id is there already. Per value type; the loop over the pairs
// (decodeMap) is one for every map: assent.wasm 107,840 / 43,551 ->
// 107,691 / 43,436 bytes raw / brotli, against a template per map
// (issue 11).
using AddPair = bool (*)(void* map, std::string_view id, std::string_view value);

template <class Value, bool (*read)(std::string_view, Value&)>
bool addPair(void* map, std::string_view id, std::string_view text) {
    Value value;
    return read(text, value) && static_cast<std::map<std::string, Value>*>(map)->emplace(std::string(id), value).second;
}

// "id=value" pairs; each id passes `validKey`, no id twice.
bool decodeMap(std::string_view text, bool (*validKey)(std::string_view), void* map, AddPair add) {
    if (text.empty()) return true;
    for (auto pair : split(text, '|')) {
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos || !validKey(pair.substr(0, eq)) ||
            !add(map, pair.substr(0, eq), pair.substr(eq + 1)))
            return false;
    }
    return true;
}

// The one loop, typed: a map and the reader of its values agree by
// construction, where the void* alone would let them differ unnoticed.
template <class Value, bool (*read)(std::string_view, Value&)>
bool decodeMapOf(std::string_view text, bool (*validKey)(std::string_view), std::map<std::string, Value>& map) {
    return decodeMap(text, validKey, &map, addPair<Value, read>);
}

std::string writeGrant(const Grant& g) {
    std::string out = g.granted ? "1" : "0";
    if (g.expiresMs > 0) out += '@' + toBase36(g.expiresMs);
    return out;
}

bool readFlag(std::string_view text, bool& out) {
    if (text != "0" && text != "1") return false;
    out = text == "1";
    return true;
}

bool readGrant(std::string_view text, Grant& out) {
    const auto at = text.find('@');
    if (!readFlag(text.substr(0, at), out.granted)) return false;
    out.expiresMs = 0;
    return at == std::string_view::npos || (parseUnsigned(text.substr(at + 1), 36, out.expiresMs) && out.expiresMs > 0);
}

std::string writeFlag(bool b) { return b ? "1" : "0"; }

std::string writeIdList(const IdSet& ids) {
    std::string out;
    for (const auto id : ids) {
        if (!out.empty()) out += '.';
        out += toBase36(id);
    }
    return out;
}

// Ascending ids 1..65535, so that one choice has one stored form.
bool readIdList(std::string_view text, IdSet& out) {
    if (text.empty()) return true;
    std::int64_t last = 0;
    for (auto item : split(text, '.')) {
        std::int64_t id = 0;
        if (!parseUnsigned(item, 36, id) || id <= last || id > 65535) return false;
        out.insert(static_cast<std::uint16_t>(last = id));
    }
    return true;
}

// The three lists, then the TC string's hash when it was attested (version 4).
std::string writeTcf(const ConsentRecord& r) {
    const TcfChoice& t = *r.tcf;
    return writeIdList(t.vendorConsents) + '|' + writeIdList(t.vendorLegitimateInterests) + '|' +
           writeIdList(t.specialFeatureOptIns) + (r.tcStringHash.empty() ? "" : "|" + r.tcStringHash);
}

// hashed: version 4, whose tcf has the hash as a fourth part; version 3's
// has exactly three.
bool readTcf(std::string_view text, bool hashed, ConsentRecord& r) {
    const auto lists = split(text, '|');
    TcfChoice& out = r.tcf.emplace();
    if (lists.size() != (hashed ? 4u : 3u)) return false;
    if (hashed) {
        if (!isHex(lists[3], 64)) return false;
        r.tcStringHash = std::string(lists[3]);
    }
    return readIdList(lists[0], out.vendorConsents) &&
           readIdList(lists[1], out.vendorLegitimateInterests) && readIdList(lists[2], out.specialFeatureOptIns);
}

Problems fail(std::string reason) { return {Problem{"stored record", std::move(reason)}}; }

// Why a stored record is refused, or nullptr: the checks return a literal,
// and decodeV1/decodeV2 make the one Problem of it. A Problem made at each
// check cost the WASM module a string, a vector and their destructors per
// check (about 600 bytes in all).
using Why = const char*;

// The fields both versions share, in the same order from consentId to language.
Why readCommon(const std::vector<std::string_view>& f, std::size_t at, ConsentRecord& r) {
    r.consentId = std::string(f[at]);
    r.recordId = std::string(f[at + 1]);
    if (!isId(r.consentId)) return "bad consent id";
    if (!isId(r.recordId)) return "bad record id";
    if (!parseUnsigned(f[at + 2], 10, r.revision)) return "bad revision";
    if (!parseUnsigned(f[at + 3], 36, r.createdMs) || !parseUnsigned(f[at + 4], 36, r.updatedMs))
        return "bad timestamp";
    if (r.updatedMs < r.createdMs) return "updated before created";
    if (!parseMethod(f[at + 5], r.method)) return "unknown method";
    if (!parseSurface(f[at + 6], r.surface)) return "unknown surface";
    if (!isLanguageTag(f[at + 7])) return "bad language";
    r.language = std::string(f[at + 7]);
    return nullptr;
}

Why readV1(std::string_view stored, const std::vector<std::string_view>& f, ConsentRecord& r) {
    if (f[10] != hex(fnv1a32(stored.substr(0, stored.rfind('.'))))) return "checksum mismatch";
    if (Why why = readCommon(f, 1, r)) return why;
    // Flags only ("id=1|id=0"), read as grants that never lapse, then given
    // version 1's fixed lifetime: no map of flags to copy from, assent.wasm
    // 107,691 / 43,436 -> 107,542 / 43,344 bytes raw / brotli (issue 11).
    if (!decodeMapOf<Grant, readGrant>(f[9], isPurposeId, r.purposes)) return "bad purposes";
    for (auto& [id, grant] : r.purposes) {
        if (grant.expiresMs) return "bad purposes";
        grant.expiresMs = r.updatedMs + kV1ExpiryMs;
    }
    return nullptr;
}

// Versions 2, 3 and 4 (3 and 4 have the tcf field before the check).
Why readV2(std::string_view stored, const std::vector<std::string_view>& f, std::int64_t version, ConsentRecord& r) {
    if (f.back() != hex(checksum(stored.substr(0, stored.rfind('~'))))) return "checksum mismatch";
    if (!isHex(f[1], 8)) return "bad site";
    r.siteHash = std::string(f[1]);
    if (Why why = readCommon(f, 2, r)) return why;
    if (!isHex(f[10], 16)) return "bad texts hash";
    r.textsHash = std::string(f[10]);
    if (!decodeMapOf<Grant, readGrant>(f[11], isPurposeId, r.purposes)) return "bad purposes";
    if (!decodeMapOf<bool, readFlag>(f[12], isPurposeId, r.services)) return "bad services";
    if (!decodeMapOf<Grant, readGrant>(f[13], isCapability, r.permissions)) return "bad permissions";
    if (f.size() == 16 && !readTcf(f[14], version == 4, r)) return "bad tcf choices";
    return nullptr;
}

Result<ConsentRecord> decodeV1(std::string_view stored) {
    const auto f = split(stored, '.');
    if (f.size() != 11) return fail("has " + decimal(f.size()) + " fields, expected 11");
    ConsentRecord r;
    if (Why why = readV1(stored, f, r)) return fail(why);
    return r;
}

Result<ConsentRecord> decodeV2(std::string_view stored, std::int64_t version) {
    const auto f = split(stored, '~');
    const std::size_t fields = version == 2 ? 15 : 16;
    if (f.size() != fields) return fail("has " + decimal(f.size()) + " fields, expected " + decimal(fields));
    ConsentRecord r;
    if (Why why = readV2(stored, f, version, r)) return fail(why);
    return r;
}

}  // namespace

std::vector<std::string_view> split(std::string_view text, char sep, bool keepEmpty) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            if (keepEmpty || i > start) parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

std::uint32_t fnv1a32(std::string_view text) {
    std::uint32_t h = 2166136261u;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

// Eight bytes a step (read little-endian whatever the machine), so that a
// reload checks a 50-record history in a few microseconds.
std::uint32_t checksum(std::string_view text) {
    const auto byte = [&text](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])); };
    std::uint64_t h = 0xcbf29ce484222325ULL ^ text.size();
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        for (std::size_t b = 8; b-- > 0;) word = (word << 8) | byte(i + b);
        h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 32;
    }
    std::uint64_t tail = 0;
    for (std::size_t b = text.size(); b-- > i;) tail = (tail << 8) | byte(b);
    h = (h ^ tail) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return static_cast<std::uint32_t>(h);
}

std::string siteHash(std::string_view siteId) { return hex(fnv1a32(siteId)); }

std::string encodeRecord(const ConsentRecord& r) {
    const std::string fields[] = {
        !r.tcf ? "2" : r.tcStringHash.empty() ? "3" : "4",
        r.siteHash,
        r.consentId,
        r.recordId,
        decimal(r.revision),
        toBase36(r.createdMs),
        toBase36(r.updatedMs),
        std::string(methodName(r.method)),
        std::string(surfaceName(r.surface)),
        r.language,
        r.textsHash,
        encodeMap(r.purposes, writeGrant),
        encodeMap(r.services, writeFlag),
        encodeMap(r.permissions, writeGrant),
    };
    std::string body;
    for (const auto& field : fields) {
        if (!body.empty()) body += '~';
        body += field;
    }
    if (r.tcf) body += '~' + writeTcf(r);
    return body + '~' + hex(checksum(body));
}

Result<ConsentRecord> decodeRecord(std::string_view stored) {
    if (stored.empty()) return fail("empty");
    if (stored.size() > 4096) return fail("longer than 4096 characters");
    const auto end = stored.find_first_of(".~");
    if (end == std::string_view::npos) return fail("not a record");
    std::int64_t version = 0;
    if (!parseUnsigned(stored.substr(0, end), 10, version)) return fail("no version");
    if (version > kRecordCodecVersion) return fail("from a newer version " + decimal(version));
    if (version >= 2 && stored[end] == '~') return decodeV2(stored, version);
    if (version == 1 && stored[end] == '.') return decodeV1(stored);
    return fail("unknown version " + decimal(version));
}

std::optional<std::string_view> checkedConsentId(std::string_view stored) {
    const auto version = stored.substr(0, 2);
    if (stored.size() > 4096 || (version != "2~" && version != "3~" && version != "4~")) return std::nullopt;
    const auto last = stored.rfind('~');
    if (last == std::string_view::npos || stored.substr(last + 1) != hex(checksum(stored.substr(0, last))))
        return std::nullopt;
    const auto site = stored.find('~', 2);  // "2~site~consentId~…" (or "3~", "4~")
    const auto id = stored.substr(site + 1, 22);
    if (site == std::string_view::npos || !isId(id) || stored.size() <= site + 23 || stored[site + 23] != '~')
        return std::nullopt;
    return id;
}

}  // namespace assent
