// What lets frames of other origins reach __tcfapi (CMP API v2, "from an
// iframe"): the __tcfapiLocator frame they look for, and the answer to their
// __tcfapiCall messages through whatever __tcfapi is at the time. The stub
// installs it; the TCF chunk does when a page lacks the stub.
const LOCATOR = '__tcfapiLocator';

export function answerFrames(win) {
  const doc = win.document;
  // Frames find the CMP by walking up to the window that has this frame.
  (function addLocator() {
    if (win.frames[LOCATOR]) return;
    if (!doc.body) return setTimeout(addLocator, 5);
    const frame = doc.createElement('iframe');
    frame.style.display = 'none';
    frame.name = LOCATOR;
    frame.title = 'TCF API locator';
    doc.body.appendChild(frame);
  })();

  // CMP API v2, "How can vendors that use iframes call the CMP API from an
  // iframe?": {__tcfapiCall:{command, parameter, version, callId}} in, one
  // {__tcfapiReturn:{returnValue, success, callId}} out per callback, in the
  // form (JSON text or object) the call came in.
  win.addEventListener('message', (event) => {
    let data = event.data;
    const asText = typeof data === 'string';
    if (asText) {
      try {
        data = JSON.parse(data);
      } catch (_) {
        return;
      }
    }
    const call = data && typeof data === 'object' && data.__tcfapiCall;
    if (!call || typeof call !== 'object' || !event.source) return;
    win.__tcfapi(
      call.command,
      call.version,
      (returnValue, success) => {
        const reply = { __tcfapiReturn: { returnValue, success, callId: call.callId } };
        event.source.postMessage(asText ? JSON.stringify(reply) : reply, '*');
      },
      call.parameter,
    );
  });
}
