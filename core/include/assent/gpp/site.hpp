// A site's GPP setup (the config's `gpp` section) and the one mapping from
// the site's consent state to a GPP string's model. Like the TCF setup it
// lives in the TCF module (assent_tcf.wasm), never in the main core.
//
//   "gpp": {
//     "sections": ["usnat"],                     // and/or "tcfeuv2" (needs `tcf`)
//     "usnat": {
//       "saleOptOut": "ads", "sharingOptOut": "ads", "targetedAdvertisingOptOut": "ads",
//       "sensitiveData": [{ "category": 8, "purpose": "location" }],
//       "personalDataConsents": "ads",
//       "mspaCoveredTransaction": true, "mspaMode": "optOut"
//     }
//   }
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "assent/gpp/gpp_string.hpp"
#include "assent/gpp/usnat.hpp"
#include "assent/result.hpp"
#include "assent/tcf/site.hpp"

namespace assent::gpp {

// The keys of each object of the `gpp` section (config_object.hpp).
inline constexpr ConfigObject kGppConfigObjects[] = {
    {"gpp", "sections usnat"},
    {"gpp.usnat",
     "saleOptOut sharingOptOut targetedAdvertisingOptOut sensitiveData personalDataConsents mspaCoveredTransaction "
     "mspaMode"},
    {"gpp.usnat.sensitiveData[]", "category purpose"},
};

// usnat version 1 has sensitive-data categories 1–12.
inline constexpr int kUsNatVersion = 1;
inline constexpr int kMaxSensitiveCategory = 12;

enum class MspaMode : std::uint8_t { OptOut, ServiceProvider };

// Which of the site's purposes stand for each usnat choice. An empty name:
// the site does not do that (the notice and the choice are "not applicable").
struct UsNatMapping {
    std::string sale;
    std::string sharing;
    std::string targetedAdvertising;
    std::string personalData;
    std::map<int, std::string> sensitive;  // category 1–12 -> the site's purpose
    bool mspaCovered = false;
    MspaMode mspaMode = MspaMode::OptOut;
};

struct SiteGpp {
    bool tcfEuV2 = false;  // the string carries the TC string (section 2)
    std::optional<UsNatMapping> usNat;
    std::uint16_t cmpId = 1;  // tcf.cmpId when the site has one; 1 (no CMP id) otherwise, as the GPP says
};

// The `gpp` section of a config text; every problem with its path
// (`gpp.sections[1]`, `gpp.usnat.saleOptOut`, `gpp.usnat.sensitiveData[0].category`).
// `warnings` receives unknown keys.
Result<SiteGpp> readSiteGpp(std::string_view configText, Problems* warnings = nullptr);

// usnat for a choice. A mapped opt-out reads "opted out" unless the person
// granted its purpose, and a mapped consent "no consent" unless granted:
// no choice yet is no grant. A Global Privacy Control signal (`gpc`) opts
// out of sale, sharing and targeted advertising whatever was granted
// (C12), and the GPC sub-section always says whether the signal is on.
UsNat usNatFor(const UsNatMapping&, const tcf::SiteChoice&, bool gpc);

// The site's GPP string model: usnat as above, and tcfeuv2 when the site
// lists it and `tcString` (the TCF module's string for the same record) is
// not empty.
GppString gppFor(const SiteGpp&, const tcf::SiteChoice&, bool gpc, const std::string& tcString);

}  // namespace assent::gpp
