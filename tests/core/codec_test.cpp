#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "assent/codec.hpp"
#include "fixtures.hpp"

using namespace assent;

namespace {

ConsentRecord sample(bool analytics, bool marketing) {
    ConsentRecord r;
    r.siteHash = siteHash("shop.example");
    r.consentId = "AAAAAAAAAAAAAAAAAAAAAA";
    r.recordId = "BBBBBBBBBBBBBBBBBBBBBB";
    r.revision = 7;
    r.createdMs = 1700000000000;
    r.updatedMs = 1700000123456;
    r.method = Method::Custom;
    r.surface = Surface::Preferences;
    r.language = "zh-CN";
    r.textsHash = "0123456789abcdef";
    r.purposes = {{"analytics", {analytics, 1715552123456}}, {"marketing", {marketing, 1715552123456}}, {"necessary", {true, 0}}};
    r.services = {{"ga", analytics}};
    r.permissions = {{"scope.userLocation", {true, 1702592123456}}};
    return r;
}

bool same(const ConsentRecord& a, const ConsentRecord& b) {
    return a.siteHash == b.siteHash && a.consentId == b.consentId && a.recordId == b.recordId &&
           a.revision == b.revision && a.createdMs == b.createdMs && a.updatedMs == b.updatedMs &&
           a.method == b.method && a.surface == b.surface && a.language == b.language &&
           a.textsHash == b.textsHash && a.purposes == b.purposes && a.services == b.services &&
           a.permissions == b.permissions && a.tcf == b.tcf && a.tcStringHash == b.tcStringHash;
}

// True when `decoded` grants nothing that none of `sources` granted.
bool grantsNoMore(const ConsentRecord& decoded, std::initializer_list<const ConsentRecord*> sources) {
    const auto grantedIn = [&](const std::string& id, bool permission) {
        for (const auto* s : sources) {
            const auto& map = permission ? s->permissions : s->purposes;
            const auto it = map.find(id);
            if (it != map.end() && it->second.granted) return true;
        }
        return false;
    };
    for (const auto& [id, g] : decoded.purposes)
        if (g.granted && !grantedIn(id, false)) return false;
    for (const auto& [id, g] : decoded.permissions)
        if (g.granted && !grantedIn(id, true)) return false;
    // Vendor choices: no id that no source held, and none lost where every
    // source had them (a record without them lets vendors follow purposes).
    bool anyWithout = false;
    for (const auto* s : sources) anyWithout = anyWithout || !s->tcf;
    if (!decoded.tcf) return anyWithout;
    using Ids = assent::IdSet TcfChoice::*;
    for (Ids list : {&TcfChoice::vendorConsents, &TcfChoice::vendorLegitimateInterests, &TcfChoice::specialFeatureOptIns})
        for (const auto id : (*decoded.tcf).*list) {
            bool held = false;
            for (const auto* s : sources) held = held || (s->tcf && ((*s->tcf).*list).count(id));
            if (!held) return false;
        }
    return true;
}

// Flips bits in, truncates and splices `refused` and `partial`'s stored
// forms; each that still decodes must grant no more than its origins.
// Answers how many decoded.
int mutationsThatDecode(const ConsentRecord& refused, const ConsentRecord& partial, unsigned seed) {
    std::mt19937 rng(seed);
    const std::string a = encodeRecord(refused), b = encodeRecord(partial);
    int decodedCount = 0;
    for (int i = 0; i < 10000; ++i) {
        std::string m = (i % 2) ? a : b;
        const auto* origin = (i % 2) ? &refused : &partial;
        switch (i % 3) {
            case 0:  // flip bits
                for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k)
                    m[rng() % m.size()] ^= static_cast<char>(1u << (rng() % 8));
                break;
            case 1:  // truncate
                m.resize(rng() % m.size());
                break;
            case 2: {  // splice the head of one record onto the tail of the other
                const std::string& other = (i % 2) ? b : a;
                m = m.substr(0, rng() % m.size()) + other.substr(rng() % other.size());
                break;
            }
        }
        const auto r = decodeRecord(m);
        if (!r.ok()) continue;
        ++decodedCount;
        INFO(m);
        if (i % 3 == 2) CHECK(grantsNoMore(r.value(), {&refused, &partial}));
        else CHECK(grantsNoMore(r.value(), {origin}));
    }
    return decodedCount;
}

}  // namespace

TEST_CASE("encode and decode are exact inverses") {
    for (bool a : {false, true})
        for (bool m : {false, true}) {
            const auto r = sample(a, m);
            const auto decoded = decodeRecord(encodeRecord(r));
            REQUIRE(decoded.ok());
            CHECK(same(decoded.value(), r));
        }
}

TEST_CASE("the version 2 stored form matches its published vector") {
    const std::string v2 =
        "2~62966561~AAAAAAAAAAAAAAAAAAAAAA~BBBBBBBBBBBBBBBBBBBBBB~7~loyw3v28~loyw6ibk~custom~preferences~zh-CN~"
        "0123456789abcdef~analytics=1@lw43fubk|marketing=0@lw43fubk|necessary=1~ga=1~scope.userLocation=1@lq5re2bk~";
    const std::string encoded = encodeRecord(sample(true, false));
    CHECK(encoded.substr(0, v2.size()) == v2);
    CHECK(encoded.size() == v2.size() + 8);
}

namespace {

// A version 1 record with these purposes, and its checksum as the first release made it.
std::string storedV1(std::string_view purposes) {
    const std::string v1 = "1.AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB.7.loyw3v28.loyw6ibk.custom.preferences.zh-CN." +
                           std::string(purposes) + ".";
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", fnv1a32(v1.substr(0, v1.size() - 1)));
    return v1 + buf;
}

}  // namespace

TEST_CASE("a version 1 record still decodes, migrated with the default expiry") {
    const auto r = decodeRecord(storedV1("analytics=1|marketing=0|necessary=1"));
    REQUIRE(r.ok());
    const auto& m = r.value();
    CHECK(m.siteHash.empty());
    CHECK(m.revision == 7);
    CHECK(m.language == "zh-CN");
    CHECK(m.purposes.at("analytics") == Grant{true, 1700000123456 + kV1ExpiryMs});
    CHECK(m.purposes.at("marketing") == Grant{false, 1700000123456 + kV1ExpiryMs});
    CHECK(encodeRecord(m).rfind("2~", 0) == 0);  // the next write is version 2
}

TEST_CASE("a version 1 record's purposes are flags only: one with an expiry is damage") {
    const auto r = decodeRecord(storedV1("analytics=1@lw43fubk|marketing=0"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems().front().reason == "bad purposes");
}

TEST_CASE("the stored form is a valid cookie value") {
    for (char c : encodeRecord(sample(true, true))) {
        const auto u = static_cast<unsigned char>(c);
        INFO(c);
        CHECK((u > 0x20 && u < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\'));
    }
}

TEST_CASE("a damaged stored record is refused with a reason, never read as consent") {
    const std::string good = encodeRecord(sample(true, true));
    struct Case {
        std::string stored;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"", "stored record: empty"},
        {"garbage", "stored record: not a record"},
        {good.substr(0, good.size() - 1), "stored record: checksum mismatch"},
        {good.substr(0, good.rfind('~', good.size() - 10)), "stored record: has 13 fields, expected 15"},
        {"5" + good.substr(1), "stored record: from a newer version 5"},
        {"4" + good.substr(1), "stored record: has 15 fields, expected 16"},
        {"3" + good.substr(1), "stored record: has 15 fields, expected 16"},
        {"0" + good.substr(1), "stored record: unknown version 0"},
        {"1" + good.substr(1), "stored record: unknown version 1"},
        {"x~", "stored record: no version"},
        {std::string(5000, 'x'), "stored record: longer than 4096 characters"},
    };
    for (const auto& c : cases) {
        INFO(c.stored.substr(0, 60));
        const auto r = decodeRecord(c.stored);
        REQUIRE_FALSE(r.ok());
        CHECK(r.message() == c.reason);
    }
}

TEST_CASE("the checksum sees a change in any byte, a swap of two, and a change of length") {
    const std::string text = encodeRecord(sample(true, false));
    const auto body = text.substr(0, text.rfind('~'));
    const auto base = checksum(body);
    for (std::size_t i = 0; i < body.size(); ++i) {
        std::string changed = body;
        changed[i] ^= 0x01;
        INFO(i);
        CHECK(checksum(changed) != base);
        if (i + 1 < body.size() && body[i] != body[i + 1]) {
            std::string swapped = body;
            std::swap(swapped[i], swapped[i + 1]);
            CHECK(checksum(swapped) != base);
        }
    }
    CHECK(checksum(body + '\0') != base);
    CHECK(checksum(body.substr(0, body.size() - 1)) != base);
}

TEST_CASE("a stored record altered by hand fails its checksum") {
    std::string forged = encodeRecord(sample(false, false));
    const auto at = forged.find("analytics=0");
    forged.replace(at, 11, "analytics=1");
    CHECK(decodeRecord(forged).message() == "stored record: checksum mismatch");
}

TEST_CASE("[C01] 10,000 random mutations of stored records never grant more than the originals did") {
    auto refused = sample(false, false);
    refused.permissions["scope.userLocation"].granted = false;
    // Almost every mutation must be caught; a few splices reproduce a whole original.
    CHECK(mutationsThatDecode(refused, sample(true, false), 20261123) < 200);
}

TEST_CASE("[C01] 10,000 random mutations of TCF records (vendor choices, TC string hash) never grant more vendors") {
    auto refused = sample(false, false);
    refused.tcf = TcfChoice{};
    refused.tcStringHash = std::string(64, 'a');
    auto partial = sample(true, false);
    partial.tcf = TcfChoice{{8}, {8, 28}, {1}};
    partial.tcStringHash = std::string(64, 'b');
    CHECK(mutationsThatDecode(refused, partial, 20261207) < 200);
}

namespace {

ConsentRecord withTcf(TcfChoice tcf) {
    ConsentRecord r = sample(true, false);
    r.tcf = std::move(tcf);
    return r;
}

}  // namespace

TEST_CASE("a record without TCF choices keeps the version 2 form; one with them is version 3 and reads back the same") {
    CHECK(encodeRecord(sample(true, false)).rfind("2~", 0) == 0);
    const TcfChoice cases[] = {
        {{8, 28, 755}, {755}, {1}},
        {{}, {}, {}},
        {{1, 65535}, {65535}, {1, 2, 12}},
    };
    for (const auto& tcf : cases) {
        const std::string stored = encodeRecord(withTcf(tcf));
        INFO(stored);
        CHECK(stored.rfind("3~", 0) == 0);
        const auto back = decodeRecord(stored);
        REQUIRE(back.ok());
        CHECK(same(back.value(), withTcf(tcf)));
        REQUIRE(checkedConsentId(stored));
        CHECK(*checkedConsentId(stored) == "AAAAAAAAAAAAAAAAAAAAAA");
    }
    CHECK(encodeRecord(withTcf({{8, 28, 755}, {755}, {1}})).find("~8.s.kz|kz|1~") != std::string::npos);
}

TEST_CASE("damaged TCF choices in a stored record are refused, never read as a vendor's consent") {
    const std::string good = encodeRecord(withTcf({{8, 28}, {28}, {1}}));
    REQUIRE(good.find("~8.s|s|1~") != std::string::npos);
    const auto tcfAt = good.find("~8.s|s|1~") + 1;
    const auto hex8 = [](std::uint32_t v) {
        std::string out(8, '0');
        for (int i = 7; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = "0123456789abcdef"[v & 15];
        return out;
    };
    // Each bad field is checksummed anew, so that only the field is wrong.
    const std::string hash(64, 'a');
    for (const std::string bad : std::vector<std::string>{"8.s|s", "8.s|s|1|", "s.8|s|1", "8.8|s|1", "0|s|1", "8..s|s|1", "8.1ekh|s|1", "8.S|s|1",
                                  // the TC string's hash: 64 lowercase hex, once
                                  "8.s|s|1|" + hash.substr(1), "8.s|s|1|" + hash + "a", "8.s|s|1|" + std::string(64, 'A'),
                                  "8.s|s|1|" + hash + "|" + hash}) {
        std::string body = good.substr(0, tcfAt) + bad;
        // With a fourth part, as version 4 (a version 3 record with one is refused for that alone).
        if (std::count(bad.begin(), bad.end(), '|') >= 3) body[0] = '4';
        INFO(bad);
        const auto r = decodeRecord(body + '~' + hex8(checksum(body)));
        REQUIRE_FALSE(r.ok());
        CHECK(r.message() == "stored record: bad tcf choices");
    }
}

TEST_CASE("a TCF record's attested TC string hash is kept under the check and reads back the same") {
    ConsentRecord r = withTcf({{8, 28}, {28}, {1}});
    r.tcStringHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const std::string stored = encodeRecord(r);
    CHECK(stored.find("~8.s|s|1|0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef~") != std::string::npos);
    CHECK(stored.rfind("4~", 0) == 0);
    const auto back = decodeRecord(stored);
    REQUIRE(back.ok());
    CHECK(same(back.value(), r));
    // Without one (the TCF module had not loaded), the form is as before.
    const std::string unattested = encodeRecord(withTcf({{8, 28}, {28}, {1}}));
    CHECK(unattested.rfind("3~", 0) == 0);
    CHECK(unattested.find("~8.s|s|1~") != std::string::npos);
}

namespace {

// The same record under another version number, its check made anew: only
// the version is wrong, never the check.
std::string asVersion(const std::string& stored, char version) {
    std::string body = stored.substr(0, stored.rfind('~'));
    body[0] = version;
    char check[9];
    std::snprintf(check, sizeof check, "%08x", checksum(body));
    return body + '~' + check;
}

}  // namespace

TEST_CASE("[C06] a stored record's version says its tcf form: a version 3 record with a hash, or a version 4 one without, is refused as damaged") {
    ConsentRecord attested = withTcf({{8, 28}, {28}, {1}});
    attested.tcStringHash = std::string(64, 'c');
    const std::string v4 = encodeRecord(attested);
    const std::string v3 = encodeRecord(withTcf({{8, 28}, {28}, {1}}));
    REQUIRE(decodeRecord(v4).ok());
    REQUIRE(decodeRecord(v3).ok());
    REQUIRE(decodeRecord(asVersion(v4, '4')).ok());  // asVersion itself keeps a record whole
    for (const std::string& damaged : {asVersion(v4, '3'), asVersion(v3, '4')}) {
        INFO(damaged);
        const auto r = decodeRecord(damaged);
        REQUIRE_FALSE(r.ok());
        CHECK(r.message() == "stored record: bad tcf choices");
    }
    // A version after 4 is one this reader does not know: no consent.
    for (const char newer : {'5', '9'}) {
        const auto r = decodeRecord(asVersion(v4, newer));
        REQUIRE_FALSE(r.ok());
        CHECK(r.message() == std::string("stored record: from a newer version ") + newer);
        CHECK_FALSE(checkedConsentId(asVersion(v4, newer)));
    }
    REQUIRE(checkedConsentId(v4));
    CHECK(*checkedConsentId(v4) == "AAAAAAAAAAAAAAAAAAAAAA");
}
