// Script activation. A site marks a script it may only run with consent:
//   <script type="text/plain" data-assent-purpose="analytics" [data-src="…"]
//           [data-type="module"] [nonce="…"]>…</script>
// Once the core says its purpose is accepted, a fresh <script> replaces it:
// every attribute copied, the nonce carried over through the property (the
// attribute reads empty once parsed), external ones loaded one after another
// so that the marked scripts run in document order.
const SELECTOR = 'script[type="text/plain"][data-assent-purpose]';
// data-assent-held: what script-hold.js put on a script it held back.
const NOT_COPIED = new Set(['type', 'data-type', 'data-src', 'nonce', 'data-assent-held']);

// pass(script): tells script-hold.js that Assent itself runs this one.
export function runScript(doc, old, pass = () => {}) {
  const script = doc.createElement('script');
  pass(script);
  for (const { name, value } of Array.from(old.attributes)) if (!NOT_COPIED.has(name)) script.setAttribute(name, value);
  const type = old.getAttribute('data-type');
  if (type) script.type = type;
  if (old.nonce) script.nonce = old.nonce;
  const src = old.getAttribute('data-src');
  if (!src) {
    script.text = old.text;
    old.replaceWith(script);
    return Promise.resolve();
  }
  script.src = src;
  script.async = false;
  const loaded = new Promise((resolve) => {
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', resolve, { once: true });
  });
  old.replaceWith(script);
  return old.hasAttribute('async') ? Promise.resolve() : loaded;
}

// accepted(purpose) is the core's answer. activate() runs every marked
// script whose purpose is accepted now; calls queue behind each other.
export function createScriptActivation(doc, accepted, pass) {
  let queue = Promise.resolve();
  return {
    activate() {
      queue = queue.then(async () => {
        for (const old of Array.from(doc.querySelectorAll(SELECTOR))) {
          if (old.isConnected && accepted(old.getAttribute('data-assent-purpose'))) await runScript(doc, old, pass);
        }
      });
      return queue;
    },
  };
}
