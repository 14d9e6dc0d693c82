// The preferences' controls for a visitor's own data (C13, C14): download
// what the collector and this device keep, and erase it. The core sends
// their words (model.myData) only when the config has a collector, so
// without one nothing is drawn. Nothing here decides about consent: erasure
// forgets the record (no choice stored means nothing granted and the
// banner asks again); it grants and refuses nothing.
//
// mine: { exportMine() -> Promise<data>, eraseMine() -> Promise, afterErase() }.
import { el } from './dom.js';

const MY_DATA_FILE = 'assent-my-data.json';

const button = (doc, step, label, level = 'secondary') =>
  el(doc, 'button', {
    className: `assent-button assent-${level}`,
    attrs: { type: 'button', 'data-assent-my-data': step },
    text: label,
  });

function reasonOf(error) {
  return ((error && error.message) || String(error)).replace(/^Assent:\s*/, '');
}

// Saves data as assent-my-data.json through a Blob URL, which is revoked
// once the click has handed it to the browser.
function download(doc, data) {
  const win = doc.defaultView;
  const blob = new win.Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = win.URL.createObjectURL(blob);
  const link = el(doc, 'a', { attrs: { href: url, download: MY_DATA_FILE, hidden: true } });
  doc.body.appendChild(link);
  link.click();
  link.remove();
  win.setTimeout(() => win.URL.revokeObjectURL(url), 0);
}

export function renderMyData(doc, words, mine) {
  if (!words || !mine) return null;
  const confirmId = 'assent-my-data-confirm';
  const status = el(doc, 'p', { className: 'assent-my-data-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const start = el(doc, 'div', { className: 'assent-my-data-actions' }, [
    button(doc, 'download', words.download),
    button(doc, 'erase', words.erase),
  ]);
  const confirm = el(
    doc,
    'div',
    { className: 'assent-my-data-confirm', attrs: { role: 'group', 'aria-labelledby': `${confirmId}-question`, hidden: true } },
    [
      el(doc, 'p', { attrs: { id: `${confirmId}-question` }, text: words.confirm }),
      el(doc, 'div', { className: 'assent-my-data-actions' }, [
        button(doc, 'confirm-erase', words.confirmYes),
        button(doc, 'cancel', words.cancel),
      ]),
    ],
  );
  const root = el(doc, 'div', { className: 'assent-my-data' }, [start, confirm, status]);
  const say = (text) => {
    status.textContent = text;
  };
  const asking = (yes) => {
    confirm.hidden = !yes;
    start.hidden = yes;
    const focus = root.querySelector(yes ? '[data-assent-my-data="cancel"]' : '[data-assent-my-data="erase"]');
    if (focus) focus.focus();
  };
  let busy = false;
  const once = (work) => {
    if (busy) return;
    busy = true;
    say('');
    work().finally(() => {
      busy = false;
    });
  };

  root.addEventListener('click', (event) => {
    const target = event.target.closest && event.target.closest('[data-assent-my-data]');
    if (!target || !root.contains(target)) return;
    const step = target.getAttribute('data-assent-my-data');
    if (step === 'download') {
      once(() =>
        mine.exportMine().then(
          (data) => {
            download(doc, data);
            say(words.downloaded);
          },
          (error) => say(`${words.failed} ${reasonOf(error)}`),
        ),
      );
    } else if (step === 'erase') {
      say('');
      asking(true);
    } else if (step === 'cancel') {
      asking(false);
    } else if (step === 'confirm-erase') {
      once(() =>
        mine.eraseMine().then(
          () => {
            asking(false);
            say(words.erased);
            mine.afterErase();
          },
          (error) => {
            asking(false);
            say(`${words.failed} ${reasonOf(error)}`);
          },
        ),
      );
    }
  });
  return root;
}
