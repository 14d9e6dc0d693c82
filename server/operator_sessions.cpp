#include "operator_sessions.hpp"

#include <sys/random.h>

#include <cerrno>
#include <vector>

#include "assent/sha256.hpp"

namespace assent::server {
namespace {

std::string base64url(const std::vector<unsigned char>& bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 63];
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
    return out;
}

}  // namespace

std::optional<std::string> randomToken(std::size_t count) {
    std::vector<unsigned char> bytes(count);
    std::size_t filled = 0;
    while (filled < count) {
        const ssize_t got = getrandom(bytes.data() + filled, count - filled, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return std::nullopt;
        filled += static_cast<std::size_t>(got);
    }
    return base64url(bytes);
}

bool MemorySessionBook::keepSession(const std::string& hash, const std::string& who, std::int64_t expiresMs,
                                    std::int64_t nowMs) {
    std::lock_guard<std::mutex> guard(lock_);
    for (auto it = byHash_.begin(); it != byHash_.end();)
        it = it->second.expiresMs <= nowMs ? byHash_.erase(it) : std::next(it);
    byHash_[hash] = Session{who, expiresMs};
    return true;
}

std::optional<std::string> MemorySessionBook::sessionHolder(const std::string& hash, std::int64_t nowMs) {
    std::lock_guard<std::mutex> guard(lock_);
    const auto it = byHash_.find(hash);
    if (it == byHash_.end() || nowMs >= it->second.expiresMs) return std::nullopt;
    return it->second.who;
}

void MemorySessionBook::endSession(const std::string& hash) {
    std::lock_guard<std::mutex> guard(lock_);
    byHash_.erase(hash);
}

std::optional<std::string> OperatorSessions::open(std::string who, std::int64_t nowMs) {
    constexpr std::size_t kIdBytes = 32;  // 256 bits: not guessable
    auto id = randomToken(kIdBytes);
    if (!id) return std::nullopt;
    if (!book_.keepSession(sha256Hex(*id), who, nowMs + lifeMs_, nowMs)) return std::nullopt;
    return id;
}

std::optional<std::string> OperatorSessions::holder(std::string_view id, std::int64_t nowMs) {
    if (id.empty()) return std::nullopt;
    return book_.sessionHolder(sha256Hex(id), nowMs);
}

void OperatorSessions::close(std::string_view id) { book_.endSession(sha256Hex(id)); }

}  // namespace assent::server
