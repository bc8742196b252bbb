// A run of several files in the findings workspace: one summary row per file (records, errors,
// warnings, clean share, a button that filters the findings to it) and the per-file reports the
// exports are written from, as `recordlint check A B C --format …` writes them.
import { el, formatCount } from './view.js';

/**
 * The counts of `findings` (what a filter shows), with the records and clean records of `base`
 * (the counts of everything checked): the summary an export of a filtered view carries.
 */
export function summaryOf(findings, base) {
  const byRule = {};
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) { byRule[f.rule] = (byRule[f.rule] ?? 0) + 1; counts[f.severity]++; }
  const s = base ?? { records: 0, clean_records: 0, truncated: false };
  return { records: s.records, clean_records: s.clean_records, errors: counts.error, warnings: counts.warning, infos: counts.info, by_rule: byRule, truncated: !!s.truncated };
}

/**
 * The reports to export, `[{ file, report }]` in run order: each file's findings among
 * `findings`, with the engine's counts of the file when nothing is filtered out (`filtered`
 * false) and the counts of what is shown otherwise. With `only` (the file filter) that file
 * alone; files a cancelled run never reached are left out.
 */
export function fileReports(files, findings, filtered, only = '') {
  const byFile = new Map(files.map((f) => [f.name, []]));
  for (const f of findings) byFile.get(f.file)?.push(f);
  return files
    .filter((f) => (only ? f.name === only : f.summary || byFile.get(f.name).length))
    .map((f) => {
      const mine = byFile.get(f.name);
      const summary = filtered || !f.summary ? summaryOf(mine, f.summary) : f.summary;
      return { file: f.name, report: { format: f.format ?? undefined, findings: mine, summary } };
    });
}

/**
 * After Cancel: the file the run was reading gets the counts of the part of it that was read (the
 * run's counts `total` less those of the files before it) and is marked partial; the files after
 * it are marked not checked.
 */
export function cancelFiles(files, total) {
  const open = files.findIndex((f) => !f.summary);
  if (open < 0) return;
  for (const f of files.slice(open + 1)) f.unchecked = true;
  if (!total) { files[open].unchecked = true; return; }
  const s = { ...total, by_rule: { ...total.by_rule } };
  for (const f of files.slice(0, open)) {
    for (const key of ['records', 'clean_records', 'errors', 'warnings', 'infos']) s[key] -= f.summary[key];
    for (const [rule, n] of Object.entries(f.summary.by_rule ?? {})) {
      s.by_rule[rule] -= n;
      if (!s.by_rule[rule]) delete s.by_rule[rule];
    }
  }
  Object.assign(files[open], { summary: s, partial: true });
}

/**
 * The summary row of file `f` ({ name, format, summary, partial, unchecked }: summary null while
 * it is checked).
 */
export function fileRow(f, onFilter) {
  const s = f.summary;
  const none = f.unchecked ? '—' : '…';
  const n = (value) => el('td', { class: 'num' }, s ? formatCount(value) : none);
  const clean = s?.records ? `${Math.round((s.clean_records / s.records) * 1000) / 10}%` : s ? '—' : none;
  const format = f.format ? f.format.toUpperCase() : f.partial ? 'partial' : f.unchecked ? 'not checked' : s ? '—' : 'checking…';
  return el('tr', { 'data-testid': 'file-row', dataset: { file: f.name } },
    el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link-like file-name', title: `Show only the findings in ${f.name}`, onclick: onFilter }, f.name)),
    el('td', {}, format),
    n(s?.records), n(s?.errors), n(s?.warnings),
    el('td', { class: 'num' }, clean));
}
