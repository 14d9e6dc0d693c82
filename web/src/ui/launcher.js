// The "Privacy settings" button that stays on every page, so that changing
// or withdrawing a choice is as easy as giving it (C05). Its words are the
// preferences title in the language the core chose.
import { el, themed } from './dom.js';

export function renderLauncher(doc, model, onOpen) {
  const button = el(doc, 'button', {
    // The corner is the config's choice, validated by the core (a model
    // without one, as in older cores, keeps the default corner).
    className: `assent-launcher assent-launcher-${model.launcher || 'bottom-right'}${themed(model)}`,
    attrs: { type: 'button', lang: model.language, 'aria-haspopup': 'dialog', 'data-assent-ignore': true },
    text: model.title,
  });
  button.addEventListener('click', onOpen);
  addSpacer(doc, button);
  return button;
}

// A fixed button covers whatever scrolls under its corner, and the page's
// last lines never scroll away from a bottom corner. So an empty block
// follows the button at the end of <body> (the caller appends the button
// there at once): scrolling to the end lifts the last content above the
// launcher. assent.css gives it height only while a bottom-corner launcher
// right before it shows; the site's own elements are never moved or styled.
function addSpacer(doc, button) {
  for (const old of doc.querySelectorAll('.assent-launcher-spacer')) old.remove(); // one launcher, one spacer
  const spacer = el(doc, 'div', { className: 'assent-launcher-spacer', attrs: { 'aria-hidden': 'true', 'data-assent-ignore': true } });
  Promise.resolve().then(() => {
    if (button.isConnected) button.after(spacer);
  });
}
