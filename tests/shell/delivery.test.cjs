// The one delivery both shells use (web/src/shell/delivery.js), driven with a
// fake clock and a core that hands out numbered batches: when batches go, how
// failures pause sending, what a refusal and a page hide do.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadShell } = require('./load.cjs');

const { createDelivery, backoffMs } = loadShell('delivery.js');
const { Delivery } = loadShell('names.js');

// A clock, timers on it, a core queue of `batches` and a post port whose
// answers the test gives; everything that happened is in `log`.
function rig({ batches = 0, beacon = null } = {}) {
  let t = 1000;
  let nextTimer = 1;
  const timers = new Map();
  const log = { posted: [], settled: [], warnings: [], beaconed: [] };
  const answers = [];
  let queued = Array.from({ length: batches }, (_, i) => `b${i + 1}`);
  const core = {
    takeBatch: () => {
      const id = queued.shift();
      return id ? { id, body: `{"batch_id":"${id}"}` } : null;
    },
    settleBatch: (id, delivered) => {
      log.settled.push([id, delivered]);
      if (!delivered) queued.push(id);
    },
  };
  const delivery = createDelivery({
    url: 'https://collector.example/v1/events',
    intervalMs: 1000,
    core,
    post: (url, body) =>
      new Promise((resolve) => {
        log.posted.push(JSON.parse(body).batch_id);
        answers.push(resolve);
      }),
    beacon: beacon && ((url, body) => (log.beaconed.push(JSON.parse(body).batch_id), beacon())),
    timers: {
      setInterval: (fn, ms) => (timers.set(nextTimer, { fn, at: t + ms, every: ms }), nextTimer++),
      clearInterval: (id) => timers.delete(id),
      setTimeout: (fn, ms) => (timers.set(nextTimer, { fn, at: t + ms }), nextTimer++),
      clearTimeout: (id) => timers.delete(id),
    },
    now: () => t,
    random: () => 0.5,
    warn: (message) => log.warnings.push(message),
  });
  // Moves the clock, running due timers in order.
  async function advance(ms) {
    const until = t + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, x]) => x.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      t = Math.max(t, timer.at);
      if (timer.every) timer.at += timer.every;
      else timers.delete(id);
      timer.fn();
      await Promise.resolve();
    }
    t = until;
  }
  // The collector answers the oldest open post.
  async function answer(outcome, status) {
    answers.shift()({ outcome, status });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { delivery, log, advance, answer, queue: () => queued, add: (id) => queued.push(id), open: () => answers.length };
}

test('batches go at every interval, at most four in flight, the rest after each is delivered', async () => {
  const r = rig({ batches: 6 });
  r.delivery.start();
  await r.advance(999);
  assert.deepEqual(r.log.posted, []);
  await r.advance(1);
  assert.deepEqual(r.log.posted, ['b1', 'b2', 'b3', 'b4']);
  await r.answer(Delivery.Sent, 200);
  await r.advance(0);
  assert.deepEqual(r.log.posted, ['b1', 'b2', 'b3', 'b4', 'b5']);
  assert.deepEqual(r.log.settled, [['b1', true]]);
});

test('a network error or a 5xx puts the batch back and pauses sending with equal-jitter backoff', async () => {
  assert.deepEqual([1, 2, 3, 8, 20].map((n) => backoffMs(n, () => 0)), [250, 500, 1000, 30000, 30000]);
  assert.deepEqual([1, 2, 3].map((n) => backoffMs(n, () => 1)), [500, 1000, 2000]);
  const r = rig({ batches: 1 });
  r.delivery.start();
  await r.advance(1000);
  await r.answer(Delivery.Failed, 503);
  assert.deepEqual(r.log.settled, [['b1', false]]);
  r.delivery.pump();
  assert.deepEqual(r.log.posted, ['b1'], 'paused: not sent again at once');
  await r.advance(374); // backoff 1: 250 + 0.5 · 250
  assert.deepEqual(r.log.posted, ['b1']);
  await r.advance(1);
  assert.deepEqual(r.log.posted, ['b1', 'b1']);
  await r.answer(Delivery.Sent, 200);
  assert.deepEqual(r.log.settled.at(-1), ['b1', true]);
  assert.deepEqual(r.log.warnings, []);
});

test('a batch the collector refuses (4xx) is settled as done, never sent again, with one warning', async () => {
  const r = rig({ batches: 2 });
  r.delivery.start();
  await r.advance(1000);
  await r.answer(Delivery.Refused, 400);
  await r.answer(Delivery.Refused, 413);
  assert.deepEqual(r.log.settled, [['b1', true], ['b2', true]]);
  await r.advance(5000);
  assert.deepEqual(r.log.posted, ['b1', 'b2']);
  assert.deepEqual(r.log.warnings, ['Assent: the collector refused a batch (HTTP 400); its events are not sent again']);
});

test('being hidden sends everything now, paused or not, past the in-flight limit', async () => {
  const r = rig({ batches: 1 });
  r.delivery.start();
  await r.advance(1000);
  await r.answer(Delivery.Failed, 0); // paused
  for (let i = 2; i <= 7; i += 1) r.add(`b${i}`);
  r.delivery.hidden();
  assert.equal(r.log.posted.length, 1 + 7);
});

test('with a beacon, a hidden page beacons; a return from the back/forward cache sends those batches again', async () => {
  const r = rig({ batches: 2, beacon: () => true });
  r.delivery.start();
  r.delivery.hidden();
  assert.deepEqual(r.log.beaconed, ['b1', 'b2']);
  assert.deepEqual(r.log.settled, [], 'a beacon says nothing of arrival: still in flight');
  r.delivery.shownAgain();
  assert.deepEqual(r.log.settled, [['b1', false], ['b2', false]]);
  assert.deepEqual(r.log.posted, ['b1', 'b2']);
});

test('a beacon the platform refuses falls back to a post', async () => {
  const r = rig({ batches: 1, beacon: () => false });
  r.delivery.start();
  r.delivery.hidden();
  assert.deepEqual(r.log.posted, ['b1']);
});

test('coming back online ends a pause at once; nothing goes before start or after stop', async () => {
  const r = rig({ batches: 1 });
  r.delivery.pump();
  r.delivery.hidden();
  assert.deepEqual(r.log.posted, [], 'not started');
  r.delivery.start();
  await r.advance(1000);
  await r.answer(Delivery.Failed, 0);
  r.delivery.online();
  assert.deepEqual(r.log.posted, ['b1', 'b1']);
  await r.answer(Delivery.Sent, 200);
  r.delivery.stop();
  r.add('b9');
  await r.advance(10000);
  assert.deepEqual(r.log.posted, ['b1', 'b1']);
});
