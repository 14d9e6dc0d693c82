// Receipts are checked before they are kept: the right site, the consent id
// they claim, a history that follows from the previous receipt, a version
// the site accepts, and this server's time as their receive time.
#include "receipts.hpp"

#include <cstdio>
#include <string>

#include "support.hpp"

using namespace server_test;

namespace {

using Kind = ReceiptVerdict::Kind;

struct Desk {
    TempDir dir;
    std::unique_ptr<Store> store = openStore(dir.path() / "a.db");
    IntakeRules rules;

    ReceiptVerdict receive(const std::string& stored, std::int64_t at = kNow, const std::string& claimed = "",
                           const Config& config = testConfig()) {
        auto verdict = receiveReceipt(*store, config, rules, stored, claimed, at);
        INFO(verdict.message());
        REQUIRE(verdict.ok());
        return verdict.value();
    }
    std::size_t kept(const std::string& consentId) { return store->receipts(consentId).value().size(); }
};

// A device's history: first choice at kNow, then a withdrawal at kNow + 20.
std::vector<ConsentRecord> chooseThenWithdraw() {
    Core device = deviceThatChose({{"analytics", true}}, kNow);
    REQUIRE(device.withdraw("analytics", Surface::Preferences, kNow + 20).ok());
    return device.ledger().history();
}

}  // namespace

TEST_CASE("[C06] a receipt of this site is kept once, received at the server's time", "[collector][receipts]") {
    Desk desk;
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}, kNow - 1000));
    CHECK(desk.receive(encodeRecord(record), kNow).kind == Kind::New);
    CHECK(desk.receive(encodeRecord(record), kNow + 5).kind == Kind::Duplicate);
    const auto receipts = desk.store->receipts(record.consentId).value();
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].receivedMs == kNow);  // not the record's own time, not the duplicate's
}

TEST_CASE("a receipt of another site is refused", "[collector][receipts]") {
    Desk desk;
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    Config other = testConfig();
    other.siteId = "another.example";
    const ReceiptVerdict verdict = desk.receive(encodeRecord(record), kNow, "", other);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 400);
    CHECK(verdict.reason == "a record of another site");
    CHECK(desk.kept(record.consentId) == 0);
}

TEST_CASE("a version 1 record, which names no site, is kept only where the server allows them",
          "[collector][receipts]") {
    Desk desk;
    const std::string v1 = v1Record(idOf("v1-person"), idOf("v1-record"), kNow);
    REQUIRE(decodeRecord(v1).ok());
    ReceiptVerdict verdict = desk.receive(v1);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 400);
    CHECK_THAT(verdict.reason, Catch::Contains("version 1"));
    CHECK(desk.kept(idOf("v1-person")) == 0);

    desk.rules.allowV1Records = true;
    CHECK(desk.receive(v1).kind == Kind::New);
    CHECK(desk.kept(idOf("v1-person")) == 1);
}

TEST_CASE("a record that is not of the consent id it is sent for is refused", "[collector][receipts]") {
    Desk desk;
    const ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    const ReceiptVerdict verdict = desk.receive(encodeRecord(record), kNow, idOf("someone-else"));
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.reason == "not a record of consent_id");
    CHECK(desk.kept(record.consentId) == 0);
}

TEST_CASE("a record that does not decode is refused, naming why", "[collector][receipts]") {
    Desk desk;
    std::string damaged = encodeRecord(recordOf(deviceThatChose({{"analytics", false}})));
    damaged[damaged.find("analytics=0") + 10] = '1';
    const ReceiptVerdict verdict = desk.receive(damaged);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 400);
    CHECK(verdict.reason == "stored record: checksum mismatch");
}

TEST_CASE("a record of a revision newer than the site's is refused", "[collector][receipts]") {
    Desk desk;
    ConsentRecord record = recordOf(deviceThatChose({{"analytics", true}}));
    record.revision = testConfig().revision + 1;
    const ReceiptVerdict verdict = desk.receive(encodeRecord(record));
    CHECK(verdict.kind == Kind::Refused);
    CHECK_THAT(verdict.reason, Catch::Contains("newer than the site's"));
}

TEST_CASE("a history that follows from the previous receipt is kept", "[collector][receipts]") {
    Desk desk;
    const auto history = chooseThenWithdraw();
    CHECK(desk.receive(encodeRecord(history[0]), kNow).kind == Kind::New);
    CHECK(desk.receive(encodeRecord(history[1]), kNow + 20).kind == Kind::New);
    CHECK(desk.kept(history[0].consentId) == 2);
}

TEST_CASE("a record decided before the newest receipt of its consent id is refused with 409",
          "[collector][receipts]") {
    Desk desk;
    const auto history = chooseThenWithdraw();
    REQUIRE(desk.receive(encodeRecord(history[1])).kind == Kind::New);
    const ReceiptVerdict verdict = desk.receive(encodeRecord(history[0]));
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 409);
    CHECK_THAT(verdict.reason, Catch::Contains("decided before its newest receipt"));
    CHECK(desk.kept(history[0].consentId) == 1);
}

TEST_CASE("a record whose first decision differs from its consent id's history is refused with 409",
          "[collector][receipts]") {
    Desk desk;
    const auto history = chooseThenWithdraw();
    REQUIRE(desk.receive(encodeRecord(history[0])).kind == Kind::New);
    ConsentRecord forged = history[1];
    forged.createdMs -= 1000;  // a grant claiming an earlier start
    const ReceiptVerdict verdict = desk.receive(encodeRecord(forged));
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 409);
    CHECK_THAT(verdict.reason, Catch::Contains("first decision (createdMs) differs"));
}

TEST_CASE("a record id received before with other content is refused with 409", "[collector][receipts]") {
    Desk desk;
    const ConsentRecord refusal = recordOf(deviceThatChose({{"analytics", false}}));
    REQUIRE(desk.receive(encodeRecord(refusal)).kind == Kind::New);
    ConsentRecord turned = refusal;
    turned.purposes["analytics"].granted = true;  // the same decision, now a grant
    const ReceiptVerdict verdict = desk.receive(encodeRecord(turned));
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 409);
    CHECK(verdict.reason == "record_id already received with other content");
    CHECK(desk.store->receipts(refusal.consentId).value()[0].record.purposes.at("analytics").granted == false);
}

TEST_CASE("a record id of another consent id is refused with 409", "[collector][receipts]") {
    Desk desk;
    const ConsentRecord mine = recordOf(deviceThatChose({{"analytics", true}}));
    REQUIRE(desk.receive(encodeRecord(mine)).kind == Kind::New);
    ConsentRecord theirs = recordOf(deviceThatChose({{"analytics", true}}));
    theirs.recordId = mine.recordId;
    const ReceiptVerdict verdict = desk.receive(encodeRecord(theirs));
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 409);
    CHECK(verdict.reason == "record_id already used by another consent id, or by an erased record");
    CHECK(desk.kept(theirs.consentId) == 0);
}

TEST_CASE("a record dated ahead of the server's clock by more than the skew is refused, and cannot block the real "
          "next decision",
          "[server][receipts]") {
    Desk desk;
    const std::int64_t skew = desk.rules.clockSkewMs;
    // A device whose clock runs 10 minutes ahead (or a forged record) ...
    const ConsentRecord ahead = recordOf(deviceThatChose({{"analytics", true}}, kNow + 10 * 60 * 1000));
    const ReceiptVerdict verdict = desk.receive(encodeRecord(ahead), kNow);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.status == 400);
    CHECK(verdict.reason == "decided in the future: 600 s after this server received it, more than the clock skew allowed");
    CHECK(desk.kept(ahead.consentId) == 0);
    // ... while one just within the skew is a clock a little ahead, and kept.
    const ConsentRecord within = recordOf(deviceThatChose({{"analytics", true}}, kNow + skew));
    CHECK(desk.receive(encodeRecord(within), kNow).kind == Kind::New);
    // A forged record of a real consent id, dated a day ahead, is refused too,
    // so the person's real withdrawal after it is still taken.
    const auto history = chooseThenWithdraw();
    CHECK(desk.receive(encodeRecord(history[0]), kNow).kind == Kind::New);
    ConsentRecord forged = history[0];
    forged.recordId = "forgedRecordId00000000";
    forged.updatedMs = kNow + 24LL * 60 * 60 * 1000;
    CHECK(desk.receive(encodeRecord(forged), kNow + 10).kind == Kind::Refused);
    CHECK(desk.receive(encodeRecord(history[1]), kNow + 40).kind == Kind::New);
    CHECK(desk.kept(history[0].consentId) == 2);
}

namespace {

// The test site with TCF: vendors 8 and 28, special feature 1 (the main
// core reads only these of the section; the TCF module checks the rest).
std::string tcfSiteJson() {
    return R"({"tcf": {"vendorList": "/gvl.json", "cmpId": 300, "cmpVersion": 1, "publisherCountryCode": "DE",)"
           R"( "vendors": [8, 28], "specialFeatures": [1], "purposes": []},)" +
           kConfigJson.substr(1);
}

// A device on the TCF site that chose vendor 8's consent, objected to 28's
// legitimate interest and opted in to special feature 1.
ConsentRecord tcfRecord() {
    auto created = Core::create(tcfSiteJson(), "seed-of-a-tcf-device");
    REQUIRE(created.ok());
    Core core = std::move(created).value();
    Choice choice;
    choice.method = Method::Custom;
    choice.surface = Surface::Preferences;
    choice.purposes = {{"marketing", true}};
    choice.tcf = TcfChoice{{8}, {8}, {1}};
    REQUIRE(core.choose(std::move(choice), kNow - 1000).ok());
    return recordOf(core);
}

}  // namespace

TEST_CASE("[C06] a TCF site's version 3 receipt is kept with the person's vendor choices, and its chain link verifies",
          "[server][receipts]") {
    Desk desk;
    const Config site = parsedConfig(tcfSiteJson());
    const ConsentRecord record = tcfRecord();
    const std::string stored = encodeRecord(record);
    REQUIRE(stored.rfind("3~", 0) == 0);
    CHECK(desk.receive(stored, kNow, "", site).kind == Kind::New);
    const auto receipts = desk.store->receipts(record.consentId).value();
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].stored == stored);
    REQUIRE(receipts[0].record.tcf);
    CHECK(*receipts[0].record.tcf == TcfChoice{{8}, {8}, {1}});
    const ChainReport chain = desk.store->verify().value();
    CHECK(chain.links == 1);
    CHECK_FALSE(chain.broken);
    // Its vendor choices are under its checksum: one changed by hand is refused.
    std::string edited = stored;
    const auto at = edited.rfind("~8|8|1~");
    REQUIRE(at != std::string::npos);
    edited[at + 1] = 's';  // vendor 28 ("s" in base 36) instead of 8
    const ReceiptVerdict verdict = desk.receive(edited, kNow, "", site);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.reason == "stored record: checksum mismatch");
}

TEST_CASE("[C06] an attested TCF receipt is kept as version 4 with its TC string hash; the same under version 3 is "
          "refused as damaged",
          "[server][receipts]") {
    Desk desk;
    const Config site = parsedConfig(tcfSiteJson());
    ConsentRecord record = tcfRecord();
    record.tcStringHash = std::string(64, 'f');
    const std::string stored = encodeRecord(record);
    REQUIRE(stored.rfind("4~", 0) == 0);
    // Version 3 has no hash: its form with one is damage, whatever its check says.
    std::string body = stored.substr(0, stored.rfind('~'));
    body[0] = '3';
    char check[9];
    std::snprintf(check, sizeof check, "%08x", checksum(body));
    const ReceiptVerdict verdict = desk.receive(body + '~' + check, kNow, "", site);
    CHECK(verdict.kind == Kind::Refused);
    CHECK(verdict.reason == "stored record: bad tcf choices");
    CHECK(desk.kept(record.consentId) == 0);
    CHECK(desk.receive(stored, kNow, "", site).kind == Kind::New);
    const auto receipts = desk.store->receipts(record.consentId).value();
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].record.tcStringHash == record.tcStringHash);
}

TEST_CASE("a version 3 record is still kept once its site has dropped TCF: refusing it would lose the proof of what "
          "was decided",
          "[server][receipts]") {
    Desk desk;
    const ConsentRecord record = tcfRecord();
    CHECK(desk.receive(encodeRecord(record), kNow, "", testConfig()).kind == Kind::New);
    CHECK(desk.kept(record.consentId) == 1);
}
