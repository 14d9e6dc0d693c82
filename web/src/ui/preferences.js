// The second layer: one switch per purpose, in the state the core reports.
// Required purposes come checked and disabled; nothing else is pre-ticked
// unless the core says it is granted. Save reports every switch as it is.
import { el, renderLinks } from './dom.js';

function toggleRow(doc, toggle) {
  const inputId = `assent-purpose-${toggle.purpose}`;
  const descId = `${inputId}-description`;
  return el(doc, 'li', { className: 'assent-purpose' }, [
    el(doc, 'div', { className: 'assent-purpose-head' }, [
      el(doc, 'input', {
        className: 'assent-switch',
        attrs: {
          type: 'checkbox',
          role: 'switch',
          id: inputId,
          'data-assent-purpose': toggle.purpose,
          'aria-describedby': toggle.description ? descId : null,
          checked: Boolean(toggle.checked),
          disabled: Boolean(toggle.locked),
        },
      }),
      el(doc, 'label', { className: 'assent-purpose-name', attrs: { for: inputId }, text: toggle.label }),
    ]),
    toggle.description
      ? el(doc, 'p', { className: 'assent-purpose-description', attrs: { id: descId }, text: toggle.description })
      : null,
  ]);
}

// onAction(action, choices): action is one of the model's button actions or
// the save action; choices maps each switchable purpose to its state.
export function renderPreferences(doc, model, onAction) {
  const titleId = 'assent-preferences-title';
  const bodyId = 'assent-preferences-body';
  const actionButtons = model.buttons.map((button) =>
      el(doc, 'button', {
        className: 'assent-button',
        attrs: { type: 'button', 'data-assent-action': button.action },
        text: button.label,
      }),
    );
  const root = el(
    doc,
    'dialog',
    {
      className: 'assent-dialog',
      attrs: {
        role: 'dialog',
        'aria-modal': 'true',
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
      el(doc, 'ul', { className: 'assent-purposes' }, model.toggles.map((toggle) => toggleRow(doc, toggle))),
      el(doc, 'div', { className: 'assent-actions' }, actionButtons),
    ],
  );
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-assent-action]');
    if (!button || !root.contains(button)) return;
    const choices = {};
    for (const input of root.querySelectorAll('input[data-assent-purpose]')) {
      if (!input.disabled) choices[input.getAttribute('data-assent-purpose')] = input.checked;
    }
    onAction(button.getAttribute('data-assent-action'), choices);
  });
  return root;
}
