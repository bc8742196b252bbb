// The end of a session and the student's progress: scores per domain (a bar chart and a table),
// the exercises tried, the report to export or print, and resetting it all.
import { counted, el } from '../view.js';
import { barsSvg } from '../charts.js';
import { DOMAINS, TYPES, keyOf, percent } from './common.js';

const REVEALED = { correct: 'after a right answer', 'gave-up': 'on request', 'last-try': 'after the last try' };

/** The summary of the session just finished. */
export function showSummary(lab) {
  const s = lab.session;
  // A scored round counts with its first try (or 0 when the answer was shown first); a practice
  // round is listed apart.
  const results = s.items.map((item) => {
    const r = s.rounds.get(keyOf(item));
    const a = lab.attempt(item);
    if (!r || (!r.first && !r.revealed)) return { item, text: 'not answered' };
    if (r.practice) return { item, text: r.first ? `practice ${percent(r.first.score)} (your score stays ${percent(a?.score ?? 0)})` : 'practice: answer shown' };
    return { item, score: a?.score ?? r.first?.score ?? 0, text: r.first ? `${percent(a?.score ?? r.first.score)} (first try)` : '0% (answer shown before a try)' };
  });
  const answered = results.filter((r) => r.score !== undefined);
  const mean = answered.length ? answered.reduce((t, r) => t + r.score, 0) / answered.length : 0;
  const heading = el('h2', { tabindex: '-1' }, 'Session summary');
  lab.screen(el('div', { class: 'practice-summary', 'data-testid': 'session-summary' }, heading,
    el('p', {}, `${answered.length} of ${s.items.length} scored · average score ${percent(mean)} (first tries)`),
    el('ul', { 'data-testid': 'session-results' }, results.map(({ item, text }) => el('li', {}, `${item.ex.title}: `, text))),
    el('div', { class: 'field-row' },
      el('button', { type: 'button', onclick: () => lab.showDashboard({ focus: true }) }, 'Back to the dashboard'),
      el('button', { type: 'button', class: 'secondary', onclick: () => lab.showProgress() }, 'My progress'))));
  heading.focus();
}

function domainScores(lab) {
  const attempts = Object.values(lab.progress.attempts);
  return Object.entries(DOMAINS).map(([domain, label]) => {
    const mine = attempts.filter((a) => a.domain === domain);
    const available = lab.items().filter((i) => i.ex.domain === domain).length;
    const mean = mine.length ? mine.reduce((t, a) => t + a.score, 0) / mine.length : 0;
    return { domain, label, done: mine.length, available, mean };
  });
}

/** Average score (first tries) per domain, on a scale of 0–100 %, with every bar's full track drawn. */
function chart(scores) {
  const summary = `Average score (first tries) per domain: ${scores.map((s) => `${s.label} ${percent(s.mean)}`).join('; ')}`;
  const bars = scores.map((s) => ({ label: s.label, value: s.mean, text: s.done ? percent(s.mean) : '—' }));
  return barsSvg(bars, summary, {
    max: 1, row: 26, label: 250, labelGap: 8, bar: 300, room: 60, pad: 4, gap: 4, thick: 16, rx: 3, track: true, valueAtEnd: true,
    minWidth: 0, truncateAt: 0, attrs: { class: 'progress-chart', 'data-testid': 'progress-chart' },
  });
}

/** The student's progress and report. */
export function showProgress(lab) {
  const scores = domainScores(lab);
  const attempts = Object.entries(lab.progress.attempts);
  const heading = el('h2', { tabindex: '-1' }, 'My progress');
  const table = el('table', { class: 'progress-table', 'data-testid': 'progress-table' },
    el('caption', {}, 'Scores per domain (each exercise\'s first try, averaged over the exercises tried; practice rounds do not count)'),
    el('thead', {}, el('tr', {}, ['Domain', 'Tried', 'Available', 'Average'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, scores.map((s) => el('tr', { 'data-testid': `progress-row-${s.domain}` },
      el('th', { scope: 'row' }, s.label), el('td', {}, String(s.done)), el('td', {}, String(s.available)), el('td', {}, s.done ? percent(s.mean) : '—')))));
  const history = el('table', { class: 'progress-table', 'data-testid': 'progress-history' },
    el('caption', {}, 'Exercises tried'),
    el('thead', {}, el('tr', {}, ['Exercise', 'Type', 'Domain', 'Score (first try)', 'Tries', 'Answer shown', 'Practice', 'When'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, attempts.map(([key, a]) => el('tr', {},
      el('td', {}, a.title ?? key), el('td', {}, TYPES[a.type] ?? a.type ?? ''), el('td', {}, DOMAINS[a.domain] ?? a.domain ?? ''),
      el('td', {}, a.legacy ? `${percent(a.score)} (best of ${a.tries}, before first-try scoring)` : percent(a.score)),
      el('td', {}, String(a.tries)), el('td', {}, REVEALED[a.revealed] ?? '—'),
      el('td', { 'data-testid': 'progress-practice' }, a.practice ? `${a.practice.tries} ${a.practice.tries === 1 ? 'try' : 'tries'}, best ${percent(a.practice.best)}` : '—'),
      el('td', {}, String(a.at ?? '').slice(0, 16).replace('T', ' '))))));
  const nameId = 'practice-student-name';
  const name = el('input', { id: nameId, type: 'text', autocomplete: 'name', 'data-testid': 'progress-student-name' });
  const report = el('section', { class: 'practice-report', 'data-testid': 'progress-report', 'aria-labelledby': 'practice-report-title' },
    el('h3', { id: 'practice-report-title' }, 'Practice report'),
    el('p', { class: 'report-meta' }, `recordlint Practice lab · ${new Date().toISOString().slice(0, 10)} · ${counted(attempts.length, 'exercise')} tried`),
    el('p', { class: 'report-name' }, ''),
    chart(scores), scrollBox(table, 'Scores per domain'), attempts.length ? scrollBox(history, 'Exercises tried') : el('p', { class: 'muted', 'data-testid': 'progress-empty' }, 'Nothing tried yet.'));
  const reportName = report.querySelector('.report-name');
  name.addEventListener('input', () => { reportName.textContent = name.value ? `Student: ${name.value}` : ''; });
  lab.screen(el('div', { class: 'practice-progress', 'data-testid': 'progress-view' },
    el('nav', { class: 'practice-nav', 'aria-label': 'Progress navigation' },
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'progress-back', onclick: () => lab.showDashboard({ focus: true }) }, '← Dashboard')),
    heading, lab.noticeBox(),
    el('div', { class: 'field-row' },
      el('div', { class: 'field' }, el('label', { for: nameId }, 'Your name for the report (not stored)'), name),
      el('button', { type: 'button', 'data-testid': 'progress-export', onclick: () => exportJson(lab, name.value) }, 'Export as JSON'),
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'progress-print', onclick: () => print() }, 'Print report'),
      el('button', { type: 'button', class: 'danger', 'data-testid': 'progress-reset', onclick: () => reset(lab) }, 'Reset progress')),
    report));
  heading.focus();
}

/** A table in a box that scrolls sideways when the screen is narrower (reachable by keyboard). */
function scrollBox(table, label) {
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

function exportJson(lab, student) {
  const data = {
    format: 'recordlint-progress/2',
    exported: new Date().toISOString(),
    student: student || undefined,
    domains: domainScores(lab).map(({ domain, done, available, mean }) => ({ domain, tried: done, available, average: Math.round(mean * 1000) / 1000 })),
    attempts: lab.progress.attempts,
  };
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = el('a', { href: url, download: `recordlint-progress-${data.exported.slice(0, 10)}.json`, 'data-testid': 'progress-export-link' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function print() {
  const html = document.documentElement;
  html.classList.add('practice-printing');
  const done = () => { html.classList.remove('practice-printing'); window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  window.print();
}

function reset(lab) {
  if (!window.confirm('Erase all practice progress in this browser? Export it first if you need it.')) return;
  lab.resetProgress();
  lab.notices.push('Progress was reset.');
  showProgress(lab);
}
