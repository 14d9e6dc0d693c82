#include "assent/consent_mode.hpp"

#include "assent/json_writer.hpp"

namespace assent {

std::string consentModeJson(const Config& config, const Ledger& ledger, std::int64_t nowMs, bool asDefault) {
    if (!config.consentMode.enabled) return "null";
    const Ledger none;
    const Ledger& judged = asDefault ? none : ledger;
    JsonWriter w;
    w.beginObject();
    for (const char* signal : kConsentModeSignals) {
        const auto it = config.consentMode.signals.find(signal);
        bool granted = it != config.consentMode.signals.end() && !it->second.empty();
        if (granted)
            for (const auto& purpose : it->second)
                granted = granted && judged.decision(config, purpose, nowMs) == Decision::Granted;
        w.key(signal).value(granted ? "granted" : "denied");
    }
    if (asDefault) w.key("wait_for_update").value(config.consentMode.waitForUpdateMs);
    w.endObject();
    return w.str();
}

}  // namespace assent
