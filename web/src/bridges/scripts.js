// Script activation. A site marks a script it may only run with consent:
//   <script type="text/plain" data-assent-purpose="analytics" [data-src="…"]
//           [data-type="module"] [nonce="…"]>…</script>
// Once the core says its purpose is accepted, a fresh <script> replaces it:
// every attribute copied, the nonce carried over through the property (the
// attribute reads empty once parsed), external ones loaded one after another
// so that the marked scripts run in document order.
const SELECTOR = 'script[type="text/plain"][data-assent-purpose]';
const NOT_COPIED = new Set(['type', 'data-type', 'data-src', 'nonce']);

// Takes script-hold.js's marks off a held script, its own type back; returns
// the URL it is to get.
export function unmark(script) {
  const src = script.getAttribute('data-src');
  const type = script.getAttribute('data-type');
  for (const name of ['data-assent-held', 'data-src', 'data-type']) script.removeAttribute(name);
  if (type) script.setAttribute('type', type);
  else script.removeAttribute('type');
  return src;
}

// A script script-hold.js held runs as itself, not as a copy: the page's
// code may hold it and listen to it (s.onload = …), and a parser-made one
// keeps its nonce. It never started (its type was not JavaScript when it was
// connected), so giving its src back makes the browser prepare it again.
function release(script) {
  const src = unmark(script);
  const loaded = new Promise((resolve) => {
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', resolve, { once: true });
  });
  script.src = src;
  return script.hasAttribute('async') ? Promise.resolve() : loaded;
}

// pass(script): tells script-hold.js that Assent itself runs this one.
export function runScript(doc, old, pass = () => {}) {
  if (old.hasAttribute('data-assent-held')) {
    pass(old);
    return release(old);
  }
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
