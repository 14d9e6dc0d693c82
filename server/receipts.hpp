// Consent receipts are checked before they are kept: a receipt is the
// server's own evidence of a decision, and events are judged only by what
// this ledger holds (recheck). A record the shell sends, on its own
// (POST /v1/consent) or carried by a batch (consent, earlier), must be:
//   - decodable (the core's codec: versions 2 to 4, each in its own form, so
//     a version 3 record carrying a TC string hash is refused as damaged,
//     and a version newer than the codec's as unknown) and of a version the
//     site accepts (version 1 names no site: only with
//     IntakeRules::allowV1Records);
//   - this site's (the config's siteId), and of the consent id it claims;
//   - of a revision the site has had (not newer than the config's);
//   - decided no later than the server's clock allows (receivedMs plus the
//     clock skew): a record dated ahead would make every real later
//     decision look "decided before its newest receipt" and be refused;
//   - the next step of that consent id's history: the same first decision
//     (createdMs) as the newest receipt, decided no earlier than it, and a
//     record id not already used for other content.
// Its receive time is always this server's clock at arrival, never a time
// the shell claims: back-dating a record does not back-date its receipt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"
#include "rules.hpp"
#include "store.hpp"

namespace assent::server {

struct ReceiptVerdict {
    enum class Kind { New, Duplicate, Refused };
    Kind kind = Kind::New;
    int status = 200;    // 400 (not acceptable in itself) or 409 (conflicts with the history) when refused
    std::string reason;  // why it was refused
};

// `history`: the receipts already kept for the record's consent id, oldest
// decision first; receivedMs: this server's clock as it arrived.
ReceiptVerdict checkReceipt(const Config&, const IntakeRules&, const ConsentRecord&, std::string_view stored,
                            const std::vector<Receipt>& history, std::int64_t receivedMs);

// Decodes `stored`, checks it and keeps it at `receivedMs`, in one step under
// the store's lock. claimedConsentId: the consent id the sender says it is
// for ("" when it names none). A storage failure is an error (Problems);
// everything else is a verdict.
Result<ReceiptVerdict> receiveReceipt(Store&, const Config&, const IntakeRules&, std::string_view stored,
                                      std::string_view claimedConsentId, std::int64_t receivedMs);

// As receiveReceipt, for a record the caller has decoded from `stored` (and
// matched to the consent id it claims) already.
Result<ReceiptVerdict> receiveDecoded(Store&, const Config&, const IntakeRules&, const ConsentRecord&,
                                      std::string_view stored, std::int64_t receivedMs);

}  // namespace assent::server
