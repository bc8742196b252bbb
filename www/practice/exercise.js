// One exercise on its screen: the task on the left, the answer and feedback on the right, graded
// by the engine on submit. The answer form of each type comes from its view module; each view is
// `view({ item, ex, task, form, lab })` and returns `{ answer() }`.
import { clear, el } from '../view.js';
import { DIFFICULTIES, DOMAINS, TYPES, percent } from './common.js';
import { codingView } from './coding.js';
import { deficiencyView } from './deficiency.js';
import { findErrorView } from './find-error.js';
import { fixRecordView } from './fix-record.js';
import { statisticsView } from './statistics.js';
import { roiView } from './roi.js';
import { mpiView } from './mpi.js';
import { abstractingView } from './abstracting.js';
import { msDrgView } from './ms-drg.js';
import { cdiQueryView } from './cdi-query.js';
import { emMdmView } from './em-mdm.js';

const VIEWS = {
  coding: codingView,
  deficiency: deficiencyView,
  find_error: findErrorView,
  fix_record: fixRecordView,
  statistics: statisticsView,
  roi: roiView,
  mpi: mpiView,
  abstracting: abstractingView,
  ms_drg: msDrgView,
  cdi_query: cdiQueryView,
  em_mdm: emMdmView,
};
/** Types whose record or index needs the whole width: the task above the answer, not beside it. */
const WIDE = new Set(['find_error', 'fix_record', 'mpi']);
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
    s.mock
      ? el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-back', onclick: () => lab.showSummary() }, 'End exam')
      : el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-back', onclick: () => { lab.session = null; lab.showDashboard({ focus: true }); } }, '← Dashboard'),
    el('span', { class: 'muted', 'data-testid': 'exercise-position' }, `${s.title} · ${s.index + 1} of ${s.items.length}`),
    s.deadline ? timer : null,
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-prev', disabled: s.index === 0, onclick: () => lab.go(-1) }, 'Previous'),
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-next', onclick: () => lab.go(1) }, s.index + 1 < s.items.length ? 'Next' : 'Finish'));

  const feedback = el('div', { class: 'practice-feedback', 'data-testid': 'feedback', 'aria-live': 'polite' });
  const scoreTag = el('span', { class: 'tag', 'data-testid': 'exercise-score' });
  const practiceTag = el('span', { class: 'tag', 'data-testid': 'exercise-practice' });
  const task = el('div', { class: 'practice-task' },
    el('p', { class: 'tags' },
      el('span', { class: 'tag' }, TYPES[ex.type] ?? ex.type),
      el('span', { class: 'tag' }, DOMAINS[ex.domain] ?? ex.domain),
      el('span', { class: 'tag' }, DIFFICULTIES[ex.difficulty] ?? ex.difficulty),
      ex.date ? el('span', { class: 'tag' }, `Date of service ${ex.date}`) : null,
      scoreTag, practiceTag),
    el('p', { class: 'prompt', 'data-testid': 'exercise-prompt' }, ex.prompt));
  const form = el('form', { class: 'practice-answer', 'data-testid': 'exercise-answer', novalidate: true });
  const view = typeView({ item, ex, task, form, lab });
  if (s.deadline === null) task.append(hints(ex));
  const round = () => lab.round(item);
  const submit = el('button', { type: 'submit', 'data-testid': 'exercise-submit', disabled: expired }, 'Check answer');
  const giveUp = el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-give-up' }, 'Show answer');
  const again = el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-practice-again' }, 'Practice again');
  const triesNote = el('span', { class: 'muted', 'data-testid': 'exercise-tries' });
  const render = (focus) => {
    const r = round();
    if (s.mock) {
      renderMock({ r, submit, giveUp, again, triesNote, scoreTag, practiceTag, feedback, expired: lab.timeLeft() === 0, focus });
      return;
    }
    const max = lab.maxTries();
    const a = lab.attempt(item);
    scoreTag.hidden = !a;
    scoreTag.textContent = a ? scoreWords(a) : '';
    scoreTag.classList.toggle('done', Boolean(a?.correct));
    practiceTag.hidden = !a?.practice;
    practiceTag.textContent = a?.practice ? practiceWords(a.practice) : '';
    submit.disabled = Boolean(r.revealed) || (s.deadline !== null && lab.timeLeft() === 0);
    giveUp.hidden = Boolean(r.revealed);
    again.hidden = !r.revealed || s.deadline !== null;
    const left = max - r.tries;
    const tries = `${left} ${left === 1 ? 'try' : 'tries'} left`;
    if (r.revealed) triesNote.textContent = r.practice ? 'Practice round over; it did not change your score.' : '';
    else if (r.practice) triesNote.textContent = `Practice round, counted apart from your score: ${tries}.`;
    else triesNote.textContent = r.tries ? `${tries}.` : `Your first try is your score; ${tries}.`;
    if (r.revealed) showKey(feedback, { ex, view, round: r, focus });
    else if (r.grade) showHeldBack(feedback, { ex, grade: r.grade, left, focus });
    else clear(feedback);
  };
  giveUp.addEventListener('click', () => {
    if (s.deadline !== null && lab.timeLeft() === 0) return;
    lab.giveUp(item);
    render(true);
  });
  again.addEventListener('click', () => {
    lab.practiceAgain(item);
    showExercise(lab);
  });
  form.append(el('div', { class: 'field-row answer-actions' }, submit, giveUp, again, triesNote), feedback);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (s.deadline !== null && lab.timeLeft() === 0) return;
    if (round().revealed) return;
    const grade = lab.grade(item, view.answer());
    if (!grade) return;
    if (grade.input_error) {
      showInputError(feedback, grade);
      return;
    }
    lab.recordTry(item, grade);
    render(true);
  });
  render(false);

  lab.screen(el('div', { class: 'practice-exercise', 'data-testid': 'exercise-screen', 'data-type': ex.type, 'data-exercise-id': ex.id },
    nav, heading, el('div', { class: `practice-columns${WIDE.has(ex.type) ? ' wide' : ''}` }, task, form)));
  if (s.deadline !== null) {
    lab.startTimer(timer, () => {
      submit.disabled = true;
      giveUp.disabled = true;
      feedback.prepend(el('p', { class: 'practice-error', 'data-testid': 'exam-time-up' }, 'Time is up. Your answers so far are saved; finish to see the summary.'));
    });
  }
  heading.focus();
}

/** A mock exam question: one answer, saved without feedback; the score stays hidden until the report. */
function renderMock({ r, submit, giveUp, again, triesNote, scoreTag, practiceTag, feedback, expired, focus }) {
  scoreTag.hidden = true;
  practiceTag.hidden = true;
  giveUp.hidden = true;
  again.hidden = true;
  submit.textContent = 'Save answer';
  submit.disabled = r.tries > 0 || expired;
  triesNote.textContent = r.tries ? '' : 'One answer per question; no feedback until the end of the exam.';
  clear(feedback);
  if (r.tries) {
    const saved = el('p', { class: 'muted', tabindex: '-1', 'data-testid': 'mock-saved' }, 'Answer saved. Your score and the answers are shown at the end of the exam.');
    feedback.append(saved);
    if (focus) saved.focus();
  }
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

function scoreWords(a) {
  if (a.tries === 0 && a.revealed === 'gave-up') return 'Score 0% (answer shown before a try)';
  return a.legacy ? `Score ${percent(a.score)} (best of ${a.tries}, recorded before first-try scoring)` : `Score ${percent(a.score)} (first try)`;
}

function practiceWords(p) {
  return `Practice: ${p.tries} ${p.tries === 1 ? 'try' : 'tries'}, best ${percent(p.best)}`;
}

function verdictTitle(grade) {
  const verdict = grade.correct ? 'Correct' : grade.score > 0 ? 'Partly right' : 'Not yet';
  return el('h3', { tabindex: '-1', 'data-testid': 'feedback-score', class: `verdict ${grade.correct ? 'ok' : grade.score > 0 ? 'partial' : 'bad'}` },
    el('span', { 'aria-hidden': 'true' }, grade.correct ? '✓ ' : grade.score > 0 ? '◐ ' : '✕ '), `${verdict} — ${percent(grade.score)}`);
}

function feedbackItem(f, message = f.message) {
  return el('li', { class: `fb fb-${f.kind}`, 'data-testid': 'feedback-item', 'data-kind': f.kind },
    el('span', { class: 'fb-kind' }, el('span', { 'aria-hidden': 'true' }, `${KIND_ICON[f.kind] ?? '•'} `), KIND_WORD[f.kind] ?? f.kind),
    ' ', el('span', { class: 'mono' }, f.item), ' — ', message);
}

/** An answer the engine cannot read: its message, and no try counted. */
function showInputError(box, grade) {
  const message = grade.feedback.map((f) => f.message).join(' ') || 'The answer could not be read.';
  const title = el('p', { class: 'practice-error', role: 'alert', tabindex: '-1', 'data-testid': 'feedback-input-error' },
    `${message}${/[.!?]$/.test(message) ? '' : '.'} This did not count as a try: correct it and check again.`);
  clear(box).append(title);
  title.focus();
}

/** What the student may see before the key: the verdict, what was right and what was wrong in the
 * answer given; partly right and missed items are only counted (their messages name the key). */
function showHeldBack(box, { ex, grade, left, focus }) {
  const title = verdictTitle(grade);
  const tokens = keyTokens(ex);
  const shown = [];
  let partial = 0;
  let missing = 0;
  for (const f of grade.feedback) {
    const plain = ex.type === 'fix_record' || f.kind === 'right' || ((f.kind === 'wrong' || f.kind === 'extra') && ex.type !== 'statistics');
    if (f.kind === 'missing') missing += 1;
    else if (plain) shown.push(feedbackItem(f, mentions(f.message, tokens) ? 'not right yet; the answer shows why' : f.message));
    else if (f.kind === 'partial') partial += 1;
    else shown.push(feedbackItem(f, 'not right yet'));
  }
  const counts = [partial ? `${partial} partly right` : '', missing ? `${missing} missed` : ''].filter(Boolean).join(', ');
  clear(box).append(title, el('ul', { class: 'feedback-list' }, shown),
    el('p', { class: 'muted', 'data-testid': 'feedback-held-back' },
      `${counts ? `Also ${counts}. ` : ''}${left > 0 ? `Try again (${left} ${left === 1 ? 'try' : 'tries'} left), or choose "Show answer".` : ''}`));
  if (focus) title.focus();
}

/** The codes of a coding key, as they may appear in a message (without dots, upper case). */
function keyTokens(ex) {
  const a = ex.answer ?? {};
  const codes = ex.type === 'coding' ? a.codes
    : ex.type === 'abstracting' ? [a.principal, ...(a.secondary ?? []), ...(a.procedures ?? [])] : [];
  return (codes ?? []).map((c) => String(c ?? '').replaceAll('.', '').toUpperCase()).filter(Boolean);
}

function mentions(message, tokens) {
  const text = String(message).replaceAll('.', '').toUpperCase();
  return tokens.some((t) => text.includes(t));
}

/** The end of a round: the full feedback of the last try, the key and the explanation. */
function showKey(box, { ex, view, round, focus }) {
  const grade = round.grade;
  const why = { correct: '', 'gave-up': 'You chose to see the answer.', 'last-try': 'That was the last try.' }[round.revealed] ?? '';
  const title = grade ? verdictTitle(grade)
    : el('h3', { tabindex: '-1', 'data-testid': 'feedback-score', class: 'verdict' }, 'The answer');
  clear(box).append(title);
  if (why) box.append(el('p', { class: 'muted', 'data-testid': 'feedback-why' }, why));
  if (grade) box.append(el('ul', { class: 'feedback-list' }, grade.feedback.map((f) => feedbackItem(f))));
  const key = view.key?.();
  if (key) box.append(el('div', { class: 'answer-key', 'data-testid': 'answer-key' }, el('h4', {}, 'Answer key'), key));
  const explanation = grade?.explanation || view.explanation?.() || ex.explanation;
  if (explanation) box.append(el('div', { class: 'explanation', 'data-testid': 'explanation' }, el('h4', {}, 'Explanation'), el('p', {}, explanation)));
  if (focus) title.focus();
}
