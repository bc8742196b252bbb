// One exercise on its screen: the task on the left, the answer and feedback on the right, graded
// by the engine on submit. The answer form of each type comes from its view module; each view is
// `view({ item, ex, task, form, lab })` and returns `{ answer() }`.
import { clear, el } from '../view.js';
import { DIFFICULTIES, DOMAINS, TYPES, keyOf, percent } from './common.js';
import { codingView } from './coding.js';
import { deficiencyView } from './deficiency.js';
import { findErrorView } from './find-error.js';
import { fixRecordView } from './fix-record.js';
import { statisticsView } from './statistics.js';
import { roiView } from './roi.js';
import { mpiView } from './mpi.js';

const VIEWS = {
  coding: codingView,
  deficiency: deficiencyView,
  find_error: findErrorView,
  fix_record: fixRecordView,
  statistics: statisticsView,
  roi: roiView,
  mpi: mpiView,
};
const KIND_ICON = { right: '✓', partial: '◐', wrong: '✕', missing: '○', extra: '+' };
const KIND_WORD = { right: 'Right', partial: 'Partly right', wrong: 'Wrong', missing: 'Missed', extra: 'Not in the key' };

/** Shows the session's current exercise. */
export function showExercise(lab) {
  const s = lab.session;
  const item = s.items[s.index];
  const { ex } = item;
  const expired = s.deadline !== null && lab.timeLeft() === 0;
  const heading = el('h2', { tabindex: '-1', 'data-testid': 'exercise-title' }, ex.title);
  const timer = el('span', { class: 'practice-timer', role: 'timer', 'data-testid': 'exercise-timer' });
  const nav = el('nav', { class: 'practice-nav', 'aria-label': 'Exercise navigation' },
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-back', onclick: () => { lab.session = null; lab.showDashboard(); } }, '← Dashboard'),
    el('span', { class: 'muted', 'data-testid': 'exercise-position' }, `${s.title} · ${s.index + 1} of ${s.items.length}`),
    s.deadline ? timer : null,
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-prev', disabled: s.index === 0, onclick: () => lab.go(-1) }, 'Previous'),
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-next', onclick: () => lab.go(1) }, s.index + 1 < s.items.length ? 'Next' : 'Finish'));

  const feedback = el('div', { class: 'practice-feedback', 'data-testid': 'feedback', 'aria-live': 'polite' });
  const attempt = lab.attempt(item);
  const task = el('div', { class: 'practice-task' },
    el('p', { class: 'tags' },
      el('span', { class: 'tag' }, TYPES[ex.type] ?? ex.type),
      el('span', { class: 'tag' }, DOMAINS[ex.domain] ?? ex.domain),
      el('span', { class: 'tag' }, DIFFICULTIES[ex.difficulty] ?? ex.difficulty),
      ex.date ? el('span', { class: 'tag' }, `Date of service ${ex.date}`) : null,
      attempt ? el('span', { class: 'tag done', 'data-testid': 'exercise-best' }, `Best so far ${percent(attempt.best)}`) : null),
    el('p', { class: 'prompt', 'data-testid': 'exercise-prompt' }, ex.prompt));
  const form = el('form', { class: 'practice-answer', 'data-testid': 'exercise-answer', novalidate: true });
  const view = typeView({ item, ex, task, form, lab });
  if (s.deadline === null) task.append(hints(ex));
  const submit = el('button', { type: 'submit', 'data-testid': 'exercise-submit', disabled: expired }, 'Check answer');
  form.append(el('div', { class: 'field-row' }, submit), feedback);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (s.deadline !== null && lab.timeLeft() === 0) return;
    const grade = lab.grade(item, view.answer());
    if (!grade) return;
    lab.record(item, grade);
    s.results.set(keyOf(item), grade);
    showGrade(feedback, grade, true);
  });
  const previous = s.results.get(keyOf(item));
  if (previous) showGrade(feedback, previous, false);

  lab.screen(el('div', { class: 'practice-exercise', 'data-testid': 'exercise-screen', 'data-type': ex.type, 'data-exercise-id': ex.id },
    nav, heading, el('div', { class: 'practice-columns' }, task, form)));
  if (s.deadline !== null) {
    lab.startTimer(timer, () => {
      submit.disabled = true;
      feedback.prepend(el('p', { class: 'practice-error', 'data-testid': 'exam-time-up' }, 'Time is up. Your answers so far are saved; finish to see the summary.'));
    });
  }
  heading.focus();
}

function typeView(cx) {
  const view = VIEWS[cx.ex.type];
  if (view) return view(cx);
  cx.form.append(el('p', { class: 'practice-error' }, `Unknown exercise type ${String(cx.ex.type)}.`));
  return { answer: () => ({}) };
}

function hints(ex) {
  const list = Array.isArray(ex.hints) ? ex.hints : [];
  if (!list.length) return el('p', { class: 'muted' }, 'No hints for this one.');
  const shown = el('ol', { class: 'hints', 'data-testid': 'exercise-hints' });
  const button = el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-hint-button' }, `Show a hint (${list.length})`);
  button.addEventListener('click', () => {
    const n = shown.children.length;
    if (n < list.length) shown.append(el('li', { tabindex: '-1' }, list[n]));
    shown.lastElementChild?.focus();
    const left = list.length - shown.children.length;
    button.textContent = left ? `Show another hint (${left})` : 'No more hints';
    button.disabled = left === 0;
  });
  return el('div', { class: 'hint-box' }, button, shown);
}

function showGrade(box, grade, focus) {
  const verdict = grade.correct ? 'Correct' : grade.score > 0 ? 'Partly right' : 'Not yet';
  const title = el('h3', { tabindex: '-1', 'data-testid': 'feedback-score', class: `verdict ${grade.correct ? 'ok' : grade.score > 0 ? 'partial' : 'bad'}` },
    el('span', { 'aria-hidden': 'true' }, grade.correct ? '✓ ' : grade.score > 0 ? '◐ ' : '✕ '), `${verdict} — ${percent(grade.score)}`);
  const list = el('ul', { class: 'feedback-list' }, grade.feedback.map((f) =>
    el('li', { class: `fb fb-${f.kind}`, 'data-testid': 'feedback-item', 'data-kind': f.kind },
      el('span', { class: 'fb-kind' }, el('span', { 'aria-hidden': 'true' }, `${KIND_ICON[f.kind] ?? '•'} `), KIND_WORD[f.kind] ?? f.kind),
      ' ', el('span', { class: 'mono' }, f.item), ' — ', f.message)));
  clear(box).append(title, list);
  if (grade.explanation) box.append(el('div', { class: 'explanation', 'data-testid': 'explanation' }, el('h4', {}, 'Explanation'), el('p', {}, grade.explanation)));
  if (focus) title.focus();
}
