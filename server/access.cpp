#include "access.hpp"

#include "assent/sha256.hpp"

namespace assent::server {

bool sameSecretHash(std::string_view given, std::string_view known) {
    unsigned char differ = given.size() == known.size() ? 0 : 1;
    for (std::size_t i = 0; i < known.size(); ++i)
        differ |= static_cast<unsigned char>(known[i] ^ (i < given.size() ? given[i] : 0));
    return differ == 0;
}

Caller authorize(const Access& access, Store& store, std::string_view authorization, std::string_view consentId) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.substr(0, kBearer.size()) != kBearer || authorization.size() == kBearer.size())
        return Caller::Missing;
    const std::string given = sha256Hex(authorization.substr(kBearer.size()));
    // Every check runs whatever the earlier ones found: the time taken says
    // nothing about which one matched.
    bool asOperator = false;
    for (const auto& token : access.operatorTokenHashes) asOperator |= sameSecretHash(given, token);
    const auto key = store.visitorKey(consentId);
    const bool asVisitor = sameSecretHash(given, key.ok() && !key.value().empty() ? key.value() : std::string(64, 'x'));
    if (asOperator) return Caller::Operator;
    return asVisitor && key.ok() && !key.value().empty() ? Caller::Visitor : Caller::Refused;
}

}  // namespace assent::server
