// Moves JSON bodies to the collector: fetch with keepalive while the page
// lives, navigator.sendBeacon while it is being hidden or unloaded.

// Outcome of one POST: delivered, refused for good (do not send again), or
// failed for now (worth a retry).
export const Delivery = Object.freeze({ Sent: 'sent', Refused: 'refused', Failed: 'failed' });

export function postJson(url, body, win = window) {
  let request;
  try {
    request = win.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      keepalive: true,
      credentials: 'same-origin',
    });
  } catch (_) {
    return Promise.resolve(Delivery.Failed);
  }
  return request.then(
    (response) => {
      if (response.ok) return Delivery.Sent;
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      return retryable ? Delivery.Failed : Delivery.Refused;
    },
    () => Delivery.Failed,
  );
}

// Returns true when the browser accepted the body for delivery.
export function beacon(url, body, win = window) {
  const nav = win.navigator;
  if (!nav || typeof nav.sendBeacon !== 'function') return false;
  try {
    return nav.sendBeacon(url, new Blob([body], { type: 'application/json' }));
  } catch (_) {
    return false;
  }
}
