// A hand-written scanner rather than <regex>: the rules are few, and the
// scanner is small in the WASM build and fast on the batch path.
#include "assent/mask.hpp"

#include <cstdint>

namespace assent {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAlnum(char c) { return isDigit(c) || isAlpha(c); }
bool isSeparator(char c) { return c == ' ' || c == '-'; }

// A run of digits, possibly split by single spaces or dashes, possibly
// starting with '+', possibly ending in X (an ID number's check digit).
struct Span {
    std::size_t begin = 0, end = 0;
    std::string digits;               // the digits alone (X kept as 'X')
    std::vector<std::size_t> where;   // index in the text of each digit
    bool plus = false;
    bool separated = false;           // a separator right after the country code
    std::size_t ccBreak = 0;          // digits before the first separator
};

Span scanNumber(std::string_view t, std::size_t i) {
    Span s;
    s.begin = i;
    if (t[i] == '+') {
        s.plus = true;
        ++i;
    }
    while (i < t.size()) {
        if (isDigit(t[i])) {
            s.digits += t[i];
            s.where.push_back(i++);
        } else if (isSeparator(t[i]) && i + 1 < t.size() && isDigit(t[i + 1]) && !s.digits.empty()) {
            if (s.ccBreak == 0) s.ccBreak = s.digits.size();
            ++i;
        } else if ((t[i] == 'X' || t[i] == 'x') && s.digits.size() == 17) {
            s.digits += 'X';
            s.where.push_back(i++);
            break;
        } else {
            break;
        }
    }
    s.end = i;
    return s;
}

bool isMobileCn(std::string_view d) { return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'; }

bool luhn(std::string_view d) {
    int sum = 0;
    bool twice = false;
    for (std::size_t i = d.size(); i-- > 0;) {
        int v = d[i] - '0';
        if (twice && (v *= 2) > 9) v -= 9;
        sum += v;
        twice = !twice;
    }
    return sum % 10 == 0;
}

int number(std::string_view d) {
    int n = 0;
    for (char c : d) n = n * 10 + (c - '0');
    return n;
}

// GB 11643: a plausible birth date and the ISO 7064 MOD 11-2 check digit.
bool isIdNumberCn(std::string_view d) {
    if (d.size() != 18) return false;
    for (std::size_t i = 0; i < 17; ++i)
        if (!isDigit(d[i])) return false;
    const int year = number(d.substr(6, 4)), month = number(d.substr(10, 2)), day = number(d.substr(12, 2));
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    static constexpr int kWeight[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * kWeight[i];
    return "10X98765432"[sum % 11] == d[17];
}

bool isBankCard(const Span& s) {
    const auto& d = s.digits;
    if (s.plus || d.size() < 15 || d.size() > 19 || d[0] < '2' || d[0] > '6') return false;
    for (char c : d)
        if (!isDigit(c)) return false;
    return luhn(d);
}

// Replaces the span's digits number [from, to) with '*', separators kept.
void star(std::string& out, const Span& s, std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < s.where.size(); ++k) out[s.where[k]] = '*';
}

// How many leading digits are a country code, if the span is a phone number.
bool phoneCountryCode(const Span& s, std::size_t& cc) {
    const std::string_view d = s.digits;
    if (d.find('X') != std::string_view::npos) return false;
    if (isMobileCn(d) && !s.plus) return cc = 0, true;
    if (!s.plus && d.size() == 13 && d.substr(0, 2) == "86" && isMobileCn(d.substr(2))) return cc = 2, true;
    if (!s.plus && d.size() == 15 && d.substr(0, 4) == "0086" && isMobileCn(d.substr(4))) return cc = 4, true;
    if (!s.plus) return false;
    if (d.size() == 13 && d.substr(0, 2) == "86") return cc = 2, true;
    if (d.size() < 8 || d.size() > 15) return false;
    cc = (s.ccBreak >= 1 && s.ccBreak <= 3) ? s.ccBreak : 0;  // "+44 20 7946 0958": the group before the first gap
    return true;
}

// Masks one number-like span of `out` in place.
void maskNumber(std::string& out, const Span& s, const MaskRules& rules) {
    std::size_t cc = 0;
    if (rules.idNumber && isIdNumberCn(s.digits)) return star(out, s, 1, 17);
    if (rules.phone && phoneCountryCode(s, cc)) {
        const std::size_t national = s.digits.size() - cc;
        return star(out, s, national >= 8 ? cc + 3 : cc, s.digits.size() - 4);
    }
    if (rules.bankCard && isBankCard(s)) star(out, s, 0, s.digits.size() - 4);
}

bool isLocalChar(char c) { return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool isDomainChar(char c) { return isAlnum(c) || c == '.' || c == '-'; }

// "someone@example.com" -> "***@example.com" in place; returns where scanning goes on.
std::size_t maskEmailAt(std::string& out, std::size_t at) {
    std::size_t begin = at;
    while (begin > 0 && isLocalChar(out[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < out.size() && isDomainChar(out[end])) ++end;
    while (end > at + 1 && (out[end - 1] == '.' || out[end - 1] == '-')) --end;  // trailing punctuation
    const std::string_view domain(out.data() + at + 1, end - at - 1);
    const auto dot = domain.rfind('.');
    const bool valid = begin < at && dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2 &&
                       isAlpha(domain.back());
    if (!valid) return at + 1;
    out.replace(begin, at - begin, "***");
    return begin + 3 + 1 + domain.size();
}

int hexValue(char c) {
    if (isDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else if (s[i] == '+') {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string percentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '*' || u >= 0x80) out += c;
        else out += '%', out += kHex[u >> 4], out += kHex[u & 15];
    }
    return out;
}

bool sameLetters(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// "a=1&token=x&b=2" without the denied keys, values masked.
std::string maskParams(std::string_view params, const MaskRules& rules) {
    std::string out;
    std::size_t start = 0;
    while (start <= params.size()) {
        auto amp = params.find('&', start);
        if (amp == std::string_view::npos) amp = params.size();
        const auto pair = params.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const auto key = pair.substr(0, eq);
        bool denied = false;
        for (const auto& d : rules.urlParams) denied = denied || sameLetters(percentDecode(key), d);
        if (denied) continue;
        if (!out.empty()) out += '&';
        if (eq == std::string_view::npos) {
            out += key;
            continue;
        }
        const auto value = pair.substr(eq + 1);
        const std::string decoded = percentDecode(value);
        const std::string masked = maskText(decoded, rules);
        out.append(key).append("=").append(masked == decoded ? std::string(value) : percentEncode(masked));
    }
    return out;
}

}  // namespace

std::string maskText(std::string_view text, const MaskRules& rules) {
    std::string out(text);
    if (rules.email)
        for (std::size_t i = out.find('@'); i != std::string::npos; i = out.find('@', i))
            i = maskEmailAt(out, i);
    if (!(rules.phone || rules.idNumber || rules.bankCard)) return out;
    const std::string scanned = out;
    for (std::size_t i = 0; i < scanned.size();) {
        const bool starts = isDigit(scanned[i]) || (scanned[i] == '+' && i + 1 < scanned.size() && isDigit(scanned[i + 1]));
        if (!starts || (i > 0 && (isAlnum(scanned[i - 1]) || scanned[i - 1] == '.'))) {
            ++i;
            continue;
        }
        const Span s = scanNumber(scanned, i);
        // A number glued to letters or a decimal point is not one of ours (order "A123…", "1.5").
        const bool bounded = s.end >= scanned.size() || !(isAlnum(scanned[s.end]) || scanned[s.end] == '.');
        if (bounded) maskNumber(out, s, rules);
        i = s.end > i ? s.end : i + 1;
    }
    return out;
}

std::string maskUrl(std::string_view url, const MaskRules& rules) {
    const auto hash = url.find('#');
    const auto beforeHash = url.substr(0, hash);
    const auto q = beforeHash.find('?');
    std::string out = maskText(beforeHash.substr(0, q), rules);
    if (q != std::string_view::npos) {
        const std::string params = maskParams(beforeHash.substr(q + 1), rules);
        if (!params.empty()) out += '?' + params;
    }
    if (hash != std::string_view::npos) {
        const auto fragment = url.substr(hash + 1);
        // OAuth-style fragments carry tokens as parameters; other fragments are text.
        const std::string masked =
            fragment.find('=') != std::string_view::npos ? maskParams(fragment, rules) : maskText(fragment, rules);
        if (!masked.empty()) out += '#' + masked;
    }
    return out;
}

}  // namespace assent
