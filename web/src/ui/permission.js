// The pre-prompt before a browser permission (C16): why the site asks and
// what the browser will ask next, with the core's allow and deny. When the
// browser already refuses, it shows how to change that instead, with one
// button that only closes it.
import { el, renderLinks, renderButtons, onButtons, dialogAttrs, titleAndBody } from './dom.js';

// blocked: the browser refuses already. onAction(allow | deny | dismiss).
export function renderPermission(doc, model, blocked, onAction) {
  // ASSUMPTION (core): the blocked note has no button text of its own yet;
  // the deny label closes it. Wanted: texts.<lang>.permissions.<cap>.close.
  const buttons = blocked
    ? model.buttons.filter((b) => b.action === 'deny').map((b) => ({ action: 'dismiss', label: b.label, level: b.level }))
    : model.buttons;
  const root = el(
    doc,
    'dialog',
    {
      className: 'assent-dialog assent-permission',
      attrs: { ...dialogAttrs('assent-permission', model, true), 'data-assent-capability': model.capability },
    },
    [
      ...titleAndBody(doc, 'assent-permission', model),
      el(doc, 'p', { className: 'assent-note', text: blocked ? model.blocked : model.next }),
      renderLinks(doc, model.links),
      renderButtons(doc, buttons),
    ],
  );
  return onButtons(root, onAction);
}
