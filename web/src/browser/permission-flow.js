// Assent.request(capability): the core's pre-prompt first (why the site
// asks, C16), the browser's real request only after the person agreed. This
// file reads the browser, shows the pre-prompt, calls the browser's API and
// reports each thing that happened to the core (wantPermission,
// answerPermission), which decides what is recorded and what comes next
// (core/include/assent/core.hpp has the table); the flow follows `next`.
import { platformState, platformRequest } from '../platform/permissions.js';
import { now } from '../platform/clock.js';
import { PermissionAnswer, PermissionAsker, PermissionStep } from '../shell/wire-names.js';

// The pre-prompt's buttons and the browser's answers in the core's words;
// anything else (Escape, the dialog closed, the browser's own dialog closed:
// 'prompt') is no answer. Sorting what was said, not deciding what it means.
const PRE_PROMPT = new Map([
  ['allow', PermissionAnswer.Granted],
  ['deny', PermissionAnswer.Denied],
]);
const BROWSER = new Map([
  ['granted', PermissionAnswer.Granted],
  ['denied', PermissionAnswer.Denied],
]);
const answerIn = (words, said) => words.get(said) || PermissionAnswer.Dismissed;

// What Assent.request resolves to when the core's next step ends the request
// (a core that is not there answers refused).
const ENDED = new Map([
  [PermissionStep.Refused, 'denied'],
  [PermissionStep.Later, 'dismissed'],
  [PermissionStep.Settings, 'blocked'],
]);

// model(): the core's permission prompt model (or null: unknown capability);
// recorded(): after the core made a record (store it, send the receipt).
export async function requestPermission({ win, core, capability, options, model, view, recorded, emit }) {
  const words = model();
  if (!words) throw new Error(`Assent: unknown capability "${capability}"`);
  const platform = await platformState(win, capability);
  const outcome = (state, value) => (value === undefined ? { capability, state } : { capability, state, value });
  // Not a consent question: this browser cannot do it at all.
  if (platform === 'unsupported') return outcome('unavailable');

  // The core's answer to what happened: what it recorded, and the next step.
  const follow = (answer) => {
    if (answer.error) throw new Error(`Assent: ${answer.error}`);
    if (answer.recorded) {
      recorded();
      emit('permission', { capability, state: answer.state, method: answer.method });
    }
    return answer.next;
  };
  const answered = (asker, answer) =>
    follow(core.answerPermission(capability, asker, answer, platform, words.language, now()));
  const ended = (next) => outcome(ENDED.get(next) || 'denied');

  // The browser's own request, and its answer.
  const askBrowser = async () => {
    const answer = await platformRequest(win, capability, options);
    const next = answered(PermissionAsker.Platform, answerIn(BROWSER, answer.state));
    return next === PermissionStep.Use ? outcome('granted', answer.value) : ended(next);
  };

  // The browser's state, read: a refusal there may be one the ledger learns.
  const next = follow(core.wantPermission(capability, platform, words.language, now()));
  switch (next) {
    case PermissionStep.Use:
    case PermissionStep.Platform:
      return askBrowser();
    case PermissionStep.Settings:
      // A page cannot open the browser's settings: say where to change it.
      await view.showPermission(words, true);
      return ended(next);
    case PermissionStep.Ask: {
      const action = await view.showPermission(words, false);
      const then = answered(PermissionAsker.PrePrompt, answerIn(PRE_PROMPT, action));
      return then === PermissionStep.Platform ? askBrowser() : ended(then);
    }
    default:
      return ended(next); // refused, and not lapsed: not asked again
  }
}
