// Connections to PostgreSQL, borrowed one per call and given back. One that
// failed is closed, the call fails with a problem naming why, and a later
// call connects again. PgStore keeps several; the texts archive and the
// dashboard's figures keep one each (one call at a time).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "assent/result.hpp"

namespace assent::server {

class PgPool {
public:
    // Run on each connection once, when it is opened: prepares the
    // statements its users run by name (a statement is prepared once a
    // connection; libpqxx 7 refuses a name prepared again).
    using Prepare = std::function<void(pqxx::connection&)>;

    // conninfo: a libpq connection string or postgresql:// URL; size:
    // connections open at most (at least 1).
    PgPool(std::string conninfo, std::size_t size, Prepare prepare = nullptr);

    // Opens a connection now and keeps it, so that a database that cannot be
    // reached is known at start: the problem is `doing` and why.
    Status connect(const char* doing);

    // Runs `work` with a borrowed connection; an exception becomes a
    // problem that names what was being done and why it failed.
    template <typename T, typename Work>
    Result<T> with(const char* doing, Work work) {
        // take() gives its place back itself when connecting fails: only a
        // connection taken is given back here, once.
        std::unique_ptr<pqxx::connection> c;
        try {
            c = take();
            Result<T> out = work(*c);
            give(std::move(c));
            return out;
        } catch (const pqxx::broken_connection& e) {
            if (c) c.reset(), give(nullptr);
            return Problems{{"database", std::string(doing) + ": the connection to PostgreSQL is lost: " + e.what()}};
        } catch (const std::exception& e) {
            // A connection the server closed may still look open; a failed
            // one is not worth keeping: the next call connects afresh.
            if (c) c.reset(), give(nullptr);
            return Problems{{"database", std::string(doing) + ": " + e.what()}};
        }
    }

private:
    std::unique_ptr<pqxx::connection> take();
    void give(std::unique_ptr<pqxx::connection>);

    const std::string conninfo_;
    const std::size_t size_;
    const Prepare prepare_;
    std::mutex lock_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<pqxx::connection>> idle_;
    std::size_t open_ = 0;
};

}  // namespace assent::server
