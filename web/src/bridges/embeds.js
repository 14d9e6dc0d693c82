// Embedded frames that need consent:
//   <iframe data-assent-src="https://video.example/embed/1" data-assent-purpose="media"></iframe>
// While the core does not accept the purpose, a placeholder says what the
// frame is for and offers "load once" (this frame, this page view) or
// "always allow" (grants the purpose through the core). When the purpose is
// refused or withdrawn later, a loaded frame is unloaded again.
import { renderPlaceholder } from '../ui/placeholder.js';

const SELECTOR = 'iframe[data-assent-src][data-assent-purpose]';

// accepted(purpose): the core's answer. model(purpose, frame): the
// placeholder's words. allow(purpose): records a grant of the purpose.
export function createEmbeds(doc, { accepted, model, allow }) {
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
    const words = model(current.getAttribute('data-assent-purpose'), current);
    if (!words) return;
    current.hidden = true;
    const holder = renderPlaceholder(doc, words, (action) => {
      if (action === 'load_once') {
        once.add(current);
        load(current);
      } else if (action === 'allow') {
        allow(words.purpose);
      }
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
