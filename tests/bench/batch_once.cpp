// The batch path of core_bench.cpp's ingestAndBatch (1,000 packed clicks
// ingested, gated, masked, then drained as batches of 50), a fixed number of
// times, for a figure the machine's load does not move: instructions per
// event. This machine's perf has no hardware counters, so count them with
// valgrind, at 0 flushes and at N, and divide the difference by N * 1000:
//   valgrind --tool=cachegrind --cache-sim=no build/native/tests/bench/assent_batch_once 10
// A second argument adds an FNV-1a hash of every body sent, to check that a
// faster build sends the very same bytes.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "assent/core.hpp"
#include "../core/fixtures.hpp"

int main(int argc, char** argv) {
    const int flushes = argc > 1 ? std::atoi(argv[1]) : 10;
    std::string config = fixtures::kConfig;
    const std::string small = "\"batchMaxEvents\": 2";
    config.replace(config.find(small), small.size(), "\"batchMaxEvents\": 50");
    auto core = assent::Core::create(config, fixtures::kSeed).value();
    core.choose(fixtures::custom({{"analytics", true}}, assent::Surface::Preferences), 1700000000000);
    std::string packed;
    for (int i = 0; i < 1000; ++i) {
        if (i) packed += '\x1e';
        packed += "$click\x1f/shop/item?id=42\x1f" + std::to_string(1700000000001 + i) +
                  "\x1ftag\x1fsbutton\x1ftext\x1fsAdd to cart\x1fselector\x1fsmain>button.buy";
    }
    std::size_t bytes = 0, forwarded = 0;
    unsigned long long hash = 0xcbf29ce484222325ULL;  // FNV-1a of every body: the same before and after
    for (int f = 0; f < flushes; ++f) {
        forwarded += static_cast<std::size_t>(core.ingest(packed, 1700000002000).forwarded);
        while (auto taken = core.takeBatch(1700000002000)) {
            core.settleBatch(taken->id, true);
            bytes += taken->body.size();
            if (argc > 2) for (unsigned char c : taken->body) hash = (hash ^ c) * 0x100000001b3ULL;
        }
    }
    std::printf("%d flushes, %zu forwarded, %zu bytes sent, fnv %016llx\n", flushes, forwarded, bytes, hash);
}
