// A set of GVL or section ids (1–65535), ascending and without duplicates,
// as two bytes each (high byte first) in one std::string. Not std::set:
// these sets are small, filled in order (decoding reads ids ascending, a
// config lists them once) and read in order; and not std::vector: the
// string's code is already in the modules for every other string, while a
// tree or a vector of uint16_t brings its own. Only the operations the core
// uses. Measured (bytes raw / brotli; issue 11), against std::set:
//   assent.wasm      108,666 / 43,702 -> 108,422 / 43,644 (this)
//                    std::vector<uint16_t>: 109,240 / 44,011 with vector::insert,
//                    108,473 / 43,806 with this file's out-of-line insert
//   assent_tcf.wasm   67,831 / 27,067 ->  67,334 / 26,732
// (the main module keeps the tree's own code for its std::maps). Adding out
// of order moves the greater ids up: fine for these sizes; a TC string's
// vendor ranges, which may come in any order, are sorted before they are
// added (tcf/fields.cpp readRanges).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>

namespace assent {

class IdSet {
public:
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::uint16_t;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::uint16_t*;
        using reference = std::uint16_t;

        explicit const_iterator(const char* at) : at_(at) {}
        std::uint16_t operator*() const {
            return static_cast<std::uint16_t>(static_cast<unsigned char>(at_[0]) << 8 | static_cast<unsigned char>(at_[1]));
        }
        const_iterator& operator++() {
            at_ += 2;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return at_ == o.at_; }
        bool operator!=(const const_iterator& o) const { return at_ != o.at_; }

    private:
        const char* at_;
    };

    IdSet() = default;
    IdSet(std::initializer_list<std::uint16_t> ids) { insert(ids.begin(), ids.end()); }
    template <class It>
    IdSet(It first, It last) {
        insert(first, last);
    }

    // Whether id was new (it is then in its place).
    bool insert(std::uint16_t id);
    template <class It>
    void insert(It first, It last) {
        for (; first != last; ++first) insert(static_cast<std::uint16_t>(*first));
    }

    std::size_t count(std::uint16_t id) const;
    std::size_t size() const { return bytes_.size() / 2; }
    bool empty() const { return bytes_.empty(); }
    std::uint16_t highest() const { return *const_iterator(bytes_.data() + bytes_.size() - 2); }  // not on an empty set
    const_iterator begin() const { return const_iterator(bytes_.data()); }
    const_iterator end() const { return const_iterator(bytes_.data() + bytes_.size()); }

    bool operator==(const IdSet& o) const { return bytes_ == o.bytes_; }
    bool operator!=(const IdSet& o) const { return bytes_ != o.bytes_; }

private:
    std::size_t lowerBound(std::uint16_t id) const;  // the index of the first id not less than id
    std::uint16_t at(std::size_t index) const { return *const_iterator(bytes_.data() + 2 * index); }

    std::string bytes_;
};

}  // namespace assent
