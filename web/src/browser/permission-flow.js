// Assent.request(capability): the core's pre-prompt first (why the site
// asks, C16), the browser's real request only after the person agreed, and
// the browser's answer reported to the core, which records it with its
// expiry. The core says whether to ask at all (core.permissionStep): a
// refusal is not asked again until it lapses, a lapsed grant is asked again.
import { platformState, platformRequest } from '../platform/permissions.js';
import { now } from '../platform/clock.js';
import { PermissionStep } from '../shell/wire-names.js';

// model(): the core's permission prompt model (or null: unknown capability);
// decide(result, method, language): records through the core, returns what
// it refused, or "".
export async function requestPermission({ win, core, capability, options, model, view, decide, emit }) {
  const words = model();
  if (!words) throw new Error(`Assent: unknown capability "${capability}"`);
  const platform = await platformState(win, capability);
  const outcome = (state, value) => (value === undefined ? { capability, state } : { capability, state, value });
  // Not a consent question: this browser cannot do it at all.
  if (platform === 'unsupported') return outcome('unavailable');
  const step = core.permissionStep(capability, platform, now());

  const record = (result, method) => {
    const error = decide(result, method, words.language);
    if (error) throw new Error(`Assent: ${error}`);
    emit('permission', { capability, state: result, method });
  };
  // The browser's own request; its refusal is recorded, its grant too
  // unless the core holds a grant already.
  const askBrowser = async (recordGrant) => {
    const answer = await platformRequest(win, capability, options);
    if (answer.state === 'prompt') return outcome('dismissed'); // the browser's own dialog was closed
    if (answer.state === 'denied' || recordGrant) record(answer.state, 'platform');
    return outcome(answer.state, answer.value);
  };

  switch (step) {
    case PermissionStep.Use:
    case PermissionStep.Platform:
      return askBrowser(false);
    case PermissionStep.Settings:
      if (words.state !== 'denied') record('denied', 'platform');
      await view.showPermission(words, true);
      return outcome('blocked');
    case PermissionStep.Ask: {
      const action = await view.showPermission(words, false);
      if (action === 'deny') {
        record('denied', 'custom');
        return outcome('denied');
      }
      if (action !== 'allow') return outcome('dismissed');
      return askBrowser(true);
    }
    default:
      return outcome('denied'); // refused, and not lapsed: not asked again
  }
}
