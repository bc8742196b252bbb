// Release of information and ethics: a scenario and one or several choices.
import { el } from '../view.js';

export function roiView({ ex, task, form }) {
  task.append(el('h3', {}, 'Scenario'), el('p', { class: 'scenario' }, ex.scenario));
  const multiple = Boolean(ex.multiple);
  const inputs = [];
  const fieldset = el('fieldset', { 'data-testid': 'roi-options' }, el('legend', {}, multiple ? 'Choose every correct answer' : 'Choose one answer'));
  for (const option of ex.options ?? []) {
    const id = `practice-roi-${option.id}`;
    const input = el('input', { type: multiple ? 'checkbox' : 'radio', name: 'practice-roi', id, value: option.id, 'data-testid': `roi-option-${option.id}` });
    inputs.push(input);
    fieldset.append(el('div', { class: 'option' }, input, el('label', { for: id }, el('span', { class: 'mono' }, `${option.id}. `), option.text)));
  }
  form.append(fieldset);
  return {
    answer: () => ({ choices: inputs.filter((i) => i.checked).map((i) => i.value) }),
    key: () => el('ul', { class: 'key-list' }, (ex.options ?? []).filter((o) => o.correct).map((o) =>
      el('li', {}, el('span', { class: 'mono' }, `${o.id}. `), o.text))),
  };
}
