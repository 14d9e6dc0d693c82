// Platform permissions, each asked for through the core's pre-prompt (the
// reason first, C16) and recorded in the ledger with its time and expiry:
//   privacy       WeChat's privacy authorization: wx.onNeedPrivacyAuthorization,
//                 agreed only through <button open-type="agreePrivacyAuthorization">
//   scope.*       wx.getSetting / wx.authorize; a scope the platform has
//                 refused is never asked again silently: the person is sent
//                 to wx.openSetting
//   subscribeMessage[.alias]
//                 wx.requestSubscribeMessage, called inside the person's tap;
//                 each template's result is recorded
// These flows read the platform, show the pre-prompt, call the platform's
// API and report each thing that happened to the core (wantPermission,
// answerPermission); the core decides what is recorded and what comes next
// (core/include/assent/core.hpp has the table), and the flows follow `next`.
// What they do decide is only how to read the platform's callbacks: which
// are the person's answer (granted, denied) and which are none (dismissed).
// The flows call platform APIs synchronously inside the tap that answers the
// pre-prompt, because openSetting and requestSubscribeMessage only work there.
import { now } from './platform/clock.js';
import { PermissionAnswer, PermissionAsker, PermissionStep, PlatformState } from '../shell/wire-names.js';
import { prePromptAnswer } from '../shell/names.js';

/** @typedef {'granted' | 'denied' | 'dismissed' | 'failed' | 'unavailable'} Answer */
/** @typedef {AssentCore.PlatformState} Platform */

/**
 * What wx.getSetting says about a scope, in the core's words (false: refused
 * on the platform, where wx.authorize would fail without asking).
 * @param {boolean | undefined} platform
 * @returns {'granted' | 'denied' | 'prompt'}
 */
export function platformState(platform) {
  return platform === true ? PlatformState.Granted : platform === false ? PlatformState.Denied : PlatformState.Prompt;
}

/** @typedef {'granted' | 'denied' | 'dismissed' | 'unavailable'} ScopeResult */

/** A subscription template's own capability, e.g. subscribeMessage.offers. */
export const templateCapability = (/** @type {string} */ alias) => `subscribeMessage.${alias}`;


/**
 * wx.authorize's failure: "auth deny" (or "auth denied") is the scope
 * refused; refused because the privacy guidelines were declined is not the
 * person's answer on the scope (that refusal is the privacy flow's), nor is
 * a cancel; any other failure (a timeout, a system error) is a request that
 * failed without an answer, offered again.
 * @param {{ errMsg?: string } | undefined} error @returns {Answer}
 */
function authorizeFailure(error) {
  const message = (error && error.errMsg) || '';
  if (/auth den/i.test(message)) return PermissionAnswer.Denied;
  if (/privacy|cancel/i.test(message)) return PermissionAnswer.Dismissed;
  return PermissionAnswer.Failed;
}

/**
 * A subscription template's result: accept, or the person's or the
 * platform's refusal (reject, ban, filter); nothing is no answer.
 * @param {string} result @returns {Answer}
 */
const templateAnswer = (result) =>
  result === 'accept' ? PermissionAnswer.Granted : result ? PermissionAnswer.Denied : PermissionAnswer.Dismissed;

/**
 * @typedef {{
 *   capability: string,
 *   step: 'ask' | 'settings' | 'failed' | 'privacy' | 'subscribe',
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
   * The core's answer to what happened: stores what it recorded, and gives
   * the next step (refused when it could not take the report).
   * @param {AssentCore.PermissionOutcome | AssentCore.WireError} outcome
   * @returns {AssentCore.Step}
   */
  function follow(outcome) {
    if ('error' in outcome) {
      console.error(`Assent: permission not recorded: ${outcome.error}`);
      return PermissionStep.Refused;
    }
    if (outcome.recorded) decided();
    return outcome.next;
  }

  // The language of the pre-prompt shown (or to be shown), so that a record
  // proves which words were read.
  const language = (/** @type {string} */ capability) => {
    const shown = model(capability);
    return (shown && shown.language) || '';
  };

  /**
   * The platform's state, read before anyone is asked.
   * @param {string} capability @param {Platform} platform
   */
  const wanted = (capability, platform) =>
    follow(core.wantPermission(capability, platform, language(capability), now()));

  /**
   * An answer to the pre-prompt or to the platform's own dialog.
   * @param {string} capability @param {'pre_prompt' | 'platform'} asker @param {Answer} answer
   * @param {Platform} platform the platform's state as read before asking
   */
  const answered = (capability, asker, answer, platform) =>
    follow(core.answerPermission(capability, asker, answer, platform, language(capability), now()));

  /**
   * What requestScope resolves to: granted only when the core says use it.
   * @param {AssentCore.Step} next @returns {ScopeResult}
   */
  const scopeResult = (next) =>
    next === PermissionStep.Use
      ? 'granted'
      : next === PermissionStep.Later
        ? 'dismissed'
        : next === PermissionStep.Unavailable
          ? 'unavailable'
          : 'denied';

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
   * both the ledger and the platform say so; "dismissed" after "not now"
   * (nothing recorded), "unavailable" where WeChat cannot authorize scopes.
   * @param {string} scope
   * @returns {Promise<ScopeResult>}
   */
  function requestScope(scope) {
    if (!model(scope)) {
      console.error(`Assent: "${scope}" is not among the config's permissions`);
      return Promise.resolve('denied');
    }
    return platformSettings().then((settings) => {
      const platform = typeof wx.authorize === 'function' ? platformState(settings[scope]) : PlatformState.Unavailable;
      // The core decides: pre-prompt, straight to the platform, or settings
      // (and whether a refusal in the settings is news to the ledger).
      const next = wanted(scope, platform);
      switch (next) {
        case PermissionStep.Platform:
          return new Promise((resolve) => authorize(scope, platform, resolve));
        case PermissionStep.Ask:
        case PermissionStep.Settings:
          return new Promise((resolve) => {
            ask({
              capability: scope,
              step: next === PermissionStep.Settings ? 'settings' : 'ask',
              answer(action) {
                done();
                afterPrePrompt(scope, platform, action, resolve);
              },
            });
          });
        default:
          return scopeResult(next);
      }
    });
  }

  /**
   * A button of a scope's pre-prompt, told to the core, and the step it
   * says comes next, taken inside the tap: wx.openSetting and wx.authorize
   * work only there.
   * @param {string} scope @param {Platform} platform @param {string} action
   * @param {(result: ScopeResult) => void} resolve
   */
  function afterPrePrompt(scope, platform, action, resolve) {
    const then = answered(scope, PermissionAsker.PrePrompt, prePromptAnswer(action), platform);
    if (then === PermissionStep.Settings) openSettings(scope, platform, resolve);
    else if (then === PermissionStep.Platform) authorize(scope, platform, resolve);
    else resolve(scopeResult(then));
  }

  /**
   * @param {string} scope @param {Platform} platform
   * @param {(result: ScopeResult) => void} resolve
   */
  function authorize(scope, platform, resolve) {
    const reply = (/** @type {Answer} */ answer) => {
      const next = answered(scope, PermissionAsker.Platform, answer, platform);
      if (next !== PermissionStep.Retry) return resolve(scopeResult(next));
      // Failed without an answer: the core's failed view ("try again", "not now").
      ask({
        capability: scope,
        step: 'failed',
        answer(action) {
          done();
          afterPrePrompt(scope, platform, action, resolve);
        },
      });
    };
    wx.authorize({
      scope: /** @type {any} */ (scope),
      success: () => reply(PermissionAnswer.Granted),
      fail: (error) => reply(authorizeFailure(error)),
    });
  }

  /**
   * @param {string} scope @param {Platform} platform
   * @param {(result: ScopeResult) => void} resolve
   */
  function openSettings(scope, platform, resolve) {
    const reply = (/** @type {Answer} */ answer) =>
      resolve(scopeResult(answered(scope, PermissionAsker.Platform, answer, platform)));
    wx.openSetting({
      // What the person left the switch at, in the settings page.
      success: (settings) => {
        const on = /** @type {Record<string, boolean>} */ (settings.authSetting || {})[scope] === true;
        reply(on ? PermissionAnswer.Granted : PermissionAnswer.Denied);
      },
      fail: () => reply(PermissionAnswer.Dismissed),
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
      // The core decides: a refusal still in force is not asked again. WeChat
      // has no state of subscriptions to read before asking.
      switch (wanted('subscribeMessage', PlatformState.Unknown)) {
        case PermissionStep.Use:
        case PermissionStep.Platform:
          subscribe(aliases, resolve); // still inside the caller's tap
          return;
        case PermissionStep.Ask:
          break;
        default:
          resolve({});
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
          const answer = prePromptAnswer(action);
          const then = answered('subscribeMessage', PermissionAsker.PrePrompt, answer, PlatformState.Unknown);
          if (then === PermissionStep.Platform) subscribe(aliases, resolve); // inside the tap on "allow"
          else resolve({});
        },
      });
    });
  }

  /** @param {string[]} aliases @param {(results: Record<string, string>) => void} resolve */
  function subscribe(aliases, resolve) {
    const ids = aliases.map((alias) => templates[alias]);
    /** @param {string} capability @param {Answer} answer */
    const reply = (capability, answer) => answered(capability, PermissionAsker.Platform, answer, PlatformState.Unknown);
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (result) => {
        /** @type {Record<string, string>} */
        const results = {};
        aliases.forEach((alias, i) => {
          results[alias] = /** @type {Record<string, string>} */ (/** @type {unknown} */ (result))[ids[i]] || '';
          // A template's own answer, where the config asks about that template.
          if (model(templateCapability(alias))) reply(templateCapability(alias), templateAnswer(results[alias]));
        });
        // The request as a whole: accepted if any template was, refused if
        // any was answered at all, else no answer.
        const answers = aliases.map((alias) => templateAnswer(results[alias]));
        const overall = answers.includes(PermissionAnswer.Granted)
          ? PermissionAnswer.Granted
          : answers.includes(PermissionAnswer.Denied)
            ? PermissionAnswer.Denied
            : PermissionAnswer.Dismissed;
        reply('subscribeMessage', overall);
        resolve(results);
      },
      fail: (error) => {
        // 20004: the person turned messages off for this mini-program; any
        // other failure is no answer.
        const off = Boolean(error && /** @type {{ errCode?: number }} */ (error).errCode === 20004);
        if (!off) console.warn(`Assent: requestSubscribeMessage failed (${error && error.errMsg})`);
        reply('subscribeMessage', off ? PermissionAnswer.Denied : PermissionAnswer.Dismissed);
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
        // Agreeing is a tap on WeChat's own button (it comes with that
        // button's id): the platform's answer. Any other is the pre-prompt's.
        const buttonId = (action === 'allow' && detail && detail.buttonId) || '';
        const next = buttonId
          ? answered('privacy', PermissionAsker.Platform, PermissionAnswer.Granted, PlatformState.Prompt)
          : answered('privacy', PermissionAsker.PrePrompt, prePromptAnswer(action), PlatformState.Prompt);
        // WeChat is told what the core's next step says.
        const told = next === PermissionStep.Use ? { event: 'agree', buttonId } : { event: 'disagree' };
        for (const resolve of waiting) resolve(told);
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
      // WeChat asks: its guidelines are not agreed. A refusal the core still
      // holds is answered at once, nothing shown; otherwise the pre-prompt
      // carries WeChat's own agree button, the only way to agree.
      if (wanted('privacy', PlatformState.Prompt) === PermissionStep.Refused) {
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
