// Follows runtime.js in assent_tcf.js:
// new Tcf(configJson, gvlJson) checks the site's TCF setup (tcf.opened:
// {warnings} or {problems}); tcf.encode(recordJson, nowMs),
// tcf.dialog(recordJson) and tcf.decode(tcString) answer the JSON of
// wasm/tcf_bindings.cpp, parsed; tcf.delete() frees it. new Gpp(configJson) checks the site's `gpp` section
// (gpp.opened: {warnings, cmpId, applicableSections} or {problems});
// gpp.encode(recordJson, gpc, tcString) and gpp.decode(gppString) answer
// the same way; gpp.delete() frees it.

var AssentTcf = assentModule(function (asm, withUtf8, utf8Text) {
  /**
   * One handle of wasm/tcf_bindings.cpp (its tcf_* or gpp_* exports): `open`
   * makes it from the texts; ask(texts, call) runs call(handle, buffers) with
   * the texts copied in, and answers the handle's answer, parsed.
   */
  function TcfHandle(open, answer, answerLength, close, texts) {
    var handle = withUtf8(texts.map(String), function (b) {
      var args = [];
      b.forEach(function (t) {
        args.push(t.address, t.length);
      });
      return open.apply(null, args);
    });
    var answered = function () {
      return JSON.parse(utf8Text(answer(handle), answerLength(handle)));
    };
    this.opened = answered();
    this.ask = function (texts, call) {
      return withUtf8(texts.map(String), function (b) {
        call(handle, b);
        return answered();
      });
    };
    this['delete'] = function () {
      if (handle) close(handle);
      handle = 0;
    };
  }

  function Tcf(configJson, gvlJson) {
    var tcf = new TcfHandle(asm.tcf_open, asm.tcf_answer, asm.tcf_answer_length, asm.tcf_close, [configJson, gvlJson]);
    tcf.encode = function (recordJson, nowMs) {
      return tcf.ask([recordJson], function (handle, b) {
        asm.tcf_encode(handle, b[0].address, b[0].length, nowMs);
      });
    };
    tcf.dialog = function (recordJson) {
      return tcf.ask([recordJson], function (handle, b) {
        asm.tcf_dialog(handle, b[0].address, b[0].length);
      });
    };
    tcf.decode = function (tcString) {
      return tcf.ask([tcString], function (handle, b) {
        asm.tcf_decode(handle, b[0].address, b[0].length);
      });
    };
    return tcf;
  }

  function Gpp(configJson) {
    var gpp = new TcfHandle(asm.gpp_open, asm.gpp_answer, asm.gpp_answer_length, asm.gpp_close, [configJson]);
    gpp.encode = function (recordJson, gpc, tcString) {
      return gpp.ask([recordJson, tcString || ''], function (handle, b) {
        asm.gpp_encode(handle, b[0].address, b[0].length, gpc ? 1 : 0, b[1].address, b[1].length);
      });
    };
    gpp.decode = function (gppString) {
      return gpp.ask([gppString], function (handle, b) {
        asm.gpp_decode(handle, b[0].address, b[0].length);
      });
    };
    return gpp;
  }

  return { Tcf: Tcf, Gpp: Gpp };
});
if (typeof module == 'object') module.exports = AssentTcf;
