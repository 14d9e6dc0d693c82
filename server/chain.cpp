#include "chain.hpp"

#include "assent/sha256.hpp"

namespace assent::server {
namespace {

constexpr std::string_view kDomain = "assent-chain-1";

// Each field prefixed by its length, so that no two different links write
// the same text (moving characters from one field to the next changes it).
void field(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
}

std::string linkHashOf(const ChainLink& l) {
    std::string canon;
    field(canon, kDomain);
    field(canon, l.site);
    field(canon, std::to_string(l.seq));
    field(canon, std::to_string(l.receivedMs));
    field(canon, l.contentHash);
    field(canon, l.prevHash);
    return sha256Hex(canon);
}

std::string at(std::int64_t seq) { return "link " + std::to_string(seq); }

}  // namespace

std::string contentHashOf(std::string_view content) { return sha256Hex(content); }

ChainLink appendLink(std::string_view site, const ChainLink* last, std::int64_t receivedMs, std::string content) {
    ChainLink l;
    l.site = std::string(site);
    l.seq = last ? last->seq + 1 : 1;
    l.receivedMs = receivedMs;
    l.contentHash = contentHashOf(content);
    l.prevHash = last ? last->linkHash : std::string();
    l.content = std::move(content);
    l.linkHash = linkHashOf(l);
    return l;
}

std::string ChainBreak::message() const { return at(seq) + ": " + reason; }

// In order, per link: a gap in seq (a link removed), a link that does not name the one
// before it (links reordered, or one removed and the rest renumbered), a
// link whose own fields do not hash to it, a content that does not hash to
// its contentHash (a tombstone has no content left to check).
std::optional<ChainBreak> verifyChain(const std::vector<ChainLink>& links, const ChainHead& head) {
    const ChainLink* prev = nullptr;
    std::int64_t expected = 1;
    for (const auto& l : links) {
        if (l.seq > expected)
            return ChainBreak{expected, "removed: the chain goes on at " + at(l.seq) + " without it"};
        if (l.seq < expected) return ChainBreak{l.seq, "reordered: a second " + at(l.seq)};
        if (l.prevHash != (prev ? prev->linkHash : std::string()))
            return ChainBreak{l.seq, prev ? "reordered: it does not follow " + at(prev->seq) + " in the chain"
                                          : "reordered: the first link names a link before it"};
        if (l.site != (prev ? prev->site : l.site)) return ChainBreak{l.seq, "altered: its site was changed"};
        if (linkHashOf(l) != l.linkHash)
            return ChainBreak{l.seq, "altered: its time, place or content hash no longer hash to its link"};
        if (!l.erased && contentHashOf(l.content) != l.contentHash)
            return ChainBreak{l.seq, "altered: its content no longer matches its hash"};
        prev = &l;
        ++expected;
    }
    const std::int64_t last = prev ? prev->seq : 0;
    if (last < head.seq) return ChainBreak{last + 1, "removed: the chain's head says it goes on to " + at(head.seq)};
    if (last > head.seq || (prev && prev->linkHash != head.linkHash))
        return ChainBreak{last, "altered: the chain's head names another newest link"};
    return std::nullopt;
}

std::optional<ChainBreak> checkAnchor(const std::vector<ChainLink>& links, const ChainHead& anchor) {
    for (const auto& l : links) {
        if (l.seq != anchor.seq) continue;
        if (l.linkHash == anchor.linkHash) return std::nullopt;
        return ChainBreak{l.seq, "rewritten: it is not the link anchored outside the file (" + anchor.linkHash + ")"};
    }
    return ChainBreak{anchor.seq, "removed: the link anchored outside the file is not in it"};
}

std::optional<ChainHead> parseAnchor(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || text.size() - colon - 1 != 64) return std::nullopt;
    ChainHead head;
    for (const char c : text.substr(0, colon)) {
        if (c < '0' || c > '9' || head.seq > 1'000'000'000'000) return std::nullopt;
        head.seq = head.seq * 10 + (c - '0');
    }
    head.linkHash = std::string(text.substr(colon + 1));
    for (const char c : head.linkHash)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    if (head.seq < 1) return std::nullopt;
    return head;
}

}  // namespace assent::server
