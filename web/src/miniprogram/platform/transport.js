// Moves JSON bodies to the collector with wx.request. The platform allows
// HTTPS to the domains allow-listed for the mini-program, and 10 requests at
// once (shared with the app's own): this port keeps at most MAX_IN_FLIGHT
// and queues the rest.

import { Delivery, deliveryOf } from '../../shell/names.js';
import { receiptUrlOf } from '../../shell/recorder.js';

export { Delivery };

const MAX_IN_FLIGHT = 4;
const TIMEOUT_MS = 10000;

let inFlight = 0;
let reportedDomain = false;
/** @type {(() => void)[]} */
const waiting = [];

/**
 * @param {string} url
 * @param {string} body JSON text
 * @returns {Promise<{ outcome: string, status: number }>} outcome: one of Delivery; status 0: no answer
 */
export function postJson(url, body) {
  return new Promise((resolve) => {
    const run = () => {
      inFlight += 1;
      let done = false;
      /** @param {string} outcome @param {number} [status] */
      const finish = (outcome, status = 0) => {
        if (done) return;
        done = true;
        inFlight -= 1;
        resolve({ outcome, status });
        const next = waiting.shift();
        if (next) next();
      };
      try {
        wx.request({
          url,
          method: 'POST',
          data: body,
          header: { 'content-type': 'application/json' },
          dataType: 'json',
          timeout: TIMEOUT_MS,
          success(response) {
            const status = response.statusCode;
            finish(deliveryOf(status), status);
          },
          fail(error) {
            // Not in the mini-program's request domain list: no retry will
            // change that (a setting in the admin console, not the network).
            if (/domain list/i.test((error && error.errMsg) || '')) {
              if (!reportedDomain) console.error(`Assent: ${url} is not in this mini-program's request domain list; nothing is sent there`);
              reportedDomain = true;
              finish(Delivery.Refused);
            } else {
              finish(Delivery.Failed);
            }
          },
        });
      } catch (_) {
        finish(Delivery.Failed);
      }
    };
    if (inFlight < MAX_IN_FLIGHT) run();
    else waiting.push(run);
  });
}

/**
 * A request about the person's own data (GET, DELETE) with its headers.
 * @param {string} method @param {string} url @param {Record<string, string>} headers
 * @returns {Promise<{ status: number, body: any }>} body: the parsed JSON answer, or null
 */
export function requestJson(method, url, headers) {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: /** @type {any} */ (method),
      header: headers,
      dataType: 'json',
      timeout: TIMEOUT_MS,
      success: (response) =>
        resolve({ status: response.statusCode, body: typeof response.data === 'object' ? response.data : null }),
      fail: (error) => reject(new Error(`Assent: ${url} could not be reached (${(error && error.errMsg) || 'no answer'})`)),
    });
  });
}

/**
 * The events and consent endpoints for a collector URL. Absolute HTTPS (or
 * HTTP, for the demo in DevTools with domain checks off) only: a mini-program
 * has no page origin to resolve a relative URL against, and no URL class on
 * every base library.
 * @param {string} collectorUrl
 * @returns {{ events: string, consent: string } | null}
 */
export function collectorEndpoints(collectorUrl) {
  const consent = receiptUrlOf(collectorUrl);
  return consent ? { events: collectorUrl, consent } : null;
}
