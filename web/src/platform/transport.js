// Moves JSON bodies to the collector: fetch (with keepalive while the body
// fits the browser's keepalive budget) while the page lives,
// navigator.sendBeacon while it is being unloaded.

import { Delivery, deliveryOf } from '../shell/names.js';

export { Delivery };

// Browsers refuse keepalive requests once their bodies in flight pass 64 KiB
// (per document); beacons have the same kind of budget.
const KEEPALIVE_BUDGET_BYTES = 60000;
let keepaliveInFlight = 0;

// UTF-8 length without encoding short strings: at most 3 bytes a UTF-16 unit.
function byteLength(text) {
  if (text.length * 3 <= KEEPALIVE_BUDGET_BYTES) return text.length * 3;
  return typeof TextEncoder === 'function' ? new TextEncoder().encode(text).length : text.length * 3;
}

// → Promise<{ outcome: Delivery, status: number }> (status 0: no answer).
export function send(url, body, win = window) {
  const bytes = byteLength(body);
  const keepalive = keepaliveInFlight + bytes <= KEEPALIVE_BUDGET_BYTES;
  let request;
  try {
    request = win.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      keepalive,
      credentials: 'same-origin',
    });
  } catch (_) {
    return Promise.resolve({ outcome: Delivery.Failed, status: 0 });
  }
  if (keepalive) keepaliveInFlight += bytes;
  const done = () => {
    if (keepalive) keepaliveInFlight -= bytes;
  };
  return request.then(
    (response) => {
      done();
      return { outcome: deliveryOf(response.status), status: response.status };
    },
    () => {
      done();
      return { outcome: Delivery.Failed, status: 0 };
    },
  );
}

// → Promise<Delivery>.
export function postJson(url, body, win = window) {
  return send(url, body, win).then((result) => result.outcome);
}

// Returns true when the browser accepted the body for delivery (which says
// nothing about whether it arrives). text/plain: a beacon with any other type
// is refused cross-origin without a preflight; the collector reads both.
export function beacon(url, body, win = window) {
  const nav = win.navigator;
  if (!nav || typeof nav.sendBeacon !== 'function') return false;
  try {
    return nav.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
  } catch (_) {
    return false;
  }
}

// A request about the person's own data (GET, DELETE) with its headers:
// → Promise<{ status, body }> (body: the parsed JSON answer, or null).
export function requestJson(method, url, headers, win = window) {
  return win.fetch(url, { method, headers, credentials: 'same-origin' }).then((response) =>
    response.json().then(
      (body) => ({ status: response.status, body }),
      () => ({ status: response.status, body: null }),
    ),
  );
}
