// Fix the record: the record in an editor, checked by the engine as the student types.
import { clear, el } from '../view.js';

const LIVE_GRADE_MS = 400;

export function fixRecordView({ item, ex, form, lab }) {
  const id = 'practice-fix-text';
  const original = String(ex.record?.text ?? '');
  const area = el('textarea', { id, class: 'mono', rows: String(Math.min(16, original.split('\n').length + 2)), spellcheck: 'false', 'data-testid': 'fix-record-text' });
  area.value = original;
  const live = el('div', { class: 'live-check', 'aria-live': 'polite', 'data-testid': 'fix-record-live' });
  let pending = null;
  const check = () => {
    const grade = lab.grade(item, { text: area.value });
    if (!grade) return;
    const errors = grade.feedback.filter((f) => f.kind === 'wrong');
    clear(live).append(grade.correct
      ? el('p', { class: 'ok' }, '✓ The engine finds no errors. Check your answer to record it.')
      : el('p', {}, `${errors.length} problem(s) left:`),
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
  return { answer: () => ({ text: area.value }) };
}
