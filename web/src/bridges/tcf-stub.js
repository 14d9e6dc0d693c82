// The __tcfapi stub (IAB CMP API v2.3), built into assent-tcf-stub.js. A TCF
// site loads it synchronously before assent.js (or inlines it), so that an
// ad script running before Assent has loaded finds __tcfapi at once:
//   <script src="/assent/assent-tcf-stub.js"></script>
//   <script src="/assent/assent.js" data-config="/assent.config.json"></script>
// It queues every call, answers `ping` itself (cmpStatus "stub"), adds the
// __tcfapiLocator frame that frames of other origins look for, and answers
// their __tcfapiCall messages through whatever __tcfapi is then: the stub
// now, the full API (bridges/tcf.js, which replays the queue) later.
// It decides nothing about consent; it is kept tiny because every page of a
// TCF site runs it before anything else.
import { answerFrames } from './tcf-frames.js';

(function stub(win) {
  if (typeof win.__tcfapi === 'function') return; // a CMP (or this stub) is there already

  const queue = [];
  function tcfapi(command, version, callback, parameter) {
    if (command === 'ping') {
      // The spec's answer before the CMP has loaded: nothing known yet.
      if (typeof callback === 'function') {
        callback({ gdprApplies: undefined, cmpLoaded: false, cmpStatus: 'stub', displayStatus: 'hidden', apiVersion: '2.3' }, true);
      }
      return;
    }
    queue.push([command, version, callback, parameter]);
  }
  // The full API takes the calls made so far from here.
  tcfapi.queue = queue;
  win.__tcfapi = tcfapi;

  answerFrames(win);
})(window);
