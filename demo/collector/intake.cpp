#include "intake.hpp"

#include <nlohmann/json.hpp>

namespace assent::collector {
namespace {

using Json = nlohmann::json;

std::string notA(const char* wanted, const Json& value) {
    return std::string("must be ") + wanted + ", not " + value.type_name();
}

}  // namespace

// A receipt is one field that the shell writes itself (JSON.stringify), not
// the core: the server's JSON library reads it, without exceptions.
Result<std::string> parseReceiptBody(std::string_view body) {
    const Json json = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return Problems{{"body", "not valid JSON"}};
    if (!json.is_object()) return Problems{{"body", notA("a JSON object", json)}};
    const auto consent = json.find("consent");
    if (consent == json.end()) return Problems{{"consent", "missing"}};
    if (!consent->is_string()) return Problems{{"consent", notA("a string", *consent)}};
    if (consent->get_ref<const std::string&>().empty()) return Problems{{"consent", "empty"}};
    return consent->get<std::string>();
}

}  // namespace assent::collector
