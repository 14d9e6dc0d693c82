// Personal data masked before anything leaves the device (C11). The rules
// are config; the defaults mask everything below.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace assent {

struct MaskRules {
    bool phone = true;     // mobile numbers keep their first 3 and last 4 digits: 138****5678
    bool email = true;     // the local part goes: ***@example.com
    bool idNumber = true;  // 18-digit Chinese resident ID (checksum and birth date valid): 1****************X
    bool bankCard = true;  // 15-19 digits passing Luhn, starting 2-6: all but the last 4
    // Query (and fragment) parameters removed from URLs, case aside.
    std::vector<std::string> urlParams = {"token", "access_token", "id_token", "auth", "code", "password",
                                          "passwd", "secret", "email", "phone", "mobile", "tel", "session",
                                          "sessionid", "sid"};
};

// Masks every match in free text; everything else is left as it was.
std::string maskText(std::string_view, const MaskRules&);
// Removes deny-listed query and fragment parameters, then masks what is left
// (percent-decoded first, so "a%40b.com" is seen as an e-mail address).
std::string maskUrl(std::string_view, const MaskRules&);

}  // namespace assent
