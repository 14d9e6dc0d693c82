#include "assent/json_writer.hpp"

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

// Escapes quotes, backslashes and control characters; everything else,
// including UTF-8, is copied in runs (this is the batch path's hot loop).
JsonWriter& JsonWriter::value(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    separate();
    out_ += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u >= 0x20 && u != '"' && u != '\\') continue;
        out_.append(s.data() + run, i - run);
        run = i + 1;
        switch (u) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            default:
                out_ += "\\u00";
                out_ += kHex[u >> 4];
                out_ += kHex[u & 15];
        }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
    return *this;
}

std::string decimal(std::int64_t n) {
    char digits[20];  // 2^63 has 19
    std::size_t at = sizeof digits;
    // Through unsigned, so that the most negative number has a magnitude.
    auto u = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    do digits[--at] = static_cast<char>('0' + u % 10);
    while (u /= 10);
    std::string out = n < 0 ? "-" : "";
    out.append(digits + at, sizeof digits - at);
    return out;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
    separate();
    out_ += decimal(n);
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

}  // namespace assent
