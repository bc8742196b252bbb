// The source around a finding, in the terms of its format: a CSV row beside its header, the FHIR
// element a pointer names inside its parent, an HL7 segment with field numbers and names. The
// row and the segment are read by the engine (`readRecords` on an excerpt of the file: the header
// and the row's lines, the message's lines up to the segment), so they are split as the checker
// split them. The offending value is marked by a <mark> and the words "this value" (never colour
// alone). All record text is inserted as text.
import { el } from './view.js';
import { hl7FieldName } from './hl7-fields.js';

/** Lines either side of the finding's line in the raw view. */
const RADIUS = 2;
/** Longest text shown of one line. */
const LINE_MAX = 400;
/** Largest document parsed to show a FHIR element in its parent. */
const JSON_MAX = 8 * 1024 * 1024;
/** Lines handed to the engine after a CSV row's first line (a quoted field may span lines). */
const ROW_LINES = 50;

/**
 * A node showing where `finding` is in `text`, or null when there is nothing to show. `engine`
 * is the wasm module (without it, only the raw lines are shown for CSV and HL7 v2).
 */
export function findingContext(finding, text, engine) {
  const loc = finding.location ?? {};
  if (text === null || text === undefined) return null;
  // Lines as the engine numbers them: HL7 v2 ends a line at CR, LF or CRLF; CSV and JSON at LF
  // (a CR inside a quoted CSV field is part of its line).
  const lines = loc.message !== undefined ? text.split(/\r\n|\r|\n/) : text.split('\n').map((l) => l.replace(/\r$/, ''));
  const parts = [];
  try {
    if (loc.row !== undefined && engine) parts.push(csvRow(engine, text, loc));
    else if (loc.message !== undefined && engine) parts.push(hl7Segment(engine, lines, loc));
    else if (loc.pointer !== undefined) parts.push(fhirElement(text, lines, loc));
  } catch {
    // A structural finding may point at text that does not parse: the raw lines still show it.
  }
  const line = loc.line;
  if (line) parts.push(rawLines(lines, line, loc.pointer ? lastKey(loc.pointer) : null));
  const shown = parts.filter(Boolean);
  return shown.length ? el('div', { class: 'context-view', 'data-testid': 'context' }, shown) : null;
}

function rawLines(lines, line, key) {
  const box = el('div', { class: 'context', role: 'region', tabindex: '0', 'aria-label': `Lines ${Math.max(1, line - RADIUS)} to ${Math.min(lines.length, line + RADIUS)} of the file` });
  for (let n = Math.max(1, line - RADIUS); n <= Math.min(lines.length, line + RADIUS); n++) {
    const text = lines[n - 1].slice(0, LINE_MAX);
    const hit = n === line;
    box.append(el('div', { class: hit ? 'hit' : undefined }, el('span', { class: 'ln' }, String(n)), hit && key ? markKey(text, key) : text));
  }
  return el('div', {}, el('h4', {}, 'In the file'), box);
}

/** `text` with the first `"key"` in it marked. */
function markKey(text, key) {
  const quoted = JSON.stringify(key);
  const at = text.indexOf(quoted);
  if (at < 0) return text;
  return [text.slice(0, at), el('mark', {}, quoted), text.slice(at + quoted.length)];
}

/* CSV: the row's cells beside the header's. */

function csvRow(engine, text, loc) {
  // The lines as written (CRs kept), so that the engine reads the row's bytes.
  const raw = text.split('\n');
  const rowLines = loc.row === 1 ? [] : raw.slice(loc.line - 1, loc.line + ROW_LINES);
  const source = engine.readRecords([raw[0] ?? '', ...rowLines].join('\n'), { line: loc.line, row: loc.row });
  const names = source.header.map((c) => c.name);
  const cells = loc.row === 1 ? source.header : source.records[0]?.cells ?? [];
  const table = el('table', { class: 'kv', 'aria-label': `Row ${loc.row} with its header` },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '#'), el('th', { scope: 'col' }, 'Column'), el('th', { scope: 'col' }, 'Value'))));
  const body = el('tbody');
  const count = Math.max(names.length, cells.length);
  for (let i = 0; i < count; i++) {
    const name = names[i] ?? '';
    const hit = loc.column !== undefined && name === loc.column;
    const value = cells[i]?.value ?? '';
    body.append(el('tr', { class: hit ? 'hit' : undefined },
      el('td', { class: 'num' }, String(i + 1)),
      el('th', { scope: 'row' }, name || (i >= names.length ? '(no header)' : '')),
      el('td', { class: 'mono' }, hit ? [el('mark', {}, value || '(blank)'), el('span', { class: 'this-value' }, ' ◀ this value')] : value)));
  }
  table.append(body);
  return el('div', {}, el('h4', {}, `Row ${loc.row} (line ${loc.line}) with its header`), el('div', { class: 'kv-scroll' }, table));
}

/* HL7 v2: the segment's fields, numbered and named. */

function hl7Segment(engine, lines, loc) {
  let msh = loc.line;
  while (msh >= 1 && !/^\s*\x0b?MSH/.test(lines[msh - 1] ?? '')) msh--;
  if (msh < 1) return null;
  const source = engine.readRecords(lines.slice(msh - 1, loc.line).join('\r'), { line: msh, message: loc.message });
  const segment = source.records[0]?.segments.find((s) => s.line === loc.line);
  if (!segment) return null;
  // The field a finding is about: `PID-7` of `PID-7.1`, `DG1[2]-3` of `DG1[2]-3(2).1`.
  const field = String(loc.path ?? '').replace(/[.(].*$/, '');
  const target = field.startsWith(`${segment.path}-`) ? Number(field.slice(segment.path.length + 1)) : null;
  const table = el('table', { class: 'kv', 'aria-label': `${segment.id} segment, field by field` },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Value'))));
  const body = el('tbody');
  const cells = [...segment.cells];
  if (target && !cells.some((c) => c.number === target)) cells.push({ number: target, value: '' });
  for (const { number, value } of cells) {
    const hit = number === target;
    if (!hit && value === '') continue;
    body.append(el('tr', { class: hit ? 'hit' : undefined },
      el('td', { class: 'mono' }, `${segment.id}-${number}`),
      el('th', { scope: 'row' }, hl7FieldName(segment.id, number)),
      el('td', { class: 'mono' }, hit ? [el('mark', {}, value || '(empty)'), el('span', { class: 'this-value' }, ' ◀ this value')] : value)));
  }
  table.append(body);
  return el('div', {}, el('h4', {}, `Message ${loc.message}, ${segment.id} segment (line ${loc.line}); empty fields hidden`), el('div', { class: 'kv-scroll' }, table));
}

/* FHIR JSON: the element the pointer names, inside its parent. */

function lastKey(pointer) {
  const parts = pointer.split('/').slice(1).map(unescapePointer);
  for (let i = parts.length - 1; i >= 0; i--) if (!/^\d+$/.test(parts[i])) return parts[i];
  return null;
}

function unescapePointer(segment) {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function fhirElement(text, lines, loc) {
  if (!loc.pointer) return null;
  const line = lines[(loc.line ?? 1) - 1] ?? '';
  // NDJSON: the pointer is into the resource on its line; otherwise into the whole document.
  let doc;
  const single = line.trim();
  if (single.startsWith('{') && single.endsWith('}') && lines.filter((l) => l.trim()).length > 1) {
    try { doc = JSON.parse(single); } catch { doc = undefined; }
  }
  if (doc === undefined) {
    if (text.length > JSON_MAX) return null;
    doc = JSON.parse(text);
  }
  const parts = loc.pointer.split('/').slice(1).map(unescapePointer);
  let parent = doc;
  for (const p of parts.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object' || !(p in parent)) return null;
    parent = parent[p];
  }
  const key = parts[parts.length - 1];
  if (parent === null || typeof parent !== 'object') return null;
  const present = key in parent;
  const pretty = JSON.stringify(parent, null, 2).split('\n');
  const box = el('div', { class: 'context context-json', role: 'region', tabindex: '0', 'aria-label': `The element ${loc.pointer} in its parent` });
  const keyLine = Array.isArray(parent) ? -1 : pretty.findIndex((l) => l.startsWith(`  ${JSON.stringify(key)}:`));
  const from = Math.max(0, keyLine - 8);
  const to = Math.min(pretty.length, keyLine < 0 ? 30 : keyLine + 12);
  for (let i = from; i < to; i++) {
    const hit = i === keyLine;
    box.append(el('div', { class: hit ? 'hit-element' : undefined }, hit ? [markKey(pretty[i].slice(0, LINE_MAX), key), el('span', { class: 'this-value' }, ' ◀ this element')] : pretty[i].slice(0, LINE_MAX)));
  }
  const where = parts.slice(0, -1).join('/') || '(root)';
  const heading = present ? `${key} in ${where}` : `${where}: ${key} is missing here`;
  return el('div', {}, el('h4', {}, heading), box);
}
