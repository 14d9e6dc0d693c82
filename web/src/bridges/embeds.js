// Embedded frames that need consent:
//   <iframe data-assent-src="https://video.example/embed/1" data-assent-purpose="media"></iframe>
// While a frame may not show (shell/embed-gate.js: its purpose not granted,
// no "load once" in force), the core's placeholder model stands in for it:
// the purpose's words and the config's buttons. What an answer records is the
// core's (Core::answerPlaceholder); this file only loads and unloads frames.
import { renderPlaceholder } from '../ui/placeholder.js';
import { createEmbedGate } from '../shell/embed-gate.js';

// The frames this file handles; assent.js fetches it (assent-embeds.js) only
// when the page has one.
export const EMBED_FRAMES = 'iframe[data-assent-src][data-assent-purpose]';

// accepted(purpose): the core's answer. model(purpose): the core's
// placeholder model. answer(purpose, action, language): what the core made
// of a button (none | once | granted). showPreferences(): the settings.
export function createEmbeds(doc, { accepted, model, answer, showPreferences }) {
  const placeholders = new Map(); // frame -> placeholder
  const gates = new WeakMap(); // frame -> its gate

  function gateOf(frame) {
    if (!gates.has(frame)) {
      gates.set(frame, createEmbedGate({ purpose: frame.getAttribute('data-assent-purpose'), accepted, answer }));
    }
    return gates.get(frame);
  }

  function load(frame) {
    const holder = placeholders.get(frame);
    if (holder) holder.remove();
    placeholders.delete(frame);
    frame.hidden = false;
    if (frame.getAttribute('src') !== frame.getAttribute('data-assent-src')) frame.src = frame.getAttribute('data-assent-src');
  }

  function hold(frame) {
    let current = frame;
    if (current.hasAttribute('src')) {
      // Unload: a fresh frame without src replaces the running one.
      current = frame.cloneNode(false);
      current.removeAttribute('src');
      gates.set(current, gateOf(frame));
      frame.replaceWith(current);
    }
    if (placeholders.has(current)) return;
    const gate = gateOf(current);
    const words = model(gate.purpose);
    if (!words) return;
    current.hidden = true;
    const holder = renderPlaceholder(doc, words, (action) => {
      if (action === 'customise') showPreferences();
      else if (gate.answer(action, words.language)) load(current);
    });
    placeholders.set(current, holder);
    current.before(holder);
  }

  return {
    // Brings every marked frame in line with the core's answers, at start
    // and after every decision (changed).
    refresh(changed) {
      for (const frame of Array.from(doc.querySelectorAll(EMBED_FRAMES))) {
        if (gateOf(frame).shown(changed)) load(frame);
        else hold(frame);
      }
    },
  };
}
