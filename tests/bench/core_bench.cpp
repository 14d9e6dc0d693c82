// Figures for the core's hot paths, natively. Run: build/native/tests/bench/assent_bench
#include <benchmark/benchmark.h>

#include <string>

#include "assent/core.hpp"
#include "../core/fixtures.hpp"

namespace {

// The test fixture, with batches as large as the benchmark's bursts.
std::string benchConfig() {
    std::string config = fixtures::kConfig;
    const std::string small = "\"batchMaxEvents\": 2";
    config.replace(config.find(small), small.size(), "\"batchMaxEvents\": 50");
    return config;
}

assent::Core decidedCore() {
    auto core = assent::Core::create(benchConfig(), fixtures::kSeed).value();
    core.choose(fixtures::custom({{"analytics", true}}, assent::Surface::Preferences), 1700000000000);
    return core;
}

// The issue's figure: decode and check a full 50-record history.
void restoreFiftyRecordHistory(benchmark::State& state) {
    auto core = decidedCore();
    for (int i = 0; i < 60; ++i)
        core.choose(i % 2 ? fixtures::acceptAll() : fixtures::rejectAll(), 1700000000000 + i);
    const auto stored = core.stored();
    auto reloaded = decidedCore();
    for (auto _ : state) {
        benchmark::DoNotOptimize(reloaded.restore(stored, 1700000000100));
        benchmark::DoNotOptimize(reloaded.needsPrompt(1700000000100));
    }
    state.counters["records"] = static_cast<double>(reloaded.ledger().historySize());
    state.counters["bytes"] = static_cast<double>(stored.size());
}
BENCHMARK(restoreFiftyRecordHistory);

void encodeFiftyRecordHistory(benchmark::State& state) {
    auto core = decidedCore();
    for (int i = 0; i < 60; ++i)
        core.choose(i % 2 ? fixtures::acceptAll() : fixtures::rejectAll(), 1700000000000 + i);
    for (auto _ : state) benchmark::DoNotOptimize(core.stored());
}
BENCHMARK(encodeFiftyRecordHistory);

void restoreStoredRecord(benchmark::State& state) {
    const auto stored = decidedCore().stored();
    auto core = decidedCore();
    for (auto _ : state) {
        benchmark::DoNotOptimize(core.restore(stored, 1700000000001));
        benchmark::DoNotOptimize(core.needsPrompt(1700000000001));
    }
}
BENCHMARK(restoreStoredRecord);

void encodeStoredRecord(benchmark::State& state) {
    const auto core = decidedCore();
    for (auto _ : state) benchmark::DoNotOptimize(core.stored());
}
BENCHMARK(encodeStoredRecord);

void acceptedOnLoadedState(benchmark::State& state) {
    const auto core = decidedCore();
    for (auto _ : state) benchmark::DoNotOptimize(core.accepted("analytics", 1700000000001));
}
BENCHMARK(acceptedOnLoadedState);

// Gate and encode: track N events then drain them as batches.
void trackAndBatch(benchmark::State& state) {
    auto core = decidedCore();
    std::int64_t now = 1700000000001;
    for (auto _ : state) {
        for (int i = 0; i < 50; ++i) core.track("$click", R"({"tag":"button","text":"Buy"})", "/shop", ++now);
        benchmark::DoNotOptimize(core.takeBatch(now));
    }
    state.SetItemsProcessed(state.iterations() * 50);
}
BENCHMARK(trackAndBatch);

// The batch path: 1,000 captured events in one packed call, then gate, mask
// and encode them into batches (what crosses the WASM boundary per flush).
std::string packedClicks(int count, std::int64_t ts) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i) out += '\x1e';
        out += "$click\x1f/shop/item?id=42\x1f" + std::to_string(ts + i) +
               "\x1ftag\x1fsbutton\x1ftext\x1fsAdd to cart\x1fselector\x1fsmain>button.buy";
    }
    return out;
}

void ingestAndBatch(benchmark::State& state) {
    auto core = decidedCore();
    const std::string packed = packedClicks(1000, 1700000000001);
    for (auto _ : state) {
        benchmark::DoNotOptimize(core.ingest(packed, 1700000002000));
        while (auto taken = core.takeBatch(1700000002000)) {
            core.settleBatch(taken->id, true);
            benchmark::DoNotOptimize(taken->body);
        }
    }
    state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(ingestAndBatch)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
