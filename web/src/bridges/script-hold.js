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
// Which purpose a URL belongs to is config data (services[].scripts: a URL, or
// a prefix ending in *, resolved against the page); whether that purpose is
// accepted is always the core's answer (accepted()). Until the config is read
// the patterns are unknown, so every script from another origin waits
// ("pending"); once they are known, the pending ones no service claims run,
// in the order they came. When Assent cannot start, nothing is granted and
// held scripts stay held.
import { runScript } from './scripts.js';

const HELD = 'data-assent-held';
const JS_TYPE = /^(?:|module|(?:text|application)\/(?:x-)?(?:java|ecma)script)$/i;

// The patterns of a config the core found valid: [{ purpose, pattern }], a
// pattern being an absolute URL, or an absolute prefix when it ends in *.
export function scriptRules(config, base) {
  const rules = [];
  for (const service of (config && config.services) || []) {
    for (const name of service.scripts || []) {
      const prefix = name.endsWith('*');
      try {
        const url = new URL(prefix ? name.slice(0, -1) : name, base).href;
        rules.push({ purpose: service.purpose, url, prefix });
      } catch (_) {
        // not a URL: no script can match it
      }
    }
  }
  return rules;
}

// The purpose of the first service whose pattern matches `url`, or ''.
export function purposeOfScript(rules, url) {
  const rule = rules.find((r) => (r.prefix ? url.startsWith(r.url) : url === r.url));
  return rule ? rule.purpose : '';
}

// own: the absolute URL of assent.js, never held.
export function installScriptHold(win, own) {
  const doc = win.document;
  const proto = win.HTMLScriptElement.prototype;
  const srcProp = Object.getOwnPropertyDescriptor(proto, 'src');
  const typeProp = Object.getOwnPropertyDescriptor(proto, 'type');
  const setAttr = win.Element.prototype.setAttribute;
  const passed = new WeakSet(); // released by Assent itself: never held again
  const pending = []; // held before the patterns were known, in order
  let rules = null;
  let accepted = () => false;
  let onHeld = () => {};

  // What to do with a script about to get `url`: '' (let it be), the
  // purpose to hold it for, or null (hold it until the patterns are known).
  function verdict(script, url) {
    if (passed.has(script) || !JS_TYPE.test((script.getAttribute('type') || '').trim())) return '';
    let abs;
    try {
      abs = new URL(url, doc.baseURI);
    } catch (_) {
      return '';
    }
    if (abs.href === own || !/^https?:$/.test(abs.protocol)) return '';
    if (!rules) return abs.origin === win.location.origin ? '' : null;
    const purpose = purposeOfScript(rules, abs.href);
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
    // The patterns are known: pending scripts a service claims get its
    // purpose (scripts.js runs them once accepted); the others run now, in
    // their order, or, not inserted yet, get their src back.
    async setRules(next) {
      rules = next;
      const unclaimed = [];
      for (const script of pending.splice(0)) {
        const url = script.getAttribute('data-src');
        const purpose = purposeOfScript(rules, url);
        if (purpose) setAttr.call(script, 'data-assent-purpose', purpose);
        else if (script.isConnected) unclaimed.push(script);
        else {
          script.removeAttribute(HELD);
          const type = script.getAttribute('data-type');
          script.removeAttribute('data-type');
          script.removeAttribute('data-src');
          if (type) setAttr.call(script, 'type', type);
          else script.removeAttribute('type');
          srcProp.set.call(script, url);
        }
      }
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
