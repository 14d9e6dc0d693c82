// Turns what happens on the page into named events for the core: a page
// view on start, and a click on anything clickable. What a click reports is
// small on purpose: tag, a short selector and the visible text (at most 64
// characters). Values typed into fields are never read. Anything inside an
// element marked data-assent-ignore is not captured at all.

const CLICKABLE =
  'a,button,summary,label,select,textarea,input,[role="button"],[role="link"],[role="menuitem"],[role="tab"],[role="switch"],[role="checkbox"],[data-assent-track]';
const FIELD_TAGS = new Set(['input', 'select', 'textarea']);
const MAX_TEXT = 64;
const MAX_SELECTOR = 128;
const SAFE_CLASS = /^[A-Za-z_-][A-Za-z0-9_-]*$/;

function cssIdent(value) {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(value) : value.replace(/[^A-Za-z0-9_-]/g, '\\$&');
}

// "button#buy", "nav.top > a.link": at most three steps, stopping at an id.
export function shortSelector(element) {
  const parts = [];
  let node = element;
  for (let depth = 0; node && node.nodeType === 1 && depth < 3; depth += 1) {
    const tag = node.tagName.toLowerCase();
    if (tag === 'body' || tag === 'html') break;
    if (node.id) {
      parts.unshift(`${tag}#${cssIdent(node.id)}`);
      break;
    }
    const classes = Array.from(node.classList).filter((c) => SAFE_CLASS.test(c)).slice(0, 2);
    parts.unshift(classes.length ? `${tag}.${classes.join('.')}` : tag);
    node = node.parentElement;
  }
  return parts.join(' > ').slice(0, MAX_SELECTOR);
}

// Visible text of a clickable element; never the value of a field.
export function clickText(element) {
  const tag = element.tagName.toLowerCase();
  if (FIELD_TAGS.has(tag) || element.isContentEditable) return '';
  return (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

// The props of a click on `target`, or null when it is not to be captured.
export function describeClick(target) {
  if (!target || target.nodeType !== 1) target = target && target.parentElement;
  if (!target || target.closest('[data-assent-ignore]')) return null;
  const element = target.closest(CLICKABLE) || target;
  const props = { tag: element.tagName.toLowerCase(), selector: shortSelector(element) };
  const text = clickText(element);
  if (text) props.text = text;
  return props;
}

// track(name, props, page) hands an event to the core; returns stop().
export function startAutocapture(win, track) {
  const doc = win.document;
  const page = () => win.location.pathname;

  const pageview = () => track('$pageview', { title: doc.title.slice(0, MAX_TEXT) }, page());
  pageview();
  const onShow = (event) => {
    if (event.persisted) pageview(); // back from the back/forward cache
  };
  win.addEventListener('pageshow', onShow);

  const onClick = (event) => {
    const props = describeClick(event.target);
    if (props) track('$click', props, page());
  };
  doc.addEventListener('click', onClick, { capture: true, passive: true });
  return () => {
    doc.removeEventListener('click', onClick, { capture: true });
    win.removeEventListener('pageshow', onShow);
  };
}
