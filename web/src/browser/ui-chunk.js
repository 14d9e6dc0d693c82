// Fetches the prompt chunk, assent-ui.js and assent-ui.css from beside
// assent.js, once, the way assent-tcf.js is added: a <script> whose element
// carries the hand-off (here a callback the chunk calls with its renderer),
// with the loading tag's nonce when it has one. The kernel asks for it when
// a prompt is to be shown, or at once when no record is stored at all.
//
// A chunk that cannot be loaded is no answer: nothing is decided, the page
// carries on, one console error names the URL, and the next time the person
// opens the settings (load(true)) it is tried again.
import { linkStylesheet } from './stylesheet.js';

// hold: the script hold (none for assent.mjs), told that this script is
// Assent's own, so that it does not wait for the config like the site's.
export function createUiLoader(win, assetBase, tag, hold) {
  const doc = win.document;
  const scriptUrl = new URL('assent-ui.js', assetBase).href;
  const cssUrl = new URL('assent-ui.css', assetBase).href;
  const nonce = (tag && tag.nonce) || '';
  let loading = null;
  let failed = false;

  function fetchScript() {
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      if (hold) hold.pass(script);
      let handed = null;
      script.assent = (ui) => {
        handed = ui;
      };
      if (nonce) script.nonce = nonce;
      script.addEventListener('load', () => {
        script.remove();
        if (handed) resolve(handed);
        else reject(new Error(`${scriptUrl} ran but did not start the prompt UI`));
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
      const styled = linkStylesheet(doc, cssUrl, { nonce });
      loading = Promise.all([fetchScript(), styled]).then(
        ([ui]) => ui,
        (error) => {
          failed = true;
          const problem = new Error(`the prompt UI is not available: ${error.message}; nothing was decided`);
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
