// The dashboard page: asks /dashboard/api/summary for the chosen days and
// shows its figures. Every number on the page is the server's (SQL over its
// stored rows); this script only formats and draws them.
import { chooseLanguage, translate, word } from './i18n.js';
import { decisionsChart, pageViewsChart, purposesChart } from './charts.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const lang = chooseLanguage(location.search, navigator.languages);
const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
const numberFormat = new Intl.NumberFormat(locale);
const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
const secondsFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', maximumFractionDigits: 1 });
const t = (key, values) => word(lang, key, values);
const $ = (selector) => document.querySelector(selector);

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const shiftDay = (day, days) => isoDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

// The days shown, inclusive, from the address (?from=&until=) or the last 30 days.
function chosenDays() {
  const query = new URLSearchParams(location.search);
  const valid = (day) => /^\d{4}-\d{2}-\d{2}$/.test(day || '') && !Number.isNaN(Date.parse(day));
  const until = valid(query.get('until')) ? query.get('until') : isoDay(Date.now());
  const from = valid(query.get('from')) ? query.get('from') : shiftDay(until, -29);
  return { from, until };
}

function setFigure(name, value, text) {
  const el = $(`[data-figure="${name}"]`);
  el.dataset.value = String(value);
  el.textContent = text;
}

const share = (part, whole) => (whole ? part / whole : 0);

function showTiles(summary) {
  const { traffic, consent } = summary;
  setFigure('pageViews', traffic.pageViews, numberFormat.format(traffic.pageViews));
  setFigure('visitors', traffic.visitors, numberFormat.format(traffic.visitors));
  setFigure('visits', traffic.visits, numberFormat.format(traffic.visits));
  // Only where the server keeps a daily visitor hash (off unless configured).
  setFigure('visitorDays', traffic.visitorDays, numberFormat.format(traffic.visitorDays));
  $('[data-tile="visitorDays"]').hidden = traffic.visitorDays === 0;
  setFigure('bounceRate', traffic.bounceRate, percentFormat.format(traffic.bounceRate));
  setFigure('meanDwell', traffic.meanDwellMs, secondsFormat.format(traffic.meanDwellMs / 1000));
  setFigure('meanScroll', traffic.meanScrollDepth, percentFormat.format(traffic.meanScrollDepth / 100));
  const total = (key) => consent.byDay.reduce((sum, day) => sum + day[key], 0);
  setFigure('decisions', consent.decisions, numberFormat.format(consent.decisions));
  for (const [figure, key] of [['acceptAllShare', 'acceptAll'], ['rejectAllShare', 'rejectAll'], ['customShare', 'custom']]) {
    const value = share(total(key), consent.decisions);
    setFigure(figure, value, percentFormat.format(value));
  }
  setFigure('withdrawals', consent.withdrawals, numberFormat.format(consent.withdrawals));
}

// Fills a table's body with one row per item: cells(item) gives each cell,
// a string or a node. An empty list shows one row saying so.
function fillTable(id, items, cells) {
  const body = $(`#${id} tbody`);
  body.replaceChildren();
  const columns = $(`#${id} thead tr`).children.length;
  if (!items.length) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = columns;
    cell.className = 'empty';
    cell.textContent = t('none');
    return;
  }
  for (const item of items) {
    const row = body.insertRow();
    for (const value of cells(item)) {
      const cell = row.insertCell();
      if (typeof value === 'object') cell.append(value);
      else cell.textContent = value;
    }
  }
}

function rateCell(rate, name) {
  const wrap = document.createElement('span');
  wrap.className = 'rate';
  const meter = document.createElement('meter');
  meter.min = 0;
  meter.max = 1;
  meter.value = rate.grantRate;
  meter.setAttribute('aria-label', `${name}: ${percentFormat.format(rate.grantRate)}`);
  const text = document.createElement('span');
  text.textContent = percentFormat.format(rate.grantRate);
  wrap.append(meter, text);
  return wrap;
}

function showTables(summary) {
  const grants = (key) => (r) => [r[key], numberFormat.format(r.granted), numberFormat.format(r.decided), rateCell(r, r[key])];
  fillTable('purposes', summary.consent.purposes, grants('purpose'));
  fillTable('permissions', summary.consent.permissions, grants('capability'));
  fillTable('pages', summary.topPages, (p) => [p.page, numberFormat.format(p.pageViews)]);
  const target = (c) => [c.text, c.selector].filter(Boolean).join(' · ') || '–';
  fillTable('clicks', summary.topClicks, (c) => [c.page, target(c), numberFormat.format(c.clicks)]);
  fillTable('custom', summary.customEvents, (e) => [e.name, numberFormat.format(e.count)]);
  const refused = Object.entries(summary.refusals.byReason).sort((a, b) => b[1] - a[1]);
  fillTable('refusals', refused, ([reason, n]) => [reason, numberFormat.format(n)]);
}

function showCharts(summary) {
  pageViewsChart($('#chart-pageviews'), summary.pageViewsByDay, { label: t('pageViews'), number: (v) => numberFormat.format(v) });
  decisionsChart($('#chart-decisions'), summary.consent.byDay, {
    labels: [t('acceptAllShare'), t('rejectAllShare'), t('customShare'), t('withdrawals')],
    percent: (v) => percentFormat.format(v),
  });
  const days = summary.consent.byDay.map((d) => d.day);
  purposesChart($('#chart-purposes'), summary.consent.purposesByDay, days, { percent: (v) => percentFormat.format(v) });
}

async function load({ from, until }) {
  const status = $('#status');
  status.textContent = t('loading');
  document.body.dataset.loaded = 'false';
  const to = shiftDay(until, 1); // the server's range is [from, to)
  const answer = await fetch(`/dashboard/api/summary?from=${from}&to=${to}`, { credentials: 'same-origin' });
  if (answer.status === 401) {
    status.textContent = t('signedOut');
    return;
  }
  const body = await answer.json();
  if (!answer.ok) {
    status.textContent = t('failed', { error: body.error || answer.status });
    return;
  }
  $('#site').textContent = body.site;
  showTiles(body);
  showTables(body);
  showCharts(body);
  status.textContent = t('loaded', { from, until });
  document.body.dataset.loaded = 'true';
}

function start() {
  translate(document, lang);
  const days = chosenDays();
  $('#from').value = days.from;
  $('#until').value = days.until;
  $('#range').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = { from: $('#from').value, until: $('#until').value };
    const query = new URLSearchParams(location.search);
    query.set('from', chosen.from);
    query.set('until', chosen.until);
    history.replaceState(null, '', `?${query}`);
    load(chosen);
  });
  // The language links keep the chosen days.
  for (const link of document.querySelectorAll('.languages a')) {
    link.addEventListener('click', () => {
      const query = new URLSearchParams(location.search);
      query.set('lang', link.getAttribute('hreflang'));
      link.href = `?${query}`;
    });
  }
  load(days).catch((error) => {
    $('#status').textContent = t('failed', { error: error.message });
  });
}

start();
