// The dashboard's charts, drawn with uPlot on canvas: page views per day (a
// line), the share of consent decisions per day by how they were given, and
// the grant rate of each purpose per day (a line each). Colours come from the stylesheet's custom
// properties, so the charts follow the light or dark scheme.
import uPlot from 'uplot';

const DAY_S = 24 * 60 * 60;

// The stylesheet's colours (custom properties on <body>).
function colours(doc) {
  const style = getComputedStyle(doc.body);
  const read = (name) => style.getPropertyValue(name).trim();
  return {
    text: read('--text'),
    grid: read('--grid'),
    series: [read('--series-1'), read('--series-2'), read('--series-3'), read('--series-4')],
  };
}

// Seconds since the epoch at UTC midnight of "YYYY-MM-DD".
export const daySeconds = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;

function axes(c, valueFormat) {
  const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return [
    { ...axis, incrs: [DAY_S, 7 * DAY_S, 30 * DAY_S] },
    { ...axis, values: (_, ticks) => ticks.map(valueFormat) },
  ];
}

function options(el, c, series, valueFormat, extra = {}) {
  return {
    width: Math.max(280, el.clientWidth),
    height: 240,
    // Days are UTC days: label them so, whatever the browser's time zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true } },
    axes: axes(c, valueFormat),
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    series: [{}, ...series],
    ...extra,
  };
}

// rows: {day, purpose, granted, decided}; days: every day of the range, so a
// day without decisions is a gap, not a line drawn across it.
export function purposesChart(el, rows, days, { percent }) {
  const c = colours(el.ownerDocument);
  const purposes = [...new Set(rows.map((r) => r.purpose))].sort();
  const data = [days.map(daySeconds)];
  for (const purpose of purposes) {
    const rate = new Map(rows.filter((r) => r.purpose === purpose).map((r) => [r.day, r.granted / r.decided]));
    data.push(days.map((day) => (rate.has(day) ? rate.get(day) : null)));
  }
  const series = purposes.map((purpose, i) => ({ label: purpose, stroke: c.series[i % c.series.length], width: 2, spanGaps: false }));
  draw(el, options(el, c, series, percent, { scales: { x: { time: true }, y: { range: [0, 1] } } }), data);
}

// Replaces whatever chart `el` holds with a new one; redraws on resize.
function draw(el, opts, data) {
  if (el.chart) el.chart.destroy();
  el.chart = new uPlot(opts, data, el);
  if (!el.resizing) {
    el.resizing = new ResizeObserver(() => el.chart && el.chart.setSize({ width: Math.max(280, el.clientWidth), height: 240 }));
    el.resizing.observe(el);
  }
}

export function pageViewsChart(el, days, { label, number }) {
  const c = colours(el.ownerDocument);
  const data = [days.map((d) => daySeconds(d.day)), days.map((d) => d.pageViews)];
  const series = [{ label, stroke: c.series[0], width: 2, fill: `${c.series[0]}22`, points: { show: days.length <= 31 } }];
  draw(el, options(el, c, series, number, { scales: { x: { time: true }, y: { range: (_, min, max) => [0, Math.max(1, max)] } } }), data);
}

// labels: the four series' names (accept all, reject all, custom, withdrawals).
export function decisionsChart(el, days, { labels, percent }) {
  const c = colours(el.ownerDocument);
  const keys = ['acceptAll', 'rejectAll', 'custom', 'withdraw'];
  const data = [days.map((d) => daySeconds(d.day))];
  for (const key of keys) data.push(days.map((d) => (d.total ? d[key] / d.total : null)));
  const series = keys.map((key, i) => ({ label: labels[i], stroke: c.series[i], width: 2, spanGaps: false }));
  draw(el, options(el, c, series, percent, { scales: { x: { time: true }, y: { range: [0, 1] } } }), data);
}
