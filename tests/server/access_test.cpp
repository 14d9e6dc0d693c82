// [C18] Who may read or erase what is kept about a consent id: the device
// that holds the secret created with it (the server keeps only its hash, sent
// with the device's receipts), or an operator with a token. A consent id
// alone opens nothing, and every refusal looks the same.
#include <sstream>

#include <nlohmann/json.hpp>

#include "access.hpp"
#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

// A device that decided, and sent its receipt with the hash of its secret.
struct Device {
    Core core;
    std::string secret;
    std::string consentId() const { return recordOf(core).consentId; }
};

Device decided(RunningCollector& collector, const std::string& secret, std::map<std::string, bool> choice = {{"analytics", true}}) {
    Device d{deviceThatChose(std::move(choice)), secret};
    auto client = collector.anonymousClient();
    Json body = {{"consent", d.core.storedCurrent()}, {"key", sha256Hex(secret)}};
    auto res = client.Post("/v1/consent", body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return d;
}

httplib::Headers bearer(const std::string& credential) { return {{"Authorization", "Bearer " + credential}}; }

int statusOf(const httplib::Result& res) {
    REQUIRE(res);
    return res->status;
}

const std::vector<std::string> kReads = {"/v1/events?consent_id=", "/v1/consent?consent_id="};

}  // namespace

TEST_CASE("[C18] a consent id alone reads nothing and erases nothing", "[collector][access]") {
    RunningCollector collector;
    const Device alice = decided(collector, "alice-secret-0123456789abcdef");
    auto client = collector.anonymousClient();
    for (const auto& path : kReads) {
        auto res = client.Get((path + alice.consentId()).c_str());
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
    }
    CHECK(statusOf(client.Delete(("/v1/records?consent_id=" + alice.consentId()).c_str())) == 401);
    CHECK(collector.store().receipts(alice.consentId()).value().size() == 1);
}

TEST_CASE("[C18] a wrong secret, another person's secret and an unknown consent id are refused alike", "[collector][access]") {
    RunningCollector collector;
    const Device alice = decided(collector, "alice-secret-0123456789abcdef");
    const Device bob = decided(collector, "bob-secret-0123456789abcdef", {{"analytics", false}});
    auto client = collector.anonymousClient();
    std::vector<std::string> bodies;
    for (const auto& [consentId, credential] : std::vector<std::pair<std::string, std::string>>{
             {alice.consentId(), "guessed"},
             {alice.consentId(), bob.secret},
             {"no-such-consent-id-000", alice.secret},
             {alice.consentId(), sha256Hex(alice.secret)},  // the hash is not the secret
         }) {
        for (const auto& path : kReads) {
            auto res = client.Get((path + consentId).c_str(), bearer(credential));
            REQUIRE(res);
            CHECK(res->status == 403);
            bodies.push_back(res->body);
        }
        CHECK(statusOf(client.Delete(("/v1/records?consent_id=" + consentId).c_str(), bearer(credential))) == 403);
    }
    for (const auto& body : bodies) CHECK(body == bodies.front());
    CHECK(Json::parse(bodies.front()) == Json{{"error", "authorization: not allowed for this consent id"}});
    CHECK(collector.store().receipts(alice.consentId()).value().size() == 1);
}

TEST_CASE("[C13] [C14] [C18] the device's own secret reads and erases its own data", "[collector][access]") {
    RunningCollector collector;
    const Device alice = decided(collector, "alice-secret-0123456789abcdef");
    auto client = collector.anonymousClient();
    auto receipts = client.Get(("/v1/consent?consent_id=" + alice.consentId()).c_str(), bearer(alice.secret));
    REQUIRE(statusOf(receipts) == 200);
    CHECK(Json::parse(receipts->body)["receipts"].size() == 1);
    CHECK(statusOf(client.Get(("/v1/events?consent_id=" + alice.consentId()).c_str(), bearer(alice.secret))) == 200);
    auto erased = client.Delete(("/v1/records?consent_id=" + alice.consentId()).c_str(), bearer(alice.secret));
    REQUIRE(statusOf(erased) == 200);
    CHECK(Json::parse(erased->body)["erasedReceipts"] == 1);
    // Erased with its data: the secret opens nothing any more.
    CHECK(statusOf(client.Get(("/v1/consent?consent_id=" + alice.consentId()).c_str(), bearer(alice.secret))) == 403);
}

TEST_CASE("[C06] a receipt export's page from past the chain's head, or from no seq, is refused by name",
          "[collector][access]") {
    RunningCollector collector;
    const Device alice = decided(collector, "alice-secret-0123456789abcdef");
    auto client = collector.anonymousClient();
    const auto page = [&](const std::string& after) {
        return client.Get(("/v1/consent?consent_id=" + alice.consentId() + "&chain_after=" + after).c_str(),
                          bearer(alice.secret));
    };
    const auto head = page("1");
    REQUIRE(statusOf(head) == 200);
    CHECK(Json::parse(head->body)["chain"]["complete"] == true);
    const auto past = page("2");
    REQUIRE(statusOf(past) == 400);
    CHECK(Json::parse(past->body) == Json{{"error", "chain_after: past the chain's head (seq 1)"}});
    const auto notSeq = page("-1");
    REQUIRE(statusOf(notSeq) == 400);
    CHECK(Json::parse(notSeq->body) == Json{{"error", "chain_after: must be a link's seq, 0 or more"}});
}

TEST_CASE("[C18] the first key a consent id's receipts bring stays: a later receipt cannot take the device's place",
          "[collector][access]") {
    RunningCollector collector;
    Device alice = decided(collector, "alice-secret-0123456789abcdef");
    // Someone who saw alice's consent id and record sends it again with a key of their own.
    auto client = collector.anonymousClient();
    Json replay = {{"consent", alice.core.storedCurrent()}, {"key", sha256Hex("mallory")}};
    REQUIRE(statusOf(client.Post("/v1/consent", replay.dump(), "application/json")) == 200);
    CHECK(statusOf(client.Get(("/v1/consent?consent_id=" + alice.consentId()).c_str(), bearer("mallory"))) == 403);
    CHECK(statusOf(client.Get(("/v1/consent?consent_id=" + alice.consentId()).c_str(), bearer(alice.secret))) == 200);
}

TEST_CASE("[C18] an operator token reads and erases anyone's data, and each such action is logged", "[collector][access]") {
    RunningCollector collector;
    const Device alice = decided(collector, "alice-secret-0123456789abcdef");
    std::ostringstream log;
    std::streambuf* before = std::cerr.rdbuf(log.rdbuf());  // the server's JSON-lines log
    auto client = collector.anonymousClient();
    const auto read = client.Get(("/v1/consent?consent_id=" + alice.consentId()).c_str(), bearer(kOperatorToken));
    const auto erased = client.Delete(("/v1/records?consent_id=" + alice.consentId()).c_str(), bearer(kOperatorToken));
    std::cerr.rdbuf(before);
    CHECK(statusOf(read) == 200);
    CHECK(statusOf(erased) == 200);
    std::istringstream lines(log.str());
    std::vector<Json> entries;
    for (std::string line; std::getline(lines, line);) entries.push_back(Json::parse(line));
    REQUIRE(entries.size() == 2);
    CHECK(entries[0]["action"] == "GET /v1/consent");
    CHECK(entries[1]["action"] == "DELETE /v1/records");
    CHECK(entries[1]["consentId"] == alice.consentId());
    CHECK(entries[1]["operator"] == true);
    CHECK(entries[1]["level"] == "info");
    CHECK(entries[1]["message"] == "operator action");
}

TEST_CASE("[C18] secret hashes are compared whole, whatever the first difference", "[collector][access]") {
    using assent::server::sameSecretHash;
    const std::string known = sha256Hex("secret");
    CHECK(sameSecretHash(known, known));
    std::string late = known;
    late.back() = late.back() == '0' ? '1' : '0';
    CHECK_FALSE(sameSecretHash(late, known));
    CHECK_FALSE(sameSecretHash(known.substr(0, 63), known));
    CHECK_FALSE(sameSecretHash(known + "0", known));
    CHECK_FALSE(sameSecretHash("", known));
}
