// Entry of the script-tag build:
//   <script src="/assent/assent.js" data-config="/assent.config.json"></script>
// or, with the config inline:
//   <script src="/assent/assent.js"></script>
//   <script type="application/json" id="assent-config">{ … }</script>
// window.Assent exists at once; see api.js for what it does.
import { createAssent } from './api.js';
import { installScriptHold } from '../bridges/script-hold.js';

// The tag that loaded this file: assent.wasm and assent.css sit beside it.
function findOwnScript(doc) {
  const current = doc.currentScript;
  if (current && current.src) return current;
  return doc.querySelector('script[src][data-config]');
}

(function main(win) {
  if (win.Assent && win.Assent.version) return; // loaded twice: keep the first
  try {
    const tag = findOwnScript(win.document);
    // Now, while the rest of the page is still to be parsed: the scripts
    // after this one are held back when services[].scripts claims them.
    const hold = installScriptHold(win, tag ? tag.src : '');
    win.Assent = Object.freeze(createAssent(win, { assetBase: tag ? tag.src : '', tag, hold }));
  } catch (error) {
    win.console.error(`Assent: ${(error && error.message) || error}`);
  }
})(window);
