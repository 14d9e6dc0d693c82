// usnat's core segment, composed from one encoder per field type: Int(6)
// for Version, Int(2) for every notice, opt-out, consent and MSPA field,
// and a fixed list of Int(2) for the sensitive-data and known-child arrays;
// then the GPC sub-section (SubsectionType Int(2) = 1, Gpc Boolean).
#include "assent/gpp/usnat.hpp"

#include "../tcf/fields.hpp"
#include "assent/json_writer.hpp"
#include "assent/tcf/base64url.hpp"
#include "segment.hpp"

namespace assent::gpp {
namespace {

constexpr int kVersionWidth = 6, kTwoBits = 2;
constexpr std::uint64_t kGpcSubsection = 1;

// The Int(2) fields around the two arrays, in the order the string has them.
struct TwoBitField {
    const char* name;
    std::uint8_t UsNat::*member;
    std::uint8_t lowest;  // 1 where 0 is undefined
};
constexpr TwoBitField kBeforeArrays[] = {
    {"SharingNotice", &UsNat::sharingNotice, 0},
    {"SaleOptOutNotice", &UsNat::saleOptOutNotice, 0},
    {"SharingOptOutNotice", &UsNat::sharingOptOutNotice, 0},
    {"TargetedAdvertisingOptOutNotice", &UsNat::targetedAdvertisingOptOutNotice, 0},
    {"SensitiveDataProcessingOptOutNotice", &UsNat::sensitiveDataProcessingOptOutNotice, 0},
    {"SensitiveDataLimitUseNotice", &UsNat::sensitiveDataLimitUseNotice, 0},
    {"SaleOptOut", &UsNat::saleOptOut, 0},
    {"SharingOptOut", &UsNat::sharingOptOut, 0},
    {"TargetedAdvertisingOptOut", &UsNat::targetedAdvertisingOptOut, 0},
};
constexpr TwoBitField kAfterArrays[] = {
    {"PersonalDataConsents", &UsNat::personalDataConsents, 0},
    {"MspaCoveredTransaction", &UsNat::mspaCoveredTransaction, 1},
    {"MspaOptOutOptionMode", &UsNat::mspaOptOutOptionMode, 0},
    {"MspaServiceProviderMode", &UsNat::mspaServiceProviderMode, 0},
};

std::string range(std::uint8_t lowest) { return lowest == 0 ? "0–2" : "1–2"; }

// ---- Int(2) ----

std::uint8_t readTwoBits(tcf::FieldReader& in, const char* field, std::uint8_t lowest) {
    const auto v = in.number(kTwoBits, field);
    if (in.ok() && (v < lowest || v > 2))
        in.fail(field, "value " + decimal(static_cast<std::int64_t>(v)) + " is undefined (" + range(lowest) + ")");
    return static_cast<std::uint8_t>(v);
}

// ---- fixed list of Int(2) ----

std::vector<std::uint8_t> readTwoBitList(tcf::FieldReader& in, const char* field, std::size_t count) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < count && in.ok(); ++i) out.push_back(readTwoBits(in, field, 0));
    return out;
}

void writeTwoBitList(tcf::BitWriter& out, const std::vector<std::uint8_t>& list) {
    for (const auto v : list) out.write(v, kTwoBits);
}

}  // namespace

bool UsNat::operator==(const UsNat& o) const {
    for (const auto& f : kBeforeArrays)
        if (this->*f.member != o.*f.member) return false;
    for (const auto& f : kAfterArrays)
        if (this->*f.member != o.*f.member) return false;
    return version == o.version && sensitiveDataProcessing == o.sensitiveDataProcessing &&
           knownChildSensitiveDataConsents == o.knownChildSensitiveDataConsents && gpc == o.gpc;
}

std::size_t sensitiveCategories(int version) { return version == 1 ? 12 : version == 2 ? 16 : 0; }
std::size_t knownChildEntries(int version) { return version == 1 ? 2 : version == 2 ? 3 : 0; }

Result<std::string> encodeUsNat(const UsNat& m) {
    Problems problems;
    const auto bad = [&](std::string field, std::string reason) { problems.push_back({"usnat." + field, std::move(reason)}); };
    if (!sensitiveCategories(m.version)) bad("Version", decimal(m.version) + " is not a usnat version Assent writes (1 or 2)");
    const auto checkField = [&](const TwoBitField& f) {
        if (m.*f.member < f.lowest || m.*f.member > 2) bad(f.name, decimal(m.*f.member) + " is outside " + range(f.lowest));
    };
    for (const auto& f : kBeforeArrays) checkField(f);
    for (const auto& f : kAfterArrays) checkField(f);
    const auto checkList = [&](const char* field, const std::vector<std::uint8_t>& list, std::size_t count) {
        if (count && list.size() != count)
            bad(field, "has " + decimal(static_cast<std::int64_t>(list.size())) + " entries; version " + decimal(m.version) +
                           " has " + decimal(static_cast<std::int64_t>(count)));
        for (const auto v : list)
            if (v > 2) bad(field, decimal(v) + " is outside 0–2");
    };
    checkList("SensitiveDataProcessing", m.sensitiveDataProcessing, sensitiveCategories(m.version));
    checkList("KnownChildSensitiveDataConsents", m.knownChildSensitiveDataConsents, knownChildEntries(m.version));
    if (!problems.empty()) return problems;

    tcf::BitWriter core;
    core.write(m.version, kVersionWidth);
    for (const auto& f : kBeforeArrays) core.write(m.*f.member, kTwoBits);
    writeTwoBitList(core, m.sensitiveDataProcessing);
    writeTwoBitList(core, m.knownChildSensitiveDataConsents);
    for (const auto& f : kAfterArrays) core.write(m.*f.member, kTwoBits);
    std::string out = tcf::toBase64Url(core.bits());
    if (m.gpc) {
        tcf::BitWriter gpc;
        gpc.write(kGpcSubsection, kTwoBits);
        gpc.write(*m.gpc);
        out += '.';
        out += tcf::toBase64Url(gpc.bits());
    }
    return out;
}

Result<UsNat> decodeUsNat(std::string_view text) {
    const auto parts = splitOn(text, '.');
    if (parts.size() > 2) return Problems{{"usnat", "has " + decimal(static_cast<std::int64_t>(parts.size())) + " sub-sections; it has at most 2 (core, GPC)"}};
    UsNat m;
    std::size_t budget = 0;
    {
        auto bits = segmentBits(parts[0], "usnat.core");
        if (!bits) return bits.problems();
        tcf::FieldReader in(bits.value(), "usnat", budget);
        m.version = static_cast<std::uint8_t>(in.number(kVersionWidth, "Version"));
        if (in.ok() && !sensitiveCategories(m.version))
            in.fail("Version", "version " + decimal(m.version) + " is not a usnat version Assent reads (1 or 2)");
        for (const auto& f : kBeforeArrays) m.*f.member = readTwoBits(in, f.name, f.lowest);
        m.sensitiveDataProcessing = readTwoBitList(in, "SensitiveDataProcessing", sensitiveCategories(m.version));
        m.knownChildSensitiveDataConsents = readTwoBitList(in, "KnownChildSensitiveDataConsents", knownChildEntries(m.version));
        for (const auto& f : kAfterArrays) m.*f.member = readTwoBits(in, f.name, f.lowest);
        checkPadding(in, "core");
        if (!in.ok()) return Problems{in.problem()};
    }
    if (parts.size() == 2) {
        auto bits = segmentBits(parts[1], "usnat.gpc");
        if (!bits) return bits.problems();
        tcf::FieldReader in(bits.value(), "usnat", budget);
        const auto type = in.number(kTwoBits, "SubsectionType");
        if (in.ok() && type != kGpcSubsection)
            in.fail("SubsectionType", "sub-section type " + decimal(static_cast<std::int64_t>(type)) + " is not GPC (1)");
        m.gpc = in.flag("Gpc");
        checkPadding(in, "gpc");
        if (!in.ok()) return Problems{in.problem()};
    }
    return m;
}

}  // namespace assent::gpp
