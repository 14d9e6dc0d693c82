// Who gets a worker, and how often. httplib gives every accepted connection
// to its task queue and has no way to refuse one: a full pool just queues
// without bound while every client waits. Here the queue is bounded, and a
// connection it has no room for is handed to a small crew that only answers
// 503 with Retry-After, so an overloaded server says so at once. Rate limits
// per client address and per page origin answer 429 with Retry-After.
//
// A client's address is held in memory for its rate bucket only, never
// written anywhere (C15).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <httplib.h>

#include "header_guard.hpp"
#include "pool_load.hpp"

namespace assent::server {

// A token bucket: `burst` requests at once, then `perSecond` on average.
struct RateLimit {
    double perSecond = 0;  // 0: no limit
    double burst = 0;
};

class RateLimiter {
public:
    explicit RateLimiter(RateLimit limit) : limit_(limit) {}
    // 0 when a request of `key` may go ahead at nowMs (and it is counted);
    // otherwise how many whole seconds to wait before one would.
    int admit(const std::string& key, std::int64_t nowMs);
    std::size_t keys() const;

private:
    struct Bucket {
        double tokens;
        std::int64_t atMs;
    };
    // Full buckets hold nothing a fresh one would not: dropped once there are many.
    void forgetFull(std::int64_t nowMs);

    RateLimit limit_;
    mutable std::mutex lock_;
    std::unordered_map<std::string, Bucket> buckets_;
};

// httplib's task queue, bounded: `workers` threads serve connections, at most
// `waiting` more wait for one, and the rest go to `refusers` threads on which
// overflowing() is true (the request guard answers them 503). When even the
// refusers' queue is full, enqueue blocks and the system's listen backlog
// holds new connections.
class WorkerPool : public httplib::TaskQueue {
public:
    // `load`, when given, is kept up to date for /metrics.
    WorkerPool(std::size_t workers, std::size_t waiting, HeaderLimits headers = {},
               std::shared_ptr<PoolLoad> load = nullptr, std::size_t refusers = 4);
    ~WorkerPool() override;
    void enqueue(std::function<void()> connection) override;
    void shutdown() override;

    // Whether this thread serves a connection the pool had no room for.
    static bool overflowing();

private:
    void serve(std::deque<std::function<void()>>& queue, bool refusing);
    void report();  // under lock_

    const std::size_t workers_;
    const std::size_t waiting_;
    const std::size_t refusalsWaiting_;
    const HeaderLimits headers_;
    const std::shared_ptr<PoolLoad> load_;
    std::mutex lock_;
    std::condition_variable jobsReady_;
    std::condition_variable refusalsReady_;
    std::condition_variable room_;
    std::deque<std::function<void()>> jobs_;
    std::deque<std::function<void()>> refusals_;
    std::size_t busy_ = 0;  // workers serving a connection
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace assent::server
