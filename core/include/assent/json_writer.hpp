// A small JSON writer for the values the core sends out (batches, prompt
// model, record). The browser build stays free of nlohmann's serializer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "assent/id_set.hpp"

namespace assent {

// A whole number in decimal, as JSON and every message of the core write it:
// one small loop instead of std::to_string, whose to_chars tables and
// per-type copies cost the WASM module about 1.3 KB raw.
std::string decimal(std::int64_t);

class JsonWriter;

// s as a JSON string's content (quotes, backslashes and control characters
// escaped), written at `out`, which has room for 6 * s.size() bytes; returns
// the end of what was written.
char* writeEscaped(char* out, std::string_view s);
// n in decimal at `out`, which has room for 20 bytes; returns the end.
char* writeDecimal(char* out, std::int64_t n);

// key: [ids…], ascending: the id sets of the TCF and GPP models and records.
void writeIds(JsonWriter&, const char* key, const IdSet& ids);

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view);
    JsonWriter& value(std::string_view);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(std::int64_t);
    JsonWriter& value(bool);
    JsonWriter& raw(std::string_view json);  // an already encoded value
    // Parts of a value written by hand, with no separator: encoded text as it
    // is, and a string's escaped content without its quotes. The batch path
    // writes each event's fixed keys and quotes as one piece between its
    // strings: half the appends of key() and value() (issue 11: 11,638 ->
    // 11,244 instructions per event).
    JsonWriter& piece(std::string_view json) {
        out_.append(json.data(), json.size());
        return *this;
    }
    JsonWriter& content(std::string_view);
    JsonWriter& number(std::int64_t);

    void reserve(std::size_t bytes) { out_.reserve(bytes); }
    const std::string& str() const { return out_; }
    std::string take() && { return std::move(out_); }

private:
    void separate();
    std::string out_;
    bool needComma_ = false;
};

}  // namespace assent
