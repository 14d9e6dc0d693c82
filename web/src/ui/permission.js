// The pre-prompt before a browser permission (C16): why the site asks and
// what the browser will ask next, with the core's allow, deny and "not now".
// When the browser already refuses, it shows how to change that, with "try
// again" (I changed it) and "not now"; when the browser's request failed,
// the core's words for that, with the same two buttons.
import { el, renderLinks, renderButtons, onButtons, dialogAttrs, titleAndBody, themed } from './dom.js';

// mode: ask | blocked | failed (the core's step). onAction(allow | deny |
// later | retry | dismiss).
const NOTE = { ask: 'next', blocked: 'blocked', failed: 'failed' };

export function renderPermission(doc, model, mode, onAction) {
  const buttons =
    mode === 'ask'
      ? model.buttons
      : [{ action: 'retry', label: model.retry, level: 'primary' }, ...model.buttons.filter((b) => b.action === 'later')];
  const root = el(
    doc,
    'dialog',
    {
      className: `assent-dialog assent-permission${themed(model)}`,
      attrs: { ...dialogAttrs('assent-permission', model, true), 'data-assent-capability': model.capability },
    },
    [
      ...titleAndBody(doc, 'assent-permission', model),
      el(doc, 'p', { className: 'assent-note', text: model[NOTE[mode]] }),
      renderLinks(doc, model.links),
      renderButtons(doc, buttons),
    ],
  );
  return onButtons(root, onAction);
}
