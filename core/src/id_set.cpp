#include "assent/id_set.hpp"

namespace assent {

std::size_t IdSet::lowerBound(std::uint16_t id) const {
    std::size_t low = 0;
    std::size_t high = size();
    while (low < high) {
        const std::size_t mid = (low + high) / 2;
        if (at(mid) < id) low = mid + 1;
        else high = mid;
    }
    return low;
}

bool IdSet::insert(std::uint16_t id) {
    const std::size_t index = lowerBound(id);
    if (index < size() && at(index) == id) return false;
    const char two[2] = {static_cast<char>(id >> 8), static_cast<char>(id & 0xff)};
    bytes_.insert(2 * index, two, 2);
    return true;
}

std::size_t IdSet::count(std::uint16_t id) const {
    const std::size_t index = lowerBound(id);
    return index < size() && at(index) == id;
}

}  // namespace assent
