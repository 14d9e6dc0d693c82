#include <catch2/catch.hpp>

#include "assent/mask.hpp"

using assent::MaskRules;

namespace {

struct Case {
    const char* input;
    const char* masked;
};

// Inputs and what must leave the device; a row whose two sides are equal
// says what must NOT be masked.
const Case kTextCases[] = {
    // mobile numbers: first 3 and last 4 digits stay
    {"13812345678", "138****5678"},                                  // ours
    {"call 13812345678 now", "call 138****5678 now"},                // ours
    {"138 1234 5678", "138 **** 5678"},                              // ours: the usual spacing
    {"138-1234-5678", "138-****-5678"},                              // ours: dashes
    {"+86 138 1234 5678", "+86 138 **** 5678"},                      // ours
    {"+8613812345678", "+86138****5678"},                            // ours: E.164
    {"8613812345678", "86138****5678"},                              // ours
    {"008613812345678", "0086138****5678"},                          // ours: international prefix 00
    {"手机：13912345678。", "手机：139****5678。"},                  // ours: CJK punctuation
    {"tel:15900001111", "tel:159****1111"},                          // ours: RFC 3966 tel URI
    {"+1 415 555 2671", "+1 415 *** 2671"},                          // ours
    {"+44 20 7946 0958", "+44 20 7*** 0958"},                        // Ofcom drama number range
    {"a 19912345678, b 17712345678", "a 199****5678, b 177****5678"},  // ours
    {"13123456789", "131****6789"},                                  // libphonenumber example number: CN mobile
    {"+86 131 2345 6789", "+86 131 **** 6789"},                      // libphonenumber example number: CN mobile, international
    {"0086 131 2345 6789", "0086 131 **** 6789"},                    // libphonenumber example number: CN mobile, dialled from abroad
    {"86-131-2345-6789", "86-131-****-6789"},                        // libphonenumber example number: CN mobile
    {"131 23456789", "131 ****6789"},                                // libphonenumber CN format (\d{3})(\d{8})
    {"+1 201-555-0123", "+1 201-***-0123"},                          // libphonenumber example number: US
    {"+1 (201) 555-0123", "+1 (201) ***-0123"},                      // libphonenumber example number: US, national style
    {"+1 201-555-0123 ext", "+1 201-***-0123 ext"},                  // libphonenumber example number: US, a word after
    {"+44 7400 123456", "+44 740* **3456"},                          // libphonenumber example number: GB mobile
    {"+44 121 234 5678", "+44 121 *** 5678"},                        // libphonenumber example number: GB fixed line
    {"+49 151 23456789", "+49 151 ****6789"},                        // libphonenumber example number: DE mobile
    {"+33 6 12 34 56 78", "+33 6 12 ** 56 78"},                      // libphonenumber example number: FR mobile
    {"+81 70-1234-5678", "+81 70-1***-5678"},                        // libphonenumber example number: JP mobile
    {"+91 81234 56789", "+91 812** *6789"},                          // libphonenumber example number: IN mobile
    {"+61 412 345 678", "+61 412 **5 678"},                          // libphonenumber example number: AU mobile
    // mobile numbers touching punctuation
    {"call 13812345678.", "call 138****5678."},                      // ours: sentence full stop
    {"Call 13812345678. Thanks", "Call 138****5678. Thanks"},        // ours: sentence full stop
    {"Tel.13812345678", "Tel.138****5678"},                          // ours: abbreviation before
    {"Tel. 138 1234 5678", "Tel. 138 **** 5678"},                    // ours: abbreviation before
    {"/u/13812345678.html", "/u/138****5678.html"},                  // ours: file extension after
    {"(13812345678)", "(138****5678)"},                              // ours: brackets
    {"13812345678, 13912345678", "138****5678, 139****5678"},        // ours: comma list
    {"电话13812345678联系", "电话138****5678联系"},                  // ours: CJK text without spaces
    {"#13812345678", "#138****5678"},                                // ours
    {"user_13812345678", "user_138****5678"},                        // ours: '_' joins no word to a number
    // mobile numbers running into other numbers
    {"13812345678 13912345678", "138****5678 139****5678"},          // ours: two in a row
    {"13812345678 2", "138****5678 2"},                              // ours: a count after
    {"1 13812345678", "1 138****5678"},                              // ours: a count before
    {"13812345678-2", "138****5678-2"},                              // ours: an extension after a dash
    {"2023-11-14 13812345678", "2023-11-14 138****5678"},            // ours: a date before
    {"13812345678 1999.00", "138****5678 1999.00"},                  // ours: a price after
    {"+86 138 1234 5678 2", "+86 138 **** 5678 2"},                  // ours: +86 mobiles have 13 digits
    {"+1 415 555 2671 3", "+1 415 *** 2671 3"},                      // ours: +1 numbers have 11 digits
    {"+44 20 7946 0958 2", "+44 20 7*** 0958 2"},                    // Ofcom drama number range: a count after
    // other writings of mobile numbers
    {"138.1234.5678", "138.****.5678"},                              // ours: dotted
    {"call 138.1234.5678.", "call 138.****.5678."},                  // ours: dotted, full stop
    {"138  1234  5678", "138  ****  5678"},                          // ours: doubled spaces
    {"138 - 1234 - 5678", "138 - **** - 5678"},                      // ours: spaced dashes
    {"138\xC2\xA0" "1234\xC2\xA0" "5678", "138\xC2\xA0****\xC2\xA0" "5678"},  // ours: no-break spaces (HTML &nbsp;)
    {"１３８１２３４５６７８", "１３８****５６７８"},                // ours: full-width digits (IME input)
    {"电话：１３８ １２３４ ５６７８。", "电话：１３８ **** ５６７８。"},  // ours: full-width digits, spaced
    // e-mail addresses: the local part goes
    {"alice@example.com", "***@example.com"},                        // ours
    {"write to bob.smith+news@mail.example.co.uk.", "write to ***@mail.example.co.uk."},  // ours
    {"张三 zhang_san@qq.com 你好", "张三 ***@qq.com 你好"},          // ours
    {"a@b.cn and c@d.org", "***@b.cn and ***@d.org"},                // ours
    {"simple@example.com", "***@example.com"},                       // Wikipedia "Email address": valid
    {"very.common@example.com", "***@example.com"},                  // Wikipedia "Email address": valid
    {"FirstName.LastName@EasierReading.org", "***@EasierReading.org"},  // Wikipedia "Email address": valid
    {"x@example.com", "***@example.com"},                            // Wikipedia "Email address": valid
    {"long.email-address-with-hyphens@and.subdomains.example.com", "***@and.subdomains.example.com"},  // Wikipedia "Email address": valid
    {"user.name+tag+sorting@example.com", "***@example.com"},        // Wikipedia "Email address": valid
    {"name/surname@example.com", "***@example.com"},                 // Wikipedia "Email address": valid
    {"example@s.example", "***@s.example"},                          // Wikipedia "Email address": valid
    {"\" \"@example.org", "***@example.org"},                        // Wikipedia "Email address": valid (quoted space)
    {"\"john..doe\"@example.org", "***@example.org"},                // Wikipedia "Email address": valid (quoted)
    {"mailhost!username@example.org", "***@example.org"},            // Wikipedia "Email address": valid (bang path)
    {"user%example.com@example.org", "***@example.org"},             // Wikipedia "Email address": valid (% routing)
    {"user-@example.org", "***@example.org"},                        // Wikipedia "Email address": valid
    {"postmaster@[123.123.123.123]", "***@[123.123.123.123]"},       // Wikipedia "Email address": valid (IP literal)
    {"postmaster@[IPv6:2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "***@[IPv6:2001:0db8:85a3:0000:0000:8a2e:0370:7334]"},  // Wikipedia "Email address": valid
    {"a@[IPv6:0000:0000:0000:0000:0000:ffff:192.168.100.228]", "***@[IPv6:0000:0000:0000:0000:0000:ffff:192.168.100.228]"},  // RFC 5321 section 4.1.3: IPv6 with an IPv4 tail
    {"john.smith(comment)@example.com", "***@example.com"},          // Wikipedia "Email address": comment in the local part
    {"\"Abc@def\"@example.com", "***@example.com"},                  // RFC 3696 section 3
    {"\"Fred Bloggs\"@example.com", "***@example.com"},              // RFC 3696 section 3
    {"customer/department=shipping@example.com", "***@example.com"},  // RFC 3696 section 3
    {"$A12345@example.com", "***@example.com"},                      // RFC 3696 section 3
    {"!def!xyz%abc@example.com", "***@example.com"},                 // RFC 3696 section 3
    {"_somename@example.com", "***@example.com"},                    // RFC 3696 section 3
    {"o'brien@example.com", "***@example.com"},                      // ours: apostrophe (RFC 5322 atext)
    {"Mail O'Brien@example.ie.", "Mail ***@example.ie."},            // ours: apostrophe, full stop
    {"a!b#c$d&e'f*g/h=i?j^k`l{m|n}o~p@example.com", "***@example.com"},  // RFC 5322 atext, every special
    {"ALICE@EXAMPLE.COM", "***@EXAMPLE.COM"},                        // ours: upper case
    {"Alice <alice@example.com>", "Alice <***@example.com>"},        // RFC 5322 name-addr
    {"mailto:alice@example.com", "mailto:***@example.com"},          // RFC 6068 mailto URI
    {"'bob@example.cn'", "'***@example.cn'"},                        // ours: quoted in prose
    {"`bob@example.cn`", "`***@example.cn`"},                        // ours: Markdown code
    {"{\"email\":\"bob@example.cn\"}", "{\"email\":\"***@example.cn\"}"},  // ours: JSON text
    {"邮箱：alice@example.com", "邮箱：***@example.com"},            // ours: full-width colon
    {"请发邮件至alice@example.com了解更多", "请发邮件至***@example.com了解更多"},  // ours: CJK prose without spaces
    {"https://shop.example/u/alice@example.com", "https://shop.example/u/***@example.com"},  // ours: address in a URL path
    {"see https://x.example/?to=alice@example.com", "see https://x.example/?to=***@example.com"},  // ours: address in a query
    {"13812345678@163.com", "***@163.com"},                          // ours: a phone number as local part
    {"Pelé@example.com", "***@example.com"},                         // Wikipedia "Email address": internationalization
    {"josé@exemple.fr", "***@exemple.fr"},                           // ours: Latin with diacritics
    {"δοκιμή@παράδειγμα.δοκιμή", "***@παράδειγμα.δοκιμή"},           // Wikipedia "Email address": internationalization (Greek)
    {"我買@屋企.香港", "***@屋企.香港"},                             // Wikipedia "Email address": internationalization (Chinese)
    {"二ノ宮@黒川.日本", "***@黒川.日本"},                           // Wikipedia "Email address": internationalization (Japanese)
    {"медведь@с-балалайкой.рф", "***@с-балалайкой.рф"},              // Wikipedia "Email address": internationalization (Cyrillic)
    {"संपर्क@डाटामेल.भारत", "***@डाटामेल.भारत"},                      // Wikipedia "Email address": internationalization (Devanagari)
    {"用户@例子.广告", "***@例子.广告"},                             // ours: EAI (RFC 6530) address, CJK both sides
    {"联系 用户@例子.广告。", "联系 ***@例子.广告。"},               // ours: EAI address in CJK prose
    {"alice@example.com了解更多", "***@example.com了解更多"},        // ours: CJK right after the domain
    {"1234567890123456789012345678901234567890123456789012345678901234+x@example.com", "***@example.com"},  // Wikipedia "Email address": invalid (local part too long), masked anyway
    {"a@b@c@example.com", "a@b@***@example.com"},                    // Wikipedia "Email address": invalid (several @)
    {"just\"not\"right@example.com", "just\"not\"***@example.com"},  // Wikipedia "Email address": invalid (quotes)
    {"abc.example.com", "abc.example.com"},                          // Wikipedia "Email address": invalid (no @)
    {"i.like.underscores@but_they_are_not_allowed_in_this_part", "i.like.underscores@but_they_are_not_allowed_in_this_part"},  // Wikipedia "Email address": invalid (domain)
    // Chinese resident ID numbers: province, birth date and check digit valid
    {"11010519491231002X", "1****************X"},                    // GB 11643-1999 example
    {"身份证 110105194912310021 已登记", "身份证 110105194912310021 已登记"},  // GB 11643-1999 example with a wrong check digit: not an ID
    {"ID 440524198001010013", "ID 4****************3"},              // ours
    {"born 1880: 440524188001010014", "born 1880: **************0014"},  // GB 11643-1999 example (born 1880, outside 1900-2099): masked as a Luhn-valid card
    {"11010519491231002x", "1****************x"},                    // GB 11643-1999 example, lower-case x
    {"11010519491231002X.", "1****************X."},                  // GB 11643-1999 example: sentence full stop
    {"身份证号：11010519491231002X。", "身份证号：1****************X。"},  // GB 11643-1999 example in CJK prose
    {"110105 19491231 002X", "1***** ******** ***X"},                // GB 11643-1999 example, spaced 6-8-4
    {"１１０１０５１９４９１２３１００２Ｘ", "１****************Ｘ"},  // GB 11643-1999 example, full-width
    {"11010119900307803X", "1****************X"},                    // ours: GB 11643 check digit computed
    {"440306199901011231 13812345678", "4****************1 138****5678"},  // ours: GB 11643 check digit computed, a phone after
    {"510107202311140015", "5****************5"},                    // ours: GB 11643 check digit computed, born 2023
    {"110105194902310026", "110105194902310026"},                    // ours: check digit right but 31 February: not an ID
    {"990105194912310023", "990105194912310023"},                    // ours: check digit right but no province 99: not an ID
    // bank cards: 14-19 digits, Luhn-valid, with a card network's IIN: all but the last 4
    {"4111111111111111", "************1111"},                        // Braintree test card: Visa
    {"card 4111 1111 1111 1111", "card **** **** **** 1111"},        // Braintree test card: Visa, spaced
    {"6222 0212 3456 7894", "**** **** **** 7894"},                  // ours: UnionPay, Luhn-valid
    {"378282246310005", "***********0005"},                          // Stripe test card: American Express
    {"5555-5555-5555-4444", "****-****-****-4444"},                  // Stripe test card: Mastercard, dashed
    {"4242424242424242", "************4242"},                        // Stripe test card: Visa
    {"4242 4242 4242 4242.", "**** **** **** 4242."},                // Stripe test card: Visa, full stop
    {"4000056655665556", "************5556"},                        // Stripe test card: Visa debit
    {"2223003122003222", "************3222"},                        // Stripe test card: Mastercard 2-series
    {"5200828282828210", "************8210"},                        // Stripe test card: Mastercard debit
    {"5105105105105100", "************5100"},                        // Stripe test card: Mastercard prepaid
    {"3782 822463 10005", "**** ****** *0005"},                      // Stripe test card: American Express, as printed 4-6-5
    {"371449635398431", "***********8431"},                          // Stripe test card: American Express
    {"6011111111111117", "************1117"},                        // Stripe test card: Discover
    {"6011 0009 9013 9424", "**** **** **** 9424"},                  // Stripe test card: Discover, spaced
    {"3056930009020004", "************0004"},                        // Stripe test card: Diners Club
    {"36227206271667", "**********1667"},                            // Stripe test card: Diners Club 14-digit
    {"3622 720627 1667", "**** ****** 1667"},                        // Stripe test card: Diners Club 14-digit, as printed 4-6-4
    {"6555900000604105", "************4105"},                        // Stripe test card: BCcard and DinaCard
    {"3566002020360505", "************0505"},                        // Stripe test card: JCB
    {"6200000000000005", "************0005"},                        // Stripe test card: UnionPay
    {"6205500000000000004", "***************0004"},                  // Stripe test card: UnionPay 19-digit
    {"6205 5000 0000 0000 004", "**** **** **** ***0 004"},          // Stripe test card: UnionPay 19-digit, spaced 4-4-4-4-3
    {"4012888888881881", "************1881"},                        // Braintree test card: Visa
    {"4005519200000004", "************0004"},                        // Braintree test card: Visa
    {"4009348888881881", "************1881"},                        // Braintree test card: Visa
    {"4217651111111119", "************1119"},                        // Braintree test card: Visa
    {"4500600000000061", "************0061"},                        // Braintree test card: Visa
    {"2223000048400011", "************0011"},                        // Braintree test card: Mastercard 2-series
    {"3530111333300000", "************0000"},                        // Braintree test card: JCB
    {"6304000000000000", "************0000"},                        // Braintree test card: Maestro
    {"36259600000004", "**********0004"},                            // Braintree test card: Diners Club 14-digit
    {"4111 1111 1111 1111 12/27", "**** **** **** 1111 12/27"},      // Braintree test card and an expiry
    {"4111 1111 1111 1111 1227", "**** **** **** 1111 1227"},        // Braintree test card and an expiry without slash
    {"4111111111111111 13812345678", "************1111 138****5678"},  // Braintree test card and a phone
    {"卡号4111111111111111，谢谢", "卡号************1111，谢谢"},    // Braintree test card in CJK prose
    {"/pay/4111111111111111.json", "/pay/************1111.json"},    // Braintree test card in a URL path
    // must NOT be masked: order numbers, timestamps, prices, versions, codes
    {"order 20231114123456", "order 20231114123456"},                // ours: date + time
    {"ts=1700000000000", "ts=1700000000000"},                        // ours: Unix time in ms
    {"1700000000", "1700000000"},                                    // ours: Unix time in s
    {"1700000000000000", "1700000000000000"},                        // ours: Unix time in us (16 digits, no IIN)
    {"4111111111111112", "4111111111111112"},                        // ours: fails Luhn
    {"4242424242424241", "4242424242424241"},                        // Stripe's incorrect_number test card: fails Luhn
    {"1234567890123456", "1234567890123456"},                        // ours: starts with 1: no card network
    {"price 1999.00", "price 1999.00"},                              // ours: decimal
    {"version 13.8.1234", "version 13.8.1234"},                      // ours: version
    {"SKU A13812345678", "SKU A13812345678"},                        // ours: glued to letters
    {"13812345678abc", "13812345678abc"},                            // ours: glued to letters
    {"12812345678", "12812345678"},                                  // ours: 12x is not a mobile prefix
    {"1381234567", "1381234567"},                                    // ours: 10 digits
    {"138123456789", "138123456789"},                                // ours: 12 digits
    {"room 404, floor 12", "room 404, floor 12"},                    // ours
    {"not@an", "not@an"},                                            // ours: no dot in the domain
    {"@handle", "@handle"},                                          // ours: a social handle
    {"", ""},                                                        // ours
    {"3.14159265358979", "3.14159265358979"},                        // ours: decimal
    {"202311141234567890", "202311141234567890"},                    // ours: order number, date-led 18 digits
    {"202311141234567897", "202311141234567897"},                    // ours: order number, date-led 18 digits, passes Luhn
    {"2023111412345674", "2023111412345674"},                        // ours: order number, date-led 16 digits, passes Luhn
    {"2023111412345678901", "2023111412345678901"},                  // ours: order number, date-led 19 digits, passes Luhn
    {"订单号：202311141234567897", "订单号：202311141234567897"},    // ours: order number in CJK prose
    {"20231114103000", "20231114103000"},                            // ours: YYYYMMDDhhmmss
    {"1.5", "1.5"},                                                  // ours: decimal
    {"13812345678.5", "13812345678.5"},                              // ours: a '.' between digits is a decimal point
    {"1.13812345678", "1.13812345678"},                              // ours: a '.' between digits is a decimal point
    {"192.168.1.1", "192.168.1.1"},                                  // RFC 1918 address
    {"2023-11-14", "2023-11-14"},                                    // ISO 8601 date
    {"2023-11-14T10:20:30Z", "2023-11-14T10:20:30Z"},                // ISO 8601 timestamp
    {"2023/11/14 10:20", "2023/11/14 10:20"},                        // ours: date
    {"978-0-306-40615-7", "978-0-306-40615-7"},                      // Wikipedia "ISBN" example
    {"9780306406157", "9780306406157"},                              // Wikipedia "ISBN" example, digits only
    {"4006381333931", "4006381333931"},                              // Wikipedia "International Article Number" example (EAN-13)
    {"036000291452", "036000291452"},                                // Wikipedia "Universal Product Code" example (UPC-A)
    {"1920x1080", "1920x1080"},                                      // ours: a screen size, not an ID check digit
    {"13x 45678901", "13x 45678901"},                                // ours: a check digit X ends a number
    {"$1,234,567.89", "$1,234,567.89"},                              // ours: amount with thousands separators
    {"550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"},  // RFC 4122 example UUID
    {"logo@2x.png", "logo@2x.png"},                                  // ours: retina image name
    {"icon@3x.webp", "icon@3x.webp"},                                // ours: retina image name
    {"/img/avatar@2x.jpg?v=3", "/img/avatar@2x.jpg?v=3"},            // ours: retina image in a URL
    {"bg@1.5x.PNG", "bg@1.5x.PNG"},                                  // ours: fractional scale, upper-case extension
    {"npm i vue@3.2.0", "npm i vue@3.2.0"},                          // ours: package version
    {"user@localhost", "user@localhost"},                            // ours: no dot in the domain
    {"@media (max-width: 600px)", "@media (max-width: 600px)"},      // ours: CSS
    {"+1 2", "+1 2"},                                                // ours: too short for E.164
};

}  // namespace

TEST_CASE("[C11] personal data in free text is masked, and order numbers and timestamps are not") {
    const MaskRules rules;
    int count = 0;
    for (const auto& c : kTextCases) {
        INFO(c.input);
        CHECK(assent::maskText(c.input, rules) == c.masked);
        ++count;
    }
    CHECK(count >= 150);
}

TEST_CASE("[C11] each masking rule can be turned off in config") {
    MaskRules none;
    none.phone = none.email = none.idNumber = none.bankCard = false;
    for (const auto& c : kTextCases) CHECK(assent::maskText(c.input, none) == c.input);
    MaskRules phoneOnly = none;
    phoneOnly.phone = true;
    CHECK(assent::maskText("13812345678 alice@example.com", phoneOnly) == "138****5678 alice@example.com");
    MaskRules noCards;
    noCards.bankCard = false;
    CHECK(assent::maskText("4111111111111111 11010519491231002X", noCards) == "4111111111111111 1****************X");
}

TEST_CASE("[C11] URLs lose deny-listed parameters and keep the rest masked") {
    const MaskRules rules;
    const Case cases[] = {
        {"https://shop.example/p?id=7&token=abc123", "https://shop.example/p?id=7"},
        {"/login?email=a%40b.com&next=%2Fcart", "/login?next=%2Fcart"},
        {"/search?q=13812345678", "/search?q=138****5678"},
        {"/search?q=mail%20alice%40example.com", "/search?q=mail%20***%40example.com"},
        {"/cb#access_token=xyz&state=1", "/cb#state=1"},
        {"/profile/13812345678/orders", "/profile/138****5678/orders"},
        {"/a?Token=x&PHONE=1&ok=1", "/a?ok=1"},
        {"/only?token=x", "/only"},
        {"/plain#section-2", "/plain#section-2"},
        {"/q?ts=1700000000000&order=20231114123456", "/q?ts=1700000000000&order=20231114123456"},
        {"/u/13812345678.html", "/u/138****5678.html"},
        {"/profile/alice@example.com/orders", "/profile/***@example.com/orders"},
        {"/s?q=o%27brien%40example.com", "/s?q=***%40example.com"},
        {"/img/logo@2x.png?v=2", "/img/logo@2x.png?v=2"},
        {"/pay?card=4111%201111%201111%201111&x=1", "/pay?card=****%20****%20****%201111&x=1"},
        {"/a?&&&b=1&&", "/a?b=1"},
    };
    for (const auto& c : cases) {
        INFO(c.input);
        CHECK(assent::maskUrl(c.input, rules) == c.masked);
    }
}

namespace {

std::string repeat(std::string_view unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

constexpr std::size_t kMegabyte = 1 << 20;

}  // namespace

// Each masking pass is linear; these inputs made the old scanner quadratic
// or are the worst cases of this one. They only have to finish with the
// right shape: the figures are in tests/bench/core_bench.cpp.
TEST_CASE("[C11] a megabyte of adversarial text is masked in one pass, and in the right shape") {
    const MaskRules rules;
    // Nothing here is personal data: the output is the input.
    for (const char* unit : {"@", "a@", "@a.", "\"@", "1", "1 ", "1-2-", "1.", "+1 ", "１", "x@2x.png ", "a.", "((",
                             "\x80@", "13.8.", "1  ", "2023-11-14 "}) {
        INFO(unit);
        const std::string text = repeat(unit, kMegabyte / std::string_view(unit).size());
        CHECK(assent::maskText(text, rules) == text);
    }
    const std::string longLocal = repeat("a", kMegabyte);
    CHECK(assent::maskText(longLocal + "@", rules) == longLocal + "@");                    // no domain
    CHECK(assent::maskText(repeat("a.", kMegabyte / 2) + "@", rules) == repeat("a.", kMegabyte / 2) + "@");
    CHECK(assent::maskText(longLocal + "@example.com", rules) == "***@example.com");        // one huge local part

    // Everything here is: each unit is masked on its own.
    const Case units[] = {
        {"a@b.co ", "***@b.co "},
        {"o'brien@example.com,", "***@example.com,"},
        {"13812345678 ", "138****5678 "},
        {"13812345678 2 ", "138****5678 2 "},
        {"4111 1111 1111 1111 ", "**** **** **** 1111 "},
        {"１３８１２３４５６７８ ", "１３８****５６７８ "},
        {"a@b.co 13812345678. ", "***@b.co 138****5678. "},
    };
    for (const auto& u : units) {
        INFO(u.input);
        const std::size_t times = kMegabyte / std::string_view(u.input).size();
        CHECK(assent::maskText(repeat(u.input, times), rules) == repeat(u.masked, times));
    }
    // "a@b.coa@b.coa@…b.co": every '@' has a local part ("b.coa") and a domain.
    const std::size_t times = kMegabyte / 6;
    CHECK(assent::maskText(repeat("a@b.co", times), rules) == repeat("***@", times) + "b.co");
}

