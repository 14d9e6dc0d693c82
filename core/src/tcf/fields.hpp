// One encoder and its inverse per TCF field type (number, flag, day, two
// letters, fixed id vector, id ranges, vendor section, publisher
// restrictions), composed by tc_string.cpp into segments. Internal to the core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/result.hpp"
#include "assent/tcf/bits.hpp"
#include "assent/tcf/tc_model.hpp"
#include "assent/tcf/vendor_section.hpp"

namespace assent::tcf {

// Field widths in bits, from the spec's tables.
namespace width {
inline constexpr int kVersion = 6, kDay = 36, kCmpId = 12, kCmpVersion = 12, kConsentScreen = 6, kLetter = 6,
                     kVendorListVersion = 12, kPolicyVersion = 6, kSpecialFeatures = 12, kPurposes = 24,
                     kVendorId = 16, kNumEntries = 12, kPurposeId = 6, kRestrictionType = 2, kSegmentType = 3,
                     kNumCustomPurposes = 6;
}

inline constexpr std::uint64_t kMaxEntries = (1U << width::kNumEntries) - 1;  // 4095

// Ranges expand to ids; a short string could name 4095 ranges of 65535 ids
// each. Past this many ids in all (four sections of every possible vendor)
// decoding stops, so a hostile string cannot exhaust memory or time.
inline constexpr std::size_t kMaxExpandedIds = 4 * 65536;

struct IdRange {
    std::uint16_t first;
    std::uint16_t last;
};

// Reads a segment's fields in order. The first problem is kept and every
// later read returns 0, so a decoder reads straight through and checks once.
class FieldReader {
public:
    FieldReader(const Bits& bits, std::string segment, std::size_t& idBudget)
        : reader_(bits), segment_(std::move(segment)), idBudget_(idBudget) {}

    std::uint64_t number(int width, std::string_view field);
    bool flag(std::string_view field) { return number(1, field) != 0; }
    void fail(std::string_view field, std::string reason);
    // Takes `count` ids from the string's expansion budget; false (and a
    // problem) when the budget is spent.
    bool spendIds(std::size_t count, std::string_view field);
    bool ok() const { return !problem_; }
    std::size_t remaining() const { return reader_.remaining(); }
    const Problem& problem() const { return *problem_; }

private:
    BitReader reader_;
    std::string segment_;
    std::size_t& idBudget_;
    std::optional<Problem> problem_;
};

void writeDay(BitWriter&, std::int64_t ms);
std::int64_t readDay(FieldReader&, std::string_view field);

void writeLetters(BitWriter&, std::string_view twoLetters);
std::string readLetters(FieldReader&, std::string_view field);

// Id i as bit i-1 of a `width`-bit field.
void writeIdBits(BitWriter&, const IdSet&, int width);
IdSet readIdBits(FieldReader&, int width, std::string_view field);

std::vector<IdRange> toRanges(const IdSet&);
// NumEntries then each entry; ids above `maxId` are refused.
void writeRanges(BitWriter&, const std::vector<IdRange>&);
IdSet readRanges(FieldReader&, std::string_view field, std::uint16_t maxId);

void writeVendorSection(BitWriter&, const IdSet&);
IdSet readVendorSection(FieldReader&, std::string_view field);

void writeRestrictions(BitWriter&, const std::vector<PublisherRestriction>&);
std::vector<PublisherRestriction> readRestrictions(FieldReader&);

}  // namespace assent::tcf
