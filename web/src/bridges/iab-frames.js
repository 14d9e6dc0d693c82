// What lets frames of other origins reach an IAB page API (TCF's __tcfapi,
// GPP's __gpp): the locator frame they look for, and the answer to their
// postMessage calls through whatever the API function is at the time (the
// stub, later the full API). `api` names the function; the locator, call
// and return keys follow from it (__gppLocator, __gppCall, __gppReturn);
// `invoke(fn, call, callback)` calls it in that API's argument order.
export function answerFramesFor(win, api, title, invoke) {
  const doc = win.document;
  const locator = `${api}Locator`;
  // Frames find the CMP by walking up to the window that has this frame.
  (function addLocator() {
    if (win.frames[locator]) return;
    if (!doc.body) return setTimeout(addLocator, 5);
    const frame = doc.createElement('iframe');
    frame.style.display = 'none';
    frame.name = locator;
    frame.title = title;
    doc.body.appendChild(frame);
  })();

  // {<api>Call:{command, parameter, version, callId}} in, one
  // {<api>Return:{returnValue, success, callId}} out per callback, in the
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
    const call = data && typeof data === 'object' && data[`${api}Call`];
    if (!call || typeof call !== 'object' || !event.source) return;
    invoke(win[api], call, (returnValue, success) => {
      const reply = { [`${api}Return`]: { returnValue, success, callId: call.callId } };
      event.source.postMessage(asText ? JSON.stringify(reply) : reply, '*');
    });
  });
}
