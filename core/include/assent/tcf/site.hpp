// A site's TCF setup (the config's `tcf` section checked against the Global
// Vendor List it self-hosts) and the one mapping from the site's consent
// state to a TC string's model. It lives in the TCF module (assent_tcf.wasm),
// not in the main core: a site without TCF never downloads it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config_object.hpp"
#include "assent/json_writer.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"
#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {

// The keys of each object of the `tcf` section (config_object.hpp).
inline constexpr ConfigObject kTcfConfigObjects[] = {
    {"tcf", "vendorList cmpId cmpVersion publisherCountryCode purposeOneTreatment vendors specialFeatures purposes publisher"},
    {"tcf.purposes[]", "purpose consent legitimateInterest"},
    {"tcf.publisher", "purposes customPurposes"},
    {"tcf.publisher.purposes[]", "purpose consent legitimateInterest"},
    {"tcf.publisher.customPurposes[]", "purpose basis"},
};

// One of the site's purposes and the TCF purposes it stands for: those it
// asks consent for, and those it uses on legitimate interest (which the
// person may object to by refusing the site's purpose).
struct PurposeMapping {
    std::string purpose;  // a purposes[].id of the config
    IdSet consent;
    IdSet legitimateInterest;
};

// A purpose of the publisher's own that the TCF does not define (custom
// purpose n of the PublisherTC segment is the n-th), standing for one of the
// site's purposes on one legal basis.
struct CustomPurpose {
    std::string purpose;  // a purposes[].id of the config
    bool legitimateInterest = false;  // else consent
};

// The publisher's own processing (config `tcf.publisher`, the PublisherTC
// segment): TCF purposes it uses itself, as the site's purposes map to them,
// and its custom purposes.
struct PublisherPurposes {
    std::vector<PurposeMapping> purposes;
    std::vector<CustomPurpose> customPurposes;  // at most 63 (the string's 6 bits)
};

// What the GVL says of one vendor the site uses: what the preferences
// dialog shows of it, and what its choices in the TC string depend on.
struct GvlVendor {
    std::string name;
    IdSet purposes;        // asks consent for
    IdSet legIntPurposes;  // uses on legitimate interest (never 1 nor 3-6: dropped if the GVL says so)
    IdSet specialFeatures;
    IdSet dataCategories;       // the GVL's dataDeclaration
    std::int64_t retentionDays = -1;  // dataRetention.stdRetention; -1 when the GVL gives none
    std::string privacyUrl;     // its first urls[].privacy, "" when none
};

struct SiteTcf {
    std::uint16_t cmpId = 0;
    std::uint16_t cmpVersion = 0;
    std::string publisherCountryCode;
    bool purposeOneTreatment = false;
    std::vector<PurposeMapping> purposes;
    // With it, every TC string carries a PublisherTC segment; without it, none.
    std::optional<PublisherPurposes> publisher;
    std::map<std::uint16_t, GvlVendor> vendors;  // the site's, as the GVL lists them
    // The special features (e.g. 1, precise geolocation) the site asks the
    // person to opt in to: config `tcf.specialFeatures`, each in the GVL.
    IdSet specialFeatures;
    std::uint16_t vendorListVersion = 0;
    // The GVL's names, for the dialog: purposes, special features (with
    // their descriptions) and data categories, by id.
    std::map<std::uint16_t, std::string> purposeNames;
    std::map<std::uint16_t, std::pair<std::string, std::string>> specialFeatureTexts;  // name, description
    std::map<std::uint16_t, std::string> dataCategoryNames;
};

// The `tcf` section of a config text, checked against the GVL text (v3
// shape). Every problem is reported with its path: `tcf.vendors[1]` for a
// vendor the GVL lacks, `tcf.purposes[0].consent[2]` for a TCF purpose mapped
// twice or unknown, `tcf.purposes[1].legitimateInterest[0]` for purpose 1 or
// 3–6 on legitimate interest (never allowed), `vendorList.purposes.7.name`
// for a text the GVL lacks. `warnings` receives unknown keys of the section.
Result<SiteTcf> readSiteTcf(std::string_view configText, std::string_view gvlText, Problems* warnings = nullptr);

// The site's consent state as the shell's record shows it (Assent.record():
// `purposes` as id -> granted, `language`, `updatedMs`, `tcf`); no record is
// an empty state, which grants nothing.
struct SiteChoice {
    std::map<std::string, bool> purposes;
    std::string language;  // the prompt's language, e.g. "en" or "fr-CA"
    std::int64_t updatedMs = 0;
    // The person's own vendor and special-feature choices, as the main core
    // records them (record.hpp). Absent in records made before per-vendor
    // choices existed: their vendors then follow the purposes alone, and no
    // special feature is on.
    std::optional<TcfChoice> tcf;
};
Result<SiteChoice> readSiteChoice(std::string_view recordJson);

// The TC string's model for a choice: a TCF purpose has consent, or
// legitimate interest, when the site's purpose mapped to it is granted
// (refusing it is the person's objection to the legitimate interest); a
// vendor has consent when the person gave it consent and one of the purposes
// it asks consent for has it, and legitimate interest when the person did
// not object and one purpose it uses on that basis has it. A special feature
// is on only when the person opted in and the site offers it. Every vendor
// of the site is disclosed. A purpose not decided grants nothing, so "reject
// all" and no choice both give a string with no consent and no legitimate
// interest at all. With a `tcf.publisher` section the model has a PublisherTC
// segment, whose purposes and custom purposes follow the site's purposes in
// the same way (granted: consent, or legitimate interest not objected to).
TcModel tcModelFor(const SiteTcf&, const SiteChoice&, std::int64_t nowMs);

// The vendor part of the preferences dialog, as JSON for the shell to render
// (it decides nothing): {"words":{…}, "vendors":[{id, name, purposes, legitimateInterestPurposes,
// specialFeatures (names), retentionDays, dataCategories (names), privacyUrl,
// asksConsent, usesLegitimateInterest, consent, legitimateInterest}],
// "specialFeatures":[{id, name, description, optedIn}]}. The toggles' state
// is the choice's; with none yet (or a record from before per-vendor
// choices), consent and opt-ins are off (nothing is pre-ticked) and
// legitimate interest is on (it stands until the person objects).
void writeVendorDialog(JsonWriter&, const SiteTcf&, const SiteChoice&);

// How long the browser keeps the string (the cookie euconsent-v2): the TCF
// Policies let a TC string live at most 13 months, which 390 days is. A
// shorter per-purpose lapse is the main core's to enforce: the record it
// lapses re-encodes the string.
inline constexpr std::int64_t kTcStringMaxAgeSeconds = 390LL * 24 * 60 * 60;

}  // namespace assent::tcf
