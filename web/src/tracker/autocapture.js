// Turns what happens on the page into named events for the core:
//   $pageview  on load, on single-page navigation (pushState, replaceState,
//              popstate, hashchange) and on a back/forward-cache restore:
//              the title, and on load the referrer;
//   $click     tag, a short selector, the visible text (at most 64
//              characters), the link's href and the element's data-*
//              attributes; never the value of a field;
//   $pageleave each time a page stops being seen (navigation, hidden,
//              unload): dwell_ms (visible time since it was shown) and
//              scroll_depth (deepest point reached, percent).
// It only collects. Which properties may leave and what is masked is the
// core's decision (tracker.properties, tracker.masking). Anything inside an
// element marked data-assent-ignore is not captured at all.

const CLICKABLE =
  'a,button,summary,label,select,textarea,input,[role="button"],[role="link"],[role="menuitem"],[role="tab"],[role="switch"],[role="checkbox"],[data-assent-track]';
const FIELD_TAGS = new Set(['input', 'select', 'textarea']);
// Elements whose text may hold what a person typed or picked.
const HOLDS_INPUT = 'input,textarea,select,[contenteditable]';
const MAX_TEXT = 64;
const MAX_SELECTOR = 128;
const MAX_DATA_ATTRIBUTES = 10;
const MAX_ATTRIBUTE_VALUE = 128;
const SCROLL_SAMPLE_MS = 100;
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

// Visible text of a clickable element, whitespace collapsed, at most 64
// characters; never the value of a field, nor text around one.
export function clickText(element) {
  const tag = element.tagName.toLowerCase();
  if (FIELD_TAGS.has(tag) || element.isContentEditable) return '';
  if (element.querySelector(HOLDS_INPUT)) return '';
  return (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

// The element's own data-* attributes (not Assent's own data-assent-*), by
// their attribute name: the config's allow-list names them the same way.
function dataAttributes(element, props) {
  let n = 0;
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name;
    if (!name.startsWith('data-') || name.startsWith('data-assent')) continue;
    props[name] = attribute.value.slice(0, MAX_ATTRIBUTE_VALUE);
    n += 1;
    if (n >= MAX_DATA_ATTRIBUTES) break;
  }
}

// The props of a click on `target`, or null when it is not to be captured.
export function describeClick(target) {
  if (!target || target.nodeType !== 1) target = target && target.parentElement;
  if (!target || target.closest('[data-assent-ignore]')) return null;
  const element = target.closest(CLICKABLE) || target;
  const tag = element.tagName.toLowerCase();
  const props = { tag, selector: shortSelector(element) };
  const text = clickText(element);
  if (text) props.text = text;
  if ((tag === 'a' || tag === 'area') && element.href) props.href = String(element.href);
  dataAttributes(element, props);
  return props;
}

// The page as the core is told it: path, query and fragment (the core strips
// the query parameters the config names and masks the rest).
export const pageOf = (location) => location.pathname + location.search + location.hash;
// What makes a new page view: another path or another fragment route. A
// query-only change (filters, sorting) is the same page.
const routeOf = (location) => location.pathname + location.hash;

// Deepest point of the page seen so far, in percent of its height.
function scrollDepth(win) {
  const doc = win.document;
  const root = doc.documentElement;
  const height = Math.max(root.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
  if (!height) return 100;
  const seen = (win.scrollY || root.scrollTop || 0) + win.innerHeight;
  return Math.max(0, Math.min(100, Math.round((seen / height) * 100)));
}

// emit(name, props, page) hands an event on; clock() is a monotonic ms
// reading (performance.now). Returns { leave() }, which ends the
// current visible stretch with a $pageleave (the shell calls it on pagehide
// before its last flush).
export function startAutocapture(win, emit, { clock = () => win.performance.now() } = {}) {
  const doc = win.document;
  const history = win.history;
  let page = pageOf(win.location);
  let route = routeOf(win.location);
  let shownAt = clock(); // start of the current visible stretch; null while not seen
  let deepest = 0;
  let sampleTimer = null;

  const sample = () => {
    sampleTimer = null;
    deepest = Math.max(deepest, scrollDepth(win));
  };
  const onScroll = () => {
    if (sampleTimer === null) sampleTimer = win.setTimeout(sample, SCROLL_SAMPLE_MS);
  };

  function pageview(first = false) {
    shownAt = clock();
    deepest = 0;
    const props = { title: (doc.title || '').slice(0, MAX_TEXT) };
    if (first && doc.referrer) props.referrer = doc.referrer;
    emit('$pageview', props, page);
  }

  function leave() {
    if (shownAt === null) return;
    sample();
    emit('$pageleave', { dwell_ms: Math.max(0, Math.round(clock() - shownAt)), scroll_depth: deepest }, page);
    shownAt = null;
  }

  function onNavigate() {
    const nextRoute = routeOf(win.location);
    const nextPage = pageOf(win.location);
    if (nextRoute === route) {
      page = nextPage; // the same page with another query: later events say so
      return;
    }
    leave();
    route = nextRoute;
    page = nextPage;
    pageview();
  }

  // Single-page navigation: wrap the two history methods, without changing
  // what they do or return.
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    if (typeof original !== 'function') continue;
    const wrapper = function (...args) {
      const result = original.apply(this, args);
      try {
        onNavigate();
      } catch (_) {
        // capture never breaks the site's navigation
      }
      return result;
    };
    history[method] = wrapper;
  }

  const onShow = (event) => {
    if (event.persisted) pageview(); // back from the back/forward cache
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') leave();
    else if (shownAt === null) {
      shownAt = clock(); // seen again: a new stretch of the same page view
      deepest = 0;
    }
  };
  const onClick = (event) => {
    const props = describeClick(event.target);
    if (props) emit('$click', props, page);
  };

  pageview(true);
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  win.addEventListener('pageshow', onShow);
  win.addEventListener('scroll', onScroll, { passive: true });
  doc.addEventListener('visibilitychange', onVisibility);
  doc.addEventListener('click', onClick, { capture: true, passive: true });

  return {
    leave,
  };
}
