// The findings table, virtualised: only the rows in view (and a margin) are in the DOM, so a
// view of 100,000 findings scrolls as easily as one of ten. Group headings (by rule or record)
// are rows of the same list and fold on click.
import { abbreviateMiddle, counted, clear, el, formatCount, locationText, severityBadge } from './view.js';

/** Rows drawn above and below the visible ones. */
const OVERSCAN = 12;
/** Characters of a location shown in its two lines; a longer one loses its middle. */
const WHERE_CHARS = 34;
/** Characters of a file name shown in its cell (its end, the extension, stays). */
const FILE_CHARS = 15;

export class FindingsTable {
  /**
   * @param {object} parts { table, body, scroller, pad, onSelect(index) }: the <table>, its
   *   <tbody>, the scrolling box, the box inside it that takes the list's full height.
   */
  constructor({ table, body, scroller, pad, onSelect }) {
    Object.assign(this, { table, body, scroller, pad, onSelect });
    this.findings = [];
    this.multi = false; // a File column (a run of several files)
    this.rows = new Int32Array(0); // finding index, or -(group + 1) for a group heading
    this.groups = null;
    this.folded = new Set();
    this.selected = -1;
    // The geometry render() uses, kept from the last layout (the resize observers below and the
    // scroll events), so that drawing never forces a layout of its own.
    this.rowHeight = 0;
    this.viewHeight = 0;
    this.headHeight = 0;
    this.lastScroll = 0;
    this.frame = 0;
    /** What the body shows: the findings array, the first row and the rows from it, their
     *  elements, the selection. */
    this.drawn = null;
    scroller.addEventListener('scroll', () => {
      if (scroller.clientHeight) this.lastScroll = scroller.scrollTop;
      this.schedule();
    });
    // A panel that was hidden (another tab) comes back at its scroll position.
    new ResizeObserver(() => {
      if (scroller.clientHeight) this.viewHeight = scroller.clientHeight;
      if (scroller.clientHeight && scroller.scrollTop !== this.lastScroll) scroller.scrollTop = this.lastScroll;
      this.schedule();
    }).observe(scroller);
    // The rows' height is measured once they are laid out (the first rows drawn are one screenful
    // at a guessed height; the margins follow in the next frame).
    new ResizeObserver(() => {
      const measured = body.firstElementChild?.getBoundingClientRect().height ?? 0;
      const head = table.tHead?.offsetHeight ?? 0;
      if (measured > 0 && (measured !== this.rowHeight || head !== this.headHeight)) {
        this.rowHeight = measured;
        this.headHeight = head;
        this.schedule();
      }
    }).observe(body);
    body.addEventListener('click', (e) => this.activate(e.target.closest('tr')));
    body.addEventListener('keydown', (e) => this.key(e));
  }

  /**
   * Shows a File column (a run of several files) or not. Its heading's sort button is wired by
   * the owner through `onSort(button)`.
   */
  setFileColumn(on, onSort) {
    this.multi = on;
    this.table.classList.toggle('with-file', on);
    this.table.querySelector('col.c-file')?.remove();
    this.table.querySelector('th.file-col')?.remove();
    if (on) {
      this.table.querySelector('col.c-rule').after(el('col', { class: 'c-file' }));
      const button = el('button', { type: 'button', dataset: { sort: 'file' } }, 'File');
      this.table.querySelector('th:nth-child(2)').after(el('th', { scope: 'col', class: 'file-col' }, button));
      onSort(button);
    }
    this.headHeight = 0;
  }

  /** Shows `order` (finding indices) of `findings`, grouped when `groups` is given. */
  show(findings, order, groups) {
    this.findings = findings;
    this.order = order;
    this.groups = groups;
    const keys = new Set(groups?.map((g) => g.key) ?? []);
    for (const k of this.folded) if (!keys.has(k)) this.folded.delete(k);
    this.layout();
  }

  /** Rebuilds the list of rows from the order, groups and folds. */
  layout() {
    const { order, groups } = this;
    if (!groups) {
      this.rows = order;
    } else {
      let n = 0;
      for (const g of groups) n += 1 + (this.folded.has(g.key) ? 0 : g.count);
      const rows = new Int32Array(n);
      let k = 0;
      groups.forEach((g, gi) => {
        rows[k++] = -(gi + 1);
        if (!this.folded.has(g.key)) { rows.set(order.subarray(g.start, g.start + g.count), k); k += g.count; }
      });
      this.rows = rows;
    }
    this.table.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.render();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render() {
    const { rows } = this;
    const h = this.rowHeight || 44;
    const view = this.viewHeight || 600;
    // Until the rows have been measured, one screenful without margins: the first drawing of a
    // result stays small.
    const overscan = this.rowHeight ? OVERSCAN : 0;
    const first = Math.max(0, Math.floor(this.lastScroll / h) - overscan);
    const last = Math.min(rows.length, first + Math.ceil(view / h) + 2 * overscan);
    this.draw(first, last);
    this.pad.style.paddingTop = `${first * h}px`;
    this.pad.style.height = `${rows.length * h + this.headHeight}px`;
  }

  /**
   * Shows the rows from `first` to `last`. Rows already drawn for the same findings are kept
   * (findings arriving below the view during a run, a scroll of a few rows), with the focus and
   * selection in them; only those that enter or leave the view change. Group headings change
   * their counts, so grouped views are always drawn whole.
   */
  draw(first, last) {
    const d = this.drawn;
    const reusable = d && !this.groups && d.findings === this.findings && d.selected === this.selected;
    const from = reusable ? Math.max(first, d.first) : 0;
    const to = reusable ? Math.min(last, d.first + d.rows.length) : 0;
    let same = from < to;
    for (let r = from; same && r < to; r++) same = d.rows[r - d.first] === this.rows[r];
    if (!same) {
      const trs = [];
      for (let r = first; r < last; r++) trs.push(this.row(r));
      this.body.replaceChildren(...trs);
      this.drawn = { findings: this.findings, first, rows: this.rows.slice(first, last), trs, selected: this.selected };
      return;
    }
    if (from === first && to === last && d.first === first && d.rows.length === last - first) return;
    const kept = d.trs.slice(from - d.first, to - d.first);
    for (const tr of d.trs.slice(0, from - d.first)) tr.remove();
    for (const tr of d.trs.slice(to - d.first)) tr.remove();
    const before = [];
    for (let r = first; r < from; r++) before.push(this.row(r));
    const after = [];
    for (let r = to; r < last; r++) after.push(this.row(r));
    this.body.prepend(...before);
    this.body.append(...after);
    this.drawn = { findings: this.findings, first, rows: this.rows.slice(first, last), trs: [...before, ...kept, ...after], selected: this.selected };
  }

  row(r) {
    const value = this.rows[r];
    if (value < 0) {
      const g = this.groups[-value - 1];
      const folded = this.folded.has(g.key);
      const counts = ['error', 'warning', 'info'].filter((s) => g.counts[s]).map((s) => counted(g.counts[s], s, s === 'info' ? 'info' : undefined));
      return el('tr', { class: 'group-row', tabindex: '0', 'aria-expanded': String(!folded), 'aria-rowindex': String(r + 2), dataset: { row: String(r), group: g.key } },
        el('td', { colspan: this.multi ? '6' : '5' },
          el('span', { class: 'fold', 'aria-hidden': 'true' }, folded ? '▸' : '▾'),
          el('strong', {}, g.label),
          el('span', { class: 'muted' }, ` — ${counted(g.count, 'finding')} (${counts.join(', ')})`)));
    }
    const f = this.findings[value];
    return el('tr', {
      class: 'finding', tabindex: '0', 'aria-rowindex': String(r + 2),
      'aria-selected': String(value === this.selected), dataset: { row: String(r), index: String(value) },
    },
    el('td', {}, severityBadge(f.severity)),
    el('td', { class: 'rule' }, el('div', { class: 'cell' }, f.rule), el('div', { class: 'cell rule-name' }, f.name)),
    this.multi ? el('td', { class: 'file' }, shortCell(f.file, FILE_CHARS)) : null,
    el('td', { class: 'loc' }, shortCell(locationText(f.location), WHERE_CHARS, true)),
    el('td', { class: 'value' }, el('div', { class: 'cell', title: f.value ?? undefined }, f.value ?? '')),
    el('td', { class: 'msg' }, el('div', { class: 'clamp', title: f.message }, f.message)));
  }

  activate(tr) {
    if (!tr) return;
    if (tr.classList.contains('group-row')) {
      const key = tr.dataset.group;
      if (this.folded.has(key)) this.folded.delete(key); else this.folded.add(key);
      const r = Number(tr.dataset.row);
      this.layout();
      this.body.querySelector(`tr[data-row="${r}"]`)?.focus();
      return;
    }
    this.select(Number(tr.dataset.index));
  }

  /** Marks finding `index` selected and tells the owner. */
  select(index) {
    this.selected = index;
    for (const tr of this.body.querySelectorAll('tr.finding')) tr.setAttribute('aria-selected', String(Number(tr.dataset.index) === index));
    if (this.drawn) this.drawn.selected = index; // the rows drawn show it now
    this.onSelect(index);
  }

  key(e) {
    const tr = e.target.closest('tr');
    if (!tr) return;
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.activate(tr); return; }
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (!step) return;
    e.preventDefault();
    const r = Math.max(0, Math.min(this.rows.length - 1, Number(tr.dataset.row) + step));
    this.scrollToRow(r);
    const next = this.body.querySelector(`tr[data-row="${r}"]`);
    next?.focus();
    if (next?.classList.contains('finding')) this.select(Number(next.dataset.index));
  }

  scrollToRow(r) {
    const h = this.rowHeight || 44;
    const head = this.table.tHead?.offsetHeight ?? 0;
    const top = r * h;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + h + head > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = top + h + head - this.scroller.clientHeight;
    this.lastScroll = this.scroller.scrollTop;
    this.render();
  }

  /** Empties the table. */
  clear() {
    this.show([], new Int32Array(0), null);
    this.selected = -1;
    this.drawn = null;
    clear(this.body);
  }
}

/**
 * A location or file name in its cell: whole when it fits `max` characters, else its start and
 * end around "…" (a location keeps its row and field, a file name its extension), with the full
 * text as the cell's title and for screen readers; the detail panel shows it whole. A location's
 * lines break after a "/" (a <wbr>) rather than inside a step.
 */
function shortCell(text, max, steps = false) {
  const short = abbreviateMiddle(text, max, steps);
  const shown = steps ? short.split('/').flatMap((part, i) => (i ? ['/', el('wbr'), part] : [part])) : [short];
  if (short === text) return el('div', { class: 'cell' }, ...shown);
  return el('div', { class: 'cell', title: text },
    el('span', { 'aria-hidden': 'true' }, ...shown), el('span', { class: 'visually-hidden' }, text));
}
