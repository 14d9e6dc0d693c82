// The dashboard's words in English and Chinese. The language is `?lang=`
// (en or zh) when given, else the first of the browser's languages (what
// it sends as Accept-Language) that the page has, else English.
const WORDS = {
  en: {
    signInTitle: 'Sign in to the Assent dashboard',
    signInRefused: 'That token was not accepted.',
    tokenLabel: 'Operator token',
    signIn: 'Sign in',
    signInHint: "Operators' tokens are set in the server config (operators.tokenSha256).",
    title: 'Assent dashboard',
    from: 'From',
    until: 'to (inclusive)',
    show: 'Show',
    language: 'Language',
    signOut: 'Sign out',
    utcNote: 'Days are UTC. Visitors and visits count only people who allowed identifiers.',
    traffic: 'Traffic',
    pageViews: 'Page views',
    visitors: 'Visitors',
    visits: 'Visits',
    visitorDays: 'Visitor-days (daily hash)',
    bounceRate: 'Bounce rate',
    meanDwell: 'Mean time on page',
    meanScroll: 'Mean scroll depth',
    pageViewsPerDay: 'Page views per day',
    consent: 'Consent',
    decisions: 'Decisions',
    acceptAllShare: 'Accept all',
    rejectAllShare: 'Reject all',
    customShare: 'Custom',
    withdrawals: 'Withdrawals',
    decisionsPerDay: 'Share of decisions per day',
    purposeGrantsPerDay: 'Grant rate per purpose per day',
    purposeGrants: 'Grant rate per purpose',
    permissionGrants: 'Grant rate per permission',
    purpose: 'Purpose',
    capability: 'Permission',
    granted: 'Granted',
    decided: 'Decided',
    rate: 'Rate',
    behaviour: 'Pages and clicks',
    topPages: 'Top pages',
    topClicks: 'Top clicks',
    customEvents: 'Custom events',
    refusals: 'Events refused by the server',
    refusalsNote: 'Counted on the day the server received them; the events themselves are never stored.',
    page: 'Page',
    target: 'Target',
    clicks: 'Clicks',
    event: 'Event',
    count: 'Count',
    reason: 'Reason',
    none: 'None in this range.',
    loading: 'Loading…',
    loaded: 'Showing {from} to {until}.',
    failed: 'The figures could not be loaded: {error}',
    signedOut: 'Your session has ended. Reload the page to sign in again.',
    share: 'share of the day',
  },
  zh: {
    signInTitle: '登录 Assent 仪表板',
    signInRefused: '该令牌未被接受。',
    tokenLabel: '运营者令牌',
    signIn: '登录',
    signInHint: '运营者令牌在服务器配置中设置（operators.tokenSha256）。',
    title: 'Assent 仪表板',
    from: '从',
    until: '到（含）',
    show: '显示',
    language: '语言',
    signOut: '退出登录',
    utcNote: '日期按 UTC 计算。访客和访问只统计允许使用标识符的用户。',
    traffic: '流量',
    pageViews: '页面浏览量',
    visitors: '访客',
    visits: '访问',
    visitorDays: '访客天数（每日哈希）',
    bounceRate: '跳出率',
    meanDwell: '平均停留时间',
    meanScroll: '平均滚动深度',
    pageViewsPerDay: '每日页面浏览量',
    consent: '同意',
    decisions: '决定',
    acceptAllShare: '全部接受',
    rejectAllShare: '全部拒绝',
    customShare: '自定义',
    withdrawals: '撤回',
    decisionsPerDay: '每日决定占比',
    purposeGrantsPerDay: '每日各目的同意率',
    purposeGrants: '各用途同意率',
    permissionGrants: '各权限同意率',
    purpose: '用途',
    capability: '权限',
    granted: '同意',
    decided: '已决定',
    rate: '比率',
    behaviour: '页面和点击',
    topPages: '热门页面',
    topClicks: '热门点击',
    customEvents: '自定义事件',
    refusals: '服务器拒绝的事件',
    refusalsNote: '按服务器收到的日期计数；事件本身从不保存。',
    page: '页面',
    target: '目标',
    clicks: '点击',
    event: '事件',
    count: '次数',
    reason: '原因',
    none: '此范围内没有数据。',
    loading: '加载中…',
    loaded: '显示 {from} 至 {until}。',
    failed: '无法加载数据：{error}',
    signedOut: '您的会话已结束。请重新加载页面再次登录。',
    share: '当日占比',
  },
};

export function chooseLanguage(search, browserLanguages) {
  const asked = new URLSearchParams(search).get('lang');
  if (asked && WORDS[asked]) return asked;
  for (const tag of browserLanguages || []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (WORDS[base]) return base;
  }
  return 'en';
}

// A word of `lang`, with {name} filled from `values`.
export function word(lang, key, values = {}) {
  const text = (WORDS[lang] && WORDS[lang][key]) || WORDS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// Puts the words of `lang` into the page: [data-text] elements' text and
// [data-label] elements' aria-label; sets <html lang>.
export function translate(doc, lang) {
  doc.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of doc.querySelectorAll('[data-text]')) el.textContent = word(lang, el.dataset.text);
  for (const el of doc.querySelectorAll('[data-label]')) el.setAttribute('aria-label', word(lang, el.dataset.label));
  doc.title = `Assent · ${word(lang, doc.body.classList.contains('login') ? 'signIn' : 'title')}`;
}
