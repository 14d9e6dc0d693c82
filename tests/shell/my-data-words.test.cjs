// [C13] [C14] The words of the preferences' own-data controls: the core's
// model carries only those the config gives (texts.<lang>.myData); the
// prompt chunk (web/src/ui/my-data.js) fills in each missing one from its
// defaults, Chinese for a zh text (by its primary subtag, as the core
// matches languages), English otherwise. The e2e tests (my-data-dialog)
// show them drawn in Chromium.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadWeb } = require('./load.cjs');

const { myDataWords } = loadWeb('ui/my-data.js');

const KEYS = ['download', 'erase', 'confirm', 'confirmYes', 'cancel', 'downloaded', 'erased', 'failed'];

test('[C13] [C14] with no words from the config, every control has its default in the text\'s language', () => {
  const cases = [
    ['en', 'Download my data', 'That did not work:'],
    ['de-AT', 'Download my data', 'That did not work:'],
    ['zh', '下载我的数据', '操作未成功：'],
    ['zh-Hant-TW', '下载我的数据', '操作未成功：'],
    ['ZH-cn', '下载我的数据', '操作未成功：'],
    ['zht', 'Download my data', 'That did not work:'],
  ];
  for (const [language, download, failed] of cases) {
    const words = myDataWords({}, language);
    assert.deepEqual(Object.keys(words).sort(), [...KEYS].sort(), language);
    for (const key of KEYS) assert.ok(words[key], `${language}: ${key}`);
    assert.equal(words.download, download, language);
    assert.equal(words.failed, failed, language);
  }
  assert.equal(myDataWords({}, 'en').downloaded, 'Your data was downloaded (assent-my-data.json).');
  assert.equal(myDataWords({}, 'zh').erased, '您的数据已删除。不再保存有关此设备的任何数据。');
});

test('[C13] [C14] each word the config gives is shown instead of its default, and only that one', () => {
  const words = myDataWords({ erase: 'Forget me', cancel: 'No' }, 'en');
  assert.equal(words.erase, 'Forget me');
  assert.equal(words.cancel, 'No');
  assert.equal(words.download, 'Download my data');
  assert.equal(words.confirmYes, 'Erase');
  assert.equal(myDataWords({ download: '导出' }, 'zh-CN').download, '导出');
  assert.equal(myDataWords({ download: '导出' }, 'zh-CN').erase, '删除我的数据');
});
