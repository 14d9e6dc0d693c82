#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"

using assent::json::parse;

TEST_CASE("the core's JSON reader accepts what RFC 8259 allows and reads it as nlohmann does") {
    const char* valid[] = {
        "{}", "[]", "0", "-0", "1.5e3", "-12.25E-2", "true", "false", "null", "\"\"",
        R"({"a":[1,2,{"b":null}],"c":"d"})", " \t\n\r{ \"a\" : 1 } ",
        R"("\"\\\/\b\f\n\r\t")", R"("\u00e9\u4e2d\ud83d\ude00")", "\"中文 ✓ 😀\"",
        "9223372036854775807", "-9223372036854775808", "18446744073709551616",
        R"({"k":1,"k":2})",
    };
    for (const char* text : valid) {
        INFO(text);
        const auto mine = parse(text);
        REQUIRE(mine.has_value());
        const auto theirs = nlohmann::json::parse(text, nullptr, false);
        REQUIRE_FALSE(theirs.is_discarded());
        if (theirs.is_string()) CHECK(mine->string() == theirs.get<std::string>());
        if (theirs.is_boolean()) CHECK(mine->boolean() == theirs.get<bool>());
        if (theirs.is_number_float()) CHECK_FALSE(mine->isInteger());
    }
    CHECK(parse(R"({"k":1,"k":2})")->find("k")->integer() == 2);  // the last one, as JSON.parse does
    CHECK(parse("9223372036854775807")->integer() == INT64_MAX);
    CHECK_FALSE(parse("9223372036854775808")->isInteger());  // out of range: a number, not an integer
    CHECK(parse(R"("\ud83d\ude00")")->string() == "\xF0\x9F\x98\x80");
}

TEST_CASE("the core's JSON reader refuses what is not JSON") {
    const char* invalid[] = {
        "", " ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "'a'", "01", "1.", ".5", "+1", "1e", "-", "NaN",
        "Infinity", "tru", "nul", "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"tab\there\"", "[1] [2]", "{\"a\" 1}", "\xC0\xAF", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF5\x80\x80\x80\"",
        "\"\xE4\xB8\"", "1e400",
    };
    for (const char* text : invalid) {
        INFO(text);
        CHECK_FALSE(parse(text).has_value());
        CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded());
    }
}

namespace {

// `n` containers nested, innermost holding `inner`: arrays, or objects under key "a".
std::string nested(int n, bool objects, const std::string& inner = "") {
    std::string text;
    for (int k = 0; k < n; ++k) text += objects ? "{\"a\":" : "[";
    text += inner.empty() && objects ? "null" : inner;
    for (int k = 0; k < n; ++k) text += objects ? "}" : "]";
    return text;
}

}  // namespace

TEST_CASE("nesting is bounded at exactly 64 containers, so hostile input cannot exhaust the stack") {
    CHECK(parse(nested(64, false)).has_value());
    CHECK_FALSE(parse(nested(65, false)).has_value());
    CHECK(parse(nested(63, false, "{}")).has_value());
    CHECK_FALSE(parse(nested(64, false, "{}")).has_value());
    CHECK(parse(nested(64, true)).has_value());  // a scalar inside the 64th is fine
    CHECK_FALSE(parse(nested(64, true, "[]")).has_value());
    CHECK(parse(nested(64, false, "1,\"x\",true,null")).has_value());
    // Siblings do not add up: depth, not count.
    CHECK(parse("[" + nested(63, false) + "," + nested(63, true) + "]").has_value());
    CHECK_FALSE(parse(std::string(100000, '[') + std::string(100000, ']')).has_value());
}

TEST_CASE("numbers too large for a double are refused, as nlohmann refuses them") {
    const std::string digits400(400, '2'), digits400e(digits400 + "e-50"), digits400small(digits400 + "e-200");
    for (const char* text : {"1e309", "10e308", "-1e400", "123456789e300", "1.8e308", digits400.c_str(), digits400e.c_str(),
                             digits400small.c_str()}) {
        INFO(text);
        CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded() == !parse(text).has_value());
    }
    for (const char* text : {"1e308", "0.001e310", "1e-400", "0e999999", "-0.0e+5"}) {
        INFO(text);
        CHECK(parse(text).has_value());
        CHECK_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
    }
}

TEST_CASE("the largest doubles are finite and only what rounds to infinity is refused, as strtod rounds") {
    const std::string halfway =  // 2^1024 - 2^970: halfway from the largest double to 2^1024
        "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879"
        "1094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986"
        "0834936475292719074168444365510704342711559699508093042880177904174497792";
    std::string below = halfway;  // one less: still rounds down to the largest double
    below.back() = '1';
    const std::string belowAsFraction = "1." + below.substr(1) + "e308", halfwayAsFraction = "1." + halfway.substr(1) + "e308";
    const std::string finite[] = {
        "1.7976931348623157e308", "1.7976931348623158e308", "-1.7976931348623158e308", "1.79769313486231580793e308",
        "17976931348623158e292", "0.17976931348623158e309", below, "-" + below, belowAsFraction, below + ".999e0",
        "4.9e-324", "-4.9e-324", "4.9406564584124654e-324", "2.4e-324", "1e-400",  // underflow reads as 0 or a subnormal
    };
    for (const auto& text : finite) {
        INFO(text);
        CHECK(parse(text).has_value());
        const auto theirs = nlohmann::json::parse(text, nullptr, false);
        REQUIRE_FALSE(theirs.is_discarded());
        CHECK(std::isfinite(theirs.get<double>()));
    }
    const std::string infinite[] = {
        "1.8e308", "-1.8e308", "1.797693134862315808e308", "1.7976931348623159e308", halfway, "-" + halfway,
        halfwayAsFraction, halfway + ".0", halfway + "0e-1", "0.00" + halfway + "e311",
    };
    for (const auto& text : infinite) {
        INFO(text);
        CHECK_FALSE(parse(text).has_value());
        CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded());
    }
    const auto largest = parse("1.7976931348623158e308");
    REQUIRE(largest.has_value());
    CHECK(largest->string() == "1.7976931348623158e308");  // kept as written
}

TEST_CASE("a huge exponent against a long run of digits is weighed in full, not clamped") {
    // 0.(200000 zeros)1e1000000 is 10^799999: infinite. 1(200000 zeros)e-1000000 is tiny.
    const std::string zeros(200000, '0');
    const std::string hugeSmallMantissa = "0." + zeros + "1e1000000", tinyLongMantissa = "1" + zeros + "e-1000000";
    CHECK_FALSE(parse(hugeSmallMantissa).has_value());
    CHECK(nlohmann::json::parse(hugeSmallMantissa, nullptr, false).is_discarded());
    CHECK(parse(tinyLongMantissa).has_value());
    CHECK_FALSE(nlohmann::json::parse(tinyLongMantissa, nullptr, false).is_discarded());
    CHECK(parse("0." + zeros + "1e200001").has_value());   // 1
    CHECK_FALSE(parse("1e99999999999999999999").has_value());
    CHECK(parse("1e-99999999999999999999").has_value());
}

TEST_CASE("decimal() writes every whole number as std::to_string does, the extremes included") {
    const std::int64_t samples[] = {0, 1, -1, 9, 10, -10, 1234567890, std::numeric_limits<std::int64_t>::max(),
                                    std::numeric_limits<std::int64_t>::min()};
    for (const auto n : samples) CHECK(assent::decimal(n) == std::to_string(n));
}

// The writer tests eight bytes at a time for something to escape; a byte that
// must be escaped is found wherever it sits in a word, and nothing else is
// touched. Checked against the one-byte-at-a-time rule for every byte value
// at every offset of a text longer than two words, and against nlohmann.
TEST_CASE("JsonWriter escapes exactly quotes, backslashes and control bytes, at any offset in the text") {
    const auto byByte = [](const std::string& s) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out = "\"";
        for (unsigned char u : s) {
            if (u == '"') out += "\\\"";
            else if (u == '\\') out += "\\\\";
            else if (u == '\n') out += "\\n";
            else if (u == '\r') out += "\\r";
            else if (u == '\t') out += "\\t";
            else if (u < 0x20) out += std::string("\\u00") + kHex[u >> 4] + kHex[u & 15];
            else out += static_cast<char>(u);
        }
        return out + "\"";
    };
    for (int byte = 0; byte < 256; ++byte) {
        for (std::size_t at = 0; at < 19; ++at) {
            std::string text = "abcdefghij klmnopq";  // 18 bytes: two words and a tail
            text.insert(at, 1, static_cast<char>(byte));
            assent::JsonWriter w;
            w.value(text);
            INFO("byte " << byte << " at " << at);
            REQUIRE(w.str() == byByte(text));
            if (byte < 0x80) REQUIRE(nlohmann::json::parse(w.str()).get<std::string>() == text);
        }
    }
    assent::JsonWriter empty;
    empty.value("");
    CHECK(empty.str() == "\"\"");
}

TEST_CASE("JsonWriter's hand-written pieces make the text key() and value() make, escapes included") {
    assent::JsonWriter pieces, plain;
    pieces.beginArray().raw("{\"id\":\"").content("a\"b\n").piece("\",\"n\":").number(-12).piece("}");
    pieces.raw("{\"id\":\"").content("").piece("\"}").endArray();
    plain.beginArray().beginObject().key("id").value("a\"b\n").key("n").value(std::int64_t{-12}).endObject();
    plain.beginObject().key("id").value("").endObject().endArray();
    CHECK(pieces.str() == R"([{"id":"a\"b\n","n":-12},{"id":""}])");
    CHECK(pieces.str() == plain.str());
}
