#include "assent/json.hpp"

#include <algorithm>

namespace assent::json {

std::size_t Value::size() const {
    if (type_ == Type::Array) return items_.size();
    if (type_ == Type::Object) return members_.size();
    return 0;
}

const Value* Value::find(std::string_view key) const {
    if (type_ != Type::Object) return nullptr;
    for (auto it = members_.rbegin(); it != members_.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

class Parser {
public:
    explicit Parser(std::string_view text) : t_(text) {}

    // Where reading stopped: after a failure, at (or just past) what is wrong.
    std::size_t at() const { return i_; }

    std::optional<Value> document() {
        Value v;
        skipSpace();
        if (!value(v, 0)) return std::nullopt;
        skipSpace();
        if (i_ != t_.size()) return std::nullopt;
        return v;
    }

private:
    // Containers nested at most this deep: 64 brackets are read, a 65th is
    // refused. `depth` below counts the containers around a value.
    static constexpr int kMaxDepth = 64;

    void skipSpace() {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
    }

    bool literal(std::string_view word) {
        if (t_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }

    bool value(Value& v, int depth) {
        if (i_ >= t_.size()) return false;
        switch (t_[i_]) {
            case '{': return depth < kMaxDepth && object(v, depth);
            case '[': return depth < kMaxDepth && array(v, depth);
            case '"': v.type_ = Value::Type::String; return string(v.text_);
            case 't': v.type_ = Value::Type::Bool, v.flag_ = true; return literal("true");
            case 'f': v.type_ = Value::Type::Bool, v.flag_ = false; return literal("false");
            case 'n': v.type_ = Value::Type::Null; return literal("null");
            default: return number(v);
        }
    }

    bool object(Value& v, int depth) {
        v.type_ = Value::Type::Object;
        ++i_;
        skipSpace();
        if (i_ < t_.size() && t_[i_] == '}') return ++i_, true;
        while (true) {
            skipSpace();
            std::string key;
            if (i_ >= t_.size() || t_[i_] != '"' || !string(key)) return false;
            skipSpace();
            if (i_ >= t_.size() || t_[i_] != ':') return false;
            ++i_;
            skipSpace();
            Value member;
            if (!value(member, depth + 1)) return false;
            v.members_.emplace_back(std::move(key), std::move(member));
            skipSpace();
            if (i_ >= t_.size()) return false;
            if (t_[i_] == '}') return ++i_, true;
            if (t_[i_] != ',') return false;
            ++i_;
        }
    }

    bool array(Value& v, int depth) {
        v.type_ = Value::Type::Array;
        ++i_;
        skipSpace();
        if (i_ < t_.size() && t_[i_] == ']') return ++i_, true;
        while (true) {
            skipSpace();
            Value item;
            if (!value(item, depth + 1)) return false;
            v.items_.push_back(std::move(item));
            skipSpace();
            if (i_ >= t_.size()) return false;
            if (t_[i_] == ']') return ++i_, true;
            if (t_[i_] != ',') return false;
            ++i_;
        }
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    // RFC 8259 grammar. The core needs integers (and numbers as written, for
    // event properties), so no floating-point parse is linked into the WASM
    // build; a number whose magnitude has no double (1e400) is refused, as
    // nlohmann and JSON.parse's round trip do.
    bool number(Value& v) {
        const std::size_t start = i_;
        if (i_ < t_.size() && t_[i_] == '-') ++i_;
        if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
        if (t_[i_] == '0') ++i_;
        else
            while (i_ < t_.size() && isDigit(t_[i_])) ++i_;
        bool integral = true;
        if (i_ < t_.size() && t_[i_] == '.') {
            integral = false;
            ++i_;
            if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
            while (i_ < t_.size() && isDigit(t_[i_])) ++i_;
        }
        // Clamped far beyond any digit count a text can hold, so the clamp never
        // changes which side of the largest double a number falls on.
        std::int64_t exponent = 0;
        bool negativeExponent = false;
        if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
            integral = false;
            ++i_;
            negativeExponent = i_ < t_.size() && t_[i_] == '-';
            if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
            if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
            while (i_ < t_.size() && isDigit(t_[i_]))
                exponent = std::min<std::int64_t>(exponent * 10 + (t_[i_++] - '0'), kExponentClamp);
        }
        // 400 digits overflow a double as surely as 1e400 does.
        if (tooLarge(t_.substr(start, i_ - start), negativeExponent ? -exponent : exponent)) return false;
        v.type_ = Value::Type::Number;
        v.text_ = std::string(t_.substr(start, i_ - start));
        v.integral_ = integral && integerOf(v.text_, v.integer_);
        return true;
    }

    static constexpr std::int64_t kExponentClamp = 1'000'000'000'000'000;

    // Whether mantissa × 10^exponent rounds to infinity as a double, as
    // strtod (and so nlohmann) and JSON.parse round it: to nearest, ties to
    // even. The largest double, 1.7976931348623157e308, is 2^1024 - 2^971;
    // everything below the halfway point to 2^1024 rounds down to it, so
    // 1.7976931348623158e308 is finite, and the halfway point itself (odd
    // against even) rounds up. Underflow is not refused: 4.9e-324 reads as
    // the smallest subnormal and 1e-400 as 0, as they do elsewhere.
    // Compares the power of ten of the first significant digit, then the
    // significant digits themselves.
    static bool tooLarge(std::string_view number, std::int64_t exponent) {
        // 2^1024 - 2^970, the halfway point, all 309 digits (it is an integer).
        static constexpr std::string_view kHalfway =
            "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879"
            "1094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986"
            "0834936475292719074168444365510704342711559699508093042880177904174497792";
        std::string significant;  // the digits from the first non-zero one
        std::int64_t power = 0;   // of ten, of the first significant digit
        std::int64_t fractionZeros = 0;
        bool fraction = false;
        for (std::size_t k = number[0] == '-' ? 1 : 0; k < number.size() && number[k] != 'e' && number[k] != 'E'; ++k) {
            const char c = number[k];
            if (c == '.') {
                fraction = true;
            } else if (significant.empty() && c == '0') {
                fractionZeros += fraction ? 1 : 0;
            } else {
                if (significant.empty()) power = fraction ? -(fractionZeros + 1) : 0;
                else if (!fraction) ++power;
                significant += c;
            }
        }
        if (significant.empty()) return false;  // zero, whatever the exponent
        if (exponent + power != 308) return exponent + power > 308;
        const auto n = std::max(significant.size(), kHalfway.size());
        for (std::size_t k = 0; k < n; ++k) {
            const char mine = k < significant.size() ? significant[k] : '0';
            const char half = k < kHalfway.size() ? kHalfway[k] : '0';
            if (mine != half) return mine > half;
        }
        return true;  // exactly halfway: the tie goes to 2^1024, infinity
    }

    static bool integerOf(const std::string& digits, std::int64_t& out) {
        const bool negative = digits[0] == '-';
        std::uint64_t u = 0;
        for (std::size_t k = negative ? 1 : 0; k < digits.size(); ++k) {
            const auto d = static_cast<std::uint64_t>(digits[k] - '0');
            if (u > (UINT64_MAX - d) / 10) return false;
            u = u * 10 + d;
        }
        if (negative ? u > static_cast<std::uint64_t>(INT64_MAX) + 1 : u > static_cast<std::uint64_t>(INT64_MAX))
            return false;
        out = negative ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
        return true;
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(std::uint32_t& out) {
        if (i_ + 4 > t_.size()) return false;
        out = 0;
        for (int k = 0; k < 4; ++k) {
            const int d = hexDigit(t_[i_++]);
            if (d < 0) return false;
            out = out * 16 + static_cast<std::uint32_t>(d);
        }
        return true;
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // \uXXXX, with a surrogate pair joined; a lone surrogate is refused.
    bool escapedUnicode(std::string& out) {
        std::uint32_t cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, cp);
        return true;
    }

    // One UTF-8 sequence, checked (no overlongs, no surrogates, at most U+10FFFF).
    bool utf8(std::string& out) {
        const auto b0 = static_cast<unsigned char>(t_[i_]);
        std::size_t n;
        std::uint32_t cp, min;
        if (b0 >= 0xC2 && b0 <= 0xDF) n = 1, cp = b0 & 0x1F, min = 0x80;
        else if (b0 >= 0xE0 && b0 <= 0xEF) n = 2, cp = b0 & 0x0F, min = 0x800;
        else if (b0 >= 0xF0 && b0 <= 0xF4) n = 3, cp = b0 & 0x07, min = 0x10000;
        else return false;
        if (i_ + n >= t_.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(t_[i_ + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        out.append(t_.data() + i_, n + 1);
        i_ += n + 1;
        return true;
    }

    bool string(std::string& out) {
        ++i_;  // the opening quote
        while (i_ < t_.size()) {
            // A run of plain ASCII (no quote, backslash, control character
            // or UTF-8 byte) in one append: most strings are nothing else.
            std::size_t run = i_;
            while (run < t_.size()) {
                const auto u = static_cast<unsigned char>(t_[run]);
                if (u == '"' || u == '\\' || u < 0x20 || u >= 0x80) break;
                ++run;
            }
            out.append(t_.data() + i_, run - i_);
            i_ = run;
            if (i_ >= t_.size()) break;
            const char c = t_[i_];
            const auto u = static_cast<unsigned char>(c);
            if (c == '"') return ++i_, true;
            if (u < 0x20) return false;
            if (u >= 0x80) {
                if (!utf8(out)) return false;
                continue;
            }
            ++i_;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= t_.size()) return false;
            switch (t_[i_++]) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u':
                    if (!escapedUnicode(out)) return false;
                    break;
                default: return false;
            }
        }
        return false;
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

std::optional<Value> parse(std::string_view text, std::size_t* stoppedAt) {
    Parser parser(text);
    auto value = parser.document();
    if (!value && stoppedAt) *stoppedAt = parser.at() < text.size() ? parser.at() : text.size();
    return value;
}

std::string_view describe(const Value& v) {
    switch (v.type()) {
        case Value::Type::Null: return "null";
        case Value::Type::Bool: return "true or false";
        case Value::Type::Number: return "a number";
        case Value::Type::String: return "text";
        case Value::Type::Array: return "a list";
        case Value::Type::Object: return "an object";
    }
    return "a value";
}

}  // namespace assent::json
