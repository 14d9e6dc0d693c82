// The keys one object of the config may hold, by the object's place (a path
// with [] for each item of a list and * for each member of a map):
// kConfigObjects (config.hpp) for the main core's part of the config,
// tcf::kTcfConfigObjects and gpp::kGppConfigObjects for the sections the TCF
// module reads. The JSON Schema published for editors
// (web/schema/assent.config.schema.json) is checked against them. Constant
// text, not vectors of names, so nothing is built at start-up (building them
// cost the WASM module about a kilobyte).
#pragma once

#include <string_view>

namespace assent {

struct ConfigObject {
    std::string_view place;
    std::string_view keys;  // separated by single spaces
    bool holds(std::string_view key) const;
};

}  // namespace assent
