// The person's preferred languages, most wanted first (["zh-CN", "en"]): the browser's list (what the person reads best, so the
// consent is informed), then the page's own <html lang> as the next best
// guess. The core picks the prompt language from these and the config.
export function preferredLanguages(nav = navigator, doc = typeof document === 'undefined' ? null : document) {
  const list = nav.languages && nav.languages.length ? Array.from(nav.languages) : [nav.language || ''];
  const page = doc && doc.documentElement ? doc.documentElement.lang : '';
  if (page) list.push(page);
  return list.filter((tag, i) => tag && list.indexOf(tag) === i);
}
