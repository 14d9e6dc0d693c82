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
