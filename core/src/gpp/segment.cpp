#include "segment.hpp"

#include "assent/json_writer.hpp"
#include "assent/tcf/base64url.hpp"

namespace assent::gpp {

std::vector<std::string_view> splitOn(std::string_view text, char delimiter) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(delimiter, start)) != std::string_view::npos; start = at + 1)
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

Result<tcf::Bits> segmentBits(std::string_view text, const std::string& part) {
    if (text.empty()) return Problems{{part, "is empty"}};
    std::size_t badAt = 0;
    auto bits = tcf::fromBase64Url(text, &badAt);
    if (!bits)
        return Problems{{part, "character '" + std::string(1, text[badAt]) + "' at offset " +
                                   decimal(static_cast<std::int64_t>(badAt)) + " is not base64url (A–Z a–z 0–9 - _)"}};
    return std::move(*bits);
}

void checkPadding(tcf::FieldReader& in, std::string_view field) {
    if (!in.ok()) return;
    const std::size_t left = in.remaining();
    if (left > kMaxPaddingBits) {
        in.fail(field, decimal(static_cast<std::int64_t>(left)) + " bits follow the last field; padding is at most " +
                           decimal(static_cast<std::int64_t>(kMaxPaddingBits)));
        return;
    }
    for (std::size_t i = 0; i < left; ++i)
        if (in.flag(field)) {
            in.fail(field, "the padding after the last field is not all zeros");
            return;
        }
}

}  // namespace assent::gpp
