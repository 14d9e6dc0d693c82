// Random identifiers from bytes the shell passes in: the core has no
// randomness of its own, so tests can seed it and replay exactly.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace assent {

class IdSource {
public:
    // Seeds from any number of bytes (the shell passes 32 from crypto.getRandomValues).
    explicit IdSource(std::string_view seed);

    // 128 random bits as 22 base64url characters.
    std::string next();
    // The same, in place: an event's id is written straight into its JSON,
    // no string of its own (issue 11).
    using Chars = std::array<char, 22>;
    Chars nextChars();

private:
    std::uint64_t draw();
    std::array<std::uint64_t, 4> state_{};
};

bool isId(std::string_view);  // 22 base64url characters

}  // namespace assent
