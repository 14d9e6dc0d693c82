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
  return button;
}
