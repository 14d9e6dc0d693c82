// What lets frames of other origins reach __tcfapi (CMP API v2, "from an
// iframe"): the __tcfapiLocator frame and __tcfapiCall messages answered
// with __tcfapiReturn (bridges/iab-frames.js). The stub installs it; the TCF
// chunk does when a page lacks the stub.
import { answerFramesFor } from './iab-frames.js';

export function answerFrames(win) {
  answerFramesFor(win, '__tcfapi', 'TCF API locator', (tcfapi, call, callback) =>
    tcfapi(call.command, call.version, callback, call.parameter),
  );
}
