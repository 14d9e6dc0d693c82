// Embind bindings: convert types and forward to assent::Core. No consent rule
// lives here; a core whose config failed to load answers as "no consent".
// Times cross as JS numbers (ms since the epoch, exact up to 2^53).
#include <emscripten/bind.h>

#include <optional>
#include <string>

#include "assent/core.hpp"

namespace {

using Ms = double;
std::int64_t ms(Ms t) { return static_cast<std::int64_t>(t); }

class WasmCore {
public:
    WasmCore(const std::string& configJson, const std::string& seed) {
        auto made = assent::Core::create(configJson, seed);
        if (made) core_.emplace(std::move(made).value());
        else error_ = made.message();
    }

    std::string error() const { return error_; }
    std::string warnings() const {
        std::string out;
        if (core_)
            for (const auto& w : core_->config().warnings) out += (out.empty() ? "" : "\n") + w.message();
        return out;
    }
    std::string restore(const std::string& stored, Ms now) { return core_ ? core_->restore(stored, ms(now)) : error_; }
    std::string stored() const { return core_ ? core_->stored() : ""; }
    std::string storedCurrent() const { return core_ ? core_->storedCurrent() : ""; }
    bool needsPrompt(Ms now) const { return core_ && core_->needsPrompt(ms(now)); }
    std::string promptNeed(Ms now) const { return core_ ? core_->promptNeedJson(ms(now)) : "null"; }
    std::string promptModel(const std::string& kind, const std::string& languages, Ms now,
                            const std::string& capability) const {
        return core_ ? core_->promptModel(kind, languages, ms(now), capability) : "null";
    }
    std::string choose(const std::string& action, const std::string& choices, const std::string& surface,
                       const std::string& language, Ms now) {
        return core_ ? core_->choose(action, choices, surface, language, ms(now)) : error_;
    }
    std::string withdraw(const std::string& purpose, const std::string& surface, Ms now) {
        return core_ ? core_->withdraw(purpose, surface, ms(now)) : error_;
    }
    void setGpc(bool on, Ms now) {
        if (core_) core_->setGpc(on, ms(now));
    }
    std::string decidePermission(const std::string& capability, const std::string& result, const std::string& method,
                                 const std::string& language, Ms now) {
        return core_ ? core_->decidePermission(capability, result, method, language, ms(now)) : error_;
    }
    std::string permissionStep(const std::string& capability, const std::string& platformState, Ms now) const {
        return core_ ? core_->permissionStep(capability, platformState, ms(now)) : "refused";
    }
    std::string permissionState(const std::string& capability, Ms now) const {
        return core_ ? core_->permissionState(capability, ms(now)) : "unset";
    }
    bool accepted(const std::string& purpose, Ms now) const { return core_ && core_->accepted(purpose, ms(now)); }
    std::string recordJson() const { return core_ ? core_->recordJson() : "null"; }
    std::string exportRecords() const { return core_ ? core_->exportRecords() : "null"; }
    std::string erase(Ms now) { return core_ ? core_->erase(ms(now)) : R"({"cookies":[],"storageKeys":[]})"; }
    std::string storageToClear(Ms now) const {
        return core_ ? core_->storageToClear(ms(now)) : R"({"cookies":[],"storageKeys":[]})";
    }
    int track(const std::string& name, const std::string& props, const std::string& page, Ms now) {
        if (!core_) return static_cast<int>(assent::TrackOutcome::UnknownEvent);
        return static_cast<int>(core_->track(name, props, page, ms(now)));
    }
    std::string ingest(const std::string& packed, Ms now) {
        return core_ ? core_->ingest(packed, ms(now))
                     : R"({"forwarded":0,"held":0,"refused":0,"dropped":0,"unknown":[]})";
    }
    bool setClient(const std::string& userAgent, bool webdriver) { return core_ && core_->setClient(userAgent, webdriver); }
    std::string takeBatch(Ms now) { return core_ ? core_->takeBatch(ms(now)) : ""; }
    void settleBatch(const std::string& batchId, bool delivered) {
        if (core_) core_->settleBatch(batchId, delivered);
    }
    std::string pending() const { return core_ ? core_->pending() : ""; }
    std::string restorePending(const std::string& text, Ms now) {
        return core_ ? core_->restorePending(text, ms(now)) : error_;
    }
    std::string visitor(Ms now) const { return core_ ? core_->visitorJson(ms(now)) : "null"; }
    std::string restoreVisitor(const std::string& text, Ms now) {
        return core_ ? core_->restoreVisitor(text, ms(now)) : error_;
    }
    std::string consentMode(Ms now, bool asDefault) const {
        return core_ ? core_->consentModeJson(ms(now), asDefault) : "null";
    }
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
        .function("warnings", &WasmCore::warnings)
        .function("restore", &WasmCore::restore)
        .function("stored", &WasmCore::stored)
        .function("storedCurrent", &WasmCore::storedCurrent)
        .function("needsPrompt", &WasmCore::needsPrompt)
        .function("promptNeed", &WasmCore::promptNeed)
        .function("promptModel", &WasmCore::promptModel)
        .function("choose", &WasmCore::choose)
        .function("withdraw", &WasmCore::withdraw)
        .function("setGpc", &WasmCore::setGpc)
        .function("decidePermission", &WasmCore::decidePermission)
        .function("permissionState", &WasmCore::permissionState)
        .function("permissionStep", &WasmCore::permissionStep)
        .function("accepted", &WasmCore::accepted)
        .function("recordJson", &WasmCore::recordJson)
        .function("exportRecords", &WasmCore::exportRecords)
        .function("erase", &WasmCore::erase)
        .function("storageToClear", &WasmCore::storageToClear)
        .function("track", &WasmCore::track)
        .function("ingest", &WasmCore::ingest)
        .function("setClient", &WasmCore::setClient)
        .function("takeBatch", &WasmCore::takeBatch)
        .function("settleBatch", &WasmCore::settleBatch)
        .function("pending", &WasmCore::pending)
        .function("restorePending", &WasmCore::restorePending)
        .function("visitor", &WasmCore::visitor)
        .function("restoreVisitor", &WasmCore::restoreVisitor)
        .function("consentMode", &WasmCore::consentMode)
        .function("trackerSettings", &WasmCore::trackerSettings)
        .function("held", &WasmCore::held)
        .function("queued", &WasmCore::queued);
}
