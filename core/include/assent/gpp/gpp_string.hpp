// The GPP string (spec: GPP "Consent String Specification", version 1):
// a header (Type 3, Version 1, the section ids as a Fibonacci range) and
// one section per id, in the header's order, joined by '~'. Assent reads
// and writes tcfeuv2 (section 2: a TC string, as the TCF codec makes it) and
// usnat (section 7); the text of any other section is carried as written.
//
// Decoding is strict: a damaged header, a section count that differs from
// the header's, ids out of order, or a tcfeuv2 or usnat section that its own
// codec refuses, is a problem, never a partial string.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "assent/gpp/usnat.hpp"
#include "assent/id_set.hpp"
#include "assent/result.hpp"

namespace assent::gpp {

inline constexpr std::uint16_t kTcfEuV2SectionId = 2;
inline constexpr const char* kTcfEuV2Prefix = "tcfeuv2";

struct GppString {
    std::optional<std::string> tcfEuV2;  // the TC string
    std::optional<UsNat> usNat;
    std::map<std::uint16_t, std::string> others;  // id -> the section's text, unread

    // The section ids the header lists, ascending.
    IdSet sectionIds() const;
    bool operator==(const GppString& o) const { return tcfEuV2 == o.tcfEuV2 && usNat == o.usNat && others == o.others; }
};

// The header alone: the ids it lists, in order.
std::string encodeGppHeader(const IdSet& sectionIds);
Result<IdSet> decodeGppHeader(std::string_view);

Result<std::string> encodeGppString(const GppString&);
Result<GppString> decodeGppString(std::string_view);

}  // namespace assent::gpp
