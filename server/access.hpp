// Who may read or erase what is kept about a consent id (C18): the device
// that holds the secret created with that consent id, or an operator. A
// consent id alone is not a key: it travels in every batch and cookie.
//
// Both prove themselves with `Authorization: Bearer <secret or token>`. Only
// SHA-256 hashes are kept: of each device's secret (sent with its receipts,
// intake.hpp) and of each operator token (the server's options). Hashes are
// compared in constant time, and a wrong secret, another person's consent
// id and an unknown one are answered alike (403), so nothing tells them apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store.hpp"

namespace assent::server {

struct Access {
    std::vector<std::string> operatorTokenHashes;  // SHA-256 hex of each operator token
};

enum class Caller : unsigned char {
    Missing,   // no bearer credential: 401
    Refused,   // not this consent id's device, nor an operator: 403
    Visitor,   // the device of this consent id
    Operator,  // an operator (every consent id; each action is logged)
};

// authorization: the request's Authorization header ("" when absent).
Caller authorize(const Access&, Store&, std::string_view authorization, std::string_view consentId);

// Equal, in time that depends only on the length of `known`.
bool sameSecretHash(std::string_view given, std::string_view known);

}  // namespace assent::server
