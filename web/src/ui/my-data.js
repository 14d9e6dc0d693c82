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

// The controls' words where the config gives none (texts.<lang>.myData):
// Chinese for a zh text, else English. They live here, in the own-data chunk,
// not in the core: they are never part of a textsHash, and only a visitor
// who opens the preferences needs them.
const DEFAULT_WORDS = {
  en: {
    download: 'Download my data',
    erase: 'Erase my data',
    confirm:
      "Erase what this site's collector keeps about this device, and the choices stored on it? This grants and " +
      'refuses nothing: without a stored choice, nothing is tracked and you will be asked again.',
    confirmYes: 'Erase',
    cancel: 'Cancel',
    downloaded: `Your data was downloaded (${MY_DATA_FILE}).`,
    erased: 'Your data was erased. Nothing is kept about this device any more.',
    failed: 'That did not work:',
  },
  zh: {
    download: '下载我的数据',
    erase: '删除我的数据',
    confirm:
      '要删除本站收集端保存的有关此设备的数据，以及此设备上保存的选择吗？这不会同意或拒绝任何用途：没有保存的选择时，不会跟踪任何内容，并会再次询问您。',
    confirmYes: '删除',
    cancel: '取消',
    downloaded: `您的数据已下载（${MY_DATA_FILE}）。`,
    erased: '您的数据已删除。不再保存有关此设备的任何数据。',
    failed: '操作未成功：',
  },
};

// The words to show: the config's (the core's model.myData holds only those
// it gives), each missing one from the defaults of the text's language (the
// model's language tag; its primary subtag zh means Chinese, as in the core).
export function myDataWords(given, language) {
  const chinese = String(language).split('-')[0].toLowerCase() === 'zh';
  return Object.assign({}, DEFAULT_WORDS[chinese ? 'zh' : 'en'], given);
}

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

// given: the core's model.myData (absent without a collector: no controls);
// language: the model's.
export function renderMyData(doc, given, language, mine) {
  if (!given || !mine) return null;
  const words = myDataWords(given, language);
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
