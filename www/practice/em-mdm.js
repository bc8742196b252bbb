// E/M by medical decision making: the visit note, a level for each of the three elements, the MDM
// level (two of three) and the code. Answer: `{ problems, data, risk, mdm, code }`.
import { el } from '../view.js';

const LEVELS = [['straightforward', 'Minimal / straightforward'], ['low', 'Low'], ['moderate', 'Moderate'], ['high', 'High']];
const ELEMENTS = [
  ['problems', 'Number and complexity of problems addressed'],
  ['data', 'Amount and complexity of data reviewed and analysed'],
  ['risk', 'Risk of complications of patient management'],
  ['mdm', 'Level of medical decision making (two of the three)'],
];
const CODES = ['99202', '99203', '99204', '99205', '99212', '99213', '99214', '99215'];

export function emMdmView({ ex, task, form }) {
  task.append(el('h3', {}, `Visit note (${ex.patient === 'new' ? 'new' : 'established'} patient)`),
    el('p', { class: 'scenario', 'data-testid': 'em-note' }, ex.note));
  const selects = {};
  const fields = ELEMENTS.map(([key, label]) => {
    const id = `practice-em-${key}`;
    selects[key] = el('select', { id, 'data-testid': `em-${key}` }, el('option', { value: '' }, 'Choose…'), LEVELS.map(([v, t]) => el('option', { value: v }, t)));
    return el('div', { class: 'field' }, el('label', { for: id }, label), selects[key]);
  });
  const codeId = 'practice-em-code';
  const code = el('select', { id: codeId, 'data-testid': 'em-code' }, el('option', { value: '' }, 'Choose…'),
    el('optgroup', { label: 'New patient' }, CODES.slice(0, 4).map((c) => el('option', { value: c }, c))),
    el('optgroup', { label: 'Established patient' }, CODES.slice(4).map((c) => el('option', { value: c }, c))));
  form.append(el('fieldset', { 'data-testid': 'em-answer' }, el('legend', {}, 'Medical decision making'), fields,
    el('div', { class: 'field' }, el('label', { for: codeId }, 'Office or other outpatient visit code'), code)));
  return {
    /** The explanation element by element, when the answer is shown without a graded try. */
    explanation: () => [ex.explanation, ...ELEMENTS.slice(0, 3).map(([k, label]) => `${label}: ${ex.explanations?.[k] ?? ''}`)].join('\n\n'),
    answer: () => ({ problems: selects.problems.value, data: selects.data.value, risk: selects.risk.value, mdm: selects.mdm.value, code: code.value }),
    key: () => {
      const a = ex.answer ?? {};
      return el('dl', { class: 'key-facts' }, ELEMENTS.map(([k, label]) => [el('dt', {}, label), el('dd', {}, a[k])]),
        el('dt', {}, 'Code'), el('dd', { class: 'mono' }, a.code));
    },
  };
}
