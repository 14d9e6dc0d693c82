// A decoded GPP string as the GPP CMP API shows it (parsedSections): one
// property per section Assent reads, named by its API prefix, each an array
// with one object per sub-section, fields named as the section specs name
// them (UpperCamelCase). Datetimes are milliseconds since the epoch (the
// shell makes them Dates).
#pragma once

#include "assent/gpp/gpp_string.hpp"
#include "assent/json_writer.hpp"

namespace assent::gpp {

void writeParsedSections(JsonWriter&, const GppString&);

}  // namespace assent::gpp
