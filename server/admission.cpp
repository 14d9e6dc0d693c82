#include "admission.hpp"

#include <algorithm>
#include <cmath>

namespace assent::server {
namespace {

thread_local bool tOverflowing = false;

// Buckets kept before full ones are dropped: bounds the memory a flood of
// client addresses can take.
constexpr std::size_t kMaxBuckets = 100000;

}  // namespace

int RateLimiter::admit(const std::string& key, std::int64_t nowMs) {
    if (limit_.perSecond <= 0) return 0;
    std::lock_guard<std::mutex> guard(lock_);
    if (buckets_.size() >= kMaxBuckets) forgetFull(nowMs);
    auto [it, added] = buckets_.try_emplace(key, Bucket{limit_.burst, nowMs});
    Bucket& b = it->second;
    const double elapsed = std::max<std::int64_t>(0, nowMs - b.atMs) / 1000.0;
    b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.perSecond);
    b.atMs = nowMs;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / limit_.perSecond)));
}

std::size_t RateLimiter::keys() const {
    std::lock_guard<std::mutex> guard(lock_);
    return buckets_.size();
}

void RateLimiter::forgetFull(std::int64_t nowMs) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const double refilled = it->second.tokens + (nowMs - it->second.atMs) / 1000.0 * limit_.perSecond;
        it = refilled >= limit_.burst ? buckets_.erase(it) : std::next(it);
    }
}

WorkerPool::WorkerPool(std::size_t workers, std::size_t waiting, HeaderLimits headers, std::shared_ptr<PoolLoad> load,
                       std::size_t refusers)
    : workers_(std::max<std::size_t>(1, workers)), waiting_(waiting),
      refusalsWaiting_(std::max<std::size_t>(1, refusers) * 64), headers_(headers), load_(std::move(load)) {
    for (std::size_t i = 0; i < workers_; ++i)
        threads_.emplace_back([this] { serve(jobs_, false); });
    for (std::size_t i = 0; i < std::max<std::size_t>(1, refusers); ++i)
        threads_.emplace_back([this] { serve(refusals_, true); });
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> connection) {
    std::unique_lock<std::mutex> guard(lock_);
    // A connection may wait for a worker if one is idle or the waiting line is short.
    const auto hasRoom = [this] { return jobs_.size() < workers_ - busy_ + waiting_; };
    room_.wait(guard, [&] { return stopping_ || hasRoom() || refusals_.size() < refusalsWaiting_; });
    if (stopping_) return;
    const bool refused = !hasRoom();
    (refused ? refusals_ : jobs_).push_back(std::move(connection));
    report();
    guard.unlock();
    (refused ? refusalsReady_ : jobsReady_).notify_one();
}

void WorkerPool::shutdown() {
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    jobsReady_.notify_all();
    refusalsReady_.notify_all();
    room_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
}

bool WorkerPool::overflowing() { return tOverflowing; }

void WorkerPool::report() {
    if (!load_) return;
    load_->busy = busy_;
    load_->waiting = jobs_.size();
}

void WorkerPool::serve(std::deque<std::function<void()>>& queue, bool refusing) {
    tOverflowing = refusing;
    for (;;) {
        std::function<void()> connection;
        {
            std::unique_lock<std::mutex> guard(lock_);
            (refusing ? refusalsReady_ : jobsReady_).wait(guard, [&] { return stopping_ || !queue.empty(); });
            // Drain what was accepted before stopping, as httplib's own pool does.
            if (queue.empty()) return;
            connection = std::move(queue.front());
            queue.pop_front();
            if (!refusing) ++busy_;
            report();
        }
        room_.notify_all();  // the line is shorter
        // A refuser reads the headers too before it answers 503: bounded alike.
        header_guard::beginConnection(headers_);
        connection();
        header_guard::endConnection();
        {
            std::lock_guard<std::mutex> guard(lock_);
            if (!refusing) --busy_;
            report();
        }
        room_.notify_all();  // a worker is free
    }
}

}  // namespace assent::server
