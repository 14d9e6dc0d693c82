// The person's preferred languages, most wanted first, as the core expects
// them ("zh-CN,en"). The core picks the prompt language from these.
export function preferredLanguages(nav = navigator) {
  const list = nav.languages && nav.languages.length ? nav.languages : [nav.language || ''];
  return list.filter(Boolean).join(',');
}
