// One consent decision as it is recorded and proved later.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "assent/id_set.hpp"

namespace assent {

class JsonWriter;

enum class Decision : std::uint8_t { Unset, Granted, Denied };

// How the decision was given.
enum class Method : std::uint8_t { AcceptAll, RejectAll, Custom, Withdraw, Api, Gpc, Platform };

// Where the person gave it.
enum class Surface : std::uint8_t { Banner, Preferences, PermissionPrompt, Api, Placeholder };

// One purpose's or permission's decision and when it lapses (0: never).
struct Grant {
    bool granted = false;
    std::int64_t expiresMs = 0;
    bool operator==(const Grant& o) const { return granted == o.granted && expiresMs == o.expiresMs; }
};

// The person's own choices on a TCF site (config `tcf`), by GVL id: the
// vendors given consent, the vendors whose legitimate interest was not
// objected to, and the special features opted in to. The TCF module turns
// them, with the purposes, into the TC string's vendor sections.
struct TcfChoice {
    IdSet vendorConsents;
    IdSet vendorLegitimateInterests;
    IdSet specialFeatureOptIns;
    bool operator==(const TcfChoice& o) const {
        return vendorConsents == o.vendorConsents && vendorLegitimateInterests == o.vendorLegitimateInterests &&
               specialFeatureOptIns == o.specialFeatureOptIns;
    }
};

struct ConsentRecord {
    std::string siteHash;   // 8 hex of the config's site id: another site's record never counts
    std::string consentId;  // pseudonymous, random, stable for this browser
    std::string recordId;   // random, unique per decision
    std::int64_t revision = 0;
    std::int64_t createdMs = 0;  // first decision of this consent id
    std::int64_t updatedMs = 0;  // this decision
    Method method = Method::Api;
    Surface surface = Surface::Api;
    std::string language;    // language the prompt was shown in
    std::string textsHash;   // 16 hex: first 64 bits of the SHA-256 of the texts shown
    std::map<std::string, Grant> purposes;     // purpose id -> decision
    std::map<std::string, bool> services;      // service id -> allowed, as derived when decided
    std::map<std::string, Grant> permissions;  // capability -> decision
    std::optional<TcfChoice> tcf;              // on TCF sites only
    // With tcf: the SHA-256 (64 lowercase hex) of the TC string the TCF
    // module made for this record, once the shell attested it before the
    // record was stored and sent (Core::attestTcString); "" when the module
    // had not loaded yet. So a receipt proves what vendors were told.
    std::string tcStringHash;
};

std::string_view methodName(Method);    // "accept_all", ...
std::string_view surfaceName(Surface);  // "banner", ...
bool parseMethod(std::string_view, Method&);
bool parseSurface(std::string_view, Surface&);

// The one JSON form of a record, for the shells' API (Assent.record(),
// exportRecords()), the ledger's export and the collector's receipts. Names
// are camelCase, as in the shells' public API:
//   consentId, recordId, revision, createdMs, updatedMs, method, surface,
//   language, textsHash, purposes, permissions, and with Proof also services;
//   on a TCF site also tcf: {vendorConsents, vendorLegitimateInterests,
//   specialFeatureOptIns} as arrays of GVL ids, and tcStringHash once attested.
// siteHash is left out: it only binds the stored form to its site.
enum class RecordDetail : std::uint8_t {
    // purposes and permissions as id -> granted: what a page reads
    Decisions,
    // purposes and permissions as id -> {"granted","expiresMs"} (0: never
    // lapses), services as id -> allowed: what proves a decision (an access
    // request, a receipt)
    Proof,
};
void writeRecord(JsonWriter&, const ConsentRecord&, RecordDetail);
// The same fields into an object the caller has begun, to add its own
// (the collector adds when it received the record).
void writeRecordFields(JsonWriter&, const ConsentRecord&, RecordDetail);
// id -> {"granted","expiresMs"}, as Proof writes purposes and permissions.
void writeGrants(JsonWriter&, const std::map<std::string, Grant>&);

// [a-z0-9_-]{1,32}: a purpose or service id can never break the stored form.
bool isPurposeId(std::string_view);
// Letters, digits and '-', as in "zh-CN".
bool isLanguageTag(std::string_view);
// "geolocation", "scope.userLocation": letters, digits and '.', at most 48.
bool isCapability(std::string_view);

}  // namespace assent
