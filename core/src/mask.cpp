// A hand-written scanner rather than <regex>: the rules are few, and the
// scanner is small in the WASM build and fast on the batch path.
//
// Every pass is linear in the text. E-mail addresses are found first: each
// '@' looks back no further than the '@' before it and forward no further
// than the next one. Numbers are then read between them as tokens and runs
// of digit groups, each run judged in bounded windows of groups. The output
// is built in one forward pass from both; nothing is replaced in the middle
// of a string and nothing is scanned twice over.
#include "assent/mask.hpp"

#include <cstdint>
#include <initializer_list>

namespace assent {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAlnum(char c) { return isDigit(c) || isAlpha(c); }
unsigned byteAt(std::string_view t, std::size_t i) { return static_cast<unsigned char>(t[i]); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Equal, ASCII case aside: an image extension, a denied URL parameter. One
// loop for both: assent.wasm 107,542 / 43,344 -> 107,380 / 43,260 bytes
// raw / brotli (issue 11).
bool sameLetters(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

int number(std::string_view d) {
    int n = 0;
    for (char c : d) n = n * 10 + (c - '0');
    return n;
}

// ---------------------------------------------------------------- output

// The masked copy, built front to back: what lies between masks is copied
// once, in order.
class Masked {
public:
    explicit Masked(std::string_view text) : text_(text) { out_.reserve(text.size()); }
    std::string_view text() const { return text_; }

    void replace(std::size_t begin, std::size_t end, std::string_view with) {
        keepTo(begin);
        out_ += with;
        copied_ = end;
    }
    // Digits number [from, to) of text [begin, end) become '*'; separators
    // stay. A full-width digit (three bytes) becomes one ASCII '*'.
    void starDigits(std::size_t begin, std::size_t end, std::size_t from, std::size_t to);
    std::string finish() {
        keepTo(text_.size());
        return std::move(out_);
    }

private:
    void keepTo(std::size_t pos) {
        out_.append(text_, copied_, pos - copied_);
        copied_ = pos;
    }
    std::string_view text_;
    std::string out_;
    std::size_t copied_ = 0;
};

// Bytes of the digit at i: 1 for '0'-'9', 3 for a full-width digit
// U+FF10-FF19 (EF BC 90-99), 0 for anything else.
std::size_t digitWidth(std::string_view t, std::size_t i, std::size_t end) {
    if (isDigit(t[i])) return 1;
    if (i + 2 < end && byteAt(t, i) == 0xEF && byteAt(t, i + 1) == 0xBC && byteAt(t, i + 2) >= 0x90 &&
        byteAt(t, i + 2) <= 0x99)
        return 3;
    return 0;
}

void Masked::starDigits(std::size_t begin, std::size_t end, std::size_t from, std::size_t to) {
    keepTo(begin);
    std::size_t index = 0;
    for (std::size_t i = begin; i < end;) {
        const std::size_t width = digitWidth(text_, i, end);
        if (width && index >= from && index < to) out_ += '*';
        else out_.append(text_, i, width ? width : 1);
        index += width ? 1 : 0;
        i += width ? width : 1;
    }
    copied_ = end;
}

// ---------------------------------------------------------------- number checks

bool allDigits(std::string_view d) {
    for (char c : d)
        if (!isDigit(c)) return false;
    return true;
}

bool isMobileCn(std::string_view d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && allDigits(d);
}

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

// GB/T 2260 province codes, the first two digits of a resident ID.
bool isProvinceCn(int p) {
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
           (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || (p >= 81 && p <= 83);
}

bool isDate(int year, int month, int day) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month != 2 || day <= 28 || leap;
}

// GB 11643: a province code, a real birth date and the ISO 7064 MOD 11-2
// check digit.
bool isIdNumberCn(std::string_view d) {
    if (d.size() != 18 || !allDigits(d.substr(0, 17)) || !isProvinceCn(number(d.substr(0, 2)))) return false;
    const int year = number(d.substr(6, 4));
    if (year < 1900 || year > 2099 || !isDate(year, number(d.substr(10, 2)), number(d.substr(12, 2)))) return false;
    static constexpr int kWeight[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * kWeight[i];
    return "10X98765432"[sum % 11] == d[17];
}

// The leading digits a card network issues (IIN). Nothing starts "20" or
// "21", so order numbers that start with a date 2000-2099 are never cards.
bool hasCardIin(std::string_view d) {
    const int two = number(d.substr(0, 2)), four = number(d.substr(0, 4));
    switch (d[0]) {
    case '2': return (four >= 2200 && four <= 2204) || (four >= 2221 && four <= 2720);  // Mir, Mastercard
    case '3': return two == 30 || two >= 34;  // Diners 30/36/38/39, Amex 34/37, JCB 35
    case '4':                                 // Visa
    case '5':                                 // Mastercard, Maestro
    case '6': return true;                    // Discover, UnionPay, Maestro, RuPay
    default: return false;
    }
}

bool isBankCard(std::string_view d) {
    if (d.size() < 14 || d.size() > 19 || !allDigits(d) || !hasCardIin(d)) return false;
    const int two = number(d.substr(0, 2));
    if (d.size() == 14 && !(two == 30 || two == 36 || two == 38 || two == 39)) return false;  // only Diners has 14
    return luhn(d);
}

// ---------------------------------------------------------------- layouts

// The digit counts of the groups a number is written in, one char each:
// "138 1234 5678" is "\3\4\4" (octal escapes: "\10" is 8).
using Layout = std::string_view;

// A layout as one number, five bits a group (no group is longer than 19),
// so that a layout is compared in one step.
constexpr std::uint32_t packed(Layout l) {
    std::uint32_t p = 0;
    for (char c : l) p = p << 5 | static_cast<unsigned char>(c);
    return p;
}

// Whether the groups are one number written whole, or in one of `layouts`.
// A table of layouts, not an initializer_list of sizes per layout: assent.wasm
// 108,037 / 43,662 -> 107,840 / 43,551 bytes raw / brotli (issue 11) with
// the layouts as strings compared by ==, which made masking spaced card
// numbers 25% slower (spaced_quads 7.0 -> 9.1 ms/MB); packed, +21 / +21
// bytes on that and the speed of before.
bool isWrittenAs(Layout l, std::initializer_list<std::uint32_t> layouts) {
    if (l.size() == 1) return true;
    for (std::uint32_t w : layouts)
        if (packed(l) == w) return true;
    return false;
}

// How many leading digits are a country code (86 or 0086) if the groups
// are a Chinese mobile number as people write it (13812345678,
// 138 1234 5678, 138-12345678, 86 138 1234 5678), or -1.
int mobileCountryCode(Layout l, std::string_view d) {
    std::size_t cc = 0;
    if (d.size() == 13 && d.substr(0, 2) == "86") cc = 2;
    else if (d.size() == 15 && d.substr(0, 4) == "0086") cc = 4;
    else if (d.size() != 11) return -1;
    if (!isMobileCn(d.substr(cc))) return -1;
    if (cc && l.size() > 1) {
        if (static_cast<std::size_t>(l[0]) != cc) return -1;  // "86138 1234 5678" is not how it is written
        l.remove_prefix(1);
    }
    return isWrittenAs(l, {packed("\3\4\4"), packed("\3\10")}) ? static_cast<int>(cc) : -1;
}

bool isCardLayout(Layout l) {
    return isWrittenAs(l, {packed("\4\4\4\4"), packed("\4\4\4\4\3"), packed("\4\4\4\3"), packed("\4\6\5"),
                           packed("\4\6\4")});
}

bool isIdLayout(Layout l) { return isWrittenAs(l, {packed("\6\10\4")}); }

// ---------------------------------------------------------------- number scanner

// Consecutive digits of one written number; an ID number's check digit X
// may end one.
struct Group {
    std::size_t begin, end, digits;
    bool checkX;
};

// A number as written between non-digits: digits, '.' only between digits,
// perhaps a leading '+' and a final X.
struct Token {
    std::size_t begin = 0, end = 0;
    Group groups[3] = {};  // the first three of `count` dot-separated groups
    std::size_t count = 0;
    bool plus = false, glued = false;
};

// Between the groups of one written number: up to two spaces (or no-break
// spaces), a dash, parentheses: "138 1234 5678", "138  1234  5678",
// "138-1234-5678", "+1 (201) 555-0123".
bool isGap(std::string_view t, std::size_t begin, std::size_t end) {
    if (end <= begin || end - begin > 6) return false;
    int spaces = 0, dashes = 0, opens = 0, closes = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const char c = t[i];
        if (c == ' ') ++spaces;
        else if (c == '-') ++dashes;
        else if (c == '(') ++opens;
        else if (c == ')') ++closes;
        else if (byteAt(t, i) == 0xC2 && i + 1 < end && byteAt(t, i + 1) == 0xA0) ++spaces, ++i;
        else return false;
    }
    return spaces <= 2 && dashes <= 1 && opens <= 1 && closes <= 1;
}

// Bytes of an ID number's check digit at i: X, x, or full-width Ｘ/ｘ.
std::size_t checkXWidth(std::string_view t, std::size_t i, std::size_t end) {
    if (t[i] == 'X' || t[i] == 'x') return 1;
    if (i + 2 < end && byteAt(t, i) == 0xEF &&
        ((byteAt(t, i + 1) == 0xBC && byteAt(t, i + 2) == 0xB8) || (byteAt(t, i + 1) == 0xBD && byteAt(t, i + 2) == 0x98)))
        return 3;
    return 0;
}

Token readToken(std::string_view t, std::size_t i, std::size_t end) {
    Token k;
    k.begin = i;
    if (t[i] == '+') k.plus = true, ++i;
    Group g{i, i, 0, false};
    auto close = [&](std::size_t at) {
        g.end = at;
        if (k.count < 3) k.groups[k.count] = g;
        ++k.count;
    };
    while (i < end) {
        if (const std::size_t width = digitWidth(t, i, end)) {
            i += width, ++g.digits;
        } else if (t[i] == '.' && i + 1 < end && digitWidth(t, i + 1, end)) {
            close(i);  // a decimal point, a version's dot, or "138.1234.5678"
            g = Group{++i, 0, 0, false};
        } else {
            break;
        }
    }
    // An ID number's check digit, unless a word goes on ("1920x1080").
    const std::size_t x = i < end ? checkXWidth(t, i, end) : 0;
    if (x && k.count == 0 && !(i + x < t.size() && isAlnum(t[i + x]))) g.checkX = true, ++g.digits, i += x;
    close(i);
    k.end = i;
    // Glued to letters it is a code, not ours: "A13812345678", "1920x1080".
    k.glued = (k.begin > 0 && isAlnum(t[k.begin - 1])) || (k.end < t.size() && isAlnum(t[k.end]));
    return k;
}

// A number token's digits as ASCII ('X' for a check digit) appended to
// `buf`, which holds at most 19.
std::size_t appendDigits(std::string_view t, const Group& g, char* buf, std::size_t n) {
    for (std::size_t i = g.begin; i < g.end;) {
        const std::size_t width = digitWidth(t, i, g.end);
        if (!width) return buf[n] = 'X', n + 1;  // the check digit ends the group
        buf[n++] = width == 1 ? t[i] : static_cast<char>('0' + byteAt(t, i + 2) - 0x90);
        i += width;
    }
    return n;
}

struct Match {
    std::size_t groups = 0, from = 0, to = 0;  // groups taken; digits [from, to) to star
};

// Reads numbers between two e-mail addresses and masks them. Digits joined
// by gaps form a run; at each group the longest phone, ID or card number
// written in a sound layout from there is masked, so "13812345678 2" and
// "4111 1111 1111 1111 12/27" mask the number and keep the rest.
class NumberScanner {
public:
    NumberScanner(Masked& out, const MaskRules& rules) : out_(out), t_(out.text()), rules_(rules) {}
    void scan(std::size_t from, std::size_t to);

private:
    // Groups a match may take after its first: 4 for a card, 14 after '+'.
    static constexpr std::size_t kLookahead = 16;
    static constexpr std::size_t kWindow = 64;

    void take(const Token& k);
    void push(const Group& g);
    void judge(bool runEnded);
    void flush() { judge(true); }
    Match bestAt(std::size_t g) const;
    std::size_t maskInternational();

    Masked& out_;
    std::string_view t_;
    const MaskRules& rules_;
    // The run so far, judged up to next_: a window, so "1 1 1 …" needs no
    // more memory than "1".
    Group run_[kWindow];
    std::size_t size_ = 0, next_ = 0;
    bool plus_ = false;  // run_ starts with "+country code", not yet judged
};

void NumberScanner::scan(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to;) {
        const bool plus = t_[i] == '+' && i + 1 < to && digitWidth(t_, i + 1, to) && !(i > 0 && isAlnum(t_[i - 1]));
        if (!plus && !digitWidth(t_, i, to)) {
            ++i;
            continue;
        }
        const Token k = readToken(t_, i, to);
        take(k);
        i = k.end;
    }
    flush();
}

void NumberScanner::take(const Token& k) {
    const bool dottedPhone = k.count == 3 && k.groups[0].digits == 3 && k.groups[1].digits == 4 &&
                             k.groups[2].digits == 4 && !k.groups[2].checkX;
    const bool joins = !k.plus && size_ > 0 && isGap(t_, run_[size_ - 1].end, k.begin);
    if (!joins || k.glued || (k.count > 1 && !dottedPhone)) flush();
    // Glued to letters, or a decimal or version ("1999.00", "13.8.1234", "192.168.1.1"): not ours.
    if (k.glued || (k.count > 1 && !dottedPhone)) return;
    plus_ = plus_ || k.plus;
    for (std::size_t g = 0; g < k.count && g < 3; ++g) push(k.groups[g]);
    judge(false);
}

// At most kLookahead + 3 groups wait to be judged, so moving them to the
// front always makes room.
void NumberScanner::push(const Group& g) {
    if (size_ == kWindow) {
        for (std::size_t i = next_; i < size_; ++i) run_[i - next_] = run_[i];
        size_ -= next_;
        next_ = 0;
    }
    run_[size_++] = g;
}

// Masks what can be told from the run so far: every group with enough
// groups after it, or all of them once the run has ended.
void NumberScanner::judge(bool runEnded) {
    const auto ready = [&] { return next_ < size_ && (runEnded || size_ - next_ > kLookahead); };
    if (plus_ && ready()) {
        next_ = rules_.phone ? maskInternational() : 1;
        plus_ = false;
    }
    for (; ready();) {
        const Match m = bestAt(next_);
        if (m.groups) out_.starDigits(run_[next_].begin, run_[next_ + m.groups - 1].end, m.from, m.to);
        next_ += m.groups ? m.groups : 1;
    }
    if (runEnded) size_ = next_ = 0, plus_ = false;
}

// The longest maskable number whose first group is run_[g]. A phone, ID or
// card number has at most 19 digits and 5 groups, so this is bounded work.
Match NumberScanner::bestAt(std::size_t g) const {
    char buf[19], sizes[5];
    std::size_t n = 0;
    Match best;
    // Every layout's first group is a country code (2 or 4 digits), a
    // mobile's 3, an ID's 6, a card's 4, or the whole number (11 or more).
    const std::size_t first = run_[g].digits;
    if (first < 11 && first != 2 && first != 3 && first != 4 && first != 6) return best;
    for (std::size_t k = 0; k < 5 && g + k < size_; ++k) {
        const Group& group = run_[g + k];
        if (n + group.digits > sizeof buf) break;
        n = appendDigits(t_, group, buf, n);
        sizes[k] = static_cast<char>(group.digits);
        const std::string_view d(buf, n);
        const Layout l(sizes, k + 1);
        int cc = -1;
        if (n < 11) {
            // shorter than any phone, ID or card number
        } else if (rules_.idNumber && isIdLayout(l) && isIdNumberCn(d)) {
            best = {k + 1, 1, n - 1};
        } else if (rules_.phone && (cc = mobileCountryCode(l, d)) >= 0) {
            best = {k + 1, std::size_t(cc) + 3, n - 4};
        } else if (rules_.bankCard && isCardLayout(l) && isBankCard(d)) {
            best = {k + 1, 0, n - 4};
        }
        if (group.checkX) break;  // the check digit ends a number
    }
    return best;
}

// "+44 20 7946 0958": the groups after '+', up to E.164's 15 digits. A +1
// number has 11 and a +86 mobile 13, and no number is written ending in a
// lone digit after eight, so a count written after them stays. Returns how
// many groups were taken.
std::size_t NumberScanner::maskInternational() {
    char buf[15];
    std::size_t n = 0, taken = 0, digits = 0;
    for (std::size_t k = 0; k < size_; ++k) {
        if (run_[k].checkX || n + run_[k].digits > sizeof buf || (n >= 8 && run_[k].digits == 1)) break;
        n = appendDigits(t_, run_[k], buf, n);
        if (n >= 8) taken = k + 1, digits = n;
        const std::string_view d(buf, n);
        if ((d[0] == '1' && n == 11) || (n == 13 && d.substr(0, 2) == "86" && isMobileCn(d.substr(2)))) break;
    }
    if (!taken) return 1;
    const std::string_view d(buf, digits);
    std::size_t cc = 0;  // the group before the first gap, or what E.164 says for +1 and +86
    if (taken > 1 && run_[0].digits <= 3) cc = run_[0].digits;
    else if (digits == 13 && d.substr(0, 2) == "86") cc = 2;
    else if (digits == 11 && d[0] == '1') cc = 1;
    const std::size_t from = digits - cc >= 8 ? cc + 3 : cc;
    out_.starDigits(run_[0].begin, run_[taken - 1].end, from, digits - 4);
    return taken;
}

// ---------------------------------------------------------------- UTF-8

struct CodePoint {
    std::uint32_t value;
    std::size_t size;
};

// The code point at i; a broken sequence reads as one U+FFFD byte.
CodePoint decodeAt(std::string_view t, std::size_t i) {
    const unsigned b = byteAt(t, i);
    if (b < 0x80) return {b, 1};
    const std::size_t n = b >= 0xF8 ? 0 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > t.size()) return {0xFFFD, 1};
    std::uint32_t v = b & (0x7Fu >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((byteAt(t, i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
        v = (v << 6) | (byteAt(t, i + k) & 0x3F);
    }
    return {v, n};
}

// The code point that ends just before `end`, not reaching below `floor`.
CodePoint decodeBefore(std::string_view t, std::size_t end, std::size_t floor, std::size_t& begin) {
    begin = end - 1;
    while (begin > floor && end - begin < 4 && (byteAt(t, begin) & 0xC0) == 0x80) --begin;
    const CodePoint cp = decodeAt(t, begin);
    return cp.size == end - begin ? cp : CodePoint{0xFFFD, end - begin};
}

// A letter of any script as far as addresses go: not a space, punctuation,
// symbol or emoji. (ASCII is judged by the callers.)
bool isWordLetter(std::uint32_t c) {
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;  // controls, NBSP, « » ¿ × ÷
    if (c >= 0x2000 && c <= 0x2BFF) return false;          // general punctuation, symbols, arrows
    if (c >= 0x3000 && c <= 0x303F) return false;          // CJK punctuation: 、。「」
    if (c >= 0xFE10 && c <= 0xFE6F) return false;          // vertical and small forms
    if (c >= 0xFF00 && c <= 0xFF65)                        // full-width forms: only letters and digits
        return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
    if (c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF) || (c >= 0x1F000 && c <= 0x1FAFF)) return false;
    return true;
}

// Han, kana and Hangul: scripts written without spaces.
bool isCjk(std::uint32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// ---------------------------------------------------------------- e-mail scanner

// RFC 5322 atext, and the dots of a dot-atom.
bool isLocalAscii(char c) { return isAlnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos; }
bool isDomainAscii(char c) { return isAlnum(c) || c == '-' || c == '.'; }
// A local part starting with one of these follows a URL's path or query.
bool isUrlDelimiter(char c) { return c == '/' || c == '?' || c == '&' || c == '=' || c == '#'; }

// A word part of an address may be any script, but CJK text runs on without
// spaces, so it ends where CJK meets ASCII other than a joining . - _:
// "请发邮件至alice@example.com", "alice@example.com了解更多" (and a masked
// "请发邮件至***@example.com" stays as it is).
bool continuesWord(CodePoint cp, bool asciiWordBeside, bool (*isAscii)(char)) {
    if (cp.value < 0x80) return isAscii(static_cast<char>(cp.value));
    return isWordLetter(cp.value) && !(asciiWordBeside && isCjk(cp.value));
}
bool isAsciiWord(CodePoint cp) { return cp.value < 0x80 && cp.value != '.' && cp.value != '-' && cp.value != '_'; }

// `"john doe"@example.org`, `"Abc@def"@example.com`: the opening quote of
// the local part that ends at `at`, or `at` if there is none on the line.
// A quoted local part may hold an '@', so this looks past `floor` (the last
// '@'), though not past an address already found, and no further than the
// 64 octets RFC 5321 allows a local part.
std::size_t quotedStart(std::string_view t, std::size_t at, std::size_t floor) {
    if (at - floor > 66) floor = at - 66;
    for (std::size_t i = at - 1; i-- > floor;) {
        if (byteAt(t, i) < 0x20) break;
        if (t[i] == '"' && !(i > floor && t[i - 1] == '\\')) return i;
    }
    return at;
}

// RFC 5322 allows a comment before the '@': "john.smith(comment)@example.com".
// Where it opens, or `at` if there is none.
std::size_t commentStart(std::string_view t, std::size_t at, std::size_t floor) {
    if (at == floor || t[at - 1] != ')') return at;
    for (std::size_t i = at - 1; i-- > floor && at - i <= 64;) {
        if (t[i] == '(') return i;
        if (t[i] == ')' || byteAt(t, i) < 0x20) break;
    }
    return at;
}

// Where the local part before the '@' at `at` starts, looking back no
// further than `floor` (the last '@') or, when quoted, `found` (the last
// address); `at` if there is none.
std::size_t localPartStart(std::string_view t, std::size_t at, std::size_t floor, std::size_t found) {
    if (at > found + 1 && t[at - 1] == '"') return quotedStart(t, at, found);
    std::size_t begin = commentStart(t, at, floor), urlCut = begin;
    const std::size_t end = begin;
    bool asciiWordBeside = false;
    while (begin > floor) {
        std::size_t prev;
        const CodePoint cp = decodeBefore(t, begin, floor, prev);
        if (!continuesWord(cp, asciiWordBeside, isLocalAscii)) break;
        if (urlCut == end && cp.value < 0x80 && isUrlDelimiter(static_cast<char>(cp.value))) urlCut = begin;
        asciiWordBeside = isAsciiWord(cp);
        begin = prev;
    }
    // "https://shop.example/u/alice@example.com": the address is the last path segment or query value.
    if (begin < end && isUrlDelimiter(t[begin])) begin = urlCut;
    // Quotes and markup around an address are not part of it: 'bob@x.cn', `bob@x.cn`.
    while (begin < end && std::string_view(".'`{|}").find(t[begin]) != std::string_view::npos) ++begin;
    return begin < end ? begin : at;
}

// Where the domain after the '@' at `at` ends, trailing dots and dashes
// left out (they end sentences).
std::size_t domainEnd(std::string_view t, std::size_t at) {
    std::size_t end = at + 1;
    if (end < t.size() && t[end] == '[') {  // an address literal: postmaster@[123.123.123.123]
        for (std::size_t i = end + 1; i < t.size() && i < end + 64; ++i) {
            if (t[i] == ']') return i + 1;
            if (!isAlnum(t[i]) && t[i] != ':' && t[i] != '.') break;
        }
        return end;
    }
    bool asciiWordBeside = false;
    while (end < t.size()) {
        const CodePoint cp = decodeAt(t, end);
        if (!continuesWord(cp, asciiWordBeside, isDomainAscii)) break;
        asciiWordBeside = isAsciiWord(cp);
        end += cp.size;
    }
    while (end > at + 1 && (t[end - 1] == '.' || t[end - 1] == '-')) --end;
    return end;
}

// "logo@2x.png", "icon@3x.webp": retina image names. No top-level domain
// is one of these file extensions, so such a "domain" is a file name.
bool isImageExtension(std::string_view ext) {
    static constexpr std::string_view kImages[] = {"png", "jpg", "jpeg", "gif", "webp", "svg",
                                                    "avif", "bmp", "ico", "heic", "tif", "tiff"};
    for (std::string_view image : kImages)
        if (sameLetters(ext, image)) return true;
    return false;
}

// A domain with a dot and a top-level label of two or more characters
// ending in a letter (so "not@an", "vue@3.2.0" stay), or an address literal.
bool isMailDomain(std::string_view d) {
    if (d.size() > 2 && d.front() == '[') return d.back() == ']';
    const auto dot = d.rfind('.');
    if (d.empty() || d[0] == '.' || d[0] == '-' || dot == std::string_view::npos) return false;
    const auto tld = d.substr(dot + 1);
    return tld.size() >= 2 && (isAlpha(tld.back()) || byteAt(tld, tld.size() - 1) >= 0x80) && !isImageExtension(tld);
}

struct Email {
    std::size_t local, at;  // the local part is [local, at)
};

// Calls fn for each address, in order.
template <class Fn>
void forEachEmail(std::string_view t, Fn fn) {
    std::size_t floor = 0, found = 0;
    for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
        const std::size_t local = localPartStart(t, at, floor, found), end = domainEnd(t, at);
        if (local < at && isMailDomain(t.substr(at + 1, end - at - 1))) fn(Email{local, at}), found = at + 1;
        floor = at + 1;
    }
}

// ---------------------------------------------------------------- URLs

int hexValue(char c) {
    if (isDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

std::string percentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '*' || u >= 0x80) out += c;
        else out += '%', out += kHex[u >> 4], out += kHex[u & 15];
    }
    return out;
}

bool isDenied(std::string_view key, const MaskRules& rules) {
    const std::string decoded = percentDecode(key);
    for (const auto& d : rules.urlParams)
        if (sameLetters(decoded, d)) return true;
    return false;
}

// "a=1&token=x&b=2" without the denied keys, values masked.
std::string maskParams(std::string_view params, const MaskRules& rules) {
    std::string out;
    out.reserve(params.size());
    for (std::size_t start = 0; start <= params.size();) {
        auto amp = params.find('&', start);
        if (amp == std::string_view::npos) amp = params.size();
        const auto pair = params.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const auto key = pair.substr(0, eq);
        if (isDenied(key, rules)) continue;
        if (!out.empty()) out += '&';
        out += key;
        if (eq == std::string_view::npos) continue;
        const auto value = pair.substr(eq + 1);
        const std::string decoded = percentDecode(value);
        const std::string masked = maskText(decoded, rules);
        out += '=';
        if (masked == decoded) out += value;
        else out += percentEncode(masked);
    }
    return out;
}

}  // namespace

// Every rule starts at an '@' (an address) or a digit, ASCII or full-width
// (whose UTF-8 starts 0xEF); a '+' only counts before a digit.
bool mayMask(std::string_view text) {
    for (char c : text)
        if (c == '@' || isDigit(c) || static_cast<unsigned char>(c) == 0xEF) return true;
    return false;
}

std::string maskText(std::string_view text, const MaskRules& rules) {
    if (!mayMask(text)) return std::string(text);
    Masked out(text);
    NumberScanner numbers(out, rules);
    const bool anyNumber = rules.phone || rules.idNumber || rules.bankCard;
    std::size_t from = 0;
    if (rules.email)
        forEachEmail(text, [&](Email e) {
            if (anyNumber) numbers.scan(from, e.local);
            out.replace(e.local, e.at, "***");
            from = e.at;  // the domain is read for numbers too
        });
    if (anyNumber) numbers.scan(from, text.size());
    return out.finish();
}

std::string maskUrl(std::string_view url, const MaskRules& rules) {
    const auto hash = url.find('#');
    const auto beforeHash = url.substr(0, hash);
    const auto q = beforeHash.find('?');
    std::string out = maskText(beforeHash.substr(0, q), rules);
    if (q != std::string_view::npos) {
        const std::string params = maskParams(beforeHash.substr(q + 1), rules);
        if (!params.empty()) out.append("?").append(params);
    }
    if (hash != std::string_view::npos) {
        const auto fragment = url.substr(hash + 1);
        // OAuth-style fragments carry tokens as parameters; other fragments are text.
        const std::string masked =
            fragment.find('=') != std::string_view::npos ? maskParams(fragment, rules) : maskText(fragment, rules);
        if (!masked.empty()) out.append("#").append(masked);
    }
    return out;
}

}  // namespace assent
