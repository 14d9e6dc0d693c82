// Entry of the mini-program build (build/miniprogram/assent.js, CommonJS):
//
//   // app.js
//   const assent = require('./assent/assent.js');
//   assent.init({ config: require('./assent/config.js'), wasmPath: '/assent/assent.wasm.br' });
//   App(assent.app({ onLaunch() { … } }));
//   // a page
//   Page(assent.page({ onBuy(e) { … } }));          // page views, dwell, taps
//   // its .json: "usingComponents": { "assent-consent": "/assent/assent-consent/index" }
//   // its .wxml: <assent-consent />
//
// One Assent per mini-program (module state). ready() always resolves, never
// rejects: { ok: true } or { ok: false, error }. When the config or the core
// cannot be loaded, exactly one console.error names the problem, no prompt is
// shown and nothing is tracked or stored.
import { loadCoreModule, guardCore } from './core-loader.js';
import { createSession } from './session.js';
import { randomSeedHex } from './platform/random.js';
import { preferredLanguages } from './platform/locale.js';
import { now } from './platform/clock.js';
import { describeTap, wrapApp, wrapComponent, wrapPage } from './capture.js';
import { createEmbedGate } from '../shell/embed-gate.js';

export const version = '0.1.0';
export const DEFAULT_WASM_PATH = '/assent/assent.wasm.br';
const PENDING_TRACK_LIMIT = 100;

/**
 * @typedef {{
 *   config: string | import('../../types/assent-config').AssentConfig,
 *   wasmPath?: string,
 *   subscribeTemplates?: Record<string, string>,
 * }} InitOptions
 *   config: the Assent config (JSON text, or an object typed by the config's
 *   schema, web/schema/assent.config.schema.json); wasmPath: the core inside
 *   the package; subscribeTemplates: alias -> subscription template id.
 * @typedef {import('./session.js').View} View
 * @typedef {ReturnType<typeof createSession>} Session
 */

/** @type {Session | null} */
let session = null;
let failure = '';
/** @type {Promise<{ ok: boolean, error?: string }> | null} */
let readiness = null;
/** @type {[string, unknown, string, number][]} */
const pendingTracks = [];
/** @type {Record<string, Set<(detail: any) => void>>} */
const listeners = { change: new Set() };
/** @type {Set<(view: View | null) => void>} */
const viewers = new Set();
/** @type {View | null} */
let lastView = null;

/** @param {string} type @param {unknown} detail */
function emit(type, detail) {
  for (const fn of Array.from(listeners[type] || [])) {
    try {
      fn(detail);
    } catch (error) {
      console.error(`Assent: a "${type}" listener threw`, error);
    }
  }
}

/** @param {View | null} view */
function showView(view) {
  lastView = view;
  for (const fn of Array.from(viewers)) {
    try {
      fn(view);
    } catch (error) {
      console.error('Assent: the consent component failed to render', error);
    }
  }
}

/** @param {InitOptions} options @returns {Promise<Session>} */
async function boot(options) {
  if (!options || options.config === undefined || options.config === null || options.config === '') {
    throw new Error('init() needs { config }');
  }
  const configText = typeof options.config === 'string' ? options.config : JSON.stringify(options.config);
  const wasmPath = options.wasmPath || DEFAULT_WASM_PATH;
  let mod;
  try {
    mod = await loadCoreModule(wasmPath);
  } catch (error) {
    throw new Error(`core ${wasmPath}: ${error instanceof Error ? error.message : error}`);
  }
  const bound = new mod.Core(configText, await randomSeedHex());
  let faulted = false;
  const core = guardCore(bound, (error) => {
    if (faulted) return;
    faulted = true;
    console.error(`Assent: the core stopped (${error instanceof Error ? error.message : error}); treating everything as no consent`);
  });
  const problems = core.error();
  if (problems) {
    bound.delete();
    throw new Error(`config: ${problems.error.split('\n').filter(Boolean).join('; ')}`);
  }
  for (const warning of core.warnings()) console.warn(`Assent: config: ${warning}`);
  // The device key's secret is drawn now: the platform's random source is
  // asynchronous, and the first receipt needs it at once. After an erasure
  // the next one is drawn.
  let secret = await randomSeedHex(16);
  const newSecret = () => {
    const drawn = secret;
    randomSeedHex(16).then((next) => {
      secret = next;
    });
    return drawn;
  };
  return createSession({
    core,
    languages: preferredLanguages(),
    emit,
    onView: showView,
    templates: Object.assign({}, options.subscribeTemplates || {}),
    newSecret,
  });
}

/**
 * Loads the config and the core, restores the stored record and shows the
 * banner when the core says so. Call once, from app.js, before App().
 * @param {InitOptions} options
 */
export function init(options) {
  if (readiness) {
    console.warn('Assent: init() was called more than once; the first call counts');
    return readiness;
  }
  readiness = boot(options)
    .then((started) => {
      session = started;
      session.start();
      for (const [name, props, page, ts] of pendingTracks.splice(0)) session.track(name, props, page, ts);
      return { ok: true };
    })
    // Also catches a throw from start() or a replayed track: ready() always resolves.
    .catch((error) => {
      failure = (error && error.message) || String(error);
      pendingTracks.length = 0;
      console.error(`Assent: ${failure}`);
      return { ok: false, error: failure };
    });
  return readiness;
}

/** Resolves once init() has finished: { ok: true } or { ok: false, error }. */
export function ready() {
  return readiness || Promise.resolve({ ok: false, error: 'init() was not called' });
}

function currentRoute() {
  try {
    const pages = getCurrentPages();
    const top = pages.length ? pages[pages.length - 1] : null;
    return top && typeof top.route === 'string' ? top.route : '';
  } catch (_) {
    return '';
  }
}

/**
 * Hands an event to the core. Returns what it did: forwarded | held | refused
 * | unknown_event | bad_props; "pending" before the core is loaded (replayed
 * then), "unavailable" when it could not be.
 * @param {string} name @param {Record<string, string | number | boolean>} [props] @param {string} [page]
 */
export function track(name, props, page) {
  const where = page === undefined ? currentRoute() : page;
  if (session) return session.track(name, props, where, now());
  if (failure) return 'unavailable';
  if (pendingTracks.length < PENDING_TRACK_LIMIT) pendingTracks.push([name, props, where, now()]);
  return 'pending';
}

/**
 * Records a tap from a WXML handler: bindtap="onBuy", then in onBuy(e)
 * assent.tap(e). Not needed in handlers of a page wrapped by page().
 * @param {any} event @param {string} [handler]
 */
export function tap(event, handler) {
  const props = describeTap(event, handler);
  return props ? track('$tap', props) : 'ignored';
}

/** @template {Record<string, any>} T @param {T} options @returns {T} */
export function app(options) {
  return wrapApp(options, track, () => {
    if (session) session.hidden();
  });
}

/** @template {Record<string, any>} T @param {T} options @returns {T} */
export function page(options) {
  return wrapPage(options, track, now);
}

/** @template {Record<string, any>} T @param {T} options @returns {T} */
export function component(options) {
  return wrapComponent(options, track);
}

/** @param {string} purpose */
export const accepted = (purpose) => (session ? session.accepted(purpose) : false);
/** The ledger's answer for a permission: unset | granted | denied. @param {string} capability */
export const permission = (capability) => (session ? session.permission(capability) : 'unset');
export const record = () => (session ? session.record() : null);
// Everything recorded about this consent id (C13).
export const exportRecords = () => (session ? session.exportRecords() : null);

/** @param {string} action @param {Record<string, boolean> | null} choices */
function decideViaApi(action, choices) {
  return ready().then(() => {
    if (!session) throw new Error(`Assent is not available: ${failure}`);
    const error = session.decide(action, choices, 'api', session.language());
    if (error) throw new Error(`Assent: ${error}`);
    return session.record();
  });
}

export const acceptAll = () => decideViaApi('accept_all', null);
export const rejectAll = () => decideViaApi('reject_all', null);
/** @param {Record<string, boolean>} choices */
export const set = (choices) => decideViaApi('api', choices || {});

/** Withdraws one purpose, or every one (and every permission) without one (C05). @param {string} [purpose] */
export function withdraw(purpose) {
  return ready().then(() => {
    if (!session) throw new Error(`Assent is not available: ${failure}`);
    const error = session.withdraw(purpose || '', 'api');
    if (error) throw new Error(`Assent: ${error}`);
    return session.record();
  });
}

/** Forgets every record and deletes the services' storage keys (C14). */
export const erase = () => ready().then(() => (session ? session.erase() : undefined));

/**
 * Everything kept about this consent id (C13): the device's records and the
 * collector's receipts and events, which the collector shows only this
 * device (its secret) or an operator.
 */
export function exportMyData() {
  return ready().then(() => {
    if (!session) throw new Error(`Assent is not available: ${failure}`);
    return session.exportMine();
  });
}

/** The collector erases what it keeps, then the device forgets everything (C14). */
export function eraseMyData() {
  return ready().then(() => {
    if (!session) throw new Error(`Assent is not available: ${failure}`);
    return session.eraseMine();
  });
}
export const showBanner = () => ready().then(() => (session ? session.showBanner() : undefined));
export const showPreferences = () => ready().then(() => (session ? session.showPreferences() : undefined));

/**
 * Asks for a scope (scope.userLocation, …) through the pre-prompt; resolves
 * "granted" only when the ledger and the platform both say so, "dismissed"
 * after "not now" (nothing recorded), "unavailable" where WeChat cannot
 * authorize scopes.
 * @param {string} scope @returns {Promise<'granted' | 'denied' | 'dismissed' | 'unavailable'>}
 */
export function requestScope(scope) {
  return ready().then(() => (session ? session.requestScope(String(scope)) : 'denied'));
}

/**
 * Asks for subscription messages; call it inside a tap handler (the platform
 * dialog opens only there). Synchronous up to the platform call when the core
 * is loaded.
 * @param {string[]} aliases @returns {Promise<Record<string, string>>}
 */
export function requestSubscribe(aliases) {
  if (!session) {
    console.warn('Assent: requestSubscribe() before the core is ready: nothing asked');
    return Promise.resolve({});
  }
  return session.requestSubscribe(aliases);
}

/** Makes sure WeChat's privacy guidelines are agreed (through the pre-prompt) before a privacy API. */
export function requirePrivacy() {
  return ready().then(() => (session ? session.requirePrivacy() : false));
}

/** @param {string} type @param {(detail: any) => void} fn */
export function on(type, fn) {
  if (!listeners[type]) throw new Error(`Assent: unknown event "${type}"`);
  listeners[type].add(fn);
  return () => listeners[type].delete(fn);
}

/** @param {string} type @param {(detail: any) => void} fn */
export function off(type, fn) {
  if (listeners[type]) listeners[type].delete(fn);
}

// ---- for the consent component (assent-consent) ----------------------------

/** Calls fn with what to show now and after every change; returns stop(). @param {(view: View | null) => void} fn */
export function watchPrompt(fn) {
  viewers.add(fn);
  fn(lastView);
  return () => {
    viewers.delete(fn);
  };
}

/**
 * A choice made on the banner or the preferences. Returns "" or the core's reason.
 * @param {string} action @param {Record<string, boolean> | null} choices @param {string} surface @param {string} language
 */
export function choose(action, choices, surface, language) {
  if (!session) return 'Assent is not ready';
  const error = session.decide(action, choices, surface, language);
  if (error) console.error(`Assent: choice not recorded: ${error}`);
  return error;
}

/** The answer to a permission pre-prompt, inside the tap. @param {string} action @param {{ buttonId?: string }} [detail] */
export function answerPermission(action, detail) {
  if (session) session.answerPermission(action, detail);
}

export function closePreferences() {
  if (session) session.closePreferences();
}

// ---- for the placeholder component (assent-placeholder) --------------------

/** The core's placeholder model for an embed of this purpose, or null. @param {string} purpose */
export const placeholderModel = (purpose) => (session ? session.placeholderModel(purpose) : null);

/**
 * One embed's gate (shell/embed-gate.js): whether it may show, and the
 * placeholder's answers through the core.
 * @param {string} purpose
 */
export function embedGate(purpose) {
  return createEmbedGate({
    purpose: String(purpose),
    accepted,
    answer: (p, action, language) => (session ? session.answerPlaceholder(p, action, language) : 'none'),
  });
}
