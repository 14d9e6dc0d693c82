#include "assent/json_writer.hpp"

#include <cstring>

namespace assent {

void JsonWriter::separate() {
    if (needComma_) out_ += ',';
    needComma_ = true;
}

JsonWriter& JsonWriter::beginObject() {
    separate();
    out_ += '{';
    needComma_ = false;
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    out_ += '}';
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    separate();
    out_ += '[';
    needComma_ = false;
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    out_ += ']';
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    value(k);
    out_ += ':';
    needComma_ = false;
    return *this;
}

namespace {

bool mustEscape(unsigned char u) { return u < 0x20 || u == '"' || u == '\\'; }

// Copies s to out up to the first byte that must be escaped (a control
// character below 0x20, '"' or '\\') and returns how many were copied.
// Eight bytes at a time, each word stored as it is read: most text needs no
// escape, and this is the batch path's hot loop (issue 11). out has room for
// 6 * s.size() bytes, so a whole word always fits.
std::size_t copyPlain(char* out, std::string_view s) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const auto zeroIn = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        // Some byte below 0x20 (bytes with the high bit set never count), '"' or '\\'.
        const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHigh;
        if (control | zeroIn(word ^ (kOnes * '"')) | zeroIn(word ^ (kOnes * '\\'))) break;
        std::memcpy(out + i, &word, 8);
    }
    for (; i < s.size() && !mustEscape(static_cast<unsigned char>(s[i])); ++i) out[i] = s[i];
    return i;
}

}  // namespace

JsonWriter& JsonWriter::value(std::string_view s) {
    separate();
    out_ += '"';
    content(s);
    out_ += '"';
    return *this;
}

// Escapes quotes, backslashes and control characters; everything else,
// including UTF-8, is copied. Text with nothing to escape, nearly all of
// it, is copied by copyPlain as it is scanned.
char* writeEscaped(char* out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    const std::size_t first = copyPlain(out, s);
    out += first;
    for (std::size_t i = first; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (!mustEscape(u)) {
            *out++ = s[i];
            continue;
        }
        *out++ = '\\';
        switch (u) {
            case '"': *out++ = '"'; break;
            case '\\': *out++ = '\\'; break;
            case '\n': *out++ = 'n'; break;
            case '\r': *out++ = 'r'; break;
            case '\t': *out++ = 't'; break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = kHex[u >> 4];
                *out++ = kHex[u & 15];
        }
    }
    return out;
}

// Room for the worst case (six bytes a byte, \u00XX) a piece of 4 KiB at a
// time, not for the whole text at once: a batch body or a pending text
// written as a string would otherwise grow the memory (which WASM never
// gives back) to six times its size. Escaping is per byte, so the pieces
// join as the whole would.
JsonWriter& JsonWriter::content(std::string_view s) {
    constexpr std::size_t kPiece = 4096;
    for (std::size_t from = 0; from < s.size(); from += kPiece) {
        const std::string_view part = s.substr(from, kPiece);
        const std::size_t at = out_.size();
        out_.resize(at + 6 * part.size());
        out_.resize(static_cast<std::size_t>(writeEscaped(&out_[at], part) - out_.data()));
    }
    return *this;
}

// Two digits at a time: half the 64-bit divisions for an event's 13-digit
// time (issue 11); no table of pairs, which cost the module 100 B brotli.
char* writeDecimal(char* out, std::int64_t n) {
    char digits[20];  // '-' and 2^63's 19
    std::size_t at = sizeof digits;
    // Through unsigned, so that the most negative number has a magnitude.
    auto u = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    for (; u >= 100; u /= 100) {
        const auto pair = static_cast<unsigned>(u % 100);
        digits[--at] = static_cast<char>('0' + pair % 10);
        digits[--at] = static_cast<char>('0' + pair / 10);
    }
    if (u >= 10) digits[--at] = static_cast<char>('0' + u % 10), u /= 10;
    digits[--at] = static_cast<char>('0' + u);
    if (n < 0) digits[--at] = '-';
    std::memcpy(out, digits + at, sizeof digits - at);
    return out + (sizeof digits - at);
}

namespace {

// n in decimal at the end of `out`, without a string of its own.
void appendDecimal(std::string& out, std::int64_t n) {
    char digits[20];
    out.append(digits, static_cast<std::size_t>(writeDecimal(digits, n) - digits));
}

}  // namespace

std::string decimal(std::int64_t n) {
    std::string out;
    appendDecimal(out, n);
    return out;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
    separate();
    return number(n);
}

JsonWriter& JsonWriter::number(std::int64_t n) {
    appendDecimal(out_, n);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
}

void writeIds(JsonWriter& w, const char* key, const IdSet& ids) {
    w.key(key).beginArray();
    for (const auto id : ids) w.value(static_cast<std::int64_t>(id));
    w.endArray();
}

}  // namespace assent
