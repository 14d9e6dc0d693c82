// Entry of the ES module build (assent.mjs):
//   <script type="module" src="/assent/assent.mjs" data-config="/assent.config.json"></script>
//   import Assent from '/assent/assent.mjs';
// The config comes from a <script data-config="…"> (any type) or an inline
// <script type="application/json" id="assent-config">; assent.wasm and
// assent.css are loaded from beside this file. It sets no window.Assent; if
// the script-tag build already runs on the page, that instance is exported.
import { createAssent } from './api.js';

const win = window;
const Assent =
  win.Assent && win.Assent.version
    ? win.Assent
    : Object.freeze(createAssent(win, { assetBase: import.meta.url, tag: win.document.querySelector('script[data-config]') }));

export default Assent;
export { Assent };
