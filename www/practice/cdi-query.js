// Compliant queries: the record excerpt and the draft queries, each with the clinical indicators it
// cites and its options; the student chooses the compliant draft (`{ choice }`) or marks every flaw
// of one draft (`{ flaws: [...] }`, `["compliant"]` for none).
import { el } from '../view.js';
import { vocabulary } from './vocabulary.js';

const FORMAT = { open: 'Open-ended', multiple_choice: 'Multiple choice', yes_no: 'Yes/no' };

function draftCard(d) {
  return el('article', { class: 'query-draft', 'data-testid': `cdi-draft-${d.id}` },
    el('h4', {}, `Draft ${d.id} · ${FORMAT[d.format] ?? d.format}`),
    el('p', {}, d.question),
    (d.indicators ?? []).length
      ? el('div', {}, el('p', { class: 'muted' }, 'Clinical indicators cited:'), el('ul', {}, d.indicators.map((i) => el('li', {}, i))))
      : el('p', { class: 'muted' }, 'No clinical indicators cited.'),
    (d.options ?? []).length ? el('div', {}, el('p', { class: 'muted' }, 'Options offered:'), el('ul', { class: 'query-options' }, d.options.map((o) => el('li', {}, `☐ ${o}`)))) : null);
}

export function cdiQueryView({ ex, task, form, lab }) {
  task.append(el('h3', {}, 'From the record'), el('p', { class: 'scenario', 'data-testid': 'cdi-record' }, ex.record),
    el('h3', {}, ex.ask === 'choose' ? 'Draft queries' : 'The draft query'), ...(ex.drafts ?? []).map(draftCard));
  if (ex.ask === 'choose') {
    const inputs = (ex.drafts ?? []).map((d) => {
      const id = `practice-cdi-${d.id}`;
      return { d, id, input: el('input', { type: 'radio', name: 'practice-cdi', id, value: d.id, 'data-testid': `cdi-choice-${d.id}` }) };
    });
    form.append(el('fieldset', { 'data-testid': 'cdi-answer' }, el('legend', {}, 'Which draft is compliant?'),
      inputs.map(({ d, id, input }) => el('div', { class: 'option' }, input, el('label', { for: id }, `Draft ${d.id}`)))));
    return {
      answer: () => ({ choice: inputs.find((i) => i.input.checked)?.d.id ?? '' }),
      key: () => el('p', {}, `Draft ${ex.answer?.choice}`),
    };
  }
  const flaws = [...vocabulary(lab.wasm).query_flaws, ['compliant', 'has none of these flaws: it is compliant']];
  const inputs = flaws.map(([id, words]) => {
    const htmlId = `practice-cdi-flaw-${id}`;
    return { id, words, htmlId, input: el('input', { type: 'checkbox', id: htmlId, value: id, 'data-testid': `cdi-flaw-${id}` }) };
  });
  form.append(el('fieldset', { 'data-testid': 'cdi-answer' }, el('legend', {}, 'The draft…'),
    inputs.map(({ htmlId, input, words }) => el('div', { class: 'option' }, input, el('label', { for: htmlId }, words))),
    el('p', { class: 'muted' }, 'Each wrong mark costs as much as a right one earns; marking everything scores nothing.')));
  return {
    answer: () => ({ flaws: inputs.filter((i) => i.input.checked).map((i) => i.id) }),
    key: () => {
      const key = ex.answer?.flaws ?? [];
      if (!key.length) return el('p', {}, 'The draft is compliant.');
      return el('ul', { class: 'key-list' }, key.map((f) => el('li', {}, `It ${flaws.find(([id]) => id === f)?.[1] ?? f}`)));
    },
  };
}
