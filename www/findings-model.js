// The findings of one run and the views of them: filters (severity, rule, field, MRN, text),
// sort by any column and grouping by rule or record, computed over every finding in time slices
// so that the page never freezes, however many findings there are. Findings arrive in batches
// (`append`) while a file is checked.
import { locationText } from './view.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
/** Longest stretch of work between two yields to the browser, in ms. */
const SLICE_MS = 12;

/** The field a finding is about: the CSV column, the HL7 field (`PID-7`), the FHIR element path. */
export function fieldOf(loc) {
  if (!loc) return 'whole file';
  if (loc.row !== undefined) return loc.column ?? 'whole row';
  if (loc.message !== undefined) return (loc.path ?? '').replace(/\.\d+$/, '').replace(/\[\d+\]/g, '') || 'whole message';
  if (loc.pointer) {
    const parts = loc.pointer.split('/').slice(1).filter((p) => !/^\d+$/.test(p));
    const i = parts.indexOf('resource');
    const path = (parts[0] === 'entry' && i >= 0 ? parts.slice(i + 1) : parts).join('.');
    return path || 'whole resource';
  }
  return 'whole file';
}

/** The record a finding belongs to, as a key, a label and an order: CSV row, HL7 message, FHIR entry or line. */
export function recordOf(f) {
  const loc = f.location ?? {};
  let key = 'file';
  let order = 0;
  if (loc.row !== undefined) { key = `row ${loc.row}`; order = loc.row; }
  else if (loc.message !== undefined) { key = `message ${loc.message}`; order = loc.message; }
  else if (loc.pointer !== undefined) {
    const entry = /^\/entry\/(\d+)/.exec(loc.pointer);
    if (entry) { key = `entry ${entry[1]}`; order = Number(entry[1]) + 1; }
    else if (loc.line) { key = `line ${loc.line}`; order = loc.line; }
  } else if (loc.line) { key = `line ${loc.line}`; order = loc.line; }
  return { key, order };
}

function positionOf(loc) {
  if (!loc) return 0;
  return loc.row ?? loc.message ?? loc.line ?? loc.byte ?? 0;
}

export class FindingsModel {
  constructor() {
    this.reset();
  }

  /** Forgets every finding (a new run starts). */
  reset() {
    this.findings = [];
    this.derived = [];
    this.haystacks = [];
    this.shared = new Map();
    /** Counts kept as findings arrive, so that facets and the unfiltered view cost nothing per
     *  finding when more arrive. */
    this.tally = { rule: new Map(), field: new Map(), severity: { error: 0, warning: 0, info: 0 } };
    this.facets = {};
    this.summary = null;
    this.format = null;
    this.generation = (this.generation ?? 0) + 1;
  }

  /** Adds a batch of findings in input order (what filters need is derived later, in slices).
   *  The words every finding of a rule shares are kept once, not once a finding. */
  append(batch) {
    const shared = this.shared;
    const once = (text) => {
      if (typeof text !== 'string') return text;
      const kept = shared.get(text);
      if (kept !== undefined) return kept;
      shared.set(text, text);
      return text;
    };
    const { rule, field, severity } = this.tally;
    for (const f of batch) {
      f.rule = once(f.rule);
      f.name = once(f.name);
      f.severity = once(f.severity);
      if (f.location?.column !== undefined) f.location.column = once(f.location.column);
      this.findings.push(f);
      rule.set(f.rule, (rule.get(f.rule) ?? 0) + 1);
      const where = fieldOf(f.location);
      field.set(where, (field.get(where) ?? 0) + 1);
      severity[f.severity] = (severity[f.severity] ?? 0) + 1;
    }
  }

  /** The text a text filter searches in finding `i`, made on first search. */
  haystackAt(i) {
    let h = this.haystacks[i];
    if (h !== undefined) return h;
    const f = this.findings[i];
    h = `${f.rule} ${f.name} ${this.derivedAt(i).where} ${f.message} ${f.value ?? ''} ${f.mrn ?? ''}`.toLowerCase();
    this.haystacks[i] = h;
    return h;
  }

  /** What the filters and sorts read of finding `i`, derived once. */
  derivedAt(i) {
    let d = this.derived[i];
    if (d) return d;
    const f = this.findings[i];
    const record = recordOf(f);
    const where = locationText(f.location);
    d = {
      severity: SEVERITY_RANK[f.severity] ?? 3,
      field: fieldOf(f.location),
      record: record.key,
      recordOrder: record.order,
      position: positionOf(f.location),
      where,
      mrn: (f.mrn ?? '').toLowerCase(),
    };
    this.derived[i] = d;
    return d;
  }

  /** Counts per value of `facet` (`rule`, `field`) over all findings, largest first. */
  facet(facet) {
    const memo = this.facets?.[facet];
    if (memo && memo.n === this.findings.length) return memo.list;
    const list = [...this.tally[facet]].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    this.facets = { ...this.facets, [facet]: { n: this.findings.length, list } };
    return list;
  }

  /**
   * The view for `query` ({ severity, file, rule, field, mrn, text, sort: { key, dir }, group }):
   * resolves to { order: Int32Array of finding indices, groups: [{ key, label, start, count,
   * counts }], counts: { shown, error, warning, info } }, or null when a newer query or a new
   * run overtook it.
   */
  async view(query) {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation;
    const { findings, derived } = this;
    const n = findings.length;
    const mrn = query.mrn?.trim().toLowerCase() ?? '';
    const text = query.text?.trim().toLowerCase() ?? '';
    const unfiltered = (!query.severity || query.severity === 'all') && !query.file && !query.rule && !query.field && !mrn && !text;
    if (unfiltered && !query.sort?.key && (!query.group || query.group === 'none')) {
      // Every finding in input order (what is shown while a run goes on): no pass over them.
      return { order: identity(n), groups: null, counts: { shown: n, error: 0, warning: 0, info: 0, ...this.tally.severity } };
    }
    const picked = new Int32Array(n);
    const counts = { shown: 0, error: 0, warning: 0, info: 0 };
    let count = 0;
    let sliceStart = performance.now();
    for (let i = 0; i < n; i++) {
      if ((i & 1023) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToBrowser();
        if (stale()) return null;
        sliceStart = performance.now();
      }
      const f = findings[i];
      const d = this.derivedAt(i);
      if (query.severity && query.severity !== 'all' && f.severity !== query.severity) continue;
      if (query.file && f.file !== query.file) continue;
      if (query.rule && f.rule !== query.rule) continue;
      if (query.field && d.field !== query.field) continue;
      if (mrn && !d.mrn.startsWith(mrn)) continue;
      if (text && !this.haystackAt(i).includes(text)) continue;
      picked[count++] = i;
      counts[f.severity]++;
    }
    counts.shown = count;
    let order = picked.subarray(0, count);
    if (query.sort?.key) {
      order = await sortSliced(order, comparator(query.sort, findings, derived), stale);
      if (!order) return null;
    }
    const groups = query.group && query.group !== 'none' ? await group(order, query.group, findings, derived) : null;
    if (stale()) return null;
    if (groups) order = groups.order;
    return { order, groups: groups?.groups ?? null, counts };
  }
}

/** 0, 1, 2 … up to `n`, kept between calls and grown as findings arrive, so that showing the
 *  unfiltered view on each batch of a run allocates nothing (views of it are only read). */
let identityOrder = new Int32Array(0);
let identityLength = 0;
function identity(n) {
  if (n > identityOrder.length) {
    const grown = new Int32Array(Math.max(n, 2 * identityOrder.length, 1024));
    grown.set(identityOrder.subarray(0, identityLength));
    identityOrder = grown;
  }
  for (let i = identityLength; i < n; i++) identityOrder[i] = i;
  identityLength = Math.max(identityLength, n);
  return identityOrder.subarray(0, n);
}

function comparator(sort, findings, derived) {
  const dir = sort.dir === -1 ? -1 : 1;
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const by = {
    severity: (a, b) => derived[a].severity - derived[b].severity,
    rule: (a, b) => cmp(findings[a].rule, findings[b].rule),
    file: (a, b) => a - b, // the run's order of files, and input order within each
    location: (a, b) => derived[a].position - derived[b].position || cmp(derived[a].where, derived[b].where),
    message: (a, b) => cmp(findings[a].message, findings[b].message),
    field: (a, b) => cmp(derived[a].field, derived[b].field),
    value: (a, b) => cmp(findings[a].value ?? '', findings[b].value ?? ''),
    mrn: (a, b) => cmp(derived[a].mrn, derived[b].mrn),
  }[sort.key] ?? (() => 0);
  return (a, b) => dir * by(a, b) || a - b;
}

/** A bottom-up merge sort of `items` that yields to the browser between merges. */
async function sortSliced(items, cmp, stale) {
  let src = Int32Array.from(items);
  let dst = new Int32Array(src.length);
  const n = src.length;
  let sliceStart = performance.now();
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        if ((k & 4095) === 0 && performance.now() - sliceStart > SLICE_MS) {
          await yieldToBrowser();
          if (stale()) return null;
          sliceStart = performance.now();
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToBrowser();
        if (stale()) return null;
        sliceStart = performance.now();
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * Groups `order` by rule (largest group first) or by record (in file order), keeping the order
 * within each group; yields to the browser between slices.
 */
async function group(order, by, findings, derived) {
  const buckets = new Map();
  let sliceStart = performance.now();
  for (let k = 0; k < order.length; k++) {
    if ((k & 1023) === 0 && performance.now() - sliceStart > SLICE_MS) {
      await yieldToBrowser();
      sliceStart = performance.now();
    }
    const i = order[k];
    const key = by === 'rule' ? findings[i].rule : derived[i].record;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { key, items: [], counts: { error: 0, warning: 0, info: 0 }, sortKey: by === 'rule' ? 0 : derived[i].recordOrder, first: i };
      buckets.set(key, bucket);
    }
    bucket.items.push(i);
    bucket.counts[findings[i].severity]++;
  }
  const list = [...buckets.values()];
  if (by === 'rule') list.sort((a, b) => b.items.length - a.items.length || (a.key < b.key ? -1 : 1));
  else list.sort((a, b) => a.sortKey - b.sortKey);
  const out = new Int32Array(order.length);
  const groups = [];
  let start = 0;
  sliceStart = performance.now();
  for (const b of list) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToBrowser();
      sliceStart = performance.now();
    }
    out.set(b.items, start);
    const f = findings[b.first];
    const label = by === 'rule' ? `${b.key} ${f.name}` : (f.mrn ? `${b.key} · MRN ${f.mrn}` : b.key);
    groups.push({ key: b.key, label, start, count: b.items.length, counts: b.counts });
    start += b.items.length;
  }
  return { order: out, groups };
}

function yieldToBrowser() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
