// Segments of the TC string, composed from the field codecs in fields.cpp:
//   core:             Version … PublisherRestrictions (no segment type: its
//                     first 3 bits, of Version 2, read as type 0)
//   DisclosedVendors: SegmentType 1, then a vendor section
//   PublisherTC:      SegmentType 3, publisher purposes and custom purposes
#include "assent/tcf/tc_string.hpp"

#include "assent/json_writer.hpp"
#include "assent/tcf/base64url.hpp"
#include "fields.hpp"

namespace assent::tcf {
namespace {

enum SegmentType : std::uint64_t { kCore = 0, kDisclosedVendors = 1, kAllowedVendors = 2, kPublisherTc = 3 };

constexpr std::int64_t kMaxDayMs = ((1LL << width::kDay) - 1) * 100;

// ---- what a model must be to fit the format ----

class ModelCheck {
public:
    void range(std::string_view field, std::int64_t value, std::int64_t low, std::int64_t high) {
        if (value < low || value > high)
            add(field, decimal(value) + " is outside " + decimal(low) + "–" + decimal(high));
    }
    void ids(std::string_view field, const IdSet& ids, int low, int high) {
        for (const auto id : ids)
            if (id < low || id > high) add(field, "id " + decimal(id) + " is outside " + decimal(low) + "–" + decimal(high));
    }
    void letters(std::string_view field, const std::string& text) {
        const bool ok = text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
        if (!ok) add(field, "\"" + text + "\" is not two capital letters A–Z");
    }
    void add(std::string_view field, std::string reason) { problems_.push_back({std::string(field), std::move(reason)}); }
    Problems take() { return std::move(problems_); }

private:
    Problems problems_;
};

void checkCore(ModelCheck& c, const TcModel& m) {
    c.range("createdMs", m.createdMs, 0, kMaxDayMs);
    c.range("lastUpdatedMs", m.lastUpdatedMs, 0, kMaxDayMs);
    c.range("cmpId", m.cmpId, 0, 4095);
    c.range("cmpVersion", m.cmpVersion, 0, 4095);
    c.range("consentScreen", m.consentScreen, 0, 63);
    c.letters("consentLanguage", m.consentLanguage);
    c.range("vendorListVersion", m.vendorListVersion, 0, 4095);
    c.range("policyVersion", m.policyVersion, kOldestPolicyVersion, 63);
    c.ids("specialFeatureOptIns", m.specialFeatureOptIns, 1, width::kSpecialFeatures);
    c.ids("purposeConsents", m.purposeConsents, 1, width::kPurposes);
    c.ids("purposeLegitimateInterests", m.purposeLegitimateInterests, 1, width::kPurposes);
    // Purpose 1 is consent only (TCF Policies), 3–6 since TCF v2.2. Assent
    // never writes these; it reads purpose 1 as written (the string format
    // does not forbid the bit), and refuses 3–6 under policy 4 and later.
    for (int p : {1, 3, 4, 5, 6})
        if (m.purposeLegitimateInterests.count(static_cast<std::uint16_t>(p)))
            c.add("purposeLegitimateInterests", "purpose " + decimal(p) + " never takes legitimate interest (purpose 1, and 3–6 since TCF v2.2)");
    c.letters("publisherCountryCode", m.publisherCountryCode);
    c.ids("vendorConsents", m.vendorConsents, 1, 65535);
    c.ids("vendorLegitimateInterests", m.vendorLegitimateInterests, 1, 65535);
    c.ids("disclosedVendors", m.disclosedVendors, 1, 65535);
}

void checkRestrictions(ModelCheck& c, const std::vector<PublisherRestriction>& restrictions) {
    if (restrictions.size() > kMaxEntries) c.add("publisherRestrictions", "more than 4095 restrictions");
    for (std::size_t i = 0; i < restrictions.size(); ++i) {
        const auto& r = restrictions[i];
        const std::string path = "publisherRestrictions[" + decimal(static_cast<std::int64_t>(i)) + "]";
        c.range(path + ".purposeId", r.purposeId, 1, 63);
        c.range(path + ".type", static_cast<std::int64_t>(r.type), 0, 2);
        c.ids(path + ".vendors", r.vendors, 1, 65535);
        if (toRanges(r.vendors).size() > kMaxEntries) c.add(path + ".vendors", "more than 4095 ranges of vendors");
    }
}

void checkPublisherTc(ModelCheck& c, const PublisherTc& p) {
    c.ids("publisherTc.purposeConsents", p.purposeConsents, 1, width::kPurposes);
    c.ids("publisherTc.purposeLegitimateInterests", p.purposeLegitimateInterests, 1, width::kPurposes);
    c.range("publisherTc.numCustomPurposes", p.numCustomPurposes, 0, 63);
    c.ids("publisherTc.customPurposeConsents", p.customPurposeConsents, 1, p.numCustomPurposes);
    c.ids("publisherTc.customPurposeLegitimateInterests", p.customPurposeLegitimateInterests, 1, p.numCustomPurposes);
}

Problems problemsOf(const TcModel& m) {
    ModelCheck c;
    checkCore(c, m);
    checkRestrictions(c, m.publisherRestrictions);
    if (m.publisherTc) checkPublisherTc(c, *m.publisherTc);
    return c.take();
}

// ---- encoding ----

Bits coreSegment(const TcModel& m) {
    BitWriter out;
    out.write(kTcStringVersion, width::kVersion);
    writeDay(out, m.createdMs);
    writeDay(out, m.lastUpdatedMs);
    out.write(m.cmpId, width::kCmpId);
    out.write(m.cmpVersion, width::kCmpVersion);
    out.write(m.consentScreen, width::kConsentScreen);
    writeLetters(out, m.consentLanguage);
    out.write(m.vendorListVersion, width::kVendorListVersion);
    out.write(m.policyVersion, width::kPolicyVersion);
    out.write(true);  // IsServiceSpecific: always 1 in TCF v2.3
    out.write(m.useNonStandardTexts);
    writeIdBits(out, m.specialFeatureOptIns, width::kSpecialFeatures);
    writeIdBits(out, m.purposeConsents, width::kPurposes);
    writeIdBits(out, m.purposeLegitimateInterests, width::kPurposes);
    out.write(m.purposeOneTreatment);
    writeLetters(out, m.publisherCountryCode);
    writeVendorSection(out, m.vendorConsents);
    writeVendorSection(out, m.vendorLegitimateInterests);
    writeRestrictions(out, m.publisherRestrictions);
    return out.bits();
}

Bits disclosedVendorsSegment(const IdSet& vendors) {
    BitWriter out;
    out.write(kDisclosedVendors, width::kSegmentType);
    writeVendorSection(out, vendors);
    return out.bits();
}

Bits publisherTcSegment(const PublisherTc& p) {
    BitWriter out;
    out.write(kPublisherTc, width::kSegmentType);
    writeIdBits(out, p.purposeConsents, width::kPurposes);
    writeIdBits(out, p.purposeLegitimateInterests, width::kPurposes);
    out.write(p.numCustomPurposes, width::kNumCustomPurposes);
    writeIdBits(out, p.customPurposeConsents, p.numCustomPurposes);
    writeIdBits(out, p.customPurposeLegitimateInterests, p.numCustomPurposes);
    return out.bits();
}

// ---- decoding ----

void readCoreHeader(FieldReader& in, TcModel& m) {
    const auto version = in.number(width::kVersion, "Version");
    if (in.ok() && version != kTcStringVersion)
        in.fail("Version", "version " + decimal(static_cast<std::int64_t>(version)) + " is not 2 (TCF v2)");
    m.createdMs = readDay(in, "Created");
    m.lastUpdatedMs = readDay(in, "LastUpdated");
    m.cmpId = static_cast<std::uint16_t>(in.number(width::kCmpId, "CmpId"));
    m.cmpVersion = static_cast<std::uint16_t>(in.number(width::kCmpVersion, "CmpVersion"));
    m.consentScreen = static_cast<std::uint8_t>(in.number(width::kConsentScreen, "ConsentScreen"));
    m.consentLanguage = readLetters(in, "ConsentLanguage");
    m.vendorListVersion = static_cast<std::uint16_t>(in.number(width::kVendorListVersion, "VendorListVersion"));
    m.policyVersion = static_cast<std::uint8_t>(in.number(width::kPolicyVersion, "TcfPolicyVersion"));
    // Read as written, even below 4: whether an old policy still counts is
    // the consent logic's call (it asks again), and the spec's own example
    // string carries policy version 2.
    if (!in.flag("IsServiceSpecific") && in.ok())
        in.fail("IsServiceSpecific", "is 0; vendors must treat such a string as invalid");
    m.useNonStandardTexts = in.flag("UseNonStandardTexts");
}

void readCorePurposes(FieldReader& in, TcModel& m) {
    m.specialFeatureOptIns = readIdBits(in, width::kSpecialFeatures, "SpecialFeatureOptIns");
    m.purposeConsents = readIdBits(in, width::kPurposes, "PurposesConsent");
    m.purposeLegitimateInterests = readIdBits(in, width::kPurposes, "PurposesLITransparency");
    // Policy 4 (TCF v2.2) took legitimate interest away from purposes 3–6;
    // strings of older policies may still claim it.
    const bool liLimited = m.policyVersion >= kOldestPolicyVersion;
    for (int p = 3; p <= 6 && liLimited && in.ok(); ++p)
        if (m.purposeLegitimateInterests.count(static_cast<std::uint16_t>(p)))
            in.fail("PurposesLITransparency", "purpose " + decimal(p) + " claims legitimate interest; purposes 3–6 never take it (TCF v2.2)");
    m.purposeOneTreatment = in.flag("PurposeOneTreatment");
    m.publisherCountryCode = readLetters(in, "PublisherCC");
}

void readCore(FieldReader& in, TcModel& m) {
    readCoreHeader(in, m);
    readCorePurposes(in, m);
    m.vendorConsents = readVendorSection(in, "VendorConsents");
    m.vendorLegitimateInterests = readVendorSection(in, "VendorLegitimateInterests");
    m.publisherRestrictions = readRestrictions(in);
}

PublisherTc readPublisherTc(FieldReader& in) {
    PublisherTc p;
    p.purposeConsents = readIdBits(in, width::kPurposes, "PubPurposesConsent");
    p.purposeLegitimateInterests = readIdBits(in, width::kPurposes, "PubPurposesLITransparency");
    p.numCustomPurposes = static_cast<std::uint8_t>(in.number(width::kNumCustomPurposes, "NumCustomPurposes"));
    p.customPurposeConsents = readIdBits(in, p.numCustomPurposes, "CustomPurposesConsent");
    p.customPurposeLegitimateInterests = readIdBits(in, p.numCustomPurposes, "CustomPurposesLITransparency");
    return p;
}

std::vector<std::string_view> splitSegments(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = text.find('.', start)) != std::string_view::npos; start = dot + 1)
        parts.push_back(text.substr(start, dot - start));
    parts.push_back(text.substr(start));
    return parts;
}

Problems problem(std::string path, std::string reason) { return Problems{Problem{std::move(path), std::move(reason)}}; }

std::optional<Problem> problemOf(const FieldReader& in) { return in.ok() ? std::nullopt : std::optional<Problem>(in.problem()); }

// Decodes segment `index` (0 = core) into `m`; what is already present
// tells a repeated segment.
std::optional<Problem> readSegment(const Bits& bits, std::size_t index, TcModel& m, bool& sawDisclosed,
                                   std::size_t& budget) {
    const std::string name = "segment " + decimal(static_cast<std::int64_t>(index + 1));
    if (index == 0) {
        FieldReader in(bits, "core", budget);
        readCore(in, m);
        return problemOf(in);
    }
    BitReader typeReader(bits);
    const auto type = typeReader.read(width::kSegmentType).value_or(kCore);
    if (type == kDisclosedVendors && !sawDisclosed) {
        FieldReader in(bits, "DisclosedVendors", budget);
        in.number(width::kSegmentType, "SegmentType");
        m.disclosedVendors = readVendorSection(in, "Vendors");
        sawDisclosed = true;
        return problemOf(in);
    }
    if (type == kPublisherTc && !m.publisherTc) {
        FieldReader in(bits, "PublisherTC", budget);
        in.number(width::kSegmentType, "SegmentType");
        m.publisherTc = readPublisherTc(in);
        return problemOf(in);
    }
    if (type == kDisclosedVendors || type == kPublisherTc) return Problem{name, "repeats a segment type"};
    if (type == kCore) return Problem{name, "is a second core segment; only the first may be one"};
    if (type == kAllowedVendors) return Problem{name, "is an AllowedVendors segment (type 2), which TCF v2.3 no longer has"};
    return Problem{name, "has the unknown segment type " + decimal(static_cast<std::int64_t>(type))};
}

}  // namespace

Result<std::string> encodeTcString(const TcModel& m) {
    auto problems = problemsOf(m);
    if (!problems.empty()) return problems;
    std::string out = toBase64Url(coreSegment(m));
    out += '.';
    out += toBase64Url(disclosedVendorsSegment(m.disclosedVendors));
    if (m.publisherTc) {
        out += '.';
        out += toBase64Url(publisherTcSegment(*m.publisherTc));
    }
    return out;
}

Result<TcModel> decodeTcString(std::string_view text) {
    if (text.empty()) return problem("", "the TC string is empty");
    const auto segments = splitSegments(text);
    TcModel m;
    bool sawDisclosed = false;
    std::size_t budget = kMaxExpandedIds;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string name = "segment " + decimal(static_cast<std::int64_t>(i + 1));
        if (segments[i].empty()) return problem(name, "is empty (two dots in a row, or a dot at an end)");
        std::size_t badAt = 0;
        const auto bits = fromBase64Url(segments[i], &badAt);
        if (!bits)
            return problem(name, "character '" + std::string(1, segments[i][badAt]) + "' at offset " +
                                     decimal(static_cast<std::int64_t>(badAt)) + " is not base64url (A–Z a–z 0–9 - _, no padding)");
        if (auto p = readSegment(*bits, i, m, sawDisclosed, budget)) return Problems{*p};
    }
    if (!sawDisclosed && m.createdMs >= kDisclosedVendorsMandatoryFromMs)
        return problem("", "the DisclosedVendors segment is missing; it is mandatory for strings created after 28 February 2026");
    return m;
}

}  // namespace assent::tcf
