// The JSON of the person's TCF choices (record.hpp's TcfChoice), read in
// one place for the two that take it: the wire (the dialog's switches) and
// the TCF module (a record's `tcf`). Defined in record.cpp, beside the
// writer of the record's JSON.
#pragma once

#include <optional>
#include <string>

#include "assent/json.hpp"
#include "assent/record.hpp"
#include "assent/result.hpp"

namespace assent {

// {"vendorConsents":[ids], "vendorLegitimateInterests":[ids],
// "specialFeatureOptIns":[ids]}, all three, GVL ids 1–65535; what is wrong
// is a problem at `path`.<key>.
std::optional<Problem> readTcfChoice(const json::Value&, const std::string& path, TcfChoice& out);

}  // namespace assent
