// Turns what happens in the mini-program into named events for the core:
//   App  onLaunch / onShow / onHide  -> $app_launch / $app_show / $app_hide {scene}
//   Page onShow                      -> $pageview
//   Page onHide / onUnload           -> $pageleave {durationMs}
//   a tap on a handler               -> $tap {handler, target}
// What a tap reports is small on purpose: the handler's name and the
// element's data-assent-track (or its id). Values typed into fields
// (event.detail) and launch queries are never read. An element marked
// data-assent-ignore is not captured.

/** @typedef {(name: string, props: Record<string, string | number | boolean> | undefined, page: string) => void} Track */

const MAX_TEXT = 64;
const LIFECYCLE = new Set([
  'onLoad', 'onShow', 'onReady', 'onHide', 'onUnload', 'onPullDownRefresh', 'onReachBottom', 'onShareAppMessage',
  'onShareTimeline', 'onAddToFavorites', 'onPageScroll', 'onResize', 'onTabItemTap', 'onSaveExitState',
  'onLaunch', 'onError', 'onPageNotFound', 'onUnhandledRejection', 'onThemeChange',
]);

/** @param {unknown} value */
const short = (value) => String(value).slice(0, MAX_TEXT);

/**
 * The props of a tap event, or null when it is not a tap or must not be captured.
 * @param {any} event @param {string} [handler]
 * @returns {Record<string, string> | null}
 */
export function describeTap(event, handler) {
  if (!event || typeof event !== 'object' || event.type !== 'tap') return null;
  const target = event.currentTarget || event.target || {};
  const dataset = target.dataset || {};
  if (dataset.assentIgnore !== undefined) return null;
  /** @type {Record<string, string>} */
  const props = {};
  if (handler) props.handler = short(handler);
  const name = dataset.assentTrack || target.id;
  if (name) props.target = short(name);
  return props;
}

/** The launch scene (1001: the chat list, …); never the launch query. @param {any} options @returns {number | undefined} */
function sceneOf(options) {
  return options && typeof options.scene === 'number' ? options.scene : undefined;
}

/**
 * Wraps App({...}) options; the app's own handlers run as before.
 * @template {Record<string, any>} T
 * @param {T} options @param {Track} track @param {() => void} onHide
 * @returns {T}
 */
export function wrapApp(options, track, onHide) {
  const own = /** @type {Record<string, any>} */ (options || {});
  /** @type {Record<string, any>} */
  const wrapped = Object.assign({}, own);
  /** @param {string} name @param {string} event @param {boolean} [hide] */
  const hook = (name, event, hide) => {
    /** @this {any} @param {any[]} args */
    wrapped[name] = function (...args) {
      const scene = sceneOf(args[0]);
      track(event, scene === undefined ? undefined : { scene }, (args[0] && typeof args[0].path === 'string' && args[0].path) || '');
      if (hide) onHide();
      return typeof own[name] === 'function' ? own[name].apply(this, args) : undefined;
    };
  };
  hook('onLaunch', '$app_launch');
  hook('onShow', '$app_show');
  hook('onHide', '$app_hide', true);
  return /** @type {T} */ (wrapped);
}

/**
 * Wraps every function of a method table so that a tap event passed to it is
 * captured before the handler runs.
 * @param {Record<string, any>} methods @param {Track} track @param {(self: any) => string} pageOf
 */
function wrapHandlers(methods, track, pageOf) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [name, value] of Object.entries(methods)) {
    if (typeof value !== 'function' || LIFECYCLE.has(name)) {
      out[name] = value;
      continue;
    }
    /** @this {any} @param {any[]} args */
    out[name] = function (...args) {
      const props = describeTap(args[0], name);
      if (props) track('$tap', props, pageOf(this));
      return value.apply(this, args);
    };
  }
  return out;
}

/** @param {any} self */
const routeOf = (self) => (self && typeof self.route === 'string' ? self.route : '');

/**
 * Wraps Page({...}) options: page views, dwell time and taps.
 * @template {Record<string, any>} T
 * @param {T} options @param {Track} track @param {() => number} now
 * @returns {T}
 */
export function wrapPage(options, track, now) {
  const own = /** @type {Record<string, any>} */ (options || {});
  const wrapped = wrapHandlers(own, track, routeOf);
  /** @type {WeakMap<object, number>} */
  const shownAt = new WeakMap();
  /** @this {any} @param {any[]} args */
  wrapped.onShow = function (...args) {
    shownAt.set(this, now());
    track('$pageview', undefined, routeOf(this));
    return typeof own.onShow === 'function' ? own.onShow.apply(this, args) : undefined;
  };
  /** @param {string} name */
  const leave = (name) => {
    /** @this {any} @param {any[]} args */
    wrapped[name] = function (...args) {
      const since = shownAt.get(this);
      if (since !== undefined) {
        shownAt.delete(this);
        track('$pageleave', { durationMs: Math.max(0, now() - since) }, routeOf(this));
      }
      return typeof own[name] === 'function' ? own[name].apply(this, args) : undefined;
    };
  };
  leave('onHide');
  leave('onUnload');
  return /** @type {T} */ (wrapped);
}

/**
 * Wraps Component({...}) options: taps on its methods, filed under the page
 * the component is on.
 * @template {Record<string, any>} T
 * @param {T} options @param {Track} track
 * @returns {T}
 */
export function wrapComponent(options, track) {
  const own = /** @type {Record<string, any>} */ (options || {});
  const pageOf = () => {
    try {
      const pages = getCurrentPages();
      return pages.length ? routeOf(pages[pages.length - 1]) : '';
    } catch (_) {
      return '';
    }
  };
  return /** @type {T} */ (Object.assign({}, own, { methods: wrapHandlers(own.methods || {}, track, pageOf) }));
}
