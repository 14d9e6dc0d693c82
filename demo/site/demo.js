// The demo shop's own script. It uses Assent only through its public API
// (window.Assent) and keeps working when Assent could not start.
(function () {
  'use strict';

  var POLL_MS = 1500;
  var assent = window.Assent;

  function $(selector) {
    return document.querySelector(selector);
  }

  function say(selector, text) {
    var node = $(selector);
    if (node) node.textContent = text;
  }

  function on(selector, type, fn) {
    var node = $(selector);
    if (node) node.addEventListener(type, fn);
  }

  // The shop itself: these work with or without Assent.
  var basket = 0;
  on('#buy', 'click', function () {
    basket += 1;
    say('#status', 'Added to basket (' + basket + ' × Yixing clay teapot)');
  });
  on('#wishlist', 'click', function () {
    say('#status', 'Saved to your wishlist');
  });
  on('#contact', 'click', function () {
    say('#status', 'Write to hello@teapot.example, we answer within a day');
  });
  on('#private-button', 'click', function () {
    say('#status', 'This click was not captured (data-assent-ignore)');
  });
  on('#newsletter-form', 'submit', function (event) {
    event.preventDefault();
    // The address itself never goes to the tracker; only that a signup happened.
    var outcome = assent ? assent.track('newsletter_signup', { list: 'weekly', source: location.pathname }) : 'no Assent';
    say('#newsletter-status', 'Thanks for subscribing! (Assent.track: ' + outcome + ')');
  });

  // The panel: the current record and what the collector stored for it.
  var consentId = '';
  var pollTimer = null;

  function renderRecord() {
    var record = assent ? assent.record() : null;
    say('#consent-record', record ? JSON.stringify(record, null, 2) : 'No choice yet.');
    consentId = record ? record.consentId : '';
    if (consentId && pollTimer === null) {
      pollEvents();
      pollTimer = setInterval(pollEvents, POLL_MS);
    }
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function renderEvents(events) {
    var body = $('#events tbody');
    if (!body) return;
    var rows = document.createDocumentFragment();
    events
      .slice()
      .sort(function (a, b) { return b.ts - a.ts; })
      .forEach(function (e) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-event-id', e.id);
        tr.appendChild(cell(new Date(e.ts).toLocaleTimeString()));
        tr.appendChild(cell(e.name));
        tr.appendChild(cell(e.purpose));
        tr.appendChild(cell(e.page));
        tr.appendChild(cell(typeof e.props === 'string' ? e.props : JSON.stringify(e.props)));
        rows.appendChild(tr);
      });
    body.replaceChildren(rows);
    say('#events-note', events.length + ' event(s) stored for consent id ' + consentId + '.');
  }

  // What the collector kept, read the only way a page may: with this
  // device's secret, through Assent.exportMyData() (a consent id alone
  // opens nothing at the collector).
  function pollEvents() {
    if (!consentId || !assent) return;
    assent
      .exportMyData()
      .then(function (mine) {
        renderEvents(mine.events || []);
      })
      .catch(function (error) {
        say('#events-note', 'Could not read the collector: ' + error.message);
      });
  }

  if (!assent) {
    say('#consent-record', 'Assent did not load.');
    return;
  }

  // Withdrawing everything is one click, like giving it (C05).
  on('#withdraw', 'click', function () {
    assent.withdraw().catch(function (error) {
      say('#status', error.message);
    });
  });

  // Erasure, at the collector and on this device, in one click (C14).
  on('#erase-my-data', 'click', function () {
    assent
      .eraseMyData()
      .then(function (erased) {
        say('#status', 'Erased: ' + erased.erasedEvents + ' event(s) and ' + erased.erasedReceipts + ' receipt(s) at the collector, and everything on this device.');
      })
      .catch(function (error) {
        say('#status', error.message);
      });
  });

  // Permissions: Assent shows why first, then lets the browser ask (C16).
  function askFor(selector, capability) {
    on(selector, 'click', function () {
      say('#permission-status', '');
      assent.request(capability).then(
        function (result) {
          var text = capability + ': ' + result.state;
          var value = result.value;
          if (value && value.coords) {
            text += ' (near ' + value.coords.latitude.toFixed(2) + ', ' + value.coords.longitude.toFixed(2) + ')';
          }
          if (value && value.getTracks) {
            value.getTracks().forEach(function (track) {
              track.stop(); // the demo only shows that it could
            });
          }
          say('#permission-status', text);
        },
        function (error) {
          say('#permission-status', error.message);
        },
      );
    });
  }
  askFor('#find-near', 'geolocation');
  askFor('#notify-me', 'notifications');
  askFor('#scan-card', 'camera');

  // What Google tags would read: the Consent Mode calls in dataLayer.
  function renderConsentMode() {
    var calls = [];
    (window.dataLayer || []).forEach(function (entry) {
      if (entry && entry[0] === 'consent') calls.push(entry[1] + ' ' + JSON.stringify(entry[2]));
    });
    if (calls.length) say('#consent-mode', calls.join('\n'));
  }

  assent.on('change', function () {
    renderRecord();
    renderConsentMode();
  });
  assent.ready.then(function (state) {
    if (state.ok) {
      renderRecord();
      renderConsentMode();
    } else {
      say('#consent-record', 'Assent is unavailable: ' + state.error);
    }
  });
})();
