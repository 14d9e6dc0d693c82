// The __gpp stub (IAB GPP CMP API 1.1), built into assent-gpp-stub.js. A
// GPP site loads it synchronously before assent.js (or inlines it), so that
// an ad script running before Assent has loaded finds __gpp at once:
//   <script src="/assent/assent-gpp-stub.js"></script>
//   <script src="/assent/assent.js" data-config="/assent.config.json"></script>
// The spec wants the generic commands answered at once even now: `ping`
// (cmpStatus "stub"), `addEventListener` (listenerRegistered; the full API
// takes the listeners over), `removeEventListener`, and `hasSection`,
// `getSection`, `getField` with null (nothing is loaded). Other commands
// are queued for the full API (bridges/gpp.js). It adds the __gppLocator
// frame and answers __gppCall messages through whatever __gpp is then. It
// decides nothing about consent.
import { answerGppFrames, SUPPORTED_APIS } from './gpp-frames.js';

(function stub(win) {
  if (typeof win.__gpp === 'function') return; // a CMP (or this stub) is there already

  const queue = [];
  const events = []; // {id, callback, parameter}: handed to the full API
  let lastId = 0;
  const pingData = () => ({
    gppVersion: '1.1',
    cmpStatus: 'stub',
    cmpDisplayStatus: 'hidden',
    signalStatus: 'not ready',
    supportedAPIs: SUPPORTED_APIS.slice(),
    cmpId: 0,
    sectionList: [],
    applicableSections: [-1],
    gppString: '',
    parsedSections: {},
  });
  function gpp(command, callback, parameter, version) {
    if (typeof callback !== 'function') return;
    switch (command) {
      case 'ping':
        return callback(pingData(), true);
      case 'addEventListener': {
        const id = ++lastId;
        events.push({ id, callback, parameter });
        return callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: pingData() }, true);
      }
      case 'removeEventListener': {
        const at = events.findIndex((e) => e.id === parameter);
        if (at >= 0) events.splice(at, 1);
        return callback(at >= 0, true);
      }
      case 'hasSection':
      case 'getSection':
      case 'getField':
        return callback(null, true);
      default:
        queue.push([command, callback, parameter, version]);
    }
  }
  gpp.queue = queue;
  gpp.events = events;
  win.__gpp = gpp;

  answerGppFrames(win);
})(window);
