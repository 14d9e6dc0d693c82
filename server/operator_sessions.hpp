// The dashboard's signed-in operators. Signing in with an operator token
// (access.hpp) opens a session: a random id the browser keeps in a cookie,
// of which the server keeps only the SHA-256 and an expiry, in a SessionBook:
// one server keeps them in memory (a restart signs everyone out); servers
// that share PostgreSQL keep them there (PgStore), because the next request
// of a browser may reach another of them. The id comes from the system's
// CSPRNG (getrandom), never from a seeded generator: it is a credential.
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

// Where sessions are kept, keyed by the SHA-256 of their id: a lookup's
// timing is about a hash the caller cannot steer, and a dump of the book
// holds no usable cookie.
class SessionBook {
public:
    virtual ~SessionBook() = default;
    // Keeps a session until expiresMs, forgetting those expired by nowMs;
    // false when it could not be kept (then no session is opened).
    virtual bool keepSession(const std::string& hash, const std::string& who, std::int64_t expiresMs,
                             std::int64_t nowMs) = 0;
    // Its holder, if kept and not expired by nowMs; nothing also when the
    // book cannot be read (a session that cannot be checked is refused).
    virtual std::optional<std::string> sessionHolder(const std::string& hash, std::int64_t nowMs) = 0;
    virtual void endSession(const std::string& hash) = 0;
};

// One server's book, in its memory.
class MemorySessionBook final : public SessionBook {
public:
    bool keepSession(const std::string& hash, const std::string& who, std::int64_t expiresMs,
                     std::int64_t nowMs) override;
    std::optional<std::string> sessionHolder(const std::string& hash, std::int64_t nowMs) override;
    void endSession(const std::string& hash) override;

private:
    struct Session {
        std::string who;
        std::int64_t expiresMs = 0;
    };
    std::mutex lock_;
    std::map<std::string, Session> byHash_;
};

class OperatorSessions {
public:
    // Sessions last lifeMs; they are kept in `shared` when given (it must
    // outlive this), else in this server's memory.
    explicit OperatorSessions(std::int64_t lifeMs, SessionBook* shared = nullptr)
        : lifeMs_(lifeMs), book_(shared ? *shared : memory_) {}

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
    MemorySessionBook memory_;
    SessionBook& book_;
};

}  // namespace assent::server
