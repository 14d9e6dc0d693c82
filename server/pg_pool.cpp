#include "pg_pool.hpp"

namespace assent::server {

PgPool::PgPool(std::string conninfo, std::size_t size, Prepare prepare)
    : conninfo_(std::move(conninfo)), size_(size < 1 ? 1 : size), prepare_(std::move(prepare)) {}

Status PgPool::connect(const char* doing) {
    try {
        give(take());
        return done();
    } catch (const std::exception& e) {
        return Problems{{"database", std::string(doing) + ": " + e.what()}};
    }
}

std::unique_ptr<pqxx::connection> PgPool::take() {
    std::unique_lock<std::mutex> guard(lock_);
    freed_.wait(guard, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
    }
    ++open_;
    guard.unlock();
    try {
        auto c = std::make_unique<pqxx::connection>(conninfo_);
        if (prepare_) prepare_(*c);
        return c;
    } catch (...) {
        give(nullptr);
        throw;
    }
}

void PgPool::give(std::unique_ptr<pqxx::connection> c) {
    std::lock_guard<std::mutex> guard(lock_);
    if (c && c->is_open()) {
        idle_.push_back(std::move(c));
    } else {
        --open_;
    }
    freed_.notify_one();
}

}  // namespace assent::server
