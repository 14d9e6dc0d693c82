// What lets frames of other origins reach __gpp (GPP CMP API 1.1, "from an
// iframe"): the __gppLocator frame and __gppCall messages answered with
// __gppReturn (bridges/iab-frames.js). The stub installs it; the chunk does
// when a page lacks the stub.
import { answerFramesFor } from './iab-frames.js';

// The sections Assent writes, by prefix and id: what ping's supportedAPIs
// lists, in the stub and in the chunk alike.
export const PREFIX_IDS = { tcfeuv2: 2, usnat: 7 };
export const SUPPORTED_APIS = Object.entries(PREFIX_IDS).map(([prefix, id]) => `${id}:${prefix}`);

export function answerGppFrames(win) {
  answerFramesFor(win, '__gpp', 'GPP API locator', (gpp, call, callback) =>
    gpp(call.command, callback, call.parameter, call.version),
  );
}
