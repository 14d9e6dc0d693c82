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
        // 1 is PERMISSION_DENIED; a timeout or no fix says nothing about the
        // permission, so the Permissions API is asked below.
        (error) => resolve({ state: error && error.code === 1 ? 'denied' : '' }),
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

function media(win, constraints) {
  return win.navigator.mediaDevices.getUserMedia(constraints).then(
    (stream) => ({ state: 'granted', value: stream }),
    (error) => ({ state: error && (error.name === 'NotAllowedError' || error.name === 'SecurityError') ? 'denied' : '' }),
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
// the API gave (a GeolocationPosition, a MediaStream) on a grant.
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
