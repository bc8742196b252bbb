// Coding: the scenario, and one input per code (the first is the principal / first-listed).
import { el } from '../view.js';

const SYSTEMS = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS Level II' };

export function codingView({ ex, task, form }) {
  const system = SYSTEMS[ex.system] ?? ex.system;
  task.append(el('h3', {}, 'Scenario'), el('p', { class: 'scenario' }, ex.scenario));
  const list = el('ol', { class: 'code-inputs' });
  const add = () => {
    const n = list.children.length + 1;
    const id = `practice-code-${n}`;
    const input = el('input', { id, type: 'text', class: 'mono code', autocomplete: 'off', spellcheck: 'false', 'data-testid': `coding-input-${n}`, placeholder: n === 1 ? 'e.g. E11.9' : '' });
    list.append(el('li', {}, el('label', { for: id }, n === 1 ? `${system} code 1 (principal / first-listed)` : `${system} code ${n}`), input));
    return input;
  };
  for (let i = 0; i < 3; i++) add();
  form.append(el('fieldset', {}, el('legend', {}, `Your ${system} codes`), list,
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'coding-add', onclick: () => add().focus() }, 'Add a code')),
  el('p', { class: 'muted' }, 'Dots and case do not matter (E119 = e11.9).'));
  return {
    answer: () => ({ codes: [...list.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean) }),
    key: () => {
      const a = ex.answer ?? {};
      const codes = el('ol', { class: 'key-list' }, (a.codes ?? []).map((c, i) => el('li', {}, el('span', { class: 'mono' }, c),
        i === 0 && a.sequenced ? ' (sequenced first)' : '')));
      const optional = (a.optional ?? []).length ? el('p', {}, 'Optional, at no cost: ', el('span', { class: 'mono' }, a.optional.join(', '))) : null;
      return el('div', {}, codes, a.sequenced ? null : el('p', { class: 'muted' }, 'Any order.'), optional);
    },
  };
}
