// The browser's own permission machinery: what state a capability is in
// (the Permissions API where it exists), and the real request for it. It
// reports what the browser said; what that means is the core's to record.

// state: granted | denied | prompt (the browser would ask) | "" (no way to
// know without asking) | unsupported (this browser cannot do it at all).
const REQUESTS = {
  geolocation: (win, options) =>
    new Promise((resolve) =>
      win.navigator.geolocation.getCurrentPosition(
        (position) => resolve({ state: 'granted', value: position }),
        // 1 is PERMISSION_DENIED; 2 (no fix) and 3 (timeout) are a request
        // that failed without an answer: worth trying again.
        (error) => resolve({ state: error && error.code === 1 ? 'denied' : error && error.code >= 2 ? 'failed' : '' }),
        options,
      ),
    ),
  notifications: (win) =>
    new Promise((resolve) => {
      // Older Safari only has the callback form.
      const answer = win.Notification.requestPermission((result) => resolve(result));
      if (answer && answer.then) answer.then(resolve, () => resolve(''));
    }).then((result) => ({ state: result === 'default' ? 'prompt' : result })),
  camera: (win, options) => media(win, options || { video: true }),
  microphone: (win, options) => media(win, options || { audio: true }),
};

// getUserMedia's failures by name: a refusal, no such device here, or a
// device that could not start (in use, the constraints not met): try again.
const MEDIA_FAILURES = new Map([
  ['NotAllowedError', 'denied'],
  ['SecurityError', 'denied'],
  ['NotFoundError', 'unavailable'],
  ['NotReadableError', 'failed'],
  ['AbortError', 'failed'],
  ['OverconstrainedError', 'failed'],
]);

function media(win, constraints) {
  return win.navigator.mediaDevices.getUserMedia(constraints).then(
    (stream) => ({ state: 'granted', value: stream }),
    (error) => ({ state: (error && MEDIA_FAILURES.get(error.name)) || '' }),
  );
}

function supported(win, capability) {
  const nav = win.navigator;
  switch (capability) {
    case 'geolocation':
      return Boolean(nav.geolocation);
    case 'notifications':
      return typeof win.Notification === 'function' && typeof win.Notification.requestPermission === 'function';
    case 'camera':
    case 'microphone':
      return Boolean(nav.mediaDevices && nav.mediaDevices.getUserMedia);
    default:
      return false;
  }
}

// What the browser would do if asked now.
export function platformState(win, capability) {
  if (!supported(win, capability)) return Promise.resolve('unsupported');
  const fallback = () => {
    if (capability === 'notifications') {
      const p = win.Notification.permission;
      return p === 'default' ? 'prompt' : p;
    }
    return ''; // no way to know without asking: the browser will say
  };
  const api = win.navigator.permissions;
  if (!api || typeof api.query !== 'function') return Promise.resolve(fallback());
  return api.query({ name: capability }).then(
    (status) => status.state,
    () => fallback(),
  );
}

// Asks the browser for real; resolves { state, value } where value is what
// the API gave (a GeolocationPosition, a MediaStream) on a grant. state:
// granted | denied | prompt (no answer) | failed (the request failed without
// an answer) | unavailable (no such device).
export function platformRequest(win, capability, options) {
  let asked;
  try {
    asked = REQUESTS[capability](win, options);
  } catch (_) {
    asked = Promise.resolve({ state: '' });
  }
  return asked.then((result) =>
    result.state
      ? result
      : platformState(win, capability).then((state) => ({ state: state === 'granted' || state === 'denied' ? state : 'prompt' })),
  );
}
