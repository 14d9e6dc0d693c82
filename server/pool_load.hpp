// How loaded the worker pool is now (admission.hpp writes it, /metrics
// reads it): connections being served, and connections accepted that wait
// for a worker.
#pragma once

#include <atomic>
#include <cstddef>

namespace assent::server {

struct PoolLoad {
    std::atomic<std::size_t> busy{0};
    std::atomic<std::size_t> waiting{0};
};

}  // namespace assent::server
