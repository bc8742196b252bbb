// Fix the record: the record in an editor, checked by the engine as the student types.
import { clear, counted, el } from '../view.js';

const LIVE_GRADE_MS = 400;

export function fixRecordView({ item, ex, form, lab }) {
  const id = 'practice-fix-text';
  const original = String(ex.record?.text ?? '');
  // wrap=off: a CSV line stays one line (scrolling inside the box), never broken inside a value.
  const area = el('textarea', { id, class: 'mono record-editor', wrap: 'off', rows: String(Math.min(16, original.split('\n').length + 2)), spellcheck: 'false', autocomplete: 'off', 'data-testid': 'fix-record-text' });
  area.value = original;
  const live = el('div', { class: 'live-check', 'aria-live': 'polite', 'data-testid': 'fix-record-live' });
  let pending = null;
  const check = () => {
    const grade = lab.grade(item, { text: area.value });
    if (!grade) return;
    const errors = grade.feedback.filter((f) => f.kind === 'wrong');
    clear(live).append(grade.correct
      ? el('p', { class: 'ok' }, '✓ The engine finds no errors and the corrections match the source documents. Check your answer to record it.')
      : el('p', {}, `${counted(errors.length, 'problem')} left:`),
    el('ul', {}, errors.map((f) => el('li', {}, el('span', { class: 'mono' }, f.item), ' — ', f.message))));
  };
  area.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(check, LIVE_GRADE_MS);
  });
  check();
  form.append(el('label', { for: id }, 'The record — edit it until the engine finds no errors'), area,
    el('div', { class: 'field-row' },
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'fix-record-reset', onclick: () => { area.value = original; check(); } }, 'Start over')),
    live);
  return {
    answer: () => ({ text: area.value }),
    key: () => {
      const { text, mayDiffer } = solutionOf(ex);
      return el('div', {},
        el('pre', { class: 'record-text lines', tabindex: '0', 'data-testid': 'fix-record-solution' }, text),
        mayDiffer.length ? el('p', { class: 'muted' }, `Not compared (any valid value is accepted): ${mayDiffer.join(', ')}.`) : null);
    },
  };
}

/** The exercise's solution: its text and the columns whose values are not compared. A pack gives
 * it as the text, or as `{ text, may_differ }`. */
export function solutionOf(ex) {
  const s = ex.solution;
  if (s && typeof s === 'object') return { text: String(s.text ?? ''), mayDiffer: Array.isArray(s.may_differ) ? s.may_differ.map(String) : [] };
  return { text: String(s ?? ''), mayDiffer: [] };
}
