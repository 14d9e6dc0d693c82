// Google Consent Mode v2. The core derives the seven signals from its record
// and the config's purpose -> signal map; this only hands them to gtag, as
// gtag itself would queue them: dataLayer.push(arguments).
//   start():  consent default (before any decision, with wait_for_update),
//             then consent update (the state restored from storage).
//   update(): consent update, after every change.
// Google tags must not run before start(): block them with
// <script type="text/plain" data-assent-purpose="…">, which Assent only
// activates after start() (see scripts.js).

// signals(asDefault) -> the core's signals, or null when Consent Mode is off.
export function createConsentMode(win, signals) {
  let enabled = false;

  function gtag() {
    (win.dataLayer = win.dataLayer || []).push(arguments);
  }

  function push(command, asDefault) {
    const value = signals(asDefault);
    if (value) gtag('consent', command, value);
    return Boolean(value);
  }

  return {
    start() {
      enabled = push('default', true);
      if (enabled) push('update', false);
    },
    update() {
      if (enabled) push('update', false);
    },
  };
}
