// The first layer: title, body and the model's buttons side by side. Accept
// all and reject all come from the core at the same level, so they get the
// same class and look exactly alike; the model decides which buttons exist
// and in which order. The layout (box, bar-bottom, bar-top, corner-left,
// corner-right) comes from the core too.
import { el, renderLinks, renderButtons, onButtons, dialogAttrs, titleAndBody, themed } from './dom.js';

export function renderBanner(doc, model, onAction) {
  // Where and how it sits is the config's choice, validated by the core;
  // assent.css draws each layout, so this only names it.
  const root = el(doc, 'div', { className: `assent-banner assent-layout-${model.layout}${themed(model)}`, attrs: dialogAttrs('assent-banner', model, true) }, [
    ...titleAndBody(doc, 'assent-banner', model),
    renderLinks(doc, model.links),
    renderButtons(doc, model.buttons),
  ]);
  return onButtons(root, onAction);
}
