// The GPP string codec (core/src/gpp/): the spec's vectors as data
// (tests/core/gpp_vectors.json), round trips of random strings, and strict
// refusal of damaged ones.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../../core/src/tcf/fields.hpp"
#include "assent/gpp/fibonacci.hpp"
#include "assent/gpp/gpp_string.hpp"
#include "assent/gpp/model_json.hpp"
#include "assent/tcf/base64url.hpp"
#include "assent/tcf/tc_string.hpp"

using nlohmann::json;
using namespace assent;
using namespace assent::gpp;

namespace {

const json& vectors() {
    static const json v = [] {
        std::ifstream in(ASSENT_SOURCE_DIR "/tests/core/gpp_vectors.json");
        REQUIRE(in.good());
        return json::parse(in);
    }();
    return v;
}

// Whether tests/core/tcf_vectors.json holds this TC string, with its fields.
bool tcfVector(const std::string& tcString) {
    std::ifstream in(ASSENT_SOURCE_DIR "/tests/core/tcf_vectors.json");
    REQUIRE(in.good());
    const json vectors = json::parse(in);
    for (const auto& row : vectors["strings"])
        if (row["tcString"] == tcString) return row.contains("fields");
    return false;
}

std::string bitText(const tcf::Bits& bits) {
    std::string s;
    for (const bool b : bits) s += b ? '1' : '0';
    return s;
}

tcf::Bits bitsOf(const std::string& text) {
    tcf::Bits bits;
    for (const char c : text) bits.push_back(c == '1');
    return bits;
}

assent::IdSet idsOf(const json& list) {
    assent::IdSet ids;
    for (const auto& id : list) ids.insert(id.get<std::uint16_t>());
    return ids;
}

// The usnat section as the CMP API shows it: [core, gpc?], fields by name.
json usnatFields(const UsNat& u) {
    GppString g;
    g.usNat = u;
    JsonWriter w;
    writeParsedSections(w, g);
    const json parsed = json::parse(w.str())["usnat"];
    json fields = parsed[0];
    if (parsed.size() > 1) fields["Gpc"] = parsed[1]["Gpc"];
    return fields;
}

std::uint8_t pick(std::mt19937& rng, int low, int high) {
    return static_cast<std::uint8_t>(std::uniform_int_distribution<int>(low, high)(rng));
}

UsNat randomUsNat(std::mt19937& rng) {
    UsNat u;
    u.version = pick(rng, 1, 2);
    for (auto* f : {&u.sharingNotice, &u.saleOptOutNotice, &u.sharingOptOutNotice, &u.targetedAdvertisingOptOutNotice,
                    &u.sensitiveDataProcessingOptOutNotice, &u.sensitiveDataLimitUseNotice, &u.saleOptOut, &u.sharingOptOut,
                    &u.targetedAdvertisingOptOut, &u.personalDataConsents, &u.mspaOptOutOptionMode, &u.mspaServiceProviderMode})
        *f = pick(rng, 0, 2);
    u.mspaCoveredTransaction = pick(rng, 1, 2);
    u.sensitiveDataProcessing.assign(sensitiveCategories(u.version), 0);
    for (auto& v : u.sensitiveDataProcessing) v = pick(rng, 0, 2);
    u.knownChildSensitiveDataConsents.assign(knownChildEntries(u.version), 0);
    for (auto& v : u.knownChildSensitiveDataConsents) v = pick(rng, 0, 2);
    const int gpc = pick(rng, 0, 2);
    if (gpc) u.gpc = gpc == 2;
    return u;
}

std::string randomTcString(std::mt19937& rng) {
    tcf::TcModel m;
    m.createdMs = m.lastUpdatedMs = tcf::tcDayMs(1700000000000LL + pick(rng, 0, 200) * 86400000LL * 3);
    m.cmpId = pick(rng, 2, 200);
    for (std::uint16_t p = 1; p <= 11; ++p)
        if (pick(rng, 0, 1)) m.purposeConsents.insert(p);
    for (int i = pick(rng, 0, 20); i > 0; --i) m.vendorConsents.insert(static_cast<std::uint16_t>(pick(rng, 1, 250)));
    m.disclosedVendors = m.vendorConsents;
    return tcf::encodeTcString(m).value();
}

GppString randomGpp(std::mt19937& rng) {
    GppString g;
    do {
        if (pick(rng, 0, 1)) g.tcfEuV2 = randomTcString(rng);
        if (pick(rng, 0, 1)) g.usNat = randomUsNat(rng);
        for (int i = pick(rng, 0, 3); i > 0; --i) {
            const std::uint16_t id = pick(rng, 4, 250);
            if (id != kUsNatSectionId) g.others[id] = "1Y" + std::string(pick(rng, 1, 4), 'N');
        }
    } while (g.sectionIds().empty());
    return g;
}

}  // namespace

// ---- field types ----

TEST_CASE("Fibonacci code words are the spec's table, and read back to their numbers") {
    for (const auto& row : vectors()["fibonacci"]) {
        const std::uint32_t value = row["value"];
        INFO(value);
        tcf::BitWriter out;
        writeFibonacci(out, value);
        CHECK(bitText(out.bits()) == row["bits"].get<std::string>());
        std::size_t budget = 0;
        const auto bits = bitsOf(row["bits"]);
        tcf::FieldReader in(bits, "test", budget);
        CHECK(readFibonacci(in, "n") == value);
        CHECK(in.ok());
    }
    for (std::uint32_t n = 1; n < 5000; ++n) {
        tcf::BitWriter out;
        writeFibonacci(out, n);
        std::size_t budget = 0;
        tcf::FieldReader in(out.bits(), "test", budget);
        REQUIRE(readFibonacci(in, "n") == n);
        REQUIRE(in.remaining() == 0);
    }
}

TEST_CASE("a Fibonacci range gives back its ids, one id or a group at a time") {
    for (const IdSet& ids : {IdSet{}, IdSet{2}, IdSet{2, 6}, IdSet{5, 6}, IdSet{3, 5, 6, 7, 8}, IdSet{1, 2, 3, 100, 65535}}) {
        tcf::BitWriter out;
        writeFibonacciRange(out, ids);
        std::size_t budget = 70000;
        tcf::FieldReader in(out.bits(), "test", budget);
        CHECK(readFibonacciRange(in, "ids") == ids);
        CHECK(in.ok());
    }
    // The spec's Range (Fibonacci) example: [3,5,6,7,8] is 000000000010 0 0011 1 011 0011.
    tcf::BitWriter out;
    writeFibonacciRange(out, {3, 5, 6, 7, 8});
    CHECK(bitText(out.bits()) == "000000000010" "0" "0011" "1" "011" "0011");
}

// ---- published vectors ----

TEST_CASE("the spec's example headers decode to their section ids and encode to their bits") {
    for (const auto& row : vectors()["headers"]) {
        INFO(row["source"].get<std::string>());
        const auto ids = decodeGppHeader(row["header"].get<std::string>());
        REQUIRE(ids.ok());
        CHECK(ids.value() == idsOf(row["sectionIds"]));
        if (row.contains("bits")) {
            // Assent pads to whole bytes, as the IAB's library does; the
            // spec's examples pad to whole characters: the same bits first.
            const std::string spec = row["bits"];
            CHECK(bitText(*tcf::fromBase64Url(encodeGppHeader(ids.value()))).substr(0, spec.size()) == spec);
        }
    }
}

TEST_CASE("the spec's example GPP strings decode to their documented sections") {
    for (const auto& row : vectors()["strings"]) {
        INFO(row["source"].get<std::string>());
        const auto decoded = decodeGppString(row["gpp"].get<std::string>());
        INFO(decoded.message());
        REQUIRE(decoded.ok());
        const auto& g = decoded.value();
        CHECK(g.sectionIds() == idsOf(row["sectionIds"]));
        if (row.contains("tcfeuv2")) {
            CHECK(g.tcfEuV2 == row["tcfeuv2"].get<std::string>());
            // The section is a TC string whose fields tcf_vectors.json holds
            // (tcf_vectors_test.cpp checks each); here, that it is there.
            CHECK(tcfVector(row["tcfeuv2"].get<std::string>()));
        } else {
            CHECK_FALSE(g.tcfEuV2);
        }
        const json others = row.value("others", json::object());
        for (const auto& [id, text] : others.items())
            CHECK(g.others.at(static_cast<std::uint16_t>(std::stoi(id))) == text.get<std::string>());
    }
}

TEST_CASE("usnat strings of the IAB's reference library decode to their documented fields") {
    for (const auto& row : vectors()["usnat"]) {
        INFO(row["source"].get<std::string>());
        const auto decoded = decodeUsNat(row["text"].get<std::string>());
        INFO(decoded.message());
        REQUIRE(decoded.ok());
        const json fields = usnatFields(decoded.value());
        for (const auto& [name, expected] : row["fields"].items()) {
            INFO(name);
            CHECK(fields[name] == expected);
        }
        if (!row["fields"].contains("Gpc")) CHECK_FALSE(decoded.value().gpc);
        // And Assent writes the same text for the same fields.
        CHECK(encodeUsNat(decoded.value()).value() == row["text"].get<std::string>());
    }
}

// ---- round trips ----

TEST_CASE("a thousand random GPP strings survive encoding and decoding unchanged") {
    const unsigned seed = 20261207;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    for (int i = 0; i < 1000; ++i) {
        const auto model = randomGpp(rng);
        const auto encoded = encodeGppString(model);
        INFO(encoded.message());
        REQUIRE(encoded.ok());
        const auto decoded = decodeGppString(encoded.value());
        INFO(encoded.value() << ": " << decoded.message());
        REQUIRE(decoded.ok());
        REQUIRE(decoded.value() == model);
    }
}

TEST_CASE("a GPP string lists its sections in the header in ascending order, joined by tildes") {
    GppString g;
    g.usNat = UsNat{};
    g.tcfEuV2 = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";
    g.others[6] = "1YNN";
    const auto text = encodeGppString(g).value();
    CHECK(text.rfind(encodeGppHeader({2, 6, 7}) + "~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN~", 0) == 0);
    CHECK(decodeGppHeader(text.substr(0, text.find('~'))).value() == assent::IdSet{2, 6, 7});
}

// ---- strict decoding ----

TEST_CASE("a damaged GPP string is refused with a problem that names what is wrong") {
    for (const auto& row : vectors()["refused"]) {
        INFO(row["what"].get<std::string>() << ": " << row["gpp"].get<std::string>());
        const auto decoded = decodeGppString(row["gpp"].get<std::string>());
        REQUIRE_FALSE(decoded.ok());
        INFO(decoded.message());
        CHECK(decoded.problems().at(0).path == row["path"].get<std::string>());
        CHECK_FALSE(decoded.problems().at(0).reason.empty());
    }
}

TEST_CASE("every cut and every changed character of a GPP string decodes or is refused, never half-read") {
    GppString g;
    g.usNat = UsNat{};
    g.usNat->saleOptOutNotice = g.usNat->saleOptOut = 1;
    g.usNat->gpc = true;
    g.tcfEuV2 = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";
    const std::string text = encodeGppString(g).value();
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~*";
    for (std::size_t cut = 0; cut < text.size(); ++cut) {
        const auto decoded = decodeGppString(text.substr(0, cut));
        // A cut string is whole only if what it dropped was padding.
        if (decoded.ok()) CHECK(encodeGppString(decoded.value()).ok());
    }
    for (std::size_t at = 0; at < text.size(); ++at)
        for (const char c : alphabet) {
            std::string changed = text;
            changed[at] = c;
            const auto decoded = decodeGppString(changed);
            if (!decoded.ok()) {
                CHECK_FALSE(decoded.problems().empty());
                continue;
            }
            // What decodes is a whole string that writes back the same way.
            const auto again = encodeGppString(decoded.value());
            REQUIRE(again.ok());
            CHECK(decodeGppString(again.value()).value() == decoded.value());
        }
}

TEST_CASE("a usnat model that does not fit the format is refused, not cut to fit") {
    UsNat u;
    u.saleOptOut = 3;
    CHECK(encodeUsNat(u).problems().at(0).path == "usnat.SaleOptOut");
    u = UsNat{};
    u.mspaCoveredTransaction = 0;
    CHECK(encodeUsNat(u).problems().at(0).path == "usnat.MspaCoveredTransaction");
    u = UsNat{};
    u.sensitiveDataProcessing.resize(16);  // version 1 has 12
    CHECK(encodeUsNat(u).problems().at(0).path == "usnat.SensitiveDataProcessing");
    u = UsNat{};
    u.version = 3;
    CHECK(encodeUsNat(u).problems().at(0).path == "usnat.Version");
    GppString empty;
    CHECK_FALSE(encodeGppString(empty).ok());
}
