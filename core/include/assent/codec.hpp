// The stored form of consent records: compact, versioned, checksummed, and
// safe as a cookie value. Decoding never fails open: anything truncated,
// altered or from an unknown version is rejected with a reason, and a
// rejected record counts as no consent at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

// The newest version read; version 3 (2 with TCF choices) is written only
// for records that hold them, version 4 (3 with the attested TC string's
// hash) only for those attested, the rest as version 2.
inline constexpr int kRecordCodecVersion = 4;
// Version 1 records carried no expiry; on migration their decisions lapse
// this long after they were given (the default purpose expiry).
inline constexpr std::int64_t kV1ExpiryMs = 180LL * 24 * 60 * 60 * 1000;

std::string encodeRecord(const ConsentRecord&);
// Reads the current version and every older one.
Result<ConsentRecord> decodeRecord(std::string_view stored);

// The consent id of a current-version stored record whose checksum holds,
// without decoding the rest; nullopt otherwise.
std::optional<std::string_view> checkedConsentId(std::string_view stored);

// The current version's check: 32 bits that catch damage, not forgery (the
// record is the person's own; the collector keeps its own receipts).
std::uint32_t checksum(std::string_view);
// FNV-1a, 32 bits: version 1's check, and the site hash.
std::uint32_t fnv1a32(std::string_view);
// The parts between separators, empty ones too unless !keepEmpty: a
// record's fields, a ledger's lines. One loop for both: assent.wasm
// 107,380 / 43,260 -> 107,282 / 43,237 bytes raw / brotli (issue 11).
std::vector<std::string_view> split(std::string_view text, char sep, bool keepEmpty = true);
// 8 hex of the checksum of a config's site id, as a record carries it.
std::string siteHash(std::string_view siteId);

}  // namespace assent
