#include "assent/wire.hpp"

#include <iterator>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/sha256.hpp"
#include "assent/tcf/choice_json.hpp"

namespace assent::wire {
namespace {

using json::Value;

template <class E>
struct Name {
    E value;
    const char* name;
};

constexpr Name<TrackOutcome> kOutcomes[] = {{TrackOutcome::Forwarded, "forwarded"},
                                            {TrackOutcome::Held, "held"},
                                            {TrackOutcome::Refused, "refused"},
                                            {TrackOutcome::UnknownEvent, "unknown_event"},
                                            {TrackOutcome::BadProps, "bad_props"}};
constexpr Name<PermissionStep> kSteps[] = {{PermissionStep::Use, "use"},
                                           {PermissionStep::Platform, "platform"},
                                           {PermissionStep::Ask, "ask"},
                                           {PermissionStep::Settings, "settings"},
                                           {PermissionStep::Refused, "refused"},
                                           {PermissionStep::Later, "later"},
                                           {PermissionStep::Retry, "retry"},
                                           {PermissionStep::Unavailable, "unavailable"}};
constexpr Name<PermissionAsker> kAskers[] = {{PermissionAsker::PrePrompt, "pre_prompt"},
                                             {PermissionAsker::Platform, "platform"}};
constexpr Name<PermissionAnswer> kAnswers[] = {{PermissionAnswer::Granted, "granted"},
                                               {PermissionAnswer::Denied, "denied"},
                                               {PermissionAnswer::Dismissed, "dismissed"},
                                               {PermissionAnswer::Failed, "failed"},
                                               {PermissionAnswer::Unavailable, "unavailable"}};
constexpr Name<Decision> kDecisions[] = {
    {Decision::Unset, "unset"}, {Decision::Granted, "granted"}, {Decision::Denied, "denied"}};
constexpr Name<PlatformState> kPlatformStates[] = {{PlatformState::Unknown, ""},
                                                   {PlatformState::Granted, "granted"},
                                                   {PlatformState::Denied, "denied"},
                                                   {PlatformState::Prompt, "prompt"},
                                                   {PlatformState::Unavailable, "unavailable"}};
constexpr Name<PromptKind> kKinds[] = {{PromptKind::Banner, "banner"},
                                       {PromptKind::Preferences, "preferences"},
                                       {PromptKind::Permission, "permission"},
                                       {PromptKind::Placeholder, "placeholder"}};
constexpr Name<PlaceholderAction> kPlaceholderActions[] = {{PlaceholderAction::LoadOnce, "load_once"},
                                                          {PlaceholderAction::Allow, "allow"}};
constexpr Name<EmbedLoad> kLoads[] = {
    {EmbedLoad::None, "none"}, {EmbedLoad::Once, "once"}, {EmbedLoad::Granted, "granted"}};
constexpr Method kMethods[] = {Method::AcceptAll, Method::RejectAll, Method::Custom, Method::Withdraw,
                               Method::Api,       Method::Gpc,       Method::Platform};
constexpr Surface kSurfaces[] = {Surface::Banner, Surface::Preferences, Surface::PermissionPrompt, Surface::Api,
                                 Surface::Placeholder};

// Each table lists its enum in the enum's order, so a name is found by
// its value, not searched for (issue 11: assent.wasm 107,932 -> 107,843
// bytes raw, 43,518 -> 43,509 brotli).
template <class E, std::size_t N>
constexpr bool inOrder(const Name<E> (&names)[N]) {
    for (std::size_t k = 0; k < N; ++k)
        if (static_cast<std::size_t>(names[k].value) != k) return false;
    return true;
}
static_assert(inOrder(kOutcomes) && inOrder(kSteps) && inOrder(kAskers) && inOrder(kAnswers) &&
              inOrder(kDecisions) && inOrder(kPlatformStates) && inOrder(kKinds) && inOrder(kPlaceholderActions) &&
              inOrder(kLoads));

template <class E, std::size_t N>
std::string_view nameIn(const Name<E> (&names)[N], E value) {
    const auto k = static_cast<std::size_t>(value);
    return k < N ? names[k].name : std::string_view();
}

template <class E, std::size_t N>
bool parseIn(const Name<E> (&names)[N], std::string_view text, E& out) {
    for (const auto& n : names)
        if (text == n.name) return out = n.value, true;
    return false;
}

std::string quoted(std::string_view text) {
    JsonWriter w;
    w.value(text);
    return w.str();
}

void writeError(JsonWriter& w, std::string_view message, const Problems& problems) {
    w.beginObject().key("error").value(message).key("problems").beginArray();
    for (const auto& p : problems) w.beginObject().key("path").value(p.path).key("reason").value(p.reason).endObject();
    w.endArray().endObject();
}

std::string errorJson(std::string_view message, const Problems& problems) {
    JsonWriter w;
    writeError(w, message, problems);
    return w.str();
}

// The same, where the message is every problem's, one a line (as
// Result::message() joins them): one body for every result type, the
// arguments' error and the config's, not a join inlined at each (issue 11:
// assent.wasm 107,843 -> 107,290 bytes raw, 43,509 -> 43,378 brotli).
void writeProblems(JsonWriter& w, const Problems& problems) {
    std::string message;
    for (const auto& p : problems) {
        if (!message.empty()) message += '\n';
        message += p.message();
    }
    writeError(w, message, problems);
}

void writeStatus(JsonWriter& w, const Status& status) {
    if (status) w.raw("null");
    else writeProblems(w, status.problems());
}

// The whole ms of a number written with a fraction ("1700000000000.25"),
// without pulling a float parser into the module; exponents are refused.
bool wholeMs(std::string_view text, std::int64_t& out) {
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) text.remove_prefix(1);
    const auto dot = text.find('.');
    if (dot == 0 || dot == std::string_view::npos || dot > 15) return false;
    std::int64_t v = 0;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (k == dot) continue;
        if (c < '0' || c > '9') return false;
        if (k < dot) v = v * 10 + (c - '0');
    }
    out = negative ? -v : v;
    return true;
}

// The arguments of one call, read by position. The first one that is
// missing or of the wrong type is kept as the call's error.
class Args {
public:
    explicit Args(const Value* list) : list_(list && list->isArray() ? list : nullptr) {
        if (!list_) problem_ = Problem{"args", "must be a JSON array"};
    }

    std::string_view text(std::size_t i, const char* name) {
        const Value* v = at(i, name, "a string", [](const Value& x) { return x.isString(); });
        return v ? std::string_view(v->string()) : std::string_view();
    }
    bool flag(std::size_t i, const char* name) {
        const Value* v = at(i, name, "true or false", [](const Value& x) { return x.isBool(); });
        return v && v->boolean();
    }
    // A clock reading in ms; a fraction (performance.now() arithmetic) is cut.
    std::int64_t ms(std::size_t i, const char* name) {
        const Value* v = at(i, name, "a time in ms", [](const Value& x) { return x.isNumber(); });
        if (!v) return 0;
        if (v->isInteger()) return v->integer();
        std::int64_t whole = 0;
        if (wholeMs(v->string(), whole)) return whole;
        fail(i, name, "a time in ms");
        return 0;
    }
    // An object, or nullptr for null.
    const Value* objectOrNull(std::size_t i, const char* name) {
        const Value* v =
            at(i, name, "an object or null", [](const Value& x) { return x.isObject() || x.isNull(); });
        return v && v->isObject() ? v : nullptr;
    }
    // The same, where a call that leaves argument i out means null: an
    // argument added to a method later, so that older shells still call it.
    const Value* lastObjectOrNull(std::size_t i, const char* name) {
        return ok() && i >= list_->items().size() ? nullptr : objectOrNull(i, name);
    }
    std::vector<std::string> texts(std::size_t i, const char* name) {
        std::vector<std::string> out;
        const Value* v = at(i, name, "an array of strings", [](const Value& x) {
            if (!x.isArray()) return false;
            for (const auto& item : x.items())
                if (!item.isString()) return false;
            return true;
        });
        if (v)
            for (const auto& item : v->items()) out.push_back(item.string());
        return out;
    }
    // One of an enum's names (kKinds, ...), by the table's position; the
    // search is one body for every enum, not one per table.
    template <const auto& names>
    auto named(std::size_t i, const char* name) {
        return names[position(i, name, std::size(names), [](std::size_t k) { return names[k].name; })].value;
    }
    Method method(std::size_t i, const char* name) {
        Method out = Method::Api;
        const std::string_view t = text(i, name);
        if (ok() && !parseMethod(t, out)) fail(i, name, nullptr, t);
        return out;
    }
    Surface surface(std::size_t i, const char* name) {
        Surface out = Surface::Api;
        const std::string_view t = text(i, name);
        if (ok() && !parseSurface(t, out)) fail(i, name, nullptr, t);
        return out;
    }

    bool ok() const { return !problem_; }
    void writeError(JsonWriter& w) const { writeProblems(w, {*problem_}); }

private:
    // One function for every type test (a pointer, not a template), so the
    // module carries it once.
    [[gnu::noinline]] const Value* at(std::size_t i, const char* name, const char* want, bool (*test)(const Value&)) {
        if (!ok()) return nullptr;
        if (i >= list_->items().size() || !test(list_->items()[i])) {
            fail(i, name, want);
            return nullptr;
        }
        return &list_->items()[i];
    }
    // Where argument i is among `count` names (0, with the call's error, when it is none).
    [[gnu::noinline]] std::size_t position(std::size_t i, const char* name, std::size_t count,
                                           const char* (*nameAt)(std::size_t)) {
        const std::string_view t = text(i, name);
        for (std::size_t k = 0; ok() && k < count; ++k)
            if (t == nameAt(k)) return k;
        fail(i, name, nullptr, t);
        return 0;
    }
    [[gnu::noinline]] void fail(std::size_t i, const char* name, const char* want, std::string_view unknown = {}) {
        if (!ok()) return;
        const std::string path = std::string(name) + " (args[" + decimal(i) + "])";
        problem_ = Problem{path, want ? std::string("must be ") + want : "unknown \"" + std::string(unknown) + "\""};
    }

    const Value* list_;
    std::optional<Problem> problem_;
};

void writeList(JsonWriter& w, const std::vector<std::string>& items) {
    w.beginArray();
    for (const auto& item : items) w.value(item);
    w.endArray();
}

void writeErasure(JsonWriter& w, const Erasure& e) {
    w.beginObject().key("cookies");
    writeList(w, e.cookies);
    w.key("storageKeys");
    writeList(w, e.storageKeys);
    w.endObject();
}

// The shells see each grant as true or false; the proof form is the collector's.
void writeRecordOrNull(JsonWriter& w, const ConsentRecord* r) {
    if (r) writeRecord(w, *r, RecordDetail::Decisions);
    else w.raw("null");
}

void writePromptNeed(JsonWriter& w, const PromptNeed& need) {
    w.beginObject()
        .key("needed").value(need.needed())
        .key("noRecord").value(need.noRecord)
        .key("newRevision").value(need.newRevision)
        .key("newPurposes");
    writeList(w, need.newPurposes);
    w.key("expired");
    writeList(w, need.expired);
    w.endObject();
}

void writeTally(JsonWriter& w, const IngestTally& t) {
    w.beginObject()
        .key("forwarded").value(t.forwarded)
        .key("held").value(t.held)
        .key("refused").value(t.refused)
        .key("dropped").value(t.dropped)
        .key("unknown");
    writeList(w, t.unknown);
    w.endObject();
}

void writeSettings(JsonWriter& w, const TrackerSettings& t) {
    w.beginObject()
        .key("collectorUrl").value(t.collectorUrl)
        .key("flushIntervalMs").value(std::int64_t{t.flushIntervalMs})
        .key("batchMaxEvents").value(std::int64_t{t.batchMaxEvents})
        .endObject();
}

// "recorded":true,"method":"api" of an outcome; method is null when
// nothing was recorded.
void writeRecorded(JsonWriter& w, const std::optional<Method>& recorded) {
    w.key("recorded").value(recorded.has_value()).key("method");
    if (recorded) w.value(methodName(*recorded));
    else w.raw("null");
}

// {"recorded":true,"method":"platform","state":"denied","next":"settings"}.
void writePermission(JsonWriter& w, const Result<PermissionOutcome>& made) {
    if (!made) return writeProblems(w, made.problems());
    const PermissionOutcome& o = made.value();
    w.beginObject();
    writeRecorded(w, o.recorded);
    w.key("state").value(nameIn(kDecisions, o.state)).key("next").value(nameIn(kSteps, o.next)).endObject();
}

// {"recorded":true,"method":"api","load":"granted"}.
void writePlaceholder(JsonWriter& w, const Result<PlaceholderOutcome>& made) {
    if (!made) return writeProblems(w, made.problems());
    w.beginObject();
    writeRecorded(w, made.value().recorded);
    w.key("load").value(nameIn(kLoads, made.value().load)).endObject();
}

// Already encoded JSON, or null.
void writeOrNull(JsonWriter& w, const std::optional<std::string>& json) { w.raw(json ? *json : "null"); }

// Custom takes every toggle, api a partial update: {"analytics":true,…}.
Status readChoices(const Value* choices, Choice& out) {
    if (!choices) return done();
    for (const auto& [id, granted] : choices->members()) {
        if (!granted.isBool()) return failed("must be true or false", "choices." + id);
        out.purposes[id] = granted.boolean();
    }
    return done();
}

struct MethodDef {
    const char* name;
    const char* dead;  // the answer of a core that is not there
    bool refuses;      // may answer an error: what stopped it (nothing was done then)
    // Reads its arguments, asks the core and writes the answer into the
    // call's one writer, not into a writer and a string of its own (issue
    // 11: assent.wasm 108,037 -> 107,932 bytes raw, 43,662 -> 43,518
    // brotli). call() copies the text out: moving it (a take() on the
    // writer) measured larger, 107,992 / 43,558, and so did moving the
    // prompt model's, the ledger's and Consent Mode's, +53 / +76.
    void (*run)(Core&, Args&, JsonWriter&);
};

constexpr const char* kUnavailable = R"({"error":"core unavailable","problems":[]})";
constexpr const char* kNoPermission = R"({"recorded":false,"method":null,"state":"unset","next":"refused"})";
constexpr const char* kNoLoad = R"({"recorded":false,"method":null,"load":"none"})";
constexpr const char* kNoTally = R"({"forwarded":0,"held":0,"refused":0,"dropped":0,"unknown":[]})";

#define ARGS_OK \
    if (!a.ok()) return a.writeError(w)

// The wire's methods: the arguments each reads, in order, and its answer.
const MethodDef kCalls[] = {
    {"warnings", "[]", false,
     [](Core& c, Args&, JsonWriter& w) {
         w.beginArray();
         for (const auto& p : c.config().warnings) w.value(p.message());
         w.endArray();
     }},
    {"restore", "null", true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto stored = a.text(0, "stored");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         writeStatus(w, c.restore(stored, now));
     }},
    {"stored", "\"\"", false, [](Core& c, Args&, JsonWriter& w) { w.value(c.stored()); }},
    {"storedCurrent", "\"\"", false, [](Core& c, Args&, JsonWriter& w) { w.value(c.storedCurrent()); }},
    {"needsPrompt", "false", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         w.value(c.needsPrompt(now));
     }},
    {"promptNeed", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         writePromptNeed(w, c.promptNeed(now));
     }},
    {"promptModel", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto kind = a.named<kKinds>(0, "kind");
         const auto languages = a.texts(1, "languages");
         const auto now = a.ms(2, "now");
         const auto subject = a.text(3, "subject");
         ARGS_OK;
         writeOrNull(w, c.promptModel(kind, languages, now, subject));
     }},
    {"choose", kUnavailable, true,
     [](Core& c, Args& a, JsonWriter& w) {
         Choice choice;
         choice.method = a.method(0, "action");
         const Value* choices = a.objectOrNull(1, "choices");
         choice.surface = a.surface(2, "surface");
         choice.language = std::string(a.text(3, "language"));
         const auto now = a.ms(4, "now");
         const Value* tcf = a.lastObjectOrNull(5, "tcf");
         ARGS_OK;
         Status read = readChoices(choices, choice);
         // The dialog's vendor switches on a TCF site (record.hpp's form).
         if (read && tcf)
             if (auto problem = readTcfChoice(*tcf, "tcf", choice.tcf.emplace())) read = Problems{*std::move(problem)};
         writeStatus(w, read ? c.choose(std::move(choice), now) : read);
     }},
    {"attestTcString", kUnavailable, true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto tcString = a.text(0, "tcString");
         ARGS_OK;
         writeStatus(w, c.attestTcString(tcString));
     }},
    {"withdraw", kUnavailable, true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto purpose = a.text(0, "purpose");
         const auto surface = a.surface(1, "surface");
         const auto now = a.ms(2, "now");
         ARGS_OK;
         writeStatus(w, c.withdraw(purpose, surface, now));
     }},
    {"setGpc", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const bool on = a.flag(0, "on");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         c.setGpc(on, now);
         w.raw("null");
     }},
    {"answerPlaceholder", kNoLoad, true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto purpose = a.text(0, "purpose");
         const auto action = a.named<kPlaceholderActions>(1, "action");
         const auto language = a.text(2, "language");
         const auto now = a.ms(3, "now");
         ARGS_OK;
         writePlaceholder(w, c.answerPlaceholder(purpose, action, language, now));
     }},
    {"wantPermission", kNoPermission, true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto capability = a.text(0, "capability");
         const auto platform = a.named<kPlatformStates>(1, "platformState");
         const auto language = a.text(2, "language");
         const auto now = a.ms(3, "now");
         ARGS_OK;
         writePermission(w, c.wantPermission(capability, platform, language, now));
     }},
    {"answerPermission", kNoPermission, true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto capability = a.text(0, "capability");
         const auto asker = a.named<kAskers>(1, "asker");
         const auto answer = a.named<kAnswers>(2, "answer");
         const auto platform = a.named<kPlatformStates>(3, "platformState");
         const auto language = a.text(4, "language");
         const auto now = a.ms(5, "now");
         ARGS_OK;
         writePermission(w, c.answerPermission(capability, asker, answer, platform, language, now));
     }},
    {"permissionStep", "\"refused\"", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto capability = a.text(0, "capability");
         const auto platform = a.named<kPlatformStates>(1, "platformState");
         const auto now = a.ms(2, "now");
         ARGS_OK;
         w.value(stepName(c.permissionStep(capability, platform, now)));
     }},
    {"permissionState", "\"unset\"", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto capability = a.text(0, "capability");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         w.value(decisionName(c.permissionState(capability, now)));
     }},
    {"accepted", "false", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto purpose = a.text(0, "purpose");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         w.value(c.accepted(purpose, now));
     }},
    // services[].scripts patterns, for the shell to make absolute with the
    // platform's URL parser and hand back, in the same order, to
    // useScriptPatterns ("" for one it could not resolve).
    {"scriptPatterns", "[]", false,
     [](Core& c, Args&, JsonWriter& w) {
         w.beginArray();
         for (const auto pattern : scriptPatterns(c.config())) w.value(pattern);
         w.endArray();
     }},
    {"useScriptPatterns", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         auto absolute = a.texts(0, "absolute");
         ARGS_OK;
         c.useScriptPatterns(std::move(absolute));
         w.raw("null");
     }},
    // A dead core, or one not handed the patterns yet, cannot say which
    // purpose a script is for: null, and the shell keeps holding what it
    // holds until it can.
    {"purposeOfScript", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto url = a.text(0, "url");
         ARGS_OK;
         const auto purpose = c.purposeOfScript(url);
         if (purpose) w.value(*purpose);
         else w.raw("null");
     }},
    {"record", "null", false, [](Core& c, Args&, JsonWriter& w) { writeRecordOrNull(w, c.record()); }},
    {"exportRecords", "null", false, [](Core& c, Args&, JsonWriter& w) { w.raw(c.exportRecords()); }},
    {"erase", R"({"cookies":[],"storageKeys":[]})", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         writeErasure(w, c.erase(now));
     }},
    {"storageToClear", R"({"cookies":[],"storageKeys":[]})", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         writeErasure(w, c.storageToClear(now));
     }},
    {"track", "\"unavailable\"", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto name = a.text(0, "name");
         const auto props = a.text(1, "propsJson");
         const auto page = a.text(2, "page");
         const auto now = a.ms(3, "now");
         ARGS_OK;
         w.value(outcomeName(c.track(name, props, page, now)));
     }},
    {"ingest", kNoTally, false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto packed = a.text(0, "packed");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         writeTally(w, c.ingest(packed, now));
     }},
    {"setClient", "false", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto agent = a.text(0, "userAgent");
         const bool webdriver = a.flag(1, "webdriver");
         ARGS_OK;
         w.value(c.setClient(agent, webdriver));
     }},
    {"takeBatch", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         const auto batch = c.takeBatch(now);
         if (!batch) {
             w.raw("null");
             return;
         }
         w.reserve(batch->body.size() + batch->body.size() / 8 + 64);
         w.beginObject().key("id").value(batch->id).key("body").value(batch->body).endObject();
     }},
    {"settleBatch", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto id = a.text(0, "batchId");
         const bool delivered = a.flag(1, "delivered");
         ARGS_OK;
         c.settleBatch(id, delivered);
         w.raw("null");
     }},
    // A dead core cannot say what is pending: null keeps what is stored.
    {"pending", "null", false, [](Core& c, Args&, JsonWriter& w) { w.value(c.pending()); }},
    {"restorePending", "null", true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto text = a.text(0, "text");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         writeStatus(w, c.restorePending(text, now));
     }},
    {"visitor", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         ARGS_OK;
         w.value(c.storedVisitor(now));
     }},
    {"restoreVisitor", "null", true,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto text = a.text(0, "text");
         const auto now = a.ms(1, "now");
         ARGS_OK;
         writeStatus(w, c.restoreVisitor(text, now));
     }},
    {"consentMode", "null", false,
     [](Core& c, Args& a, JsonWriter& w) {
         const auto now = a.ms(0, "now");
         const bool asDefault = a.flag(1, "asDefault");
         ARGS_OK;
         writeOrNull(w, c.consentMode(now, asDefault));
     }},
    {"trackerSettings", "null", false, [](Core& c, Args&, JsonWriter& w) { writeSettings(w, c.config().tracker); }},
    // The SHA-256 of the device's secret, sent with receipts so that only
    // this device may read or erase what a collector keeps (the secret itself
    // never leaves it). A dead core hashes nothing: "" sends no key.
    {"keyHash", "\"\"", false,
     [](Core&, Args& a, JsonWriter& w) {
         const auto secret = a.text(0, "secret");
         ARGS_OK;
         w.value(secret.empty() ? std::string() : sha256Hex(secret));
     }},
    {"held", "0", false, [](Core& c, Args&, JsonWriter& w) { w.value(std::int64_t(c.held())); }},
    {"queued", "0", false, [](Core& c, Args&, JsonWriter& w) { w.value(std::int64_t(c.queued())); }},
};

#undef ARGS_OK

const MethodDef* find(std::string_view name) {
    for (const auto& m : kCalls)
        if (name == m.name) return &m;
    return nullptr;
}

template <class E, std::size_t N>
void writeEnum(std::string& js, const char* name, const Name<E> (&names)[N], const char* const (&keys)[N]) {
    js += "export const " + std::string(name) + " = Object.freeze({";
    for (std::size_t i = 0; i < N; ++i) js += std::string(i ? ", " : " ") + keys[i] + ": " + quoted(names[i].name);
    js += " });\n";
}

}  // namespace

std::string_view outcomeName(TrackOutcome o) { return nameIn(kOutcomes, o); }
std::string_view stepName(PermissionStep s) { return nameIn(kSteps, s); }
std::string_view decisionName(Decision d) { return nameIn(kDecisions, d); }
bool parsePlatformState(std::string_view text, PlatformState& out) { return parseIn(kPlatformStates, text, out); }

std::string call(Core* core, std::string_view method, std::string_view argsJson) {
    const MethodDef* m = find(method);
    if (!m) return errorJson("method: unknown \"" + std::string(method) + "\"", {Problem{"method", "unknown"}});
    if (!core) return m->dead;
    const auto args = json::parse(argsJson);
    Args a(args ? &*args : nullptr);
    JsonWriter w;
    if (a.ok()) m->run(*core, a, w);
    else a.writeError(w);
    return w.str();
}

std::string ingest(Core* core, std::string_view packed, std::int64_t nowMs) {
    if (!core) return kNoTally;
    JsonWriter w;
    writeTally(w, core->ingest(packed, nowMs));
    return w.str();
}

std::optional<Batch> takeBatch(Core* core, std::int64_t nowMs) {
    return core ? core->takeBatch(nowMs) : std::nullopt;
}

Endpoint::Endpoint(std::string_view configJson, std::string_view seed) {
    problems_ = Core::createIn(core_, configJson, seed);
}

// "error" answers why the config failed (null when it did not); every other
// method goes to the core.
std::string Endpoint::call(std::string_view method, std::string_view argsJson) {
    if (method == "error") {
        JsonWriter w;
        if (core_) w.raw("null");
        else writeProblems(w, problems_);
        return w.str();
    }
    return wire::call(core(), method, argsJson);
}

std::string namesModule() {
    std::string js =
        "// Generated from core/src/wire.cpp (assent::wire::namesModule); do not edit.\n"
        "// tests/core/wire_test.cpp fails when this file and the wire differ;\n"
        "// ASSENT_WRITE_WIRE_NAMES=1 on that test rewrites it.\n\n"
        "// Every wire method, with the JSON a core that is not there answers.\n"
        "export const DEAD_ANSWERS = Object.freeze({\n  error: " +
        quoted(kUnavailable) + ",\n";
    for (const auto& m : kCalls) js += std::string("  ") + m.name + ": " + quoted(m.dead) + ",\n";
    js += "});\n\n// The methods that may answer an error: what stopped them (nothing was\n"
          "// done then); from any other, an error answer means a call the wire\n"
          "// could not read.\n"
          "export const REFUSING = Object.freeze([\"error\"";
    for (const auto& m : kCalls)
        if (m.refuses) js += ", " + quoted(m.name);
    js += "]);\n\n";
    writeEnum(js, "TrackOutcome", kOutcomes, {"Forwarded", "Held", "Refused", "UnknownEvent", "BadProps"});
    writeEnum(js, "PermissionStep", kSteps, {"Use", "Platform", "Ask", "Settings", "Refused", "Later", "Retry", "Unavailable"});
    writeEnum(js, "PermissionAsker", kAskers, {"PrePrompt", "Platform"});
    writeEnum(js, "PermissionAnswer", kAnswers, {"Granted", "Denied", "Dismissed", "Failed", "Unavailable"});
    writeEnum(js, "Decision", kDecisions, {"Unset", "Granted", "Denied"});
    writeEnum(js, "PlatformState", kPlatformStates, {"Unknown", "Granted", "Denied", "Prompt", "Unavailable"});
    writeEnum(js, "PromptKind", kKinds, {"Banner", "Preferences", "Permission", "Placeholder"});
    writeEnum(js, "PlaceholderAction", kPlaceholderActions, {"LoadOnce", "Allow"});
    writeEnum(js, "EmbedLoad", kLoads, {"None", "Once", "Granted"});
    js += "export const DecisionMethods = Object.freeze([";
    for (std::size_t i = 0; i < std::size(kMethods); ++i) js += (i ? ", " : "") + quoted(methodName(kMethods[i]));
    js += "]);\nexport const Surfaces = Object.freeze([";
    for (std::size_t i = 0; i < std::size(kSurfaces); ++i) js += (i ? ", " : "") + quoted(surfaceName(kSurfaces[i]));
    js += "]);\n";
    return js;
}

}  // namespace assent::wire
