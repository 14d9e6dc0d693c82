// The one wire between the typed core and JSON. The WASM bindings (for both
// shells) cross it through a single entry point, call(method, args), and it
// is the only place that knows the wire's method, field and enum names; the
// JS shells import those names from a module generated from here
// (web/src/shell/wire-names.js, checked by tests/core/wire_test.cpp).
//
// A call is a method name and its arguments as a JSON array; the answer is
// JSON: the value, or {"error":"…","problems":[{"path":…,"reason":…}]} when
// the call was refused (bad arguments) or a decision could not be made.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "assent/core.hpp"

namespace assent::wire {

// A core as a shell holds it. When the config fails, the endpoint holds no
// core and answers every call as a dead core does (no consent, nothing to
// send), and "error" says why.
class Endpoint {
public:
    Endpoint(std::string_view configJson, std::string_view seed);

    std::string call(std::string_view method, std::string_view argsJson);
    Core* core() { return core_ ? &*core_ : nullptr; }

private:
    std::optional<Core> core_;
    Problems problems_;  // why there is no core
};

// One call on a core, or on none (nullptr: the dead core's answer).
std::string call(Core*, std::string_view method, std::string_view argsJson);

// The batch path's plain-typed entries (DESIGN: hot calls take and return
// plain types): "ingest" and "takeBatch" without the JSON around their bulk
// text, so the packed events and the batch body are never escaped. Each
// answers as call() would on the same core, or on none.
std::string ingest(Core*, std::string_view packed, std::int64_t nowMs);  // the tally as JSON
std::optional<Batch> takeBatch(Core*, std::int64_t nowMs);

// The JavaScript module of every wire name: the methods with their dead
// answers (what a shell answers itself once the module has trapped) and
// the enums' names.
std::string namesModule();

// The wire's names of the core's enums, and their way back.
std::string_view outcomeName(TrackOutcome);
std::string_view stepName(PermissionStep);
std::string_view decisionName(Decision);
bool parsePlatformState(std::string_view, PlatformState&);

}  // namespace assent::wire
