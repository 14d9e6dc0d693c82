// The pre-prompt before a browser permission (C16): why the site asks and
// what the browser will ask next, with allow, deny and "not now". When the
// browser already refuses, it shows how to change that; when the browser's
// request failed, the core's words for that. Each view's note and buttons
// are the core's (the model's views): rendered as they are.
import { el, renderLinks, renderButtons, onButtons, dialogAttrs, titleAndBody, themed } from './dom.js';

// view: ask | blocked | failed (a view of the core's model). onAction(the
// action of a button of that view, or dismiss).
export function renderPermission(doc, model, view, onAction) {
  const shown = model.views[view];
  const root = el(
    doc,
    'dialog',
    {
      className: `assent-dialog assent-permission${themed(model)}`,
      attrs: { ...dialogAttrs('assent-permission', model, true), 'data-assent-capability': model.capability },
    },
    [
      ...titleAndBody(doc, 'assent-permission', model),
      el(doc, 'p', { className: 'assent-note', text: shown.note }),
      renderLinks(doc, model.links),
      renderButtons(doc, shown.buttons),
    ],
  );
  return onButtons(root, onAction);
}
