// Figures for the core's hot paths, natively. Run: build/native/tests/bench/assent_bench
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "assent/core.hpp"
#include "assent/mask.hpp"
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

// C11: masking megabytes of text. "mixed" is what pages send (prose in
// English and Chinese, phones, e-mail addresses, URLs, cards, order
// numbers); the rest are the scanner's worst cases, including the e-mail
// flood that took 0.7-1.4 s per megabyte before masking was made linear.
// Each runs at 1 and 4 MB: a linear pass takes the same time per MB.
std::string repeated(std::size_t bytes, std::initializer_list<std::string_view> pieces) {
    std::string out;
    out.reserve(bytes + 256);
    while (out.size() < bytes)
        for (std::string_view piece : pieces) out += piece;
    out.resize(bytes);
    return out;
}

std::string mixedText(std::size_t bytes) {
    return repeated(bytes, {
        "Thanks for your order 202311141234567897 of 2023-11-14, total 1999.00. ",
        "Call 13812345678 or +86 139 1234 5678, or mail alice.smith@example.com. ",
        "订单号：202311141234567890，手机 138-1234-5678，邮箱 用户@例子.广告。",
        "See https://shop.example/u/13812345678/orders?id=42&sort=new#top for details. ",
        "Card 4111 1111 1111 1111 12/27 was charged; app 13.8.1234 at 1700000000000. ",
        "logo@2x.png and icon@3x.webp came from 192.168.1.1 in 1.5 s. ",
        "我们会在三个工作日内联系您，请保持电话畅通。身份证 11010519491231002X 已核验。",
        "The quick brown fox jumps over the lazy dog; o'brien@example.ie replied at 10:20. ",
    });
}

std::string emailFlood(std::size_t bytes) { return repeated(bytes, {"a@b.cn "}); }
std::string atFlood(std::size_t bytes) { return repeated(bytes, {"@"}); }
std::string atLetterFlood(std::size_t bytes) { return repeated(bytes, {"a@"}); }
std::string gluedEmailFlood(std::size_t bytes) { return repeated(bytes, {"a@b.co"}); }
std::string dotsThenAt(std::size_t bytes) { return repeated(bytes, {"a."}) + "@"; }
std::string longLocalPart(std::size_t bytes) { return repeated(bytes, {"a"}) + "@example.com"; }
std::string digitFlood(std::size_t bytes) { return repeated(bytes, {"1"}); }
std::string spacedDigits(std::size_t bytes) { return repeated(bytes, {"1 "}); }
std::string dashedDigits(std::size_t bytes) { return repeated(bytes, {"1-2-"}); }
std::string dottedDigits(std::size_t bytes) { return repeated(bytes, {"1."}); }
std::string spacedCards(std::size_t bytes) { return repeated(bytes, {"4111 1111 1111 1111 "}); }
std::string phonesAndCounts(std::size_t bytes) { return repeated(bytes, {"13812345678 2 "}); }
std::string spacedQuads(std::size_t bytes) { return repeated(bytes, {"1234 "}); }

// The argument is the size in MB.
void maskMegabytes(benchmark::State& state, std::string (*make)(std::size_t)) {
    const std::string text = make(static_cast<std::size_t>(state.range(0)) << 20);
    const assent::MaskRules rules;
    for (auto _ : state) benchmark::DoNotOptimize(assent::maskText(text, rules));
    const double megabytes = static_cast<double>(text.size()) / (1 << 20);
    // Printed as "MB=…/s" and "per_MB=…ms".
    state.counters["MB"] = benchmark::Counter(megabytes, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["per_MB"] =
        benchmark::Counter(megabytes, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
#define MASK_BENCHMARK(name, make) \
    BENCHMARK_CAPTURE(maskMegabytes, name, make)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)
MASK_BENCHMARK(mixed, mixedText);
MASK_BENCHMARK(email_flood, emailFlood);
MASK_BENCHMARK(at_only, atFlood);
MASK_BENCHMARK(a_at_a_at, atLetterFlood);
MASK_BENCHMARK(a_at_b_co_glued, gluedEmailFlood);
MASK_BENCHMARK(a_dot_a_dot_then_at, dotsThenAt);
MASK_BENCHMARK(long_local_part, longLocalPart);
MASK_BENCHMARK(digits, digitFlood);
MASK_BENCHMARK(one_space_one, spacedDigits);
MASK_BENCHMARK(one_dash_two, dashedDigits);
MASK_BENCHMARK(one_dot_one, dottedDigits);
MASK_BENCHMARK(spaced_cards, spacedCards);
MASK_BENCHMARK(phones_and_counts, phonesAndCounts);
MASK_BENCHMARK(spaced_quads, spacedQuads);

}  // namespace

BENCHMARK_MAIN();
