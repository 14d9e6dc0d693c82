// How events and receipts are laid out in a store's rows, the same for every
// store (SQLite, PostgreSQL): the columns are for queries, the stored record
// is the proof, and a receipt's chain link covers receiptContent.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assent/gate.hpp"
#include "assent/record.hpp"
#include "store.hpp"

namespace assent::server {

// An event's props as a JSON object; read back by propsFrom, where a damaged
// cell gives no props, not a throw.
std::string propsJson(const Event&);
std::vector<std::pair<std::string, std::string>> propsFrom(const std::string& text);

// {"analytics":{"granted":true,"expiresMs":…},…}, as the core writes grants:
// queryable with the databases' JSON functions.
std::string purposesJson(const ConsentRecord&);
std::string permissionsJson(const ConsentRecord&);

// A receipt row's columns besides its stored form.
struct ReceiptColumns {
    std::string recordId, consentId;
    std::int64_t revision = 0;
    std::string method, surface, language, purposes;
    std::int64_t createdMs = 0, updatedMs = 0;
};
// The stored form is the receipt, with every field. A stored form that no
// longer decodes (a damaged row) still gives what its columns hold: a
// refusal kept there must keep refusing.
ConsentRecord recordFromRow(const std::string& stored, const ReceiptColumns&);

// What a receipt's link proves: its ids, the config revision it arrived
// under and the exact stored record (times, decisions, language, texts hash).
std::string receiptContent(std::string_view recordId, std::string_view consentId, std::int64_t configRevision,
                           std::string_view stored);

// What verify reports of a site's links and the head the store noted.
ChainReport chainReport(const std::string& site, const std::vector<ChainLink>& links, const ChainHead& head,
                        const std::optional<ChainHead>& anchor);

}  // namespace assent::server
