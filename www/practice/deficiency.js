// Deficiency analysis: the chart's sections and items, each with a "Deficient" box.
import { el } from '../view.js';

export function deficiencyView({ ex, form }) {
  const boxes = [];
  const doc = el('div', { class: 'chart-document', 'data-testid': 'deficiency-chart' });
  for (const section of ex.chart?.sections ?? []) {
    const rows = el('dl', {});
    for (const item of section.items ?? []) {
      const id = `practice-def-${item.id}`;
      const box = el('input', { type: 'checkbox', id, 'data-testid': `deficiency-item-${item.id}`, value: item.id });
      boxes.push(box);
      const blank = String(item.value ?? '').trim() === '';
      rows.append(el('div', { class: 'chart-item' },
        el('dt', {}, item.label),
        el('dd', { class: blank ? 'blank' : '' }, blank ? '(blank)' : item.value),
        el('dd', { class: 'mark' }, box, el('label', { for: id }, el('span', { class: 'visually-hidden' }, `${item.label}: `), 'Deficient'))));
    }
    doc.append(el('section', {}, el('h4', {}, section.title), rows));
  }
  form.append(el('fieldset', {}, el('legend', {}, 'Mark what is missing or deficient'), doc));
  const labels = new Map();
  for (const section of ex.chart?.sections ?? []) for (const item of section.items ?? []) labels.set(item.id, `${section.title}: ${item.label}`);
  return {
    answer: () => ({ deficient: boxes.filter((b) => b.checked).map((b) => b.value) }),
    key: () => el('ul', { class: 'key-list' }, (ex.answer?.deficient ?? []).map((id) => el('li', {}, labels.get(id) ?? id))),
  };
}
