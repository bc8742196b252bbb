// MS-DRG: the coded stay, the exercise's own CC/MCC excerpt and DRG family (weights as given in the
// exercise), and the question — the DRG, the diagnoses that set its level, a payment or a
// case-mix index. Answers: `{ drg }`, `{ codes: [...] }` or `{ value }`.
import { el } from '../view.js';

const ASK = {
  drg: 'Choose the DRG this stay groups to',
  drivers: 'Mark every secondary diagnosis that sets the DRG level',
  payment: 'Payment (base rate × relative weight), in dollars',
  cmi: 'Case-mix index',
};

function table(caption, head, rows, testid) {
  return el('div', { class: 'table-scroll' }, el('table', { class: 'data-table', 'data-testid': testid },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => el(i ? 'td' : 'th', i ? {} : { scope: 'row' }, c)))))));
}

export function msDrgView({ ex, task, form }) {
  const c = ex.case;
  if (c) {
    const rows = [['Principal', el('span', { class: 'mono' }, c.principal), '—'],
      ...(c.secondary ?? []).map((d, i) => [`Secondary ${i + 1}`, el('span', { class: 'mono' }, d.code), d.poa]),
      ...(c.procedures ?? []).map((p, i) => [`Procedure ${i + 1}`, el('span', { class: 'mono' }, p), '—'])];
    task.append(table('The coded stay', ['Diagnosis or procedure', 'Code', 'POA'], rows, 'ms-drg-case'));
  }
  const excerpt = Object.entries(ex.cc_table ?? {});
  if (excerpt.length) {
    const excluded = new Set(ex.cc_exclusions ?? []);
    const hac = ex.hac ?? {};
    task.append(table('CC/MCC table excerpt (this exercise\'s data)', ['Code', 'Level', 'Notes'],
      excerpt.map(([code, level]) => [el('span', { class: 'mono' }, code), level,
        [excluded.has(code) ? 'Excluded as CC/MCC with this principal diagnosis. ' : '', hac[code] ? `Hospital-acquired condition: ${hac[code]}.` : ''].join('').trim() || '—']),
      'ms-drg-table'));
  }
  if (ex.family) {
    task.append(table(`DRG family: ${ex.family.title}`, ['DRG', 'Title', 'Relative weight (as given)'],
      ex.family.drgs.map((d) => [el('span', { class: 'mono' }, d.drg), d.title, d.weight === undefined ? '—' : String(d.weight)]), 'ms-drg-family'));
  }
  if ((ex.cases ?? []).length) {
    task.append(table('Discharges this period', ['DRG', 'Relative weight (as given)', 'Cases'],
      ex.cases.map((k) => [el('span', { class: 'mono' }, k.drg), String(k.weight), String(k.cases)]), 'ms-drg-cases'));
  }
  if (ex.base_rate !== undefined) task.append(el('p', {}, 'Base rate: ', el('span', { class: 'mono' }, `$${ex.base_rate}`)));
  task.append(el('p', { class: 'muted' }, 'Weights and table entries are as given in this exercise, not CMS\'s published values.'));

  const legend = el('legend', {}, ASK[ex.ask] ?? ex.ask);
  let answer;
  if (ex.ask === 'drg') {
    const inputs = (ex.family?.drgs ?? []).map((d) => {
      const id = `practice-drg-${d.drg}`;
      return { d, input: el('input', { type: 'radio', name: 'practice-drg', id, value: d.drg, 'data-testid': `ms-drg-option-${d.drg}` }), id };
    });
    form.append(el('fieldset', { 'data-testid': 'ms-drg-answer' }, legend, inputs.map(({ d, input, id }) =>
      el('div', { class: 'option' }, input, el('label', { for: id }, el('span', { class: 'mono' }, `${d.drg} `), d.title)))));
    answer = () => ({ drg: inputs.find((i) => i.input.checked)?.d.drg ?? '' });
  } else if (ex.ask === 'drivers') {
    const inputs = (c?.secondary ?? []).map((d, i) => {
      const id = `practice-drg-driver-${i}`;
      return { d, id, input: el('input', { type: 'checkbox', id, value: d.code, 'data-testid': `ms-drg-driver-${d.code}` }) };
    });
    form.append(el('fieldset', { 'data-testid': 'ms-drg-answer' }, legend, inputs.map(({ d, input, id }) =>
      el('div', { class: 'option' }, input, el('label', { for: id }, el('span', { class: 'mono' }, d.code), ` (POA ${d.poa})`)))));
    answer = () => ({ codes: inputs.filter((i) => i.input.checked).map((i) => i.d.code) });
  } else {
    const id = 'practice-drg-value';
    const places = ex.rounding ?? (ex.ask === 'cmi' ? 4 : 2);
    const input = el('input', { id, type: 'text', inputmode: 'decimal', class: 'mono narrow', autocomplete: 'off', 'data-testid': 'ms-drg-value' });
    form.append(el('div', { class: 'field', 'data-testid': 'ms-drg-answer' }, el('label', { for: id }, ASK[ex.ask] ?? ex.ask), input,
      el('p', { class: 'muted' }, `Round half up to ${places} decimal places; the value is graded exactly.`)));
    answer = () => ({ value: input.value.trim() });
  }
  return {
    answer,
    key: () => {
      const a = ex.answer ?? {};
      const text = a.drg ? `DRG ${a.drg}` : a.codes ? a.codes.join(', ') : String(a.value);
      return el('p', {}, el('span', { class: 'mono' }, text));
    },
  };
}
