// Find the error: the record as the engine reads it (`readRecords`: CSV cells under their header,
// HL7 v2 fields by path), each cell a button that selects its location as findings print it;
// the student picks the kind of error (a rule) and adds it to the list.
import { clear, el } from '../view.js';

export function findErrorView({ ex, task, form, lab }) {
  const record = ex.record ?? {};
  const marked = [];
  const locationId = 'practice-fe-location';
  const ruleId = 'practice-fe-rule';
  const location = el('input', { id: locationId, type: 'text', class: 'mono', 'data-testid': 'find-error-location', autocomplete: 'off', placeholder: record.format === 'fhir' ? '/birthDate' : record.format === 'hl7v2' ? 'message 1, PID-7' : 'row 2, discharge_date' });
  const rule = el('select', { id: ruleId, 'data-testid': 'find-error-rule' }, el('option', { value: '' }, 'Choose the kind of error…'));
  const ruleHelp = el('p', { class: 'muted', id: 'practice-fe-rule-help', 'data-testid': 'find-error-rule-help' });
  rule.setAttribute('aria-describedby', 'practice-fe-rule-help');
  const rules = lab.ruleList();
  for (const r of rules) rule.append(el('option', { value: r.id }, `${r.id} ${r.name}`));
  rule.addEventListener('change', () => { ruleHelp.textContent = rules.find((r) => r.id === rule.value)?.summary ?? ''; });
  const list = el('ul', { class: 'marked-errors', 'data-testid': 'find-error-list' });
  const status = el('p', { class: 'muted', role: 'status' });
  const pick = (loc) => {
    location.value = loc;
    status.textContent = `Selected ${loc}. Now choose the kind of error and add it.`;
    rule.focus();
  };
  const redraw = () => {
    clear(list);
    marked.forEach((m, i) => list.append(el('li', {}, el('span', { class: 'mono' }, `${m.rule} · ${m.location}`), ' ',
      el('button', { type: 'button', class: 'link', 'aria-label': `Remove ${m.rule} at ${m.location}`, onclick: () => { marked.splice(i, 1); redraw(); } }, 'Remove'))));
    if (!marked.length) list.append(el('li', { class: 'muted' }, 'No errors marked yet.'));
  };
  redraw();
  task.append(el('h3', {}, `The record (${record.format ?? 'unknown format'})`), recordView(lab.wasm, record, pick));
  form.append(el('fieldset', {}, el('legend', {}, 'Mark an error'),
    el('p', { class: 'muted' }, 'Select a cell in the record (or type its location), pick the kind of error, then add it.'),
    el('div', { class: 'field' }, el('label', { for: locationId }, 'Location'), location),
    el('div', { class: 'field' }, el('label', { for: ruleId }, 'Kind of error'), rule, ruleHelp),
    el('button', {
      type: 'button', class: 'secondary', 'data-testid': 'find-error-add',
      onclick: () => {
        if (!location.value.trim() || !rule.value) { status.textContent = 'Choose both a location and a kind of error.'; return; }
        marked.push({ rule: rule.value, location: location.value.trim() });
        status.textContent = `Added ${rule.value} at ${location.value.trim()}.`;
        location.value = '';
        rule.value = '';
        ruleHelp.textContent = '';
        redraw();
      },
    }, 'Add this error'), status),
  el('h3', {}, 'Errors you marked'), list);
  return {
    answer: () => ({ errors: marked.map((m) => ({ ...m })) }),
    key: () => {
      const names = new Map(rules.map((r) => [r.id, r.name]));
      return el('ul', { class: 'key-list' }, (ex.answer?.errors ?? []).map((e) =>
        el('li', {}, el('span', { class: 'mono' }, e.location), ' — ', el('span', { class: 'mono' }, e.rule), names.has(e.rule) ? ` ${names.get(e.rule)}` : '')));
    },
  };
}

/** The record as clickable cells (CSV, HL7 v2) or as text (FHIR, or what the engine cannot read). */
function recordView(engine, record, pick) {
  const text = String(record.text ?? '');
  let source = null;
  try {
    if (record.format === 'csv' || record.format === 'hl7v2') source = engine.readRecords(text);
  } catch {
    source = null;
  }
  if (source?.format === 'csv') return csvGrid(source, pick);
  if (source?.format === 'hl7v2') return hl7Segments(source, pick);
  return el('pre', { class: 'record-text', tabindex: '0', 'data-testid': 'find-error-table' }, text);
}

function csvGrid(source, pick) {
  const blank = (value) => value.trim() === '';
  const table = el('table', { class: 'record-grid', 'data-testid': 'find-error-table' },
    el('caption', { class: 'visually-hidden' }, 'The record; each cell is a button that selects its location'));
  table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Row'),
    source.header.map((h, c) => el('th', { scope: 'col' }, el('button', { type: 'button', class: 'cell-button', 'data-testid': `find-error-cell-1-${c}`, onclick: () => pick('row 1') }, h.value))))));
  const body = el('tbody');
  for (const row of source.records) {
    const n = row.location.row;
    body.append(el('tr', {},
      el('th', { scope: 'row' }, el('button', { type: 'button', class: 'cell-button', 'data-testid': `find-error-row-${n}`, 'aria-label': `Row ${n} as a whole`, onclick: () => pick(row.place) }, String(n))),
      row.cells.map((cell, c) => el('td', { 'data-label': source.header[c]?.value || cell.name || `column ${c + 1}` }, el('button', {
        type: 'button', class: `cell-button${blank(cell.value) ? ' blank' : ''}`, 'data-testid': `find-error-cell-${n}-${c}`,
        'aria-label': `Row ${n}, ${cell.name || `column ${c + 1}`}: ${blank(cell.value) ? 'blank' : cell.value}`,
        onclick: () => pick(cell.place),
      }, blank(cell.value) ? '∅' : cell.value)))));
  }
  table.append(body);
  const wrap = el('div', { class: 'record-wrap' }, table,
    el('button', { type: 'button', class: 'link', 'data-testid': 'find-error-file', onclick: () => pick('file') }, 'The file as a whole'));
  stackWhenNarrow(wrap, table);
  return wrap;
}

/** Shows the grid as a spreadsheet while it fits its box, and as one card per row (each cell
 * under its header) when it does not, so that no cell is ever cut off. */
function stackWhenNarrow(wrap, table) {
  const fit = () => {
    table.classList.remove('stacked');
    if (table.scrollWidth > wrap.clientWidth + 1) table.classList.add('stacked');
  };
  new ResizeObserver(fit).observe(wrap);
}

function hl7Segments(source, pick) {
  const wrap = el('div', { class: 'hl7-record', 'data-testid': 'find-error-table' });
  for (const message of source.records) {
    const n = message.location.message;
    for (const seg of message.segments) {
      wrap.append(el('div', { class: 'hl7-segment' }, el('span', { class: 'seg-name mono' }, seg.id),
        // MSH-1 is the field separator itself, nothing to select.
        seg.cells.filter((cell) => seg.id !== 'MSH' || cell.number > 1).map((cell) => el('button', {
          type: 'button', class: 'cell-button mono', 'data-testid': `find-error-cell-${n}-${cell.name}`,
          'aria-label': `${cell.place}: ${cell.value || 'blank'}`,
          onclick: () => pick(cell.place),
        }, cell.value || '∅'))));
    }
  }
  return wrap;
}
