// Personal data masked before anything leaves the device (C11). The rules
// are config; the defaults mask everything below.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace assent {

// What counts as personal data (C11), and what does not:
// - A number is digits in groups joined by one or two spaces, a dash or
//   parentheses ("138 1234 5678", "+1 (201) 555-0123"), or a mobile number
//   dotted 3.4.4 ("138.1234.5678"). Any other '.' between digits is a decimal
//   point or a version ("1999.00", "13.8.1234", "192.168.1.1"): left alone.
//   A '.' before letters, a space or the end is punctuation ("call
//   13812345678.", "Tel.13812345678", "/u/13812345678.html"). Digits glued to
//   ASCII letters are a code ("A13812345678"), not ours.
// - Within a run of groups the longest phone, ID or card number in a layout
//   people write it in is masked at each group, so neighbours stay:
//   "13812345678 2", "4111 1111 1111 1111 12/27".
// - Full-width digits (U+FF10-FF19) count as digits; each masked one becomes
//   one ASCII '*': "１３８１２３４５６７８" -> "１３８****５６７８".
// - Order numbers: card networks issue nothing starting "20" or "21" (Mir is
//   2200-2204, Mastercard 2221-2720), so a number that starts with a date
//   2000-2099, as order numbers do ("202311141234567890"), is never a card
//   even when it passes Luhn.
// - E-mail local parts may hold any RFC 5322 atext ("o'brien", "a!b") or any
//   script ("用户@例子.广告", "josé@exemple.fr"); CJK text runs on without
//   spaces, so an address ends where CJK meets an ASCII letter or digit
//   ("请发邮件至alice@example.com" keeps "请发邮件至"). "logo@2x.png" is a
//   retina image name: no top-level domain is an image file extension.
struct MaskRules {
    bool phone = true;     // Chinese mobile numbers (with 86/0086) and any number after '+' (E.164): 138****5678
    bool email = true;     // the local part goes: ***@example.com
    bool idNumber = true;  // 18-digit Chinese resident ID (province, birth date, check digit valid): 1****************X
    bool bankCard = true;  // 14-19 digits passing Luhn, with a card network's IIN: all but the last 4
    // Query (and fragment) parameters removed from URLs, case aside.
    std::vector<std::string> urlParams = {"token", "access_token", "id_token", "auth", "code", "password",
                                          "passwd", "secret", "email", "phone", "mobile", "tel", "session",
                                          "sessionid", "sid"};
};

// Whether maskText may change the text at all. Most property values (tags,
// button labels) could not, and are copied as they are (issue 11).
bool mayMask(std::string_view);
// Masks every match in free text; everything else is left as it was.
std::string maskText(std::string_view, const MaskRules&);
// Removes deny-listed query and fragment parameters, then masks what is left
// (percent-decoded first, so "a%40b.com" is seen as an e-mail address).
std::string maskUrl(std::string_view, const MaskRules&);

// Whether the text starts with "https://" or "http://".
inline bool isHttpLink(std::string_view text) {
    return text.substr(0, 8) == "https://" || text.substr(0, 7) == "http://";
}

}  // namespace assent
