// Builds DOM nodes from the core's words. Text goes in through textContent
// only, so a config can never inject markup, and no style attribute is ever
// set: all looks come from assent.css.
export function el(doc, tag, { className, attrs, text } = {}, children = []) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (text !== undefined) node.textContent = String(text);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

// The config's links (privacy policy, imprint). The core has already refused
// any URL that is not http(s) or site-relative.
export function renderLinks(doc, links) {
  if (!links || !links.length) return null;
  return el(
    doc,
    'p',
    { className: 'assent-links' },
    links.map((link) => el(doc, 'a', { className: 'assent-link', attrs: { href: link.url }, text: link.label })),
  );
}

// The model's buttons, in its order. The class follows the core's level, so
// accept all and reject all (both "primary") look exactly alike.
export function renderButtons(doc, buttons) {
  return el(
    doc,
    'div',
    { className: 'assent-actions' },
    buttons.map((button) =>
      el(doc, 'button', {
        className: `assent-button assent-${button.level === 'secondary' ? 'secondary' : 'primary'}`,
        attrs: { type: 'button', 'data-assent-action': button.action },
        text: button.label,
      }),
    ),
  );
}

// Calls onAction(action) with the action of each of root's buttons that a
// click lands on (a click elsewhere is no action); returns root.
export function onButtons(root, onAction) {
  root.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-assent-action]');
    const action = button && root.contains(button) ? button.getAttribute('data-assent-action') : '';
    if (action) onAction(action);
  });
  return root;
}

// The class of the config's theme (light or dark); none for auto, where the
// visitor's prefers-color-scheme decides (assent.css).
export const themed = (model) => (model.theme === 'light' || model.theme === 'dark' ? ` assent-theme-${model.theme}` : '');

// The attributes every prompt shares: a labelled dialog in the model's
// language, never captured by the tracker.
export function dialogAttrs(prefix, model, modal) {
  return {
    role: 'dialog',
    'aria-modal': modal ? 'true' : 'false',
    'aria-labelledby': `${prefix}-title`,
    'aria-describedby': `${prefix}-body`,
    lang: model.language,
    'data-assent-ignore': true,
  };
}

export function titleAndBody(doc, prefix, model) {
  return [
    el(doc, 'h2', { className: 'assent-title', attrs: { id: `${prefix}-title` }, text: model.title }),
    el(doc, 'p', { className: 'assent-body', attrs: { id: `${prefix}-body` }, text: model.body }),
  ];
}
