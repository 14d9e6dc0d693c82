// A TcModel as JSON (id sets as arrays of numbers; "publisherTc" only when
// the string has that segment): the decoded form the TCF module and the
// assent-tcf tool hand to JavaScript.
#pragma once

#include "assent/json_writer.hpp"
#include "assent/tcf/tc_model.hpp"

namespace assent::tcf {

void writeTcModel(JsonWriter&, const TcModel&);

}  // namespace assent::tcf
