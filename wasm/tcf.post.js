// Appended to assent_tcf.wasm's glue (--post-js): new Tcf(configJson,
// gvlJson) checks the site's TCF setup (tcf.opened: {warnings} or
// {problems}); tcf.encode(recordJson, nowMs), tcf.dialog(recordJson) and
// tcf.decode(tcString) answer the JSON of wasm/tcf_bindings.cpp, parsed;
// tcf.delete() frees it.

/** Runs fn with each text copied into the module's memory as UTF-8. */
function tcfWithUtf8(texts, fn) {
  var buffers = texts.map(function (text) {
    var length = lengthBytesUTF8(text);
    var address = _malloc(length + 1);
    stringToUTF8(text, address, length + 1);
    return [address, length];
  });
  try {
    return fn(buffers);
  } finally {
    buffers.forEach(function (b) {
      _free(b[0]);
    });
  }
}

Module['Tcf'] = function Tcf(configJson, gvlJson) {
  var handle = tcfWithUtf8([String(configJson), String(gvlJson)], function (b) {
    return _tcf_open(b[0][0], b[0][1], b[1][0], b[1][1]);
  });
  var answer = function () {
    return JSON.parse(UTF8ToString(_tcf_answer(handle), _tcf_answer_length(handle)));
  };
  this['opened'] = answer();
  this['encode'] = function (recordJson, nowMs) {
    return tcfWithUtf8([String(recordJson)], function (b) {
      _tcf_encode(handle, b[0][0], b[0][1], nowMs);
      return answer();
    });
  };
  this['dialog'] = function (recordJson) {
    return tcfWithUtf8([String(recordJson)], function (b) {
      _tcf_dialog(handle, b[0][0], b[0][1]);
      return answer();
    });
  };
  this['decode'] = function (tcString) {
    return tcfWithUtf8([String(tcString)], function (b) {
      _tcf_decode(handle, b[0][0], b[0][1]);
      return answer();
    });
  };
  this['delete'] = function () {
    if (handle) _tcf_close(handle);
    handle = 0;
  };
};

// new Gpp(configJson) checks the site's `gpp` section (gpp.opened:
// {warnings, cmpId, applicableSections} or {problems}); gpp.encode(recordJson,
// gpc, tcString) and gpp.decode(gppString) answer wasm/tcf_bindings.cpp's
// JSON, parsed; gpp.delete() frees it.
Module['Gpp'] = function Gpp(configJson) {
  var handle = tcfWithUtf8([String(configJson)], function (b) {
    return _gpp_open(b[0][0], b[0][1]);
  });
  var answer = function () {
    return JSON.parse(UTF8ToString(_gpp_answer(handle), _gpp_answer_length(handle)));
  };
  this['opened'] = answer();
  this['encode'] = function (recordJson, gpc, tcString) {
    return tcfWithUtf8([String(recordJson), String(tcString || '')], function (b) {
      _gpp_encode(handle, b[0][0], b[0][1], gpc ? 1 : 0, b[1][0], b[1][1]);
      return answer();
    });
  };
  this['decode'] = function (gppString) {
    return tcfWithUtf8([String(gppString)], function (b) {
      _gpp_decode(handle, b[0][0], b[0][1]);
      return answer();
    });
  };
  this['delete'] = function () {
    if (handle) _gpp_close(handle);
    handle = 0;
  };
};
