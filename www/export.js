// Findings exports. The engine writes them (the same code as `recordlint check --format`), in a
// worker of their own so that the page stays responsive; the page saves them through a blob: URL
// (nothing is uploaded). Also the printable report.
import { clear, counted, el, formatCount, locationText, severityBadge } from './view.js';

const FORMATS = {
  csv: { suffix: 'findings.csv', type: 'text/csv' },
  json: { suffix: 'findings.json', type: 'application/json' },
  'operation-outcome': { suffix: 'operation-outcome.json', type: 'application/fhir+json' },
};

let worker = null;
let nextId = 0;
const waiting = new Map();

function exportWorker() {
  if (worker) return worker;
  worker = new Worker(new URL('./export-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    const job = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.error) job?.reject(new Error(data.error)); else job?.resolve(data.text);
  };
  worker.onerror = (e) => {
    for (const job of waiting.values()) job.reject(new Error(e.message || 'the export worker stopped'));
    waiting.clear();
    worker = null;
  };
  return worker;
}

/**
 * Resolves to the text of `files` (`[{ file, report }]`, each report `{ format, findings,
 * summary }`) in `format`, made by the engine, marked as the result of a cancelled run when
 * `partial` is its note.
 */
export function exportText(files, format, partial = null) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    exportWorker().postMessage({ id, files, format, partial });
  });
}

/**
 * Exports `files` (`[{ file, report }]`) in `format` (`csv`, `json`, `operation-outcome`) and
 * saves it as a file named after `label`. `partial` (the
 * note of a cancelled run, `partial: first 12.0 MB of 100 MB, 149,603 records`) goes into the
 * export and its file name.
 */
export async function exportFindings(files, format, label, partial = null) {
  const spec = FORMATS[format];
  if (!spec) throw new Error(`unknown export format ${format}`);
  const text = await exportText(files, format, partial);
  download(`${baseName(label)}${partial ? '-partial' : ''}-${spec.suffix}`, spec.type, text);
}

/** Saves `content` as a file named `name`. */
export function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function baseName(label) {
  return (label || 'records').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'records';
}

/**
 * Fills the print-only areas: `head` (before the cards and charts) with the title, when and what
 * was checked; `area` (after them) with the findings of the view.
 */
export function printReport(head, area, { label, summary, shown, rows, view, partial = null }) {
  clear(area);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  clear(head).append(el('div', {},
    el('h2', {}, `Findings report: ${label || 'records'}`),
    partial ? el('p', {}, el('strong', {}, partial)) : null,
    el('p', {}, `Printed ${when} UTC · ${view}`),
    summary ? el('p', {}, `${counted(summary.records, 'record')}, ${formatCount(summary.clean_records)} clean; ${counted(summary.errors, 'error')}, ${counted(summary.warnings, 'warning')}, ${formatCount(summary.infos)} info.`) : null));
  const files = rows.some((f) => f.file); // a run of several files
  area.append(el('div', {},
    el('table', { class: 'print-table' },
      el('thead', {}, el('tr', {}, ['Severity', 'Rule', files ? 'File' : null, 'Where', 'Value', 'What'].filter(Boolean).map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((f) => el('tr', {},
        el('td', {}, severityBadge(f.severity)),
        el('td', { class: 'mono' }, `${f.rule} ${f.name}`),
        files ? el('td', { class: 'mono' }, f.file) : null,
        el('td', { class: 'mono' }, locationText(f.location)),
        el('td', { class: 'mono' }, f.value ?? ''),
        el('td', {}, f.message))))),
    shown > rows.length ? el('p', {}, `The first ${formatCount(rows.length)} of ${counted(shown, 'finding')} are printed; the exports hold all of them.`) : null,
  ));
}
