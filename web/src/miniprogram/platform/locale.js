// The person's languages as the core expects them (["zh-CN"]): WeChat
// reports its own UI language, one only, as "zh_CN", "zh_TW", "en".

/** @returns {string[]} none when the platform does not say */
export function preferredLanguages() {
  let language = '';
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    language = (info && info.language) || '';
  } catch (_) {
    language = '';
  }
  return language ? [language.replace(/_/g, '-')] : [];
}
