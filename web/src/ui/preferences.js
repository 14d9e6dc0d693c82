// The second layer: one switch per purpose, in the state the core reports.
// Required purposes come checked and disabled; nothing else is pre-ticked
// unless the core says it is granted. Save reports every switch as it is.
import { el, renderLinks, renderButtons, onButtons, dialogAttrs, titleAndBody, themed } from './dom.js';

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

// The visible way out that decides nothing: back to the banner (or the page).
// Its accessible name is the core's word for it (texts.<lang>.close, else the
// banner's title it returns to): aria-label replaces the × glyph, a symbol
// and no word, as the name assistive technology reads.
function closeButton(doc, model) {
  return el(doc, 'button', {
    className: 'assent-close',
    attrs: { type: 'button', 'data-assent-action': 'close', 'aria-label': model.close },
    text: '\u00d7',
  });
}

// onAction(action, choices, tcf): action is one of the model's button
// actions, or close (the ×); choices maps each switchable purpose to its
// state; tcf holds the vendor switches on a TCF site (vendors.js), else
// null. vendors: on a TCF site, vendors.js's vendorView (the TCF chunk's),
// which draws model.tcf; null elsewhere. (The visitor's own data, my-data.js,
// comes with a chunk of its own: the prompt view adds it.)
export function renderPreferences(doc, model, onAction, vendors = null) {
  const root = el(doc, 'dialog', { className: `assent-dialog${themed(model)}`, attrs: dialogAttrs('assent-preferences', model, true) }, [
    closeButton(doc, model),
    ...titleAndBody(doc, 'assent-preferences', model),
    renderLinks(doc, model.links),
    el(doc, 'ul', { className: 'assent-purposes' }, model.toggles.map((toggle) => toggleRow(doc, toggle))),
    vendors && vendors.render(doc, model.tcf),
    renderButtons(doc, model.buttons),
  ]);
  return onButtons(root, (action) => {
    const choices = {};
    for (const input of root.querySelectorAll('input[data-assent-purpose]')) {
      if (!input.disabled) choices[input.getAttribute('data-assent-purpose')] = input.checked;
    }
    onAction(action, choices, vendors && vendors.choices(root));
  });
}

// Sets the switches to a fresh model of the core's (after an erasure, none
// is granted any more), so the dialog never shows a choice no longer stored.
export function refreshToggles(root, model, vendors = null) {
  for (const toggle of model.toggles) {
    const input = root.querySelector(`input[data-assent-purpose="${toggle.purpose}"]`);
    if (input) input.checked = Boolean(toggle.checked);
  }
  if (vendors) vendors.refresh(root, model.tcf);
}
