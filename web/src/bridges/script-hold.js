// services[].scripts: scripts a site forgot to mark are held back anyway.
//
// assent.js installs this synchronously, while the page is still being
// parsed, so that it sees the scripts that come after it:
// - a MutationObserver turns every matching <script src> the parser (or
//   anything else) inserts into a marked script before it can run:
//   type="text/plain", its URL in data-src, data-assent-held, and
//   data-assent-purpose once the purpose is known. scripts.js then runs it
//   when the core accepts that purpose, like any script the site marked;
// - a script that page code creates and inserts (`s.src = …;
//   head.appendChild(s)`, the loader snippets of pixels and tag managers) is
//   held when its `src` is set, before it is inserted: by then a
//   MutationObserver would be too late, the browser has fetched and will run
//   it.
// Which purpose a URL belongs to is the core's answer (purposeOfScript: the
// config's services[].scripts, a URL or a prefix ending in *;
// core/src/script_urls.cpp), and so is whether that purpose is accepted
// (accepted()): no pattern is matched here. Only making the patterns
// absolute is done here (absoluteScriptPatterns), as the browser's URL
// parser does it for the scripts' src, so that the core carries no parser.
// Until the core has read the config it cannot say, so every script waits
// ("pending"), the page's own origin's too: a pattern may claim one of them,
// and letting it through while the config loads would run it before any
// consent (C01). Once the core can say, the pending ones no service claims
// run, in the order they came. When Assent cannot start, or the core stops,
// nothing is granted and held scripts stay held. Assent's own files (this
// one, the prompt and TCF chunks) are passed by whoever inserts them.
import { runScript, unmark } from './scripts.js';

const HELD = 'data-assent-held';
const JS_TYPE = /^(?:|module|(?:text|application)\/(?:x-)?(?:java|ecma)script)$/i;

// The core's scriptPatterns made absolute against base (the config's URL),
// in their order, a trailing * kept, for its useScriptPatterns: written as
// the browser writes a script's src, so that the core's plain comparison
// sees the same text. One the browser cannot parse becomes "", which the
// core lets claim nothing.
export function absoluteScriptPatterns(patterns, base) {
  return patterns.map((pattern) => {
    const star = pattern.endsWith('*') ? '*' : '';
    try {
      return new URL(star ? pattern.slice(0, -1) : pattern, base).href + star;
    } catch (_) {
      return '';
    }
  });
}

// own: the absolute URL of assent.js, never held.
export function installScriptHold(win, own) {
  const doc = win.document;
  const proto = win.HTMLScriptElement.prototype;
  const srcProp = Object.getOwnPropertyDescriptor(proto, 'src');
  const typeProp = Object.getOwnPropertyDescriptor(proto, 'type');
  const setAttr = win.Element.prototype.setAttribute;
  const passed = new WeakSet(); // released by Assent itself: never held again
  let pending = []; // held before the core could say whose they are, in order
  let purposeOf = null; // url -> purpose, '' (no service's), or null (the core cannot say)
  let accepted = () => false;
  let onHeld = () => {};

  // What to do with a script about to get `url`: '' (let it be), the
  // purpose to hold it for, or null (hold it until the core can say).
  function verdict(script, url) {
    if (passed.has(script) || !JS_TYPE.test((script.getAttribute('type') || '').trim())) return '';
    let abs;
    try {
      abs = new URL(url, doc.baseURI);
    } catch (_) {
      return '';
    }
    if (abs.href === own || !/^https?:$/.test(abs.protocol)) return '';
    const purpose = purposeOf ? purposeOf(abs.href) : null;
    if (purpose === null) return null;
    return purpose && !accepted(purpose) ? purpose : '';
  }

  function hold(script, url, purpose) {
    const type = script.getAttribute('type');
    if (type) setAttr.call(script, 'data-type', type);
    setAttr.call(script, 'type', 'text/plain');
    setAttr.call(script, 'data-src', new URL(url, doc.baseURI).href);
    setAttr.call(script, HELD, '');
    script.removeAttribute('src');
    if (purpose) setAttr.call(script, 'data-assent-purpose', purpose);
    else pending.push(script);
  }

  // true when the script was held instead of getting its src.
  function holdIfNeeded(script, url) {
    const purpose = verdict(script, url);
    if (purpose === '') return false;
    hold(script, url, purpose);
    return true;
  }

  // Page code setting src (property or attribute) on a script it made.
  Object.defineProperty(proto, 'src', {
    ...srcProp,
    set(value) {
      if (!holdIfNeeded(this, String(value))) srcProp.set.call(this, value);
    },
  });
  // A held script keeps type="text/plain" whatever the page sets after src.
  Object.defineProperty(proto, 'type', {
    ...typeProp,
    set(value) {
      if (this.hasAttribute(HELD)) setAttr.call(this, 'data-type', value);
      else typeProp.set.call(this, value);
    },
  });
  proto.setAttribute = function setAttribute(name, value) {
    const key = String(name).toLowerCase();
    if (key === 'src' && holdIfNeeded(this, String(value))) return;
    if (key === 'type' && this.hasAttribute(HELD)) return setAttr.call(this, 'data-type', value);
    return setAttr.call(this, name, value);
  };

  // Scripts in the page's HTML, and scripts inserted with their src already
  // set by means the setters above do not see (cloneNode, another frame's
  // elements): held before the parser runs them, when the observer is in time.
  function look(node) {
    const scripts = node.tagName === 'SCRIPT' ? [node] : node.querySelectorAll ? node.querySelectorAll('script') : [];
    for (const script of scripts) {
      if (script.hasAttribute('src')) holdIfNeeded(script, script.getAttribute('src'));
      if (script.hasAttribute(HELD) && script.hasAttribute('data-assent-purpose')) onHeld();
    }
  }
  const observer = new win.MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) look(node);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });

  return {
    // Marks a script Assent itself is about to run (scripts.js).
    pass: (script) => passed.add(script),
    // The core has read the config: it gets its patterns back absolute
    // (against configUrl), once, and from then on a URL's purpose is its
    // purposeOfScript. Pending scripts a service claims get its purpose
    // (scripts.js runs them once accepted); the others run now, in their
    // order, or, not inserted yet, get their src back. One the core cannot
    // judge stays pending.
    async judgeBy(core, configUrl) {
      core.useScriptPatterns(absoluteScriptPatterns(core.scriptPatterns(), configUrl));
      purposeOf = (url) => core.purposeOfScript(url);
      const unclaimed = [];
      const undecided = [];
      for (const script of pending.splice(0)) {
        const url = script.getAttribute('data-src');
        const purpose = purposeOf(url);
        if (purpose === null) undecided.push(script);
        else if (purpose) setAttr.call(script, 'data-assent-purpose', purpose);
        else if (script.isConnected) unclaimed.push(script);
        else srcProp.set.call(script, unmark(script)); // not inserted yet: it gets its src back
      }
      pending = undecided.concat(pending);
      for (const script of unclaimed) await runScript(doc, script, (fresh) => passed.add(fresh));
    },
    // accepted(purpose): the core's answer; held(): a held script with a
    // purpose was inserted (scripts.js runs it if accepted meanwhile).
    connect(acceptedNow, held) {
      accepted = acceptedNow;
      onHeld = held;
    },
  };
}
