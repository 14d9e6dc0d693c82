// SHA-256, for the hash of the exact texts a person was shown: a record then
// proves what was read, and an auditor can recompute it from the config.
#pragma once

#include <string>
#include <string_view>

namespace assent {

std::string sha256Hex(std::string_view data);  // 64 lowercase hex characters

}  // namespace assent
