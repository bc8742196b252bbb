// Findings exports. The engine writes them (the same code as `recordlint check --format`), in a
// worker of their own so that the page stays responsive; the page saves them through a blob: URL
// (nothing is uploaded). Also the printable report.
import { clear, el, formatCount, locationText, severityBadge } from './view.js';

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

/** Resolves to the text of `report` ({ format, findings, summary }) in `format`, made by the engine. */
export function exportText(report, format, label) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    exportWorker().postMessage({ id, report, format, file: label || 'records' });
  });
}

/** Exports `report` in `format` (`csv`, `json`, `operation-outcome`) and saves it. */
export async function exportFindings(report, format, label) {
  const spec = FORMATS[format];
  if (!spec) throw new Error(`unknown export format ${format}`);
  const text = await exportText(report, format, label);
  download(`${baseName(label)}-${spec.suffix}`, spec.type, text);
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

/** Fills the print-only area: what was checked, the counts, and the findings of the view. */
export function printReport(area, { label, summary, shown, rows, view }) {
  clear(area);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  area.append(el('div', {},
    el('h2', {}, `Findings report: ${label || 'records'}`),
    el('p', {}, `Printed ${when} UTC · ${view}`),
    summary ? el('p', {}, `${formatCount(summary.records)} records, ${formatCount(summary.clean_records)} clean; ${formatCount(summary.errors)} errors, ${formatCount(summary.warnings)} warnings, ${formatCount(summary.infos)} info.`) : null,
    el('table', { class: 'print-table' },
      el('thead', {}, el('tr', {}, ['Severity', 'Rule', 'Where', 'Value', 'What'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((f) => el('tr', {},
        el('td', {}, severityBadge(f.severity)),
        el('td', { class: 'mono' }, `${f.rule} ${f.name}`),
        el('td', { class: 'mono' }, locationText(f.location)),
        el('td', { class: 'mono' }, f.value ?? ''),
        el('td', {}, f.message))))),
    shown > rows.length ? el('p', {}, `The first ${formatCount(rows.length)} of ${formatCount(shown)} findings are printed; the exports hold all of them.`) : null,
  ));
}
