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
    {"13812345678", "138****5678"},
    {"call 13812345678 now", "call 138****5678 now"},
    {"138 1234 5678", "138 **** 5678"},
    {"138-1234-5678", "138-****-5678"},
    {"+86 138 1234 5678", "+86 138 **** 5678"},
    {"+8613812345678", "+86138****5678"},
    {"8613812345678", "86138****5678"},
    {"008613812345678", "0086138****5678"},
    {"手机：13912345678。", "手机：139****5678。"},
    {"tel:15900001111", "tel:159****1111"},
    {"+1 415 555 2671", "+1 415 *** 2671"},
    {"+44 20 7946 0958", "+44 20 7*** 0958"},
    {"a 19912345678, b 17712345678", "a 199****5678, b 177****5678"},
    // e-mail addresses: the local part goes
    {"alice@example.com", "***@example.com"},
    {"write to bob.smith+news@mail.example.co.uk.", "write to ***@mail.example.co.uk."},
    {"张三 zhang_san@qq.com 你好", "张三 ***@qq.com 你好"},
    {"a@b.cn and c@d.org", "***@b.cn and ***@d.org"},
    // Chinese resident ID numbers: checksum and birth date valid
    {"11010519491231002X", "1****************X"},
    {"身份证 110105194912310021 已登记", "身份证 110105194912310021 已登记"},  // wrong check digit: not an ID
    {"ID 440524198001010013", "ID 4****************3"},
    {"born 1880: 440524188001010014", "born 1880: **************0014"},  // no ID (year), but a Luhn-valid card number
    {"11010519491231002x", "1****************x"},
    // bank cards: 15-19 digits, Luhn-valid, starting 2-6: all but the last 4
    {"4111111111111111", "************1111"},
    {"card 4111 1111 1111 1111", "card **** **** **** 1111"},
    {"6222 0212 3456 7894", "**** **** **** 7894"},
    {"378282246310005", "***********0005"},
    {"5555-5555-5555-4444", "****-****-****-4444"},
    // must NOT be masked: order numbers, timestamps, prices, versions, short codes
    {"order 20231114123456", "order 20231114123456"},
    {"ts=1700000000000", "ts=1700000000000"},
    {"1700000000", "1700000000"},
    {"4111111111111112", "4111111111111112"},       // fails Luhn
    {"1234567890123456", "1234567890123456"},       // starts with 1: not a card
    {"price 1999.00", "price 1999.00"},
    {"version 13.8.1234", "version 13.8.1234"},
    {"SKU A13812345678", "SKU A13812345678"},       // glued to letters
    {"12812345678", "12812345678"},                 // 12x is not a mobile prefix
    {"1381234567", "1381234567"},                   // 10 digits
    {"138123456789", "138123456789"},               // 12 digits
    {"room 404, floor 12", "room 404, floor 12"},
    {"not@an", "not@an"},
    {"@handle", "@handle"},
    {"", ""},
    {"3.14159265358979", "3.14159265358979"},
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
    CHECK(count >= 40);
}

TEST_CASE("[C11] each masking rule can be turned off in config") {
    MaskRules none;
    none.phone = none.email = none.idNumber = none.bankCard = false;
    for (const auto& c : kTextCases) CHECK(assent::maskText(c.input, none) == c.input);
    MaskRules phoneOnly = none;
    phoneOnly.phone = true;
    CHECK(assent::maskText("13812345678 alice@example.com", phoneOnly) == "138****5678 alice@example.com");
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
    };
    for (const auto& c : cases) {
        INFO(c.input);
        CHECK(assent::maskUrl(c.input, rules) == c.masked);
    }
}
