// The "Privacy settings" button that stays on every page, so that changing
// or withdrawing a choice is as easy as giving it (C05). Its words are the
// preferences title in the language the core chose.
import { el } from './dom.js';

export function renderLauncher(doc, model, onOpen) {
  const button = el(doc, 'button', {
    className: 'assent-launcher',
    attrs: { type: 'button', lang: model.language, 'aria-haspopup': 'dialog', 'data-assent-ignore': true },
    text: model.title,
  });
  button.addEventListener('click', onOpen);
  return button;
}
