#include "fields.hpp"

#include <limits>
#include <vector>

#include "assent/json_writer.hpp"

namespace assent::tcf {
namespace {

constexpr std::int64_t kDecisecondsPerDay = 24LL * 60 * 60 * 10;

std::size_t rangeEntryBits(const IdRange& r) {
    return 1 + width::kVendorId + (r.first == r.last ? 0 : width::kVendorId);
}

std::size_t rangesBits(const std::vector<IdRange>& ranges) {
    std::size_t bits = width::kNumEntries;
    for (const auto& r : ranges) bits += rangeEntryBits(r);
    return bits;
}

std::uint16_t highestId(const IdSet& ids) { return ids.empty() ? 0 : ids.highest(); }

}  // namespace

// ---- reader ----

std::uint64_t FieldReader::number(int width, std::string_view field) {
    if (problem_) return 0;
    const auto value = reader_.read(width);
    if (!value) {
        fail(field, "the string ends inside this field (it needs " + decimal(width) + " bits, " +
                        decimal(static_cast<std::int64_t>(reader_.remaining())) + " are left)");
        return 0;
    }
    return *value;
}

void FieldReader::fail(std::string_view field, std::string reason) {
    if (!problem_) problem_ = Problem{segment_ + "." + std::string(field), std::move(reason)};
}

bool FieldReader::spendIds(std::size_t count, std::string_view field) {
    if (count > idBudget_) {
        fail(field, "the string names more than " + decimal(static_cast<std::int64_t>(kMaxExpandedIds)) +
                        " vendor ids in all; it is not expanded");
        return false;
    }
    idBudget_ -= count;
    return true;
}

// ---- day ----

void writeDay(BitWriter& out, std::int64_t ms) { out.write(static_cast<std::uint64_t>(tcDayMs(ms) / 100), width::kDay); }

// Read as written: strings from before the day rule carry deciseconds.
std::int64_t readDay(FieldReader& in, std::string_view field) {
    return static_cast<std::int64_t>(in.number(width::kDay, field)) * 100;
}

// ---- two letters, a=0..z=25 ----

void writeLetters(BitWriter& out, std::string_view letters) {
    for (char c : letters) out.write(static_cast<std::uint64_t>(c - 'A'), width::kLetter);
}

std::string readLetters(FieldReader& in, std::string_view field) {
    std::string letters;
    for (int i = 0; i < 2; ++i) {
        const auto value = in.number(width::kLetter, field);
        if (value > 25) in.fail(field, "letter value " + decimal(static_cast<std::int64_t>(value)) + " is not a–z (0–25)");
        letters += static_cast<char>('A' + (value > 25 ? 0 : value));
    }
    return letters;
}

// ---- fixed id vector ----

void writeIdBits(BitWriter& out, const IdSet& ids, int width) {
    for (int id = 1; id <= width; ++id) out.write(ids.count(static_cast<std::uint16_t>(id)) != 0);
}

IdSet readIdBits(FieldReader& in, int width, std::string_view field) {
    IdSet ids;
    for (int id = 1; id <= width; ++id)
        if (in.flag(field)) ids.insert(static_cast<std::uint16_t>(id));
    return in.ok() ? ids : IdSet{};
}

// ---- ranges ----

std::vector<IdRange> toRanges(const IdSet& ids) {
    std::vector<IdRange> ranges;
    for (const auto id : ids) {
        if (!ranges.empty() && ranges.back().last + 1 == id) ranges.back().last = id;
        else ranges.push_back({id, id});
    }
    return ranges;
}

void writeRanges(BitWriter& out, const std::vector<IdRange>& ranges) {
    out.write(ranges.size(), width::kNumEntries);
    for (const auto& r : ranges) {
        out.write(r.first != r.last);
        out.write(r.first, width::kVendorId);
        if (r.first != r.last) out.write(r.last, width::kVendorId);
    }
}

namespace {

// One RangeEntry, checked: ids start at 1, a range never ends before it
// starts, and never past the section's MaxVendorId.
std::optional<IdRange> readRangeEntry(FieldReader& in, std::string_view field, std::uint16_t maxId, std::size_t index) {
    const bool isRange = in.flag(field);
    const auto first = static_cast<std::uint16_t>(in.number(width::kVendorId, field));
    const auto last = isRange ? static_cast<std::uint16_t>(in.number(width::kVendorId, field)) : first;
    if (!in.ok()) return std::nullopt;
    const std::string entry = "range entry " + decimal(static_cast<std::int64_t>(index + 1));
    if (first == 0) in.fail(field, entry + " starts at vendor 0; vendor ids start at 1");
    else if (last < first) in.fail(field, entry + " ends at vendor " + decimal(last) + ", before its start " + decimal(first));
    else if (last > maxId)
        in.fail(field, entry + " reaches vendor " + decimal(last) + ", above MaxVendorId " + decimal(maxId));
    if (!in.ok()) return std::nullopt;
    return IdRange{first, last};
}

}  // namespace

// Entries may come in any order and overlap: each is marked first, and the
// set is filled once, ascending (IdSet appends in order; ids inserted in
// descending order would each move every greater one up).
IdSet readRanges(FieldReader& in, std::string_view field, std::uint16_t maxId) {
    std::vector<bool> marked;
    const auto entries = in.number(width::kNumEntries, field);
    for (std::size_t i = 0; i < entries && in.ok(); ++i) {
        const auto range = readRangeEntry(in, field, maxId, i);
        if (!range || !in.spendIds(range->last - range->first + 1U, field)) break;
        if (marked.size() <= range->last) marked.resize(range->last + 1U);
        for (std::uint32_t id = range->first; id <= range->last; ++id) marked[id] = true;
    }
    IdSet ids;
    if (!in.ok()) return ids;
    for (std::size_t id = 1; id < marked.size(); ++id)
        if (marked[id]) ids.insert(static_cast<std::uint16_t>(id));
    return ids;
}

// ---- vendor section ----

std::size_t vendorSectionBits(const IdSet& ids, VendorEncoding encoding) {
    const std::size_t header = width::kVendorId + 1;
    if (encoding == VendorEncoding::BitField) return header + highestId(ids);
    const auto ranges = toRanges(ids);
    if (ranges.size() > kMaxEntries) return std::numeric_limits<std::size_t>::max();
    return header + rangesBits(ranges);
}

VendorEncoding smallerVendorEncoding(const IdSet& ids) {
    return vendorSectionBits(ids, VendorEncoding::Range) < vendorSectionBits(ids, VendorEncoding::BitField)
               ? VendorEncoding::Range
               : VendorEncoding::BitField;
}

void writeVendorSection(BitWriter& out, const IdSet& ids) {
    const auto max = highestId(ids);
    out.write(max, width::kVendorId);
    if (smallerVendorEncoding(ids) == VendorEncoding::Range) {
        out.write(true);
        writeRanges(out, toRanges(ids));
        return;
    }
    out.write(false);
    for (std::uint32_t id = 1; id <= max; ++id) out.write(ids.count(static_cast<std::uint16_t>(id)) != 0);
}

IdSet readVendorSection(FieldReader& in, std::string_view field) {
    const auto max = static_cast<std::uint16_t>(in.number(width::kVendorId, field));
    if (in.flag(field)) return readRanges(in, field, max);
    IdSet ids;
    for (std::uint32_t id = 1; id <= max && in.ok(); ++id)
        if (in.flag(field)) ids.insert(static_cast<std::uint16_t>(id));
    return in.ok() ? ids : IdSet{};
}

// ---- publisher restrictions ----

void writeRestrictions(BitWriter& out, const std::vector<PublisherRestriction>& restrictions) {
    out.write(restrictions.size(), width::kNumEntries);
    for (const auto& r : restrictions) {
        out.write(r.purposeId, width::kPurposeId);
        out.write(static_cast<std::uint64_t>(r.type), width::kRestrictionType);
        writeRanges(out, toRanges(r.vendors));
    }
}

std::vector<PublisherRestriction> readRestrictions(FieldReader& in) {
    std::vector<PublisherRestriction> restrictions;
    const auto count = in.number(width::kNumEntries, "NumPubRestrictions");
    for (std::size_t i = 0; i < count && in.ok(); ++i) {
        const std::string field = "PublisherRestrictions[" + decimal(static_cast<std::int64_t>(i)) + "]";
        PublisherRestriction r;
        r.purposeId = static_cast<std::uint8_t>(in.number(width::kPurposeId, field));
        const auto type = in.number(width::kRestrictionType, field);
        if (in.ok() && r.purposeId == 0) in.fail(field, "purpose 0 does not exist; purpose ids start at 1");
        if (in.ok() && type > 2) in.fail(field, "restriction type " + decimal(static_cast<std::int64_t>(type)) + " is undefined (0–2)");
        r.type = static_cast<RestrictionType>(type);
        r.vendors = readRanges(in, field, 65535);  // no MaxVendorId here: any vendor id
        restrictions.push_back(std::move(r));
    }
    return in.ok() ? restrictions : std::vector<PublisherRestriction>{};
}

}  // namespace assent::tcf
