// Google Consent Mode v2 signals, derived from the ledger: the shell only
// passes them to gtag('consent', …).
#pragma once

#include <cstdint>
#include <string>

#include "assent/config.hpp"
#include "assent/ledger.hpp"

namespace assent {

// {"ad_storage":"denied",…} with all seven signals; a signal is granted when
// every purpose it maps to is granted now. With `asDefault`, the state before
// any decision plus "wait_for_update". "null" when Consent Mode is off.
std::string consentModeJson(const Config&, const Ledger&, std::int64_t nowMs, bool asDefault);

}  // namespace assent
