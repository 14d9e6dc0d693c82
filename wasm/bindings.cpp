// Embind bindings: convert types and forward to assent::Core. No consent rule
// lives here; a core whose config failed to load answers as "no consent".
#include <emscripten/bind.h>

#include <optional>
#include <string>

#include "assent/core.hpp"

namespace {

class WasmCore {
public:
    WasmCore(const std::string& configJson, const std::string& seed) {
        auto made = assent::Core::create(configJson, seed);
        if (made) core_.emplace(std::move(made).value());
        else error_ = made.message();
    }

    std::string error() const { return error_; }
    std::string restore(const std::string& stored) { return core_ ? core_->restore(stored) : error_; }
    std::string stored() const { return core_ ? core_->stored() : ""; }
    bool needsPrompt() const { return core_ && core_->needsPrompt(); }
    std::string promptModel(const std::string& languages) const { return core_ ? core_->promptModel(languages) : "null"; }
    std::string choose(const std::string& action, const std::string& choices, const std::string& surface,
                       const std::string& language, double nowMs) {
        return core_ ? core_->choose(action, choices, surface, language, static_cast<std::int64_t>(nowMs)) : error_;
    }
    bool accepted(const std::string& purpose) const { return core_ && core_->accepted(purpose); }
    std::string recordJson() const { return core_ ? core_->recordJson() : "null"; }
    int track(const std::string& name, const std::string& props, const std::string& page, double nowMs) {
        if (!core_) return static_cast<int>(assent::TrackOutcome::UnknownEvent);
        return static_cast<int>(core_->track(name, props, page, static_cast<std::int64_t>(nowMs)));
    }
    std::string takeBatch(double nowMs) { return core_ ? core_->takeBatch(static_cast<std::int64_t>(nowMs)) : ""; }
    std::string trackerSettings() const { return core_ ? core_->trackerSettingsJson() : "null"; }
    double held() const { return core_ ? static_cast<double>(core_->held()) : 0; }
    double queued() const { return core_ ? static_cast<double>(core_->queued()) : 0; }

private:
    std::optional<assent::Core> core_;
    std::string error_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(assent) {
    emscripten::class_<WasmCore>("Core")
        .constructor<std::string, std::string>()
        .function("error", &WasmCore::error)
        .function("restore", &WasmCore::restore)
        .function("stored", &WasmCore::stored)
        .function("needsPrompt", &WasmCore::needsPrompt)
        .function("promptModel", &WasmCore::promptModel)
        .function("choose", &WasmCore::choose)
        .function("accepted", &WasmCore::accepted)
        .function("recordJson", &WasmCore::recordJson)
        .function("track", &WasmCore::track)
        .function("takeBatch", &WasmCore::takeBatch)
        .function("trackerSettings", &WasmCore::trackerSettings)
        .function("held", &WasmCore::held)
        .function("queued", &WasmCore::queued);
}
