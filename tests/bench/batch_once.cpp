// The batch path of core_bench.cpp's ingestAndBatch (1,000 packed clicks
// ingested, gated, masked, then drained as batches of 50), a fixed number of
// times, for a figure the machine's load does not move: instructions per
// event. This machine's perf has no hardware counters, so count them with
// valgrind, at 0 flushes and at N, and divide the difference by N * 1000:
//   valgrind --tool=cachegrind --cache-sim=no build/native/tests/bench/assent_batch_once 10
// A second argument adds an FNV-1a hash of every body sent, to check that a
// faster build sends the very same bytes.
//   assent_batch_once mixed
// prints such hashes over a harder path instead: events held before a
// decision, several purposes, escapes and masking, a withdrawal, failed
// batches, a reload of the pending text and batches halved to fit their byte
// limit, with every body and pending text hashed. Before and after the
// queued events became byte forms (issue 11) it printed
//   variant 0 fnv abaf724c0e075435 / variant 1 fnv 5dd71219234bb6e1 / variant 2 fnv bad34fe1b1df72f9
// and ctest checks that it still does (CMakeLists.txt).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "assent/core.hpp"
#include "../core/fixtures.hpp"

namespace {

unsigned long long fnv = 0xcbf29ce484222325ULL;  // FNV-1a of every body: the same before and after

void hash(const std::string& text) {
    for (unsigned char c : text) fnv = (fnv ^ c) * 0x100000001b3ULL;
    fnv = (fnv ^ 0xff) * 0x100000001b3ULL;  // where one text ends
}

// Takes batches until none is left, or only the first when they fail.
void drain(assent::Core& core, std::int64_t now, bool fail) {
    while (auto batch = core.takeBatch(now)) {
        hash(batch->body);
        hash(core.pending());
        core.settleBatch(batch->id, !fail);
        if (fail) break;
    }
}

std::string configWith(const char* limits) {
    std::string config = fixtures::kConfig;
    const std::string small = "\"batchMaxEvents\": 2";
    return config.replace(config.find(small), small.size(), limits);
}

void mixed() {
    using assent::Core;
    const char* limits[] = {"\"batchMaxEvents\": 7", "\"batchMaxEvents\": 7",
                            "\"batchMaxEvents\": 50, \"batchMaxBytes\": 4096"};
    for (int variant = 0; variant < 3; ++variant) {
        const std::string config = configWith(limits[variant]);
        auto core = Core::create(config, fixtures::kSeed).value();
        const std::int64_t t = fixtures::kT0;
        core.track("$click", R"({"tag":"a\"b\\c\nd","text":"call 13812345678 or mail a@b.cn","href":"https://x.example/?email=a@b.cn&x=1"})",
                   "/p?token=1", t + 1);  // held: no decision yet
        core.track("signup", R"({"plan":"pro","x":"y"})", "/signup", t + 2);
        core.track("error", R"({"msg":"boom"})", "/err", t + 3);
        hash(core.pending());
        core.choose(fixtures::custom({{"analytics", true}, {"marketing", variant == 1}}), t + 10);
        const char* names[] = {"$click", "$pageview", "signup", "error", "$nothing"};
        for (int i = 0; i < 30; ++i) {
            const std::int64_t at = t + 20 + i * 10;
            std::string packed;
            for (int k = 0; k < 5; ++k) {
                if (k) packed += '\x1e';
                packed += std::string(names[(i + k) % 5]) + "\x1f/shop/" + std::to_string(i % 3) + "?q=13812345678\x1f" +
                          std::to_string(at + k) + "\x1ftag\x1fsbutton\x1ftext\x1fs\xc3\xa9 \"q\" " + std::to_string(i) +
                          "\x1fn\x1fn" + std::to_string(i * k) + "\x1fok\x1f" "btrue\x1fplan\x1fsgold";
            }
            core.ingest(packed, at + 5);
            if (i % 4 == 1) drain(core, at + 6, true);
            if (i == 12) core.withdraw("marketing", assent::Surface::Preferences, at + 7);
            if (i == 15) core.choose(fixtures::acceptAll(), at + 8);
            if (i == 20) {  // a reload: the pending text into a new core
                const std::string kept = core.pending();
                hash(kept);
                auto reloaded = Core::create(config, fixtures::kSeed).value();
                reloaded.restore(core.stored(), t + 400);
                reloaded.restorePending(kept, t + 400);
                hash(reloaded.pending());
                drain(reloaded, t + 401, false);
            }
            if (i % 3 == 2) drain(core, at + 9 + (i == 23 ? 40LL * 60 * 1000 : 0), false);  // once past a session
        }
        hash(core.pending());
        drain(core, t + 1000, false);
        hash(core.pending());
        std::printf("variant %d fnv %016llx\n", variant, fnv);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "mixed") == 0) {
        mixed();
        return 0;
    }
    const int flushes = argc > 1 ? std::atoi(argv[1]) : 10;
    auto core = assent::Core::create(configWith("\"batchMaxEvents\": 50"), fixtures::kSeed).value();
    core.choose(fixtures::custom({{"analytics", true}}, assent::Surface::Preferences), 1700000000000);
    std::string packed;
    for (int i = 0; i < 1000; ++i) {
        if (i) packed += '\x1e';
        packed += "$click\x1f/shop/item?id=42\x1f" + std::to_string(1700000000001 + i) +
                  "\x1ftag\x1fsbutton\x1ftext\x1fsAdd to cart\x1fselector\x1fsmain>button.buy";
    }
    std::size_t bytes = 0, forwarded = 0;
    for (int f = 0; f < flushes; ++f) {
        forwarded += static_cast<std::size_t>(core.ingest(packed, 1700000002000).forwarded);
        while (auto taken = core.takeBatch(1700000002000)) {
            core.settleBatch(taken->id, true);
            bytes += taken->body.size();
            if (argc > 2) for (unsigned char c : taken->body) fnv = (fnv ^ c) * 0x100000001b3ULL;
        }
    }
    std::printf("%d flushes, %zu forwarded, %zu bytes sent, fnv %016llx\n", flushes, forwarded, bytes, fnv);
}
