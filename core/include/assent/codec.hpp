// The stored form of a consent record: compact, versioned, checksummed, and
// safe as a cookie value. Decoding never fails open: anything truncated,
// altered or from an unknown version is rejected with a reason, and a
// rejected record counts as no consent at all.
#pragma once

#include <string>
#include <string_view>

#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

inline constexpr int kRecordCodecVersion = 1;

std::string encodeRecord(const ConsentRecord&);
Result<ConsentRecord> decodeRecord(std::string_view stored);

// FNV-1a, 32 bits: catches damage, not forgery (the record is the person's own).
std::uint32_t checksum(std::string_view);

}  // namespace assent
