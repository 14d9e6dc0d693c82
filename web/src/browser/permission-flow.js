// Assent.request(capability): the core's pre-prompt first (why the site
// asks, C16), the browser's real request only after the person agreed. This
// file reads the browser, shows the pre-prompt, calls the browser's API and
// reports each thing that happened to the core (wantPermission,
// answerPermission), which decides what is recorded and what comes next
// (core/include/assent/core.hpp has the table); the flow follows `next`.
import { platformState, platformRequest } from '../platform/permissions.js';
import { now } from '../platform/clock.js';
import { PermissionAnswer, PermissionAsker, PermissionStep, PlatformState } from '../shell/wire-names.js';
import { prePromptAnswer } from '../shell/names.js';

// The browser's answers in the core's words; anything else (its own dialog
// closed: 'prompt') is no answer. The pre-prompt's buttons: prePromptAnswer.
const BROWSER = new Map([
  ['granted', PermissionAnswer.Granted],
  ['denied', PermissionAnswer.Denied],
  ['failed', PermissionAnswer.Failed],
  ['unavailable', PermissionAnswer.Unavailable],
]);
const answerIn = (words, said) => words.get(said) || PermissionAnswer.Dismissed;

// The view of the core's model (prompt.hpp) shown for each step that asks:
// a page cannot open the browser's settings, so Settings is the blocked note.
const VIEWS = new Map([
  [PermissionStep.Ask, 'ask'],
  [PermissionStep.Settings, 'blocked'],
  [PermissionStep.Retry, 'failed'],
]);

// What Assent.request resolves to when the core's next step ends the request
// (a core that is not there answers refused).
const ENDED = new Map([
  [PermissionStep.Refused, 'denied'],
  [PermissionStep.Later, 'dismissed'],
  [PermissionStep.Unavailable, 'unavailable'],
]);

// The browser's state in the core's words ('' is unknown).
const platformWord = (state) => (state === 'unsupported' ? PlatformState.Unavailable : state);

// model(): the core's permission prompt model (or null: unknown capability);
// recorded(): after the core made a record (store it, send the receipt).
export async function requestPermission({ win, core, capability, options, model, view, recorded, emit }) {
  const words = model();
  if (!words) throw new Error(`Assent: unknown capability "${capability}"`);
  const read = async () => platformWord(await platformState(win, capability));
  let platform = await read();
  const outcome = (state, value) => (value === undefined ? { capability, state } : { capability, state, value });

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

  // The core's steps, followed until one ends the request. Each step that
  // asks shows its view, and whichever button was pressed goes back to the
  // core as an answer of the pre-prompt; the core says what comes next.
  let next = follow(core.wantPermission(capability, platform, words.language, now()));
  let shown = '';
  for (;;) {
    switch (next) {
      case PermissionStep.Use:
      case PermissionStep.Platform: {
        // The browser's own request, and its answer.
        shown = '';
        const answer = await platformRequest(win, capability, options);
        next = answered(PermissionAsker.Platform, answerIn(BROWSER, answer.state));
        if (next === PermissionStep.Use) return outcome('granted', answer.value);
        break;
      }
      case PermissionStep.Ask:
      case PermissionStep.Settings:
      case PermissionStep.Retry: {
        shown = VIEWS.get(next);
        const action = await view.showPermission(words, shown);
        // "I changed it" (or trying again): what the browser says now.
        if (action === 'retry') platform = await read();
        next = answered(PermissionAsker.PrePrompt, prePromptAnswer(action));
        break;
      }
      default:
        // "Not now" on the blocked note: the browser still refuses, and the
        // page is told so.
        if (next === PermissionStep.Later && shown === 'blocked') return outcome('blocked');
        return outcome(ENDED.get(next) || 'denied'); // refused, later, unavailable
    }
  }
}
