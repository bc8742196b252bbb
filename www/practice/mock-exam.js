// The mock exam: questions drawn from every pack in proportion to the RHIT content outline's domain
// weights (rhit-outline.json, with its source), a timer that cannot be paused, no feedback until the
// end, then a score report per domain. Each answer is recorded as that exercise's first attempt,
// like any other. The arithmetic is in mock-score.js.
import { el } from '../view.js';
import { DOMAINS, keyOf, percent } from './common.js';
import { drawExam, scoreExam } from './mock-score.js';

const OUTLINE_URL = 'practice/rhit-outline.json';
/** The real exam allows about 1.4 minutes per question (150 questions in 3.5 hours). */
const MINUTES_PER_QUESTION = 1.4;

let outlineCache = null;

async function loadOutline() {
  if (!outlineCache) {
    const response = await fetch(OUTLINE_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    outlineCache = await response.json();
  }
  return outlineCache;
}

/** The dashboard's mock exam box: number of questions and the start button. */
export function mockControls(lab) {
  const id = 'practice-mock-questions';
  const count = el('input', { type: 'number', id, min: '5', max: '150', value: '40', class: 'narrow', 'data-testid': 'mock-questions' });
  const minutes = el('span', { class: 'muted', 'data-testid': 'mock-minutes' });
  const show = () => { minutes.textContent = `${Math.ceil(clampCount(count.value) * MINUTES_PER_QUESTION)} minutes, the timer cannot be paused`; };
  count.addEventListener('input', show);
  show();
  return el('section', { class: 'practice-mock', 'aria-labelledby': 'practice-mock-heading' },
    el('h3', { id: 'practice-mock-heading' }, 'Mock exam'),
    el('p', { class: 'muted' }, 'Questions from every pack, weighted like the RHIT content outline domains. One answer per question, no hints and no feedback until the end; then a score report per domain.'),
    el('div', { class: 'field-row' },
      el('div', { class: 'field' }, el('label', { for: id }, 'Questions'), count), minutes,
      el('button', { type: 'button', 'data-testid': 'mock-start', onclick: () => { lab.returnTo = 'mock-start'; startMock(lab, clampCount(count.value)); } }, 'Start mock exam')));
}

function clampCount(value) {
  return Math.min(150, Math.max(5, Math.floor(Number(value)) || 40));
}

/** Starts a mock exam of `questions` questions. */
export async function startMock(lab, questions) {
  let outline;
  try {
    outline = await loadOutline();
  } catch (err) {
    lab.flash(`The exam outline could not be loaded: ${err.message}`);
    return;
  }
  const seed = `${Date.now()}`;
  const items = drawExam(lab.items(), outline, questions, seed, (item) => Boolean(lab.attempt(item)));
  if (!items.length) {
    lab.flash('No exercises are loaded.');
    return;
  }
  lab.session = {
    title: 'Mock exam',
    items,
    index: 0,
    rounds: new Map(),
    deadline: Date.now() + Math.ceil(items.length * MINUTES_PER_QUESTION) * 60000,
    mock: { outline, seed },
  };
  lab.showExercise();
}

/** The report at the end of a mock exam. */
export function showMockReport(lab) {
  const s = lab.session;
  const results = s.items.map((item) => {
    const r = s.rounds.get(keyOf(item));
    return { item, domain: item.ex.domain, score: r?.first ? r.first.score : null };
  });
  const report = scoreExam(results, s.mock.outline);
  const heading = el('h2', { tabindex: '-1' }, 'Mock exam report');
  const table = el('table', { class: 'progress-table', 'data-testid': 'mock-report' },
    el('caption', {}, 'Score per domain (unanswered questions count 0)'),
    el('thead', {}, el('tr', {}, ['Domain', 'Outline weight', 'Questions', 'Answered', 'Score'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, report.domains.map((d) => el('tr', { 'data-testid': `mock-row-${d.domain}` },
      el('th', { scope: 'row' }, DOMAINS[d.domain] ?? d.title), el('td', {}, percent(d.weight)), el('td', {}, String(d.questions)),
      el('td', {}, String(d.answered)), el('td', {}, d.score === null ? '—' : percent(d.score))))));
  lab.screen(el('div', { class: 'practice-summary', 'data-testid': 'mock-summary' }, heading,
    el('p', { 'data-testid': 'mock-total' }, `${report.answered} of ${report.questions} answered · score ${percent(report.score)}`),
    el('div', { class: 'table-scroll' }, table),
    el('p', { class: 'muted' }, `${s.mock.outline.source} ${s.mock.outline.note}`),
    el('h3', {}, 'Questions'),
    el('ol', { 'data-testid': 'mock-results' }, results.map(({ item, score }) => el('li', {}, `${item.ex.title} (${DOMAINS[item.ex.domain] ?? item.ex.domain}): `,
      score === null ? 'not answered' : percent(score)))),
    el('p', { class: 'muted' }, 'Each answer was recorded as that exercise\'s first try. Open an exercise from the dashboard to see its answer and explanation.'),
    el('div', { class: 'field-row' }, el('button', { type: 'button', 'data-testid': 'mock-back', onclick: () => { lab.session = null; lab.showDashboard({ focus: true }); } }, 'Back to the dashboard'))));
  heading.focus();
}
