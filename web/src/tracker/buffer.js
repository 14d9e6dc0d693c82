// Captured events wait here, packed as text, until the next flush hands them
// all to the core in one call (core.ingest): the WASM boundary is crossed per
// flush, not per event or per field. Nothing is decided here: which events
// may leave, which properties pass and what is masked is the core's answer.
//
// The packed form the core reads: events joined by RS (\x1e); in each event,
// fields joined by US (\x1f): name, page, ts, then key / typed value pairs,
// where the typed value is a type letter and the value: s (string), n (a
// finite number), b (true | false).

const RS = '\x1e';
const US = '\x1f';
const SEPARATORS = /[\x1e\x1f]/g;

const clean = (text) => (text.indexOf(RS) === -1 && text.indexOf(US) === -1 ? text : text.replace(SEPARATORS, ' '));

// One event in the packed form. Values of other types (null, objects,
// NaN, Infinity) are left out: the core's props are flat.
export function packEvent(name, props, page, ts) {
  let out = clean(String(name)) + US + clean(String(page)) + US + String(Math.floor(ts));
  if (props) {
    for (const key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
      const value = props[key];
      let typed;
      if (typeof value === 'string') typed = 's' + clean(value);
      else if (typeof value === 'number') {
        if (!isFinite(value)) continue;
        typed = 'n' + String(value);
      } else if (typeof value === 'boolean') typed = value ? 'btrue' : 'bfalse';
      else continue;
      out += US + clean(key) + US + typed;
    }
  }
  return out;
}

const joinPacked = (events) => events.join(RS);

// ingest(packed) → the core's tally; onIngested(result) sees it;
// schedule(fn, ms) → cancel(); maxEvents / maxChars: flush early past these.
export function createEventBuffer({ ingest, onIngested, schedule, delayMs = 200, maxEvents = 500, maxChars = 64000 }) {
  let events = [];
  let chars = 0;
  let cancel = null;
  let soon = false;

  function flush() {
    if (cancel) {
      cancel();
      cancel = null;
    }
    soon = false;
    if (!events.length) return null;
    const packed = joinPacked(events);
    events = [];
    chars = 0;
    const result = ingest(packed);
    if (result) onIngested(result);
    return result;
  }

  return {
    push(name, props, page, ts) {
      const packed = packEvent(name, props, page, ts);
      events.push(packed);
      chars += packed.length + 1;
      if (events.length >= maxEvents || chars >= maxChars) {
        // Soon, not now: the capturing handler stays cheap.
        if (soon) return;
        if (cancel) cancel();
        cancel = schedule(flush, 0);
        soon = true;
      } else if (!cancel) {
        cancel = schedule(flush, delayMs);
      }
    },
    flush,
    get size() {
      return events.length;
    },
  };
}
