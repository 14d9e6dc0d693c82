// Fetches a chunk of assent.js from beside it, once, the way assent-tcf.js
// is added: a <script> whose element carries the hand-off (here a callback
// the chunk calls with what it offers), with the loading tag's nonce when it
// has one. Four chunks come this way: the prompt chunk (assent-ui.js and
// assent-ui.css), which the kernel asks for when a prompt is to be shown, or
// at once when no record is stored at all; the permission chunk
// (assent-permission.js: the flow of Assent.request), asked for only when a
// page calls Assent.request; the own-data chunk (assent-my-data.js),
// asked for when the preferences open on a site with a collector; and the
// embeds chunk (assent-embeds.js), asked for when the page has a frame
// marked for a purpose.
//
// A chunk that cannot be loaded is no answer: nothing is decided, the page
// carries on, one console error names the URL, and the next time the person
// opens the settings or the page asks again (load(true)) it is tried again.
import { linkStylesheet } from './stylesheet.js';

// hold: the script hold (none for assent.mjs), told that this script is
// Assent's own, so that it does not wait for the config like the site's.
// chunk: { script, css (or none), what (its name in the console) }.
function createChunkLoader(win, assetBase, tag, hold, chunk) {
  const doc = win.document;
  const scriptUrl = new URL(chunk.script, assetBase).href;
  const cssUrl = chunk.css && new URL(chunk.css, assetBase).href;
  const nonce = (tag && tag.nonce) || '';
  let loading = null;
  let failed = false;

  function fetchScript() {
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      if (hold) hold.pass(script);
      let handed = null;
      script.assent = (offered) => {
        handed = offered;
      };
      if (nonce) script.nonce = nonce;
      script.addEventListener('load', () => {
        script.remove();
        if (handed) resolve(handed);
        else reject(new Error(`${scriptUrl} ran but did not start ${chunk.what}`));
      });
      script.addEventListener('error', () => {
        script.remove();
        reject(new Error(`${scriptUrl} could not be loaded`));
      });
      script.src = scriptUrl;
      (doc.head || doc.documentElement).appendChild(script);
    });
  }

  function load(retry = false) {
    if (!loading || (failed && retry)) {
      failed = false;
      const styled = cssUrl && linkStylesheet(doc, cssUrl, { nonce });
      loading = Promise.all([fetchScript(), styled]).then(
        ([offered]) => offered,
        (error) => {
          failed = true;
          const problem = new Error(`${chunk.what} is not available: ${error.message}; nothing was decided`);
          problem.reported = true;
          win.console.error(`Assent: ${problem.message}`);
          throw problem;
        },
      );
    }
    return loading;
  }

  return {
    load,
    // Starts the fetch now (a first visit, where the banner is likely), so
    // that the banner waits for no request made after the core's answer.
    preload() {
      load().catch(() => {}); // reported in load, and again tried when shown
    },
  };
}

// The prompt chunk: load() resolves with { createPromptView } (ui/chunk.js).
export const createUiLoader = (win, assetBase, tag, hold) =>
  createChunkLoader(win, assetBase, tag, hold, { script: 'assent-ui.js', css: 'assent-ui.css', what: 'the prompt UI' });

// The permission chunk: load() resolves with { requestPermission }
// (browser/permission-chunk.js).
export const createPermissionLoader = (win, assetBase, tag, hold) =>
  createChunkLoader(win, assetBase, tag, hold, { script: 'assent-permission.js', what: 'the permission flow' });

// The own-data chunk: load() resolves with { renderMyData } (ui/my-data.js).
export const createMyDataLoader = (win, assetBase, tag, hold) =>
  createChunkLoader(win, assetBase, tag, hold, { script: 'assent-my-data.js', what: 'the own-data part of the preferences' });

// The embeds chunk: load() resolves with { createEmbeds } (bridges/embeds.js).
export const createEmbedsLoader = (win, assetBase, tag, hold) =>
  createChunkLoader(win, assetBase, tag, hold, { script: 'assent-embeds.js', what: 'the embeds chunk' });
