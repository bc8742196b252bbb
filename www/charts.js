// Small inline SVG charts, for the findings summary and the Practice lab's progress: horizontal
// bars with their labels and values written beside them (never colour alone), role="img" with a
// spoken summary, and the same figures as a table for anyone who prefers one. Colours come from the theme's CSS variables.
import { counted, el, formatCount } from './view.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const LABEL = 128;
const ROW = 22;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function figure(title, chart, rows) {
  const table = el('table', { class: 'chart-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, rows.head[0]), el('th', { scope: 'col' }, rows.head[1]))),
    el('tbody', {}, rows.body.map(([a, b]) => el('tr', {}, el('th', { scope: 'row' }, a), el('td', {}, b)))));
  return el('figure', { class: 'chart' },
    el('figcaption', {}, title),
    chart,
    el('details', { class: 'chart-data' }, el('summary', {}, 'Show as a table'), table));
}

/**
 * The one bar drawing of the page: an SVG of horizontal bars, each with its label before it and
 * its value written beside it. `bars` = [{ label, value, text, tone, onSelect }] (`text`: the
 * value as written, default `format(value)`). Geometry: `row` height, `label` width, `bar` width
 * at `max`; `track` draws the full-length track behind each bar; `valueAtEnd` writes the values
 * in one column after the tracks instead of after each bar. `attrs` go on the <svg>.
 */
export function barsSvg(bars, summary, {
  max = Math.max(1, ...bars.map((b) => b.value)), row = ROW, label = LABEL, bar = WIDTH - LABEL - 48,
  room = 48, pad = 2, gap = 3, labelGap = 6, thick = row - 8, rx = 2, track = false, valueAtEnd = false, minWidth = 2,
  truncateAt = 19, format = formatCount, unit = 'findings', empty = 'None', attrs = {},
} = {}) {
  const height = Math.max(1, bars.length) * row + 2 * pad;
  const chart = svg('svg', { viewBox: `0 0 ${label + bar + room} ${height}`, role: 'img', 'aria-label': summary, class: 'chart-svg', ...attrs });
  chart.append(svg('title', {}, summary));
  if (!bars.length) chart.append(svg('text', { x: 0, y: 16, class: 'chart-label' }, empty));
  bars.forEach((b, i) => {
    const top = pad + i * row + gap;
    const baseline = top + thick / 2 + 4;
    const w = Math.max(minWidth, Math.round((bar * b.value) / max));
    const g = svg('g', { class: `bar ${b.tone ?? 'tone-accent'}` });
    g.append(svg('text', { x: label - labelGap, y: baseline, 'text-anchor': 'end', class: 'chart-label' }, truncate(b.label, truncateAt)));
    if (track) g.append(svg('rect', { x: label, y: top, width: bar, height: thick, rx, class: 'chart-track' }));
    g.append(
      svg('rect', { x: label, y: top, width: w, height: thick, rx, class: 'chart-bar' }),
      svg('text', { x: valueAtEnd ? label + bar + 8 : label + w + 5, y: baseline, class: 'chart-value' }, b.text ?? format(b.value)),
    );
    if (b.onSelect) {
      // A pointer shortcut to the filter above the table (which is the keyboard's way): inside
      // role="img" the bars are not separate controls.
      g.classList.add('selectable');
      g.addEventListener('click', b.onSelect);
      g.append(svg('title', {}, `${b.label}: ${format(b.value)} ${unit} (click to show only these)`));
    }
    chart.append(g);
  });
  return chart;
}

/**
 * Horizontal bars in a figure with their table: `bars` = [{ label, value, tone, onSelect }];
 * `tone` is a CSS class (`tone-error`, `tone-accent` …); `onSelect` runs when the bar is clicked
 * (e.g. "filter by this rule").
 */
export function barChart(title, bars, { unit = 'findings', empty = 'None' } = {}) {
  const summary = bars.length
    ? `${title}: ${bars.map((b) => `${b.label} ${formatCount(b.value)}`).join(', ')}`
    : `${title}: ${empty}`;
  const chart = barsSvg(bars, summary, { unit, empty });
  return figure(title, chart, { head: ['', unit], body: bars.map((b) => [b.label, formatCount(b.value)]) });
}

/** The share of clean records as one bar split in two, with the percentage written on it. */
export function shareChart(title, clean, total) {
  const share = total ? clean / total : 0;
  const percent = total ? `${Math.round(share * 1000) / 10}%` : '—';
  const summary = total
    ? `${title}: ${percent} (${formatCount(clean)} of ${counted(total, 'record')} ${clean === 1 ? 'has' : 'have'} no error or warning)`
    : `${title}: no records`;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} 52`, role: 'img', 'aria-label': summary, class: 'chart-svg' });
  chart.append(svg('title', {}, summary));
  const w = Math.round((WIDTH - 2) * share);
  chart.append(
    svg('rect', { x: 1, y: 4, width: WIDTH - 2, height: 20, rx: 3, class: 'chart-track' }),
    svg('rect', { x: 1, y: 4, width: w, height: 20, rx: 3, class: 'chart-bar tone-ok' }),
    svg('text', { x: 0, y: 44, class: 'chart-label' }, `${percent} clean · ${formatCount(clean)} of ${counted(total, 'record')}`),
  );
  return figure(title, chart, {
    head: ['records', 'count'],
    body: [['clean', formatCount(clean)], ['with errors or warnings', formatCount(total - clean)], ['all', formatCount(total)]],
  });
}

function truncate(text, n) {
  return n && text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
