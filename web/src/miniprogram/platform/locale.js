// The person's language as the core expects it ("zh-CN"): WeChat reports
// its own UI language as "zh_CN", "zh_TW", "en".

/** @returns {string} */
export function preferredLanguages() {
  let language = '';
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    language = (info && info.language) || '';
  } catch (_) {
    language = '';
  }
  return language.replace(/_/g, '-');
}
