#include "access.hpp"

#include "assent/sha256.hpp"

namespace assent::server {
namespace {

// What a hash is compared with when the consent id has no key (unknown, or
// a device that never sent one): as long as a real key's hash, so the
// comparison does the same work, and equal to no SHA-256 in hex.
constexpr std::string_view kNoKey = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
static_assert(kNoKey.size() == 64, "a SHA-256 in hex");

}  // namespace

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
    // A wrong secret, another person's secret and an unknown consent id do
    // the same work, in the same order, and none returns early: the hash of
    // the credential, every operator token compared whole, one read of the
    // store by the consent id's key (an unknown id reads too, and finds
    // nothing), one comparison of 64 characters with its key or kNoKey. Only
    // the database's own lookup may take longer or shorter (docs/production.md).
    bool asOperator = false;
    for (const auto& token : access.operatorTokenHashes) asOperator |= sameSecretHash(given, token);
    const auto key = store.visitorKey(consentId);
    const bool hasKey = key.ok() && !key.value().empty();
    // Copied on every path alike (value() may hand back a temporary).
    const std::string known = hasKey ? key.value() : std::string(kNoKey);
    const bool asVisitor = sameSecretHash(given, known);
    if (asOperator) return Caller::Operator;
    return asVisitor && hasKey ? Caller::Visitor : Caller::Refused;
}

}  // namespace assent::server
