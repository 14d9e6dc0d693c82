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
