// The TCF v2.3 TC string codec: round trips, the choice
// of vendor encoding, and strict refusal of damaged strings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>

#include "assent/tcf/base64url.hpp"
#include "assent/tcf/tc_string.hpp"
#include "assent/tcf/vendor_section.hpp"

using namespace assent;
using namespace assent::tcf;

namespace {

constexpr std::int64_t kDayMs = 86400000;
constexpr std::int64_t k2025_06_03 = 1748908800000;

IdSet span(std::uint16_t first, std::uint16_t last) {
    IdSet ids;
    for (std::uint32_t id = first; id <= last; ++id) ids.insert(static_cast<std::uint16_t>(id));
    return ids;
}

// A model that uses every field of every segment.
TcModel fullModel() {
    TcModel m;
    m.createdMs = m.lastUpdatedMs = 1775174400000;  // 2026-04-03, a day
    m.cmpId = 300;
    m.cmpVersion = 12;
    m.consentScreen = 3;
    m.consentLanguage = "FR";
    m.vendorListVersion = 140;
    m.useNonStandardTexts = true;
    m.specialFeatureOptIns = {1, 2};
    m.purposeConsents = {1, 2, 3, 4, 7, 10, 11};
    m.purposeLegitimateInterests = {2, 7, 8, 9, 10};
    m.purposeOneTreatment = true;
    m.publisherCountryCode = "DE";
    m.vendorConsents = span(1, 800);
    m.vendorLegitimateInterests = {8, 21, 755};
    m.publisherRestrictions = {{2, RestrictionType::RequireConsent, {8, 9, 10, 755}},
                               {7, RestrictionType::NotAllowed, {21}}};
    m.disclosedVendors = span(1, 900);
    PublisherTc p;
    p.purposeConsents = {1, 3};
    p.purposeLegitimateInterests = {2};
    p.numCustomPurposes = 5;
    p.customPurposeConsents = {1, 5};
    p.customPurposeLegitimateInterests = {2};
    m.publisherTc = p;
    return m;
}

// A core segment written field by field from the spec's table, apart from
// the encoder under test, so damaged strings can be made bit by bit.
struct CoreFields {
    int version = 2;
    int policyVersion = 5;
    bool serviceSpecific = true;
    int firstLanguageLetter = 4;  // 'E'
    std::int64_t createdDs = k2025_06_03 / 100;
};

BitWriter coreHeader(const CoreFields& f = {}) {
    BitWriter w;
    w.write(static_cast<std::uint64_t>(f.version), 6);
    w.write(static_cast<std::uint64_t>(f.createdDs), 36);
    w.write(static_cast<std::uint64_t>(f.createdDs), 36);
    w.write(10, 12);  // CmpId
    w.write(1, 12);   // CmpVersion
    w.write(0, 6);    // ConsentScreen
    w.write(static_cast<std::uint64_t>(f.firstLanguageLetter), 6);
    w.write(13, 6);   // 'N'
    w.write(50, 12);  // VendorListVersion
    w.write(static_cast<std::uint64_t>(f.policyVersion), 6);
    w.write(f.serviceSpecific);
    w.write(false);   // UseNonStandardTexts
    w.write(0, 12);   // SpecialFeatureOptIns
    w.write(0, 24);   // PurposesConsent
    w.write(0, 24);   // PurposesLITransparency
    w.write(false);   // PurposeOneTreatment
    w.write(3, 6);    // 'D'
    w.write(4, 6);    // 'E'
    return w;
}

// A vendor section in the range form with the given entries.
void rangeSection(BitWriter& w, std::uint16_t maxId, std::vector<std::pair<std::uint16_t, std::uint16_t>> entries) {
    w.write(maxId, 16);
    w.write(true);
    w.write(entries.size(), 12);
    for (const auto& [first, last] : entries) {
        w.write(first != last);
        w.write(first, 16);
        if (first != last) w.write(last, 16);
    }
}

void emptySection(BitWriter& w) { w.write(0, 17); }

// A complete core segment: header, no vendors, no restrictions.
std::string plainCore(const CoreFields& f = {}) {
    auto w = coreHeader(f);
    emptySection(w);
    emptySection(w);
    w.write(0, 12);
    return toBase64Url(w.bits());
}

std::string segmentOfType(int type) {
    BitWriter w;
    w.write(static_cast<std::uint64_t>(type), 3);
    emptySection(w);
    return toBase64Url(w.bits());
}

const std::string kDisclosedNone = segmentOfType(1);

// The IsRangeEncoding bit of the VendorConsents section of an encoded string.
bool vendorConsentsUseRanges(const std::string& tcString) {
    const auto bits = fromBase64Url(tcString.substr(0, tcString.find('.')));
    REQUIRE(bits);
    return (*bits)[213 + 16];  // the fixed fields take 213 bits, MaxVendorId 16
}

IdSet randomIds(std::mt19937& rng, int maxId, double density) {
    IdSet ids;
    std::bernoulli_distribution on(density);
    for (int id = 1; id <= maxId; ++id)
        if (on(rng)) ids.insert(static_cast<std::uint16_t>(id));
    return ids;
}

TcModel randomModel(std::mt19937& rng) {
    auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
    TcModel m;
    m.createdMs = pick(18000, 22000) * kDayMs;
    m.lastUpdatedMs = m.createdMs + pick(0, 400) * kDayMs;
    m.cmpId = static_cast<std::uint16_t>(pick(2, 4095));
    m.cmpVersion = static_cast<std::uint16_t>(pick(0, 4095));
    m.consentScreen = static_cast<std::uint8_t>(pick(0, 63));
    m.consentLanguage = {static_cast<char>('A' + pick(0, 25)), static_cast<char>('A' + pick(0, 25))};
    m.vendorListVersion = static_cast<std::uint16_t>(pick(0, 4095));
    m.policyVersion = static_cast<std::uint8_t>(pick(4, 5));
    m.useNonStandardTexts = pick(0, 1);
    m.specialFeatureOptIns = randomIds(rng, 12, 0.3);
    m.purposeConsents = randomIds(rng, 24, 0.5);
    for (auto id : randomIds(rng, 24, 0.3))
        if (id == 2 || id > 6) m.purposeLegitimateInterests.insert(id);
    m.purposeOneTreatment = pick(0, 1);
    m.publisherCountryCode = {static_cast<char>('A' + pick(0, 25)), static_cast<char>('A' + pick(0, 25))};
    const double densities[] = {0.0, 0.01, 0.5, 0.98};
    m.vendorConsents = randomIds(rng, pick(0, 1500), densities[pick(0, 3)]);
    m.vendorLegitimateInterests = randomIds(rng, pick(0, 1500), densities[pick(0, 3)]);
    m.disclosedVendors = randomIds(rng, pick(0, 1500), densities[pick(0, 3)]);
    for (int r = pick(0, 3); r > 0; --r)
        m.publisherRestrictions.push_back({static_cast<std::uint8_t>(pick(1, 24)), static_cast<RestrictionType>(pick(0, 2)),
                                           randomIds(rng, pick(1, 300), 0.2)});
    if (pick(0, 1)) {
        PublisherTc p;
        p.purposeConsents = randomIds(rng, 24, 0.5);
        p.purposeLegitimateInterests = randomIds(rng, 24, 0.5);
        p.numCustomPurposes = static_cast<std::uint8_t>(pick(0, 63));
        p.customPurposeConsents = randomIds(rng, p.numCustomPurposes, 0.5);
        p.customPurposeLegitimateInterests = randomIds(rng, p.numCustomPurposes, 0.5);
        m.publisherTc = p;
    }
    return m;
}

}  // namespace

// The published vectors are data: tests/core/tcf_vectors.json, read by
// tcf_vectors_test.cpp.

// ---- round trips ----

TEST_CASE("encoding then decoding gives back the model, every segment and field") {
    const std::vector<std::pair<const char*, TcModel>> models = {
        {"every field", fullModel()},
        {"defaults", TcModel{}},
        {"no PublisherTC", [] { auto m = fullModel(); m.publisherTc.reset(); return m; }()},
        {"the highest vendor id", [] { TcModel m; m.vendorConsents = {65535}; m.disclosedVendors = {1, 65535}; return m; }()},
    };
    for (const auto& [name, model] : models) {
        INFO(name);
        const auto encoded = encodeTcString(model);
        REQUIRE(encoded.ok());
        const auto decoded = decodeTcString(encoded.value());
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == model);
    }
}

TEST_CASE("a thousand random models survive encoding and decoding unchanged") {
    const unsigned seed = 20261206;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    for (int i = 0; i < 1000; ++i) {
        const auto model = randomModel(rng);
        const auto encoded = encodeTcString(model);
        REQUIRE(encoded.ok());
        const auto decoded = decodeTcString(encoded.value());
        REQUIRE(decoded.ok());
        REQUIRE(decoded.value() == model);
    }
}

TEST_CASE("created and last updated are kept to the day, at UTC midnight") {
    auto m = fullModel();
    m.createdMs = 1775174400000 + 13 * 3600000 + 1234;  // 2026-04-03 13:00:01.234
    m.lastUpdatedMs = 1775174400000 + kDayMs - 1;       // the last millisecond of that day
    const auto decoded = decodeTcString(encodeTcString(m).value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value().createdMs == 1775174400000);
    CHECK(decoded.value().lastUpdatedMs == 1775174400000);
    CHECK(tcDayMs(-1) == -kDayMs);  // before the epoch, still the day's start
}

TEST_CASE("a TC string is base64url in whole bytes, without padding, and always discloses vendors") {
    TcModel m;
    m.publisherTc = PublisherTc{};
    const auto encoded = encodeTcString(m).value();
    CHECK(encoded.find_first_of("=+/") == std::string::npos);
    std::size_t segments = 0, start = 0;
    for (std::size_t dot = 0; dot != std::string::npos; start = dot + 1, ++segments) {
        dot = encoded.find('.', start);
        const auto length = (dot == std::string::npos ? encoded.size() : dot) - start;
        CHECK(length % 4 != 1);  // whole bytes never give 4k+1 characters
    }
    CHECK(segments == 3);
    CHECK(encoded.substr(encoded.find('.') + 1, 1) == "I");  // 001…: SegmentType 1, DisclosedVendors
    const std::string noPublisher = encodeTcString(TcModel{}).value();
    CHECK(std::count(noPublisher.begin(), noPublisher.end(), '.') == 1);
}

// ---- bit field or ranges ----

TEST_CASE("a vendor section takes ranges when they are shorter than a bit a vendor") {
    const std::vector<std::tuple<const char*, IdSet, VendorEncoding>> cases = {
        {"no vendor", {}, VendorEncoding::BitField},
        {"one low vendor", {3}, VendorEncoding::BitField},            // 3 bits against 29
        {"one high vendor", {500}, VendorEncoding::Range},            // 500 bits against 29
        {"a long run", span(1, 1000), VendorEncoding::Range},
        {"every other vendor", [] { IdSet s; for (int i = 1; i < 200; i += 2) s.insert(static_cast<std::uint16_t>(i)); return s; }(), VendorEncoding::BitField},
        {"a tie goes to the bit field", {29}, VendorEncoding::BitField},  // 29 bits each way
    };
    for (const auto& [name, ids, expected] : cases) {
        INFO(name);
        CHECK(smallerVendorEncoding(ids) == expected);
        TcModel m;
        m.vendorConsents = ids;
        CHECK(vendorConsentsUseRanges(encodeTcString(m).value()) == (expected == VendorEncoding::Range));
    }
}

TEST_CASE("the chosen vendor encoding is never longer than the other one") {
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        const auto ids = randomIds(rng, 1 + static_cast<int>(rng() % 2000), (rng() % 100) / 100.0);
        const auto chosen = vendorSectionBits(ids, smallerVendorEncoding(ids));
        CHECK(chosen == std::min(vendorSectionBits(ids, VendorEncoding::BitField), vendorSectionBits(ids, VendorEncoding::Range)));
    }
}

TEST_CASE("vendors needing more than 4095 ranges fall back to a bit field and still round-trip") {
    TcModel m;
    for (int id = 1; id <= 10000; id += 2) m.vendorConsents.insert(static_cast<std::uint16_t>(id));
    CHECK(vendorSectionBits(m.vendorConsents, VendorEncoding::Range) == SIZE_MAX);
    const auto decoded = decodeTcString(encodeTcString(m).value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value().vendorConsents == m.vendorConsents);
}

// ---- strict decoding ----

TEST_CASE("a damaged TC string is refused with a problem that names what is wrong") {
    const auto withVendors = [](std::vector<std::pair<std::uint16_t, std::uint16_t>> entries, std::uint16_t maxId) {
        auto w = coreHeader();
        rangeSection(w, maxId, std::move(entries));
        emptySection(w);
        w.write(0, 12);
        return toBase64Url(w.bits()) + "." + kDisclosedNone;
    };
    const auto withRestriction = [](int purpose, int type, std::vector<std::pair<std::uint16_t, std::uint16_t>> entries) {
        auto w = coreHeader();
        emptySection(w);
        emptySection(w);
        w.write(1, 12);
        w.write(static_cast<std::uint64_t>(purpose), 6);
        w.write(static_cast<std::uint64_t>(type), 2);
        w.write(entries.size(), 12);
        for (const auto& [first, last] : entries) {
            w.write(true);
            w.write(first, 16);
            w.write(last, 16);
        }
        return toBase64Url(w.bits()) + "." + kDisclosedNone;
    };
    const auto withLegitimateInterest = [](int purpose, int policy) {
        auto w = coreHeader(CoreFields{2, policy});
        auto bits = w.bits();
        bits[176 + static_cast<std::size_t>(purpose) - 1] = true;  // PurposesLITransparency starts at bit 176
        BitWriter out;
        for (bool b : bits) out.write(b);
        emptySection(out);
        emptySection(out);
        out.write(0, 12);
        return toBase64Url(out.bits()) + "." + kDisclosedNone;
    };
    const std::string valid = plainCore() + "." + kDisclosedNone;
    REQUIRE(decodeTcString(valid).ok());

    struct Case { const char* name; std::string text; const char* path; const char* reason; };
    const std::vector<Case> cases = {
        {"empty", "", "", "is empty"},
        {"not base64url", "CQSbk4AQ*bk4", "segment 1", "'*' at offset 8 is not base64url"},
        {"'=' padding", plainCore() + "=." + kDisclosedNone, "segment 1", "'=' at offset"},
        {"standard base64's '+'", "CQSb+4AQSbk4", "segment 1", "'+' at offset 4"},
        {"an empty segment", plainCore() + ".." + kDisclosedNone, "segment 2", "is empty"},
        {"truncated core", plainCore().substr(0, 20), "core.VendorListVersion", "needs 12 bits, 0 are left"},
        {"truncated vendor section", withVendors({{100, 200}}, 200).substr(0, 40), "core.VendorConsents", "ends inside"},
        {"version 1", plainCore(CoreFields{1}) + "." + kDisclosedNone, "core.Version", "version 1 is not 2"},
        {"version 3", plainCore(CoreFields{3}) + "." + kDisclosedNone, "core.Version", "version 3 is not 2"},
        {"a range ending before its start", withVendors({{300, 200}}, 300), "core.VendorConsents", "range entry 1 ends at vendor 200, before its start 300"},
        {"a range past MaxVendorId", withVendors({{1, 5}, {100, 250}}, 200), "core.VendorConsents", "range entry 2 reaches vendor 250, above MaxVendorId 200"},
        {"a range from vendor 0", withVendors({{0, 5}}, 5), "core.VendorConsents", "starts at vendor 0"},
        {"a restriction range ending before its start", withRestriction(2, 1, {{9, 3}}), "core.PublisherRestrictions[0]", "ends at vendor 3, before its start 9"},
        {"restriction type 3", withRestriction(2, 3, {{1, 3}}), "core.PublisherRestrictions[0]", "restriction type 3 is undefined"},
        {"restriction on purpose 0", withRestriction(0, 1, {{1, 3}}), "core.PublisherRestrictions[0]", "purpose 0 does not exist"},
        {"ranges expanding past every possible vendor, four times over", withRestriction(1, 0, {{1, 65535}, {1, 65535}, {1, 65535}, {1, 65535}, {1, 65535}}), "core.PublisherRestrictions[0]", "more than 262144 vendor ids"},
        {"not service-specific", plainCore(CoreFields{2, 5, false}) + "." + kDisclosedNone, "core.IsServiceSpecific", "is 0"},
        {"a language letter past z", plainCore(CoreFields{2, 5, true, 26}) + "." + kDisclosedNone, "core.ConsentLanguage", "letter value 26 is not a–z"},
        {"legitimate interest on purpose 4 under policy 5", withLegitimateInterest(4, 5), "core.PurposesLITransparency", "purpose 4 claims legitimate interest"},
        {"an unknown segment type", valid + "." + segmentOfType(5), "segment 3", "unknown segment type 5"},
        {"an AllowedVendors segment", valid + "." + segmentOfType(2), "segment 3", "AllowedVendors segment (type 2)"},
        {"a second core segment", valid + "." + plainCore(), "segment 3", "second core segment"},
        {"DisclosedVendors twice", valid + "." + kDisclosedNone, "segment 3", "repeats a segment type"},
        {"a truncated DisclosedVendors", plainCore() + ".IA", "DisclosedVendors.Vendors", "ends inside"},
        {"DisclosedVendors missing after 28 February 2026", plainCore(CoreFields{2, 5, true, 4, 1772323200000 / 100}), "", "DisclosedVendors segment is missing"},
    };
    for (const auto& c : cases) {
        INFO(c.name << ": " << c.text);
        const auto decoded = decodeTcString(c.text);
        REQUIRE_FALSE(decoded.ok());
        REQUIRE(decoded.problems().size() == 1);
        CHECK(decoded.problems()[0].path == c.path);
        CHECK_THAT(decoded.problems()[0].reason, Catch::Contains(c.reason));
    }
}

TEST_CASE("strings that bend old rules but break none still decode") {
    // Before 1 March 2026 DisclosedVendors was optional; before policy 4,
    // purposes 3–6 could take legitimate interest.
    CHECK(decodeTcString(plainCore()).ok());
    CHECK(decodeTcString(plainCore(CoreFields{2, 5, true, 4, (1772323200000 - kDayMs) / 100})).ok());  // 28 February 2026
    const auto old = decodeTcString(plainCore(CoreFields{2, 3}) + "." + kDisclosedNone);
    REQUIRE(old.ok());
    CHECK(old.value().policyVersion == 3);
}

TEST_CASE("every cut and every changed character of a TC string decodes or is refused, never half-read") {
    const std::string full = encodeTcString(fullModel()).value();
    const auto lastDot = full.rfind('.');
    for (std::size_t length = 0; length < full.size(); ++length) {
        const auto decoded = decodeTcString(full.substr(0, length));
        // A cut in a segment's padding loses nothing, a cut at a dot loses the
        // optional PublisherTC; any other cut is refused.
        auto expected = fullModel();
        if (length <= lastDot) expected.publisherTc.reset();
        if (decoded.ok()) CHECK(decoded.value() == expected);
        else CHECK_FALSE(decoded.message().empty());
    }
    std::mt19937 rng(11);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    for (int i = 0; i < 2000; ++i) {
        std::string changed = full;
        changed[rng() % changed.size()] = alphabet[rng() % alphabet.size()];
        const auto decoded = decodeTcString(changed);
        CHECK((decoded.ok() || !decoded.message().empty()));
    }
}

// ---- encoding refuses what does not fit ----

TEST_CASE("a model that does not fit the format is refused, not cut to fit") {
    const std::vector<std::tuple<const char*, std::function<void(TcModel&)>, const char*>> cases = {
        {"cmp id over 12 bits", [](TcModel& m) { m.cmpId = 4096; }, "cmpId"},
        {"a three-letter language", [](TcModel& m) { m.consentLanguage = "ENG"; }, "consentLanguage"},
        {"a lowercase country", [](TcModel& m) { m.publisherCountryCode = "de"; }, "publisherCountryCode"},
        {"purpose 25", [](TcModel& m) { m.purposeConsents = {25}; }, "purposeConsents"},
        {"special feature 13", [](TcModel& m) { m.specialFeatureOptIns = {13}; }, "specialFeatureOptIns"},
        {"vendor 0", [](TcModel& m) { m.vendorConsents = {0}; }, "vendorConsents"},
        {"legitimate interest for purpose 5", [](TcModel& m) { m.purposeLegitimateInterests = {5}; }, "purposeLegitimateInterests"},
        {"legitimate interest for purpose 1", [](TcModel& m) { m.purposeLegitimateInterests = {1}; }, "purposeLegitimateInterests"},
        {"policy 3", [](TcModel& m) { m.policyVersion = 3; }, "policyVersion"},
        {"a date before 1970", [](TcModel& m) { m.createdMs = -1; }, "createdMs"},
        {"restriction type 3", [](TcModel& m) { m.publisherRestrictions = {{1, static_cast<RestrictionType>(3), {1}}}; }, "publisherRestrictions[0].type"},
        {"custom purpose beyond their number", [](TcModel& m) { m.publisherTc = PublisherTc{}; m.publisherTc->numCustomPurposes = 2; m.publisherTc->customPurposeConsents = {3}; }, "publisherTc.customPurposeConsents"},
    };
    for (const auto& [name, edit, path] : cases) {
        INFO(name);
        auto m = fullModel();
        edit(m);
        const auto encoded = encodeTcString(m);
        REQUIRE_FALSE(encoded.ok());
        CHECK(encoded.problems()[0].path == path);
    }
}
