// The store contract: tests that hold for every Store (store.hpp) run once
// per kind, with `const std::string kind = GENERATE(from_range(storeKinds()));`
// and a FreshStore of that kind.
//
// PostgreSQL runs when ASSENT_TEST_POSTGRESQL names a server, and ctest
// always starts one for these tests (tests/server/CMakeLists.txt), so under
// ctest no store kind is skipped. Run directly without it, the binary tests
// SQLite only, and says so once.
#pragma once

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <pqxx/pqxx>

#include "pg_analytics.hpp"
#include "pg_store.hpp"
#include "pg_texts_archive.hpp"
#include "sqlite_analytics.hpp"
#include "sqlite_texts_archive.hpp"
#include "support.hpp"

namespace server_test {

inline std::string testPostgresql() {
    const char* url = std::getenv("ASSENT_TEST_POSTGRESQL");
    return url ? url : "";
}

inline std::vector<std::string> storeKinds() {
    if (testPostgresql().empty()) {
        static bool said = false;
        if (!said) WARN("ASSENT_TEST_POSTGRESQL is not set: the store contract runs on SQLite only (ctest sets it)");
        said = true;
        return {"sqlite"};
    }
    return {"sqlite", "postgresql"};
}

// A connection string for schema `schema` of the test server: every table the
// store makes goes there, so each test starts empty and leaves nothing.
inline std::string inSchema(const std::string& url, const std::string& schema) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// An empty store of `kind`: a file in a folder of its own, or a PostgreSQL
// schema of its own, dropped at the end.
class FreshStore {
public:
    explicit FreshStore(const std::string& kind, const std::string& site = "", std::int64_t configRevision = 0)
        : kind_(kind) {
        if (kind == "sqlite") {
            auto store = openStore(file(), site, configRevision);
            sqlite_ = store.get();
            store_ = std::move(store);
            return;
        }
        static std::atomic<int> next{0};
        schema_ = "t" + std::to_string(getpid()) + "_" + std::to_string(next++);
        admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
        auto store = assent::server::PgStore::open(url(), site, nullptr, configRevision);
        INFO(store.message());
        REQUIRE(store.ok());
        pg_ = store.value().get();
        store_ = std::move(store).value();
    }
    ~FreshStore() {
        store_.reset();
        if (!schema_.empty()) admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
    FreshStore(const FreshStore&) = delete;
    FreshStore& operator=(const FreshStore&) = delete;

    assent::server::Store* operator->() { return store_.get(); }
    assent::server::Store& operator*() { return *store_; }
    // The PostgreSQL store, when it is one.
    assent::server::PgStore* postgresql() { return pg_; }
    // The SQLite store, when it is one.
    assent::server::SqliteStore* sqlite() { return sqlite_; }
    // Another site's store on the same database.
    std::unique_ptr<assent::server::Store> otherSite(const std::string& site) const {
        if (kind_ == "sqlite") return openStore(file(), site);
        return secondServer(site);
    }
    // The dashboard's reader of the database, as the server opens it.
    std::unique_ptr<assent::server::Analytics> analytics(const std::string& site) const {
        if (kind_ == "sqlite") return opened(assent::server::SqliteAnalytics::open(file().string(), site));
        return opened(assent::server::PgAnalytics::open(url(), site));
    }
    // The texts archive beside the store, as the server opens it: in the
    // SQLite file, or in PostgreSQL (another call: another server's).
    std::unique_ptr<assent::server::TextsArchive> texts(const std::string& site) const {
        if (kind_ == "sqlite") return opened(assent::server::SqliteTextsArchive::open(file().string(), site));
        return opened(assent::server::PgTextsArchive::open(url(), site));
    }
    // Another store on the same database, as a second server would open it.
    std::unique_ptr<assent::server::PgStore> secondServer(const std::string& site = "") const {
        auto store = assent::server::PgStore::open(url(), site);
        REQUIRE(store.ok());
        return std::move(store).value();
    }
    std::string url() const { return inSchema(testPostgresql(), schema_); }
    const std::string& kind() const { return kind_; }
    fs::path file() const { return dir_.path() / "assent.db"; }

private:
    template <class Reader>
    static std::unique_ptr<Reader> opened(assent::Result<std::unique_ptr<Reader>> reader) {
        INFO(reader.message());
        REQUIRE(reader.ok());
        return std::move(reader).value();
    }
    static void admin(const std::string& sql) {
        pqxx::connection c(testPostgresql());
        pqxx::nontransaction tx(c);
        tx.exec(sql);
    }

    std::string kind_;
    TempDir dir_;
    std::string schema_;
    std::unique_ptr<assent::server::Store> store_;
    assent::server::PgStore* pg_ = nullptr;
    assent::server::SqliteStore* sqlite_ = nullptr;
};

}  // namespace server_test
