// Platform permissions, each asked for through the core's pre-prompt (the
// reason first, C16) and recorded in the ledger with its time and expiry
// (core.decidePermission):
//   privacy       WeChat's privacy authorization: wx.onNeedPrivacyAuthorization,
//                 agreed only through <button open-type="agreePrivacyAuthorization">
//   scope.*       wx.getSetting / wx.authorize; a scope the platform has
//                 refused is never asked again silently: the person is sent
//                 to wx.openSetting
//   subscribeMessage[.alias]
//                 wx.requestSubscribeMessage, called inside the person's tap;
//                 each template's result is recorded
// The flows call platform APIs synchronously inside the tap that answers the
// pre-prompt, because openSetting and requestSubscribeMessage only work there.
import { now } from './platform/clock.js';
import { Decision, PermissionStep, PlatformState } from '../shell/wire-names.js';

/**
 * What wx.getSetting says about a scope, in the words the core's
 * permissionStep takes (false: refused on the platform, where wx.authorize
 * would fail without asking).
 * @param {boolean | undefined} platform
 * @returns {'granted' | 'denied' | 'prompt'}
 */
export function platformState(platform) {
  return platform === true ? PlatformState.Granted : platform === false ? PlatformState.Denied : PlatformState.Prompt;
}

/** A subscription template's own capability, e.g. subscribeMessage.offers. */
export const templateCapability = (/** @type {string} */ alias) => `subscribeMessage.${alias}`;

/**
 * @typedef {{
 *   capability: string,
 *   step: 'ask' | 'settings' | 'privacy' | 'subscribe',
 *   items?: { capability: string, title: string, body: string }[],
 *   answer: (action: string, detail?: { buttonId?: string }) => void,
 * }} PermissionRequest
 *
 * @typedef {(options: { event: string, buttonId?: string }) => void} PrivacyResolve
 */

/**
 * @param {{
 *   core: AssentCore.Core,
 *   model: (capability: string) => AssentCore.PromptModel | null,
 *   ask: (request: PermissionRequest) => void,
 *   done: () => void,
 *   decided: () => void,
 *   templates: Record<string, string>,
 * }} ports
 *   model: the core's pre-prompt for a capability (null when the config lacks it);
 *   ask: show a pre-prompt; done: take it away;
 *   decided: after each recorded decision (store it, send the receipt).
 */
export function createPermissionFlows({ core, model, ask, done, decided, templates }) {
  /**
   * @param {string} capability @param {'granted' | 'denied'} result @param {'platform' | 'custom'} method
   */
  function decide(capability, result, method) {
    // The language of the pre-prompt shown, so the record proves what was read.
    const shown = model(capability);
    const refused = core.decidePermission(capability, result, method, (shown && shown.language) || '', now());
    if (refused) console.error(`Assent: permission not recorded: ${refused.error}`);
    else decided();
  }

  // ---- scopes ---------------------------------------------------------------

  /** @returns {Promise<Record<string, boolean>>} */
  function platformSettings() {
    return new Promise((resolve) => {
      wx.getSetting({
        success: (result) => resolve(/** @type {Record<string, boolean>} */ (result.authSetting || {})),
        fail: () => resolve({}),
      });
    });
  }

  /**
   * Asks for a scope such as scope.userLocation. Resolves "granted" only when
   * both the ledger and the platform say so.
   * @param {string} scope
   * @returns {Promise<'granted' | 'denied'>}
   */
  function requestScope(scope) {
    if (!model(scope)) {
      console.error(`Assent: "${scope}" is not among the config's permissions`);
      return Promise.resolve('denied');
    }
    return platformSettings().then((settings) => {
      const platform = settings[scope];
      // Turned off in the settings since it was granted: the ledger learns it.
      if (platform === false && core.permissionState(scope, now()) === Decision.Granted) decide(scope, 'denied', 'platform');
      // The core decides: pre-prompt, straight to the platform, or settings.
      const next = core.permissionStep(scope, platformState(platform), now());
      if (next === PermissionStep.Use) return 'granted';
      if (next === PermissionStep.Refused) return 'denied';
      if (next === PermissionStep.Platform) return new Promise((resolve) => authorize(scope, resolve));
      const step = next === PermissionStep.Settings ? 'settings' : 'ask';
      return new Promise((resolve) => {
        ask({
          capability: scope,
          step,
          answer(action) {
            done();
            if (action !== 'allow') {
              decide(scope, 'denied', 'custom');
              resolve('denied');
            } else if (step === 'settings') {
              openSettings(scope, resolve);
            } else {
              authorize(scope, resolve);
            }
          },
        });
      });
    });
  }

  /** @param {string} scope @param {(result: 'granted' | 'denied') => void} resolve */
  function authorize(scope, resolve) {
    wx.authorize({
      scope: /** @type {any} */ (scope),
      success: () => {
        decide(scope, 'granted', 'platform');
        resolve('granted');
      },
      fail: (error) => {
        // Refused because the privacy guidelines were declined: that refusal
        // is recorded under "privacy", not as the person's answer on the scope.
        if (!/privacy/i.test((error && error.errMsg) || '')) decide(scope, 'denied', 'platform');
        resolve('denied');
      },
    });
  }

  /** @param {string} scope @param {(result: 'granted' | 'denied') => void} resolve */
  function openSettings(scope, resolve) {
    wx.openSetting({
      success: (result) => {
        const on = /** @type {Record<string, boolean>} */ (result.authSetting || {})[scope] === true;
        decide(scope, on ? 'granted' : 'denied', 'platform');
        resolve(on ? 'granted' : 'denied');
      },
      fail: () => resolve('denied'),
    });
  }

  // ---- marketing messages -----------------------------------------------------

  /**
   * Asks for one-time subscription messages. Call it from a tap handler: the
   * platform dialog opens only inside a tap. aliases name templates given to
   * init({ subscribeTemplates }); a template's result is recorded under
   * subscribeMessage.<alias> when the config declares it, and the overall
   * answer under subscribeMessage.
   * @param {string[]} aliases
   * @returns {Promise<Record<string, string>>} alias -> accept | reject | ban | filter | (missing)
   */
  function requestSubscribe(aliases) {
    const unknown = aliases.filter((alias) => !templates[alias]);
    if (unknown.length || !aliases.length) {
      console.error(`Assent: no subscription template for ${unknown.join(', ') || '(none)'}`);
      return Promise.resolve({});
    }
    if (!model('subscribeMessage')) {
      console.error('Assent: "subscribeMessage" is not among the config\'s permissions');
      return Promise.resolve({});
    }
    return new Promise((resolve) => {
      // The core decides: a refusal still in force is not asked again.
      const next = core.permissionStep('subscribeMessage', PlatformState.Prompt, now());
      if (next === PermissionStep.Refused) {
        resolve({});
        return;
      }
      if (next === PermissionStep.Use || next === PermissionStep.Platform) {
        subscribe(aliases, resolve); // still inside the caller's tap
        return;
      }
      const items = [];
      for (const alias of aliases) {
        const own = model(templateCapability(alias));
        if (own) items.push({ capability: templateCapability(alias), title: own.title, body: own.body });
      }
      ask({
        capability: 'subscribeMessage',
        step: 'subscribe',
        items,
        answer(action) {
          done();
          if (action !== 'allow') {
            decide('subscribeMessage', 'denied', 'custom');
            resolve({});
            return;
          }
          subscribe(aliases, resolve); // inside the tap on "allow"
        },
      });
    });
  }

  /** @param {string[]} aliases @param {(results: Record<string, string>) => void} resolve */
  function subscribe(aliases, resolve) {
    const ids = aliases.map((alias) => templates[alias]);
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (result) => {
        /** @type {Record<string, string>} */
        const results = {};
        let anyAccepted = false;
        aliases.forEach((alias, i) => {
          const answer = /** @type {Record<string, string>} */ (/** @type {unknown} */ (result))[ids[i]] || '';
          results[alias] = answer;
          anyAccepted = anyAccepted || answer === 'accept';
          // 'ban' and 'filter' are the platform's own refusals: not granted.
          if (answer && model(templateCapability(alias))) {
            decide(templateCapability(alias), answer === 'accept' ? 'granted' : 'denied', 'platform');
          }
        });
        decide('subscribeMessage', anyAccepted ? 'granted' : 'denied', 'platform');
        resolve(results);
      },
      fail: (error) => {
        // 20004: the person turned messages off for this mini-program.
        if (error && /** @type {{ errCode?: number }} */ (error).errCode === 20004) {
          decide('subscribeMessage', 'denied', 'platform');
        } else {
          console.warn(`Assent: requestSubscribeMessage failed (${error && error.errMsg})`);
        }
        resolve({});
      },
    });
  }

  // ---- privacy authorization ----------------------------------------------------

  /** @type {PrivacyResolve[]} */
  let pending = [];
  let showing = false;

  function showPrivacy() {
    if (showing) return;
    showing = true;
    ask({
      capability: 'privacy',
      step: 'privacy',
      // allow comes from the agreePrivacyAuthorization button's own event,
      // with that button's id: the platform checks it was really tapped.
      answer(action, detail) {
        showing = false;
        done();
        const waiting = pending;
        pending = [];
        if (action === 'allow' && detail && detail.buttonId) {
          for (const resolve of waiting) resolve({ event: 'agree', buttonId: detail.buttonId });
          decide('privacy', 'granted', 'platform');
        } else {
          for (const resolve of waiting) resolve({ event: 'disagree' });
          decide('privacy', 'denied', 'custom');
        }
      },
    });
  }

  // Registered only when the config declares "privacy": otherwise WeChat's
  // own privacy pop-up applies, untouched.
  function watchPrivacy() {
    if (!model('privacy') || typeof wx.onNeedPrivacyAuthorization !== 'function') return;
    const listen = /** @type {(listener: (resolve: PrivacyResolve) => void) => void} */ (
      /** @type {unknown} */ (wx.onNeedPrivacyAuthorization)
    );
    listen((resolve) => {
      // A refusal the core still holds is answered at once, nothing shown.
      if (core.permissionStep('privacy', PlatformState.Prompt, now()) === PermissionStep.Refused) {
        resolve({ event: 'disagree' });
        return;
      }
      pending.push(resolve);
      try {
        resolve({ event: 'exposureAuthorization' });
      } catch (_) {
        // older base libraries do not know the exposure event
      }
      showPrivacy();
    });
  }

  /**
   * What WeChat says: are the privacy guidelines still to be agreed?
   * undefined on base libraries without wx.getPrivacySetting.
   * @returns {Promise<boolean | undefined>}
   */
  function privacyNeeded() {
    return new Promise((resolve) => {
      if (typeof wx.getPrivacySetting !== 'function') {
        resolve(undefined);
        return;
      }
      wx.getPrivacySetting({
        success: (result) => resolve(Boolean(result.needAuthorization)),
        fail: () => resolve(undefined),
      });
    });
  }

  /**
   * Makes sure the privacy guidelines are agreed before a privacy API is used:
   * when WeChat says they are not, wx.requirePrivacyAuthorize brings up the
   * pre-prompt (through wx.onNeedPrivacyAuthorization above).
   * @returns {Promise<boolean>}
   */
  function requirePrivacy() {
    return privacyNeeded().then(
      (needed) =>
        new Promise((resolve) => {
          if (needed === false || typeof wx.requirePrivacyAuthorize !== 'function') {
            resolve(needed !== true);
            return;
          }
          wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
        }),
    );
  }

  return { requestScope, requestSubscribe, requirePrivacy, watchPrivacy };
}
