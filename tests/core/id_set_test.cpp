#include <catch2/catch.hpp>

#include <vector>

#include "assent/id_set.hpp"

using namespace assent;

namespace {

std::vector<std::uint16_t> listed(const IdSet& ids) { return {ids.begin(), ids.end()}; }

}  // namespace

TEST_CASE("An id set holds each GVL id once, ascending, whatever order the ids were added in") {
    IdSet ids;
    CHECK(ids.insert(755));
    CHECK(ids.insert(1));
    CHECK(ids.insert(65535));
    CHECK(ids.insert(256));
    CHECK_FALSE(ids.insert(755));
    CHECK(listed(ids) == std::vector<std::uint16_t>{1, 256, 755, 65535});
    CHECK(ids.size() == 4);
    CHECK(ids.highest() == 65535);
}

TEST_CASE("An id set says which ids it holds, across the byte boundary of an id") {
    const IdSet ids{2, 255, 256, 511};
    for (const std::uint16_t id : {2, 255, 256, 511}) CHECK(ids.count(id) == 1);
    for (const std::uint16_t id : {0, 1, 3, 254, 257, 510, 512, 65535}) CHECK(ids.count(id) == 0);
    CHECK(IdSet{}.count(1) == 0);
}

TEST_CASE("Two id sets are equal when they hold the same ids, however they were filled") {
    CHECK(IdSet{3, 1, 2} == IdSet{1, 2, 3});
    CHECK(IdSet{1, 2, 2, 3} == IdSet{1, 2, 3});
    CHECK(IdSet{1, 2} != IdSet{1, 2, 3});
    CHECK(IdSet{}.empty());
}
