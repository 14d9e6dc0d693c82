#include "intake.hpp"

#include <nlohmann/json.hpp>

namespace assent::server {
namespace {

using Json = nlohmann::json;

std::string notA(const char* wanted, const Json& value) {
    return std::string("must be ") + wanted + ", not " + value.type_name();
}

}  // namespace

// A receipt is one field that the shell writes itself (JSON.stringify), not
// the core: the server's JSON library reads it, without exceptions.
Result<ReceiptBody> parseReceiptBody(std::string_view body) {
    const Json json = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return Problems{{"body", "not valid JSON"}};
    if (!json.is_object()) return Problems{{"body", notA("a JSON object", json)}};
    const auto consent = json.find("consent");
    if (consent == json.end()) return Problems{{"consent", "missing"}};
    if (!consent->is_string()) return Problems{{"consent", notA("a string", *consent)}};
    if (consent->get_ref<const std::string&>().empty()) return Problems{{"consent", "empty"}};
    ReceiptBody out{consent->get<std::string>(), ""};
    if (const auto key = json.find("key"); key != json.end()) {
        if (!key->is_string() || !isKeyHash(key->get_ref<const std::string&>()))
            return Problems{{"key", "must be 64 lowercase hex characters (the SHA-256 of the device's secret)"}};
        out.key = key->get<std::string>();
    }
    return out;
}

bool isKeyHash(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace assent::server
