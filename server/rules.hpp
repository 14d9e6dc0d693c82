// How the server bounds what arrives by its own clock. The shells' clocks
// are not trusted: an event's capture time and a record's decision time are
// claims, checked against when this server received them.
#pragma once

#include <cstdint>

#include "assent/config.hpp"

namespace assent::server {

struct IntakeRules {
    // How far a browser's clock may run ahead of or behind this server's. An
    // event captured further in the future than this is refused; it is also
    // the slack allowed before the receipt that granted an event.
    std::int64_t clockSkewMs = 5LL * 60 * 1000;
    // How long a browser may keep a forwarded, unsent event (the pending
    // queue, kept across reloads and offline spells) before sending it.
    std::int64_t pendingLifeMs = 7LL * 24 * 60 * 60 * 1000;
    // Version 1 records name no site: taken as receipts only when allowed.
    bool allowV1Records = false;
};

// The oldest capture a browser can still legitimately send at `now`: it may
// hold an event (holdTtl) before a decision releases it, then keep it pending
// (pendingLife), and its clock may be behind by clockSkew.
inline std::int64_t oldestCaptureMs(const Config& config, const IntakeRules& rules, std::int64_t nowMs) {
    return nowMs - config.tracker.holdTtlMs - rules.pendingLifeMs - rules.clockSkewMs;
}

// How long before the server received the receipt that granted it an event
// may have been captured: held up to holdTtl before the decision, with the
// browser's clock up to clockSkew behind.
inline std::int64_t slackBeforeReceiptMs(const Config& config, const IntakeRules& rules) {
    return config.tracker.holdTtlMs + rules.clockSkewMs;
}

}  // namespace assent::server
