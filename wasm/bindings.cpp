// The module's exports: open a core, call it across the wire, close it.
// No Embind: its runtime was most of the JS glue and a tenth of the module,
// and the wire (core/include/assent/wire.hpp) already turns every call into
// one string in and one string out. Strings cross as UTF-8 bytes in the
// module's memory; wasm/core.js wraps these exports in the `Core` class
// the shells hold. Nothing here converts beyond bytes, and nothing decides.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "assent/wire.hpp"

namespace {

// One core and its latest answer, which stays readable until the next call
// (with the id of the batch the answer holds, after assent_take_batch).
struct Handle {
    assent::wire::Endpoint endpoint;
    std::string answer;
    std::string batchId;
};

std::int64_t ms(double t) { return static_cast<std::int64_t>(t); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE Handle* assent_open(const char* config, std::size_t configLength, const char* seed,
                                         std::size_t seedLength) {
    return new Handle{assent::wire::Endpoint({config, configLength}, {seed, seedLength}), {}};
}

// The answer as UTF-8 at the returned address; its length from assent_answer_length.
EMSCRIPTEN_KEEPALIVE const char* assent_call(Handle* h, const char* method, std::size_t methodLength, const char* args,
                                             std::size_t argsLength) {
    h->answer = h->endpoint.call({method, methodLength}, {args, argsLength});
    return h->answer.data();
}

EMSCRIPTEN_KEEPALIVE std::size_t assent_answer_length(const Handle* h) { return h->answer.size(); }

// The batch path, without JSON around its bulk text (wire::ingest, wire::takeBatch).
EMSCRIPTEN_KEEPALIVE const char* assent_ingest(Handle* h, const char* packed, std::size_t length, double nowMs) {
    h->answer = assent::wire::ingest(h->endpoint.core(), {packed, length}, ms(nowMs));
    return h->answer.data();
}

// The next batch's body as the answer ("" when none), its id from assent_batch_id.
EMSCRIPTEN_KEEPALIVE const char* assent_take_batch(Handle* h, double nowMs) {
    auto batch = assent::wire::takeBatch(h->endpoint.core(), ms(nowMs));
    h->answer = batch ? std::move(batch->body) : std::string();
    h->batchId = batch ? std::move(batch->id) : std::string();
    return h->answer.data();
}

EMSCRIPTEN_KEEPALIVE const char* assent_batch_id(const Handle* h) { return h->batchId.c_str(); }

EMSCRIPTEN_KEEPALIVE void assent_close(Handle* h) { delete h; }

}  // extern "C"
