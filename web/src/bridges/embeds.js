// Embedded frames that need consent:
//   <iframe data-assent-src="https://video.example/embed/1" data-assent-purpose="media"></iframe>
// While the core does not accept the purpose, the core's placeholder model
// stands in for the frame (the purpose's words, the config's buttons). What
// an answer records, and whether the frame loads for this page view or for
// good, is the core's (Core::answerPlaceholder); this file carries it out.
// When the purpose is refused or withdrawn later, a loaded frame is unloaded.
import { renderPlaceholder } from '../ui/placeholder.js';

const SELECTOR = 'iframe[data-assent-src][data-assent-purpose]';

// accepted(purpose): the core's answer. model(purpose): the core's
// placeholder model. answer(purpose, action, language): what the core made
// of a button (none | once | granted). showPreferences(): the settings.
export function createEmbeds(doc, { accepted, model, answer, showPreferences }) {
  const placeholders = new Map(); // frame -> placeholder
  const once = new Set(); // frames loaded once, in this page view

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
      frame.replaceWith(current);
      once.delete(frame);
    }
    if (placeholders.has(current)) return;
    const words = model(current.getAttribute('data-assent-purpose'));
    if (!words) return;
    current.hidden = true;
    const holder = renderPlaceholder(doc, words, (action) => {
      if (action === 'customise') return showPreferences();
      const how = answer(words.purpose, action, words.language);
      if (how === 'once') once.add(current);
      // After a grant the decision's refresh has loaded it already.
      if (how !== 'none') load(current);
    });
    placeholders.set(current, holder);
    current.before(holder);
  }

  return {
    // Brings every marked frame in line with the core's answers. After a
    // decision (changed), a frame loaded once is unloaded too unless the
    // decision granted its purpose.
    refresh(changed) {
      for (const frame of Array.from(doc.querySelectorAll(SELECTOR))) {
        const purpose = frame.getAttribute('data-assent-purpose');
        if (accepted(purpose)) load(frame);
        else if (!once.has(frame) || changed) hold(frame);
      }
    },
  };
}
