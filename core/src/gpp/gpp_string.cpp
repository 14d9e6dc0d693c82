// The header and the '~'-joined sections, composed from the field types
// of fibonacci.cpp and the section codecs (usnat.cpp, tcf/tc_string.cpp).
#include "assent/gpp/gpp_string.hpp"

#include "assent/gpp/fibonacci.hpp"
#include "assent/json_writer.hpp"
#include "assent/tcf/base64url.hpp"
#include "assent/tcf/tc_string.hpp"
#include "segment.hpp"

namespace assent::gpp {
namespace {

constexpr int kTypeWidth = 6, kVersionWidth = 6;
constexpr std::uint64_t kHeaderType = 3, kGppVersion = 1;

// A section Assent does not read is carried as written: it must still be
// URL-safe and free of the delimiter, as the spec asks of every section.
bool carriable(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

std::string sectionPath(std::uint16_t id) { return "section " + decimal(id); }

}  // namespace

IdSet GppString::sectionIds() const {
    IdSet ids;
    if (tcfEuV2) ids.insert(kTcfEuV2SectionId);
    if (usNat) ids.insert(kUsNatSectionId);
    for (const auto& entry : others) ids.insert(entry.first);
    return ids;
}

std::string encodeGppHeader(const IdSet& sectionIds) {
    tcf::BitWriter out;
    out.write(kHeaderType, kTypeWidth);
    out.write(kGppVersion, kVersionWidth);
    writeFibonacciRange(out, sectionIds);
    return tcf::toBase64Url(out.bits());
}

Result<IdSet> decodeGppHeader(std::string_view text) {
    auto bits = segmentBits(text, "header");
    if (!bits) return bits.problems();
    std::size_t budget = 65536;
    tcf::FieldReader in(bits.value(), "header", budget);
    const auto type = in.number(kTypeWidth, "Type");
    if (in.ok() && type != kHeaderType)
        in.fail("Type", "type " + decimal(static_cast<std::int64_t>(type)) + " is not the GPP header's (3)");
    const auto version = in.number(kVersionWidth, "Version");
    if (in.ok() && version != kGppVersion)
        in.fail("Version", "GPP version " + decimal(static_cast<std::int64_t>(version)) + " is not 1");
    auto ids = readFibonacciRange(in, "Sections");
    checkPadding(in, "Sections");
    if (!in.ok()) return Problems{in.problem()};
    if (ids.empty()) return Problems{{"header.Sections", "lists no section; a GPP string has at least one"}};
    if (ids.count(3)) return Problems{{"header.Sections", "lists id 3, the header's own"}};
    return IdSet(ids.begin(), ids.end());
}

Result<std::string> encodeGppString(const GppString& g) {
    const auto ids = g.sectionIds();
    if (ids.empty()) return Problems{{"gpp", "has no section; a GPP string has at least one"}};
    if (ids.count(3) || ids.count(0)) return Problems{{"gpp.others", "ids 0 and 3 are no section's"}};
    if (g.others.count(kTcfEuV2SectionId) || g.others.count(kUsNatSectionId))
        return Problems{{"gpp.others", "sections 2 and 7 are written from tcfEuV2 and usNat, not as text"}};
    std::string out = encodeGppHeader(ids);
    for (const auto id : ids) {
        out += '~';
        if (id == kTcfEuV2SectionId) {
            // The TC string as written, but only a valid one.
            const auto tc = tcf::decodeTcString(*g.tcfEuV2);
            if (!tc) return Problems{{"gpp.tcfeuv2", tc.message()}};
            out += *g.tcfEuV2;
        } else if (id == kUsNatSectionId) {
            auto usnat = encodeUsNat(*g.usNat);
            if (!usnat) return usnat.problems();
            out += usnat.value();
        } else {
            const auto& text = g.others.at(id);
            if (!carriable(text)) return Problems{{"gpp.others." + decimal(id), "is empty or not URL-safe base64url and '.'"}};
            out += text;
        }
    }
    return out;
}

Result<GppString> decodeGppString(std::string_view text) {
    if (text.empty()) return Problems{{"", "the GPP string is empty"}};
    const auto parts = splitOn(text, '~');
    auto header = decodeGppHeader(parts[0]);
    if (!header) return header.problems();
    const auto& ids = header.value();
    if (parts.size() - 1 != ids.size())
        return Problems{{"header.Sections", "the header lists " + decimal(static_cast<std::int64_t>(ids.size())) +
                                                ", the string has " + decimal(static_cast<std::int64_t>(parts.size() - 1)) + " sections"}};
    GppString g;
    std::size_t at = 1;
    for (const auto id : ids) {
        const std::string_view section = parts[at++];
        if (section.empty()) return Problems{{sectionPath(id), "is empty"}};
        if (id == kTcfEuV2SectionId) {
            const auto tc = tcf::decodeTcString(section);
            if (!tc) return Problems{{std::string(kTcfEuV2Prefix), tc.message()}};
            g.tcfEuV2 = std::string(section);
        } else if (id == kUsNatSectionId) {
            auto usnat = decodeUsNat(section);
            if (!usnat) return usnat.problems();
            g.usNat = std::move(usnat).value();
        } else {
            if (!carriable(section)) return Problems{{sectionPath(id), "is not URL-safe base64url and '.'"}};
            g.others[id] = std::string(section);
        }
    }
    return g;
}

}  // namespace assent::gpp
