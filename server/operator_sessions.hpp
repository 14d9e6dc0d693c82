// The dashboard's signed-in operators. Signing in with an operator token
// (access.hpp) opens a session: a random id the browser keeps in a cookie,
// of which this server keeps only the SHA-256 and an expiry, in memory (a
// restart signs everyone out). The id comes from the system's CSPRNG
// (getrandom), never from a seeded generator: it is a credential.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace assent::server {

// n bytes from the system's random source, as base64url (no padding);
// nothing when the source fails (then no session is opened).
std::optional<std::string> randomToken(std::size_t bytes);

class OperatorSessions {
public:
    explicit OperatorSessions(std::int64_t lifeMs) : lifeMs_(lifeMs) {}

    // A new session's id for the operator `who` (how the log names them),
    // valid until nowMs + lifeMs; nothing when no random bytes could be had.
    // Expired sessions are forgotten on the way.
    std::optional<std::string> open(std::string who, std::int64_t nowMs);
    // The operator whose session `id` names, if it has not expired by nowMs.
    std::optional<std::string> holder(std::string_view id, std::int64_t nowMs);
    // Ends the session `id` names, if any.
    void close(std::string_view id);
    std::int64_t lifeMs() const { return lifeMs_; }

private:
    std::int64_t lifeMs_;
    std::mutex lock_;
    // Keyed by the SHA-256 of the id: a lookup's timing is about a hash the
    // caller cannot steer, and a memory dump holds no usable cookie.
    struct Session {
        std::string who;
        std::int64_t expiresMs = 0;
    };
    std::map<std::string, Session> byHash_;
};

}  // namespace assent::server
