// Stands in for an embedded frame whose purpose is not granted: what it is
// for (the purpose's own words) and two choices, load it this once or always
// allow its purpose.
import { el, renderButtons, onButtons, themed } from './dom.js';

let serial = 0;

export function renderPlaceholder(doc, model, onAction) {
  serial += 1;
  const titleId = `assent-placeholder-${serial}`;
  const root = el(
    doc,
    'div',
    {
      className: `assent-placeholder${themed(model)}`,
      attrs: {
        role: 'group',
        'aria-labelledby': titleId,
        lang: model.language,
        'data-assent-ignore': true,
        'data-assent-purpose': model.purpose,
      },
    },
    [
      el(doc, 'p', { className: 'assent-title', attrs: { id: titleId }, text: model.title }),
      el(doc, 'p', { className: 'assent-body', text: model.body }),
      renderButtons(doc, model.buttons),
    ],
  );
  return onButtons(root, onAction);
}
