// The entry of assent-tcf.js, the chunk (with assent_tcf.wasm) that
// assent.js adds only for a config with a `tcf` or `gpp` section, handing
// it the config text and URL on the script element (`assent`), with a
// callback that takes the TCF API's model of the preferences' vendor part
// and the renderer that draws it there (ui/vendors.js).
// It loads the module once and starts the TCF API (bridges/tcf.js) and the
// GPP API (bridges/gpp.js) the config asks for; GPP's tcfeuv2 section is
// the TCF API's string.
import { createGppApi } from './gpp.js';
import { createTcfApi, loadModule } from './tcf.js';
import { vendorView } from '../ui/vendors.js';

(function main(win) {
  const me = win.document.currentScript;
  const handoff = me && me.assent;
  if (!handoff || !win.Assent) {
    win.console.error('Assent: assent-tcf.js is loaded by assent.js, for a config with a "tcf" or "gpp" section');
    return;
  }
  const [configText, configUrl, handBackDialog] = handoff;
  let config;
  try {
    config = JSON.parse(configText);
  } catch (error) {
    win.console.error(`Assent TCF/GPP: config: ${error.message}`);
    return;
  }
  const moduleLoad = loadModule(win, new URL('assent_tcf.wasm', me.src).href);
  moduleLoad.catch(() => {}); // each API reports it
  const tcf = config.tcf ? createTcfApi(win, { configText, configUrl, moduleLoad, assent: win.Assent }) : null;
  // The preferences list the site's vendors once the module and GVL are in.
  // And each new record keeps the hash of its TC string (shell/recorder.js).
  if (tcf && tcf.vendorDialog && typeof handBackDialog === 'function') handBackDialog(tcf.vendorDialog, tcf.tcStringOf, vendorView);
  if (config.gpp) createGppApi(win, { configText, configUrl, moduleLoad, assent: win.Assent, tcf });
})(window);
