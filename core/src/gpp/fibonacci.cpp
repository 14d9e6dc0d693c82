#include "assent/gpp/fibonacci.hpp"

#include <vector>

#include "../tcf/fields.hpp"
#include "assent/json_writer.hpp"

namespace assent::gpp {
namespace {

// 1, 2, 3, 5, 8, … up to the largest a code word of kMaxFibonacciBits holds.
const std::vector<std::uint32_t>& fibonacci() {
    static const std::vector<std::uint32_t> numbers = [] {
        std::vector<std::uint32_t> f{1, 2};
        while (f.size() < static_cast<std::size_t>(kMaxFibonacciBits)) f.push_back(f[f.size() - 1] + f[f.size() - 2]);
        return f;
    }();
    return numbers;
}

}  // namespace

void writeFibonacci(tcf::BitWriter& out, std::uint32_t n) {
    const auto& f = fibonacci();
    std::size_t top = 0;
    while (top + 1 < f.size() && f[top + 1] <= n) ++top;
    std::vector<bool> word(top + 1, false);
    for (std::size_t i = top + 1; i-- > 0;)
        if (f[i] <= n) {
            word[i] = true;
            n -= f[i];
        }
    for (const bool bit : word) out.write(bit);
    out.write(true);
}

std::uint32_t readFibonacci(tcf::FieldReader& in, std::string_view field) {
    const auto& f = fibonacci();
    std::uint32_t value = 0;
    bool previous = false;
    for (int i = 0; in.ok(); ++i) {
        const bool bit = in.flag(field);
        if (!in.ok()) return 0;
        if (bit && previous) return value;
        if (i >= kMaxFibonacciBits) {
            in.fail(field, "a Fibonacci code word runs past " + decimal(kMaxFibonacciBits) + " bits without ending in 11");
            return 0;
        }
        if (bit) value += f[static_cast<std::size_t>(i)];
        previous = bit;
    }
    return 0;
}

void writeFibonacciRange(tcf::BitWriter& out, const IdSet& ids) {
    const auto list = tcf::toRanges(ids);
    out.write(list.size(), tcf::width::kNumEntries);
    std::uint32_t last = 0;
    for (const auto& g : list) {
        out.write(g.first != g.last);
        writeFibonacci(out, g.first - last);
        if (g.first != g.last) writeFibonacci(out, static_cast<std::uint32_t>(g.last - g.first));
        last = g.last;
    }
}

IdSet readFibonacciRange(tcf::FieldReader& in, std::string_view field) {
    IdSet ids;
    const auto entries = in.number(tcf::width::kNumEntries, field);
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < entries && in.ok(); ++i) {
        const bool isGroup = in.flag(field);
        const std::uint32_t first = last + readFibonacci(in, field);
        const std::uint32_t end = isGroup ? first + readFibonacci(in, field) : first;
        if (!in.ok()) break;
        if (end > 65535) {
            in.fail(field, "entry " + decimal(static_cast<std::int64_t>(i + 1)) + " reaches id " + decimal(end) + ", above 65535");
            break;
        }
        if (!in.spendIds(end - first + 1U, field)) break;
        for (std::uint32_t id = first; id <= end; ++id) ids.insert(static_cast<std::uint16_t>(id));
        last = end;
    }
    return in.ok() ? ids : IdSet{};
}

}  // namespace assent::gpp
