// assent_tcf.wasm's exports: the site's TCF setup (config + GVL, checked),
// its GPP setup (config `gpp`) and GPP string (gpp_*),
// a TC string for the site's consent state, and the decoding of one. A page
// loads this module only when its config has a `tcf` section, so the main
// module carries none of it. Like bindings.cpp it only moves bytes: the
// rules are core/src/tcf/site.cpp's. Answers are JSON (UTF-8) readable
// until the next call on the same handle; wasm/tcf.js wraps them.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <optional>
#include <string>

#include "assent/gpp/model_json.hpp"
#include "assent/gpp/site.hpp"
#include "assent/json_writer.hpp"
#include "assent/tcf/model_json.hpp"
#include "assent/tcf/site.hpp"
#include "assent/tcf/tc_string.hpp"

namespace {

struct Handle {
    std::optional<assent::tcf::SiteTcf> site;
    std::string answer;
};

struct GppHandle {
    std::optional<assent::gpp::SiteGpp> site;
    std::string answer;
};

std::string problemsJson(const assent::Problems& problems, const char* key) {
    assent::JsonWriter w;
    w.beginObject().key(key).beginArray();
    for (const auto& p : problems) w.value(p.message());
    w.endArray().endObject();
    return w.str();
}

// {"gppString","sectionList","parsedSections"} of a decoded string; an empty
// model (a site whose only section is tcfeuv2, before any choice) has an
// empty string and no section.
std::string gppJson(const assent::gpp::GppString& g, const std::string& text) {
    assent::JsonWriter w;
    w.beginObject().key("gppString").value(text);
    assent::writeIds(w, "sectionList", g.sectionIds());
    w.key("parsedSections");
    assent::gpp::writeParsedSections(w, g);
    w.endObject();
    return w.str();
}

}  // namespace

extern "C" {

// Checks config and GVL; the answer is {"warnings":[…]} or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE Handle* tcf_open(const char* config, std::size_t configLength, const char* gvl,
                                      std::size_t gvlLength) {
    auto* h = new Handle;
    assent::Problems warnings;
    auto site = assent::tcf::readSiteTcf({config, configLength}, {gvl, gvlLength}, &warnings);
    if (site) {
        h->site = std::move(site).value();
        h->answer = problemsJson(warnings, "warnings");
    } else {
        h->answer = problemsJson(site.problems(), "problems");
    }
    return h;
}

// The TC string for a record (Assent.record()'s JSON, or null) as
// {"tcString":"…","maxAgeSeconds":n} (how long to keep it), or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE const char* tcf_encode(Handle* h, const char* record, std::size_t recordLength, double nowMs) {
    const auto choice = assent::tcf::readSiteChoice({record, recordLength});
    if (!h->site) return h->answer = problemsJson({{"tcf", "the config or vendor list was refused"}}, "problems"), h->answer.data();
    if (!choice) return h->answer = problemsJson(choice.problems(), "problems"), h->answer.data();
    const auto encoded = assent::tcf::encodeTcString(
        assent::tcf::tcModelFor(*h->site, choice.value(), static_cast<std::int64_t>(nowMs)));
    if (!encoded) return h->answer = problemsJson(encoded.problems(), "problems"), h->answer.data();
    assent::JsonWriter w;
    w.beginObject()
        .key("tcString").value(encoded.value())
        .key("maxAgeSeconds").value(assent::tcf::kTcStringMaxAgeSeconds)
        .endObject();
    h->answer = w.str();
    return h->answer.data();
}

// The preferences dialog's vendor part for a record (Assent.record()'s
// JSON, or null): the toggles and what they show (site.hpp
// writeVendorDialog), or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE const char* tcf_dialog(Handle* h, const char* record, std::size_t recordLength) {
    const auto choice = assent::tcf::readSiteChoice({record, recordLength});
    if (!h->site) return h->answer = problemsJson({{"tcf", "the config or vendor list was refused"}}, "problems"), h->answer.data();
    if (!choice) return h->answer = problemsJson(choice.problems(), "problems"), h->answer.data();
    assent::JsonWriter w;
    assent::tcf::writeVendorDialog(w, *h->site, choice.value());
    h->answer = w.str();
    return h->answer.data();
}

// A TC string's fields as {"model":{…}} (model_json.hpp), or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE const char* tcf_decode(Handle* h, const char* text, std::size_t length) {
    const auto decoded = assent::tcf::decodeTcString({text, length});
    if (!decoded) return h->answer = problemsJson(decoded.problems(), "problems"), h->answer.data();
    assent::JsonWriter w;
    w.beginObject().key("model");
    assent::tcf::writeTcModel(w, decoded.value());
    w.endObject();
    h->answer = w.str();
    return h->answer.data();
}

// GPP (the config's `gpp` section); the answer is {"warnings":[…],
// "cmpId":n,"applicableSections":[…]} or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE GppHandle* gpp_open(const char* config, std::size_t configLength) {
    auto* h = new GppHandle;
    assent::Problems warnings;
    auto site = assent::gpp::readSiteGpp({config, configLength}, &warnings);
    if (!site) {
        h->answer = problemsJson(site.problems(), "problems");
        return h;
    }
    h->site = std::move(site).value();
    assent::tcf::IdSet applicable;
    if (h->site->tcfEuV2) applicable.insert(assent::gpp::kTcfEuV2SectionId);
    if (h->site->usNat) applicable.insert(assent::gpp::kUsNatSectionId);
    assent::JsonWriter w;
    w.beginObject().key("warnings").beginArray();
    for (const auto& p : warnings) w.value(p.message());
    w.endArray().key("cmpId").value(static_cast<std::int64_t>(h->site->cmpId));
    assent::writeIds(w, "applicableSections", applicable);
    w.endObject();
    h->answer = w.str();
    return h;
}

// The GPP string for a record (Assent.record()'s JSON, or null), whether a
// Global Privacy Control signal is on, and the TCF module's TC string for
// the same record ("" when none): gppJson above, or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE const char* gpp_encode(GppHandle* h, const char* record, std::size_t recordLength, int gpc,
                                            const char* tcString, std::size_t tcLength) {
    if (!h->site) return h->answer = problemsJson({{"gpp", "the config was refused"}}, "problems"), h->answer.data();
    const auto choice = assent::tcf::readSiteChoice({record, recordLength});
    if (!choice) return h->answer = problemsJson(choice.problems(), "problems"), h->answer.data();
    const auto model = assent::gpp::gppFor(*h->site, choice.value(), gpc != 0, std::string(tcString, tcLength));
    if (model.sectionIds().empty()) return h->answer = gppJson(model, ""), h->answer.data();
    const auto encoded = assent::gpp::encodeGppString(model);
    if (!encoded) return h->answer = problemsJson(encoded.problems(), "problems"), h->answer.data();
    h->answer = gppJson(model, encoded.value());
    return h->answer.data();
}

// A GPP string's sections: gppJson above, or {"problems":[…]}.
EMSCRIPTEN_KEEPALIVE const char* gpp_decode(GppHandle* h, const char* text, std::size_t length) {
    const auto decoded = assent::gpp::decodeGppString({text, length});
    h->answer = decoded ? gppJson(decoded.value(), std::string(text, length)) : problemsJson(decoded.problems(), "problems");
    return h->answer.data();
}

EMSCRIPTEN_KEEPALIVE const char* gpp_answer(const GppHandle* h) { return h->answer.data(); }
EMSCRIPTEN_KEEPALIVE std::size_t gpp_answer_length(const GppHandle* h) { return h->answer.size(); }
EMSCRIPTEN_KEEPALIVE void gpp_close(GppHandle* h) { delete h; }

EMSCRIPTEN_KEEPALIVE const char* tcf_answer(const Handle* h) { return h->answer.data(); }
EMSCRIPTEN_KEEPALIVE std::size_t tcf_answer_length(const Handle* h) { return h->answer.size(); }
EMSCRIPTEN_KEEPALIVE void tcf_close(Handle* h) { delete h; }

}  // extern "C"
