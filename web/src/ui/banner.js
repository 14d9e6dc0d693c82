// The first layer: title, body and the model's buttons side by side. Every
// button gets the same class, so "Reject all" looks exactly as strong as
// "Accept all"; the model decides which buttons exist and in which order.
import { el, renderLinks } from './dom.js';

export function renderBanner(doc, model, onAction) {
  const titleId = 'assent-banner-title';
  const bodyId = 'assent-banner-body';
  const buttons = model.buttons.map((button) =>
    el(doc, 'button', {
      className: 'assent-button',
      attrs: { type: 'button', 'data-assent-action': button.action },
      text: button.label,
    }),
  );
  const root = el(
    doc,
    'div',
    {
      className: 'assent-banner',
      attrs: {
        role: 'dialog',
        'aria-modal': 'false',
        'aria-labelledby': titleId,
        'aria-describedby': bodyId,
        lang: model.language,
        'data-assent-ignore': true,
      },
    },
    [
      el(doc, 'h2', { className: 'assent-title', attrs: { id: titleId }, text: model.title }),
      el(doc, 'p', { className: 'assent-body', attrs: { id: bodyId }, text: model.body }),
      renderLinks(doc, model.links),
      el(doc, 'div', { className: 'assent-actions' }, buttons),
    ],
  );
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-assent-action]');
    if (button && root.contains(button)) onAction(button.getAttribute('data-assent-action'));
  });
  return root;
}
