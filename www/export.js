// Findings exports, built in the page and saved through a blob: URL (nothing is uploaded).

import { locationText } from './view.js';

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
  return (label || 'records').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_');
}

/** A CSV cell, quoted when needed; cells that a spreadsheet would run as formulas are prefixed. */
function cell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function exportFindingsCsv(findings, label) {
  const rows = [['severity', 'rule', 'name', 'location', 'message']];
  for (const f of findings) rows.push([f.severity, f.rule, f.name, locationText(f.location), f.message]);
  download(`${baseName(label)}-findings.csv`, 'text/csv', rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n');
}

export function exportFindingsJson(report, label) {
  download(`${baseName(label)}-findings.json`, 'application/json', JSON.stringify(report, null, 2));
}
