// Appended to the Emscripten glue (--post-js): the `Core` class the shells
// hold, over wasm/bindings.cpp's exports. new Core(configJson, seed) opens
// a core; core.call(method, argsJson) answers the wire's JSON text (see
// core/include/assent/wire.hpp); core.ingest(packed, now) and
// core.takeBatch(now) are the batch path's plain-typed entries (the tally,
// and {id, body} or null); core.delete() frees it. A trap inside the
// module throws out of these, for web/src/shell/core-guard.js to catch.
// Texts go in through utf8.post.js's assentWithUtf8.

Module['Core'] = function Core(configJson, seed) {
  var handle = assentWithUtf8([String(configJson), String(seed)], function (b) {
    return _assent_open(b[0].address, b[0].length, b[1].address, b[1].length);
  });
  this['call'] = function (method, argsJson) {
    if (!handle) throw new Error('Assent core: used after delete()');
    return assentWithUtf8([String(method), String(argsJson)], function (b) {
      var answer = _assent_call(handle, b[0].address, b[0].length, b[1].address, b[1].length);
      return UTF8ToString(answer, _assent_answer_length(handle));
    });
  };
  this['ingest'] = function (packed, nowMs) {
    return assentWithUtf8([String(packed)], function (b) {
      var answer = _assent_ingest(handle, b[0].address, b[0].length, nowMs);
      return JSON.parse(UTF8ToString(answer, _assent_answer_length(handle)));
    });
  };
  this['takeBatch'] = function (nowMs) {
    var body = _assent_take_batch(handle, nowMs);
    var length = _assent_answer_length(handle);
    return length ? { id: UTF8ToString(_assent_batch_id(handle)), body: UTF8ToString(body, length) } : null;
  };
  this['delete'] = function () {
    if (handle) _assent_close(handle);
    handle = 0;
  };
};
