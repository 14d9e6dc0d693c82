// The proof chain of consent receipts (C06, C09, C19): one append-only chain
// per site. Each link holds the SHA-256 of its receipt's content and of the
// link before it, so that altering, removing or reordering any receipt is
// found by walking the chain (verify), and an erasure can delete a receipt's
// content yet leave its link (a tombstone) and the chain whole.
//
//   contentHash = SHA-256 of the receipt's content (what the person decided)
//   linkHash    = SHA-256 of "assent-chain-1", site, seq, receivedMs,
//                 contentHash and the previous link's linkHash ("" for the first)
//
// Pure: the store reads and writes the links; this only computes and checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assent::server {

struct ChainLink {
    std::string site;
    std::int64_t seq = 0;          // 1, 2, 3, … within the site
    std::int64_t receivedMs = 0;   // the server's clock when it was appended
    std::string contentHash;       // 64 hex
    std::string prevHash;          // the link before's linkHash; "" for seq 1
    std::string linkHash;          // 64 hex
    bool erased = false;           // a tombstone: the content is gone
    std::string content;           // the content, unless erased
};

// The hash of a receipt's content, as contentHash holds it.
std::string contentHashOf(std::string_view content);

// The next link of a chain whose last link is `last` (none: the first).
ChainLink appendLink(std::string_view site, const ChainLink* last, std::int64_t receivedMs, std::string content);

// Why a chain does not verify: the first link found wrong, and how.
struct ChainBreak {
    std::int64_t seq = 0;  // the link's seq as stored (or the seq expected, for a missing one)
    std::string reason;    // "altered: …", "removed: …", "reordered: …"
    std::string message() const;
};

// The newest link as the store noted it on its own (seq and linkHash), so
// that removing the newest links, which leaves a shorter chain that still
// holds together, is found too.
struct ChainHead {
    std::int64_t seq = 0;
    std::string linkHash;
};

// Walks a site's links in stored order (by seq) up to its head; nothing
// wrong: none.
std::optional<ChainBreak> verifyChain(const std::vector<ChainLink>& links, const ChainHead& head);

// Someone who can rewrite the whole file can rebuild a chain that holds
// together, head included. A head recorded outside the file (the server
// logs it at start and every hour; an operator may copy it anywhere) is an
// anchor: the file must still hold that very link at that seq, so nothing at
// or before it can have been rewritten since it was recorded.
std::optional<ChainBreak> checkAnchor(const std::vector<ChainLink>& links, const ChainHead& anchor);

// "SEQ:LINKHASH" (a head as verify prints it) read back; none if malformed.
std::optional<ChainHead> parseAnchor(std::string_view);

}  // namespace assent::server
