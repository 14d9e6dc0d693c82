#include "assent/ids.hpp"

namespace assent {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

// Every seed byte is folded into the xoshiro256** state through splitmix, so
// a 32-byte seed keeps its full entropy and any other length still works.
IdSource::IdSource(std::string_view seed) {
    std::uint64_t mix = 0x243f6a8885a308d3ULL;
    for (std::size_t i = 0; i < seed.size(); ++i) {
        mix ^= static_cast<std::uint64_t>(static_cast<unsigned char>(seed[i])) << ((i % 8) * 8);
        if (i % 8 == 7) state_[(i / 8) % 4] ^= splitmix(mix);
    }
    for (auto& word : state_) word ^= splitmix(mix);
}

std::uint64_t IdSource::draw() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
}

// Sextets of the 128 bits, lowest first: the ten of the first word, one
// across both, eleven of the second (the last one's low four bits always 0). Built in a
// buffer, one character each, where a loop that found each sextet's word
// took 480 instructions an id (issue 11: 10,848 -> 10,504 instructions per
// event).
std::string IdSource::next() {
    const Chars id = nextChars();
    return std::string(id.data(), id.size());
}

IdSource::Chars IdSource::nextChars() {
    const std::uint64_t low = draw(), high = draw();
    Chars id;
    for (int i = 0; i < 10; ++i) id[i] = kBase64Url[(low >> (i * 6)) & 63];
    id[10] = kBase64Url[((low >> 60) | (high << 4)) & 63];
    for (int i = 11; i < 22; ++i) id[i] = kBase64Url[(high >> (i * 6 - 64)) & 63];
    return id;
}

bool isId(std::string_view text) {
    if (text.size() != 22) return false;
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace assent
