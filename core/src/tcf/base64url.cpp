#include "assent/tcf/base64url.hpp"

namespace assent::tcf {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

}  // namespace

std::string toBase64Url(const Bits& bits) {
    const std::size_t bytes = (bits.size() + 7) / 8;
    const std::size_t padded = bytes * 8;
    std::string out;
    out.reserve((padded + 5) / 6);
    for (std::size_t at = 0; at < padded; at += 6) {
        unsigned value = 0;
        for (std::size_t i = at; i < at + 6; ++i) value = (value << 1) | (i < bits.size() && bits[i] ? 1U : 0U);
        out += kAlphabet[value];
    }
    return out;
}

std::optional<Bits> fromBase64Url(std::string_view text, std::size_t* badAt) {
    Bits bits;
    bits.reserve(text.size() * 6);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int value = sextet(text[i]);
        if (value < 0) {
            if (badAt) *badAt = i;
            return std::nullopt;
        }
        for (int b = 5; b >= 0; --b) bits.push_back(((value >> b) & 1) != 0);
    }
    return bits;
}

}  // namespace assent::tcf
