// base64url (RFC 4648 §5) without '=' padding, as TC strings use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "assent/tcf/bits.hpp"

namespace assent::tcf {

// The bits padded with zeros to whole bytes, so that any standard base64url
// decoder (server-side ones decode to bytes) accepts the text.
std::string toBase64Url(const Bits&);

// Six bits a character. Nullopt when a character is not in the base64url
// alphabet ('=' padding included); *badAt then names its offset.
std::optional<Bits> fromBase64Url(std::string_view text, std::size_t* badAt = nullptr);

}  // namespace assent::tcf
