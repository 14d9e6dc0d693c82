// Follows runtime.js in assent_core.js: the `Core` class the shells hold,
// over wasm/bindings.cpp's exports. new Core(configJson, seed) opens
// a core; core.call(method, argsJson) answers the wire's JSON text (see
// core/include/assent/wire.hpp); core.ingest(packed, now) and
// core.takeBatch(now) are the batch path's plain-typed entries (the tally,
// and {id, body} or null); core.delete() frees it. A trap inside the
// module throws out of these, for web/src/shell/core-guard.js to catch.

var AssentCore = assentModule(function (asm, withUtf8, utf8Text) {
  function Core(configJson, seed) {
    var handle = withUtf8([String(configJson), String(seed)], function (b) {
      return asm.assent_open(b[0].address, b[0].length, b[1].address, b[1].length);
    });
    var answer = function (address) {
      return utf8Text(address, asm.assent_answer_length(handle));
    };
    this.call = function (method, argsJson) {
      if (!handle) throw new Error('Assent core: used after delete()');
      return withUtf8([String(method), String(argsJson)], function (b) {
        return answer(asm.assent_call(handle, b[0].address, b[0].length, b[1].address, b[1].length));
      });
    };
    this.ingest = function (packed, nowMs) {
      if (!handle) throw new Error('Assent core: used after delete()');
      return withUtf8([String(packed)], function (b) {
        return JSON.parse(answer(asm.assent_ingest(handle, b[0].address, b[0].length, nowMs)));
      });
    };
    this.takeBatch = function (nowMs) {
      if (!handle) throw new Error('Assent core: used after delete()');
      var body = asm.assent_take_batch(handle, nowMs);
      var length = asm.assent_answer_length(handle);
      return length ? { id: utf8Text(asm.assent_batch_id(handle)), body: utf8Text(body, length) } : null;
    };
    this['delete'] = function () {
      if (handle) asm.assent_close(handle);
      handle = 0;
    };
  }
  return { Core: Core };
});
if (typeof module == 'object') module.exports = AssentCore;
