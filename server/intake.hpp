// What arrives at the server, checked once at the edge and turned into
// typed values. Nothing here decides consent: that is recheck's job, done by
// the core's Timeline. A body with the wrong shape is refused whole, with
// every problem named by its JSON path, so a broken shell is noticed at once
// rather than half-stored.
//
// The body of POST /v1/events is read by the core's own batch codec,
// assent::decodeBatch, beside the encodeBatch that wrote it in the shell: the
// collector reads exactly the format the core writes (kBatchVersion), with
// the core's JSON reader, and its messages ("events[3].id: missing").
#pragma once

#include <string>
#include <string_view>

#include "assent/result.hpp"

namespace assent::server {

// The body of POST /v1/consent: {"consent":"<stored record>"[,"key":"<hex>"]}.
// key: the SHA-256 (64 lowercase hex) of the secret the device created with
// its consent id, sent with its receipts so that only that device (or an
// operator) may later read or erase what is kept about it (access.hpp).
struct ReceiptBody {
    std::string stored;  // decoding it is the core's job (assent::decodeRecord)
    std::string key;     // "" when none was sent
};
Result<ReceiptBody> parseReceiptBody(std::string_view body);
// 64 lowercase hex characters.
bool isKeyHash(std::string_view);

}  // namespace assent::server
