// Abstracting: the record's documents to read, and the abstract to fill in — principal (or
// first-listed) diagnosis, secondary diagnoses with POA indicators, ICD-10-PCS procedures and the
// discharge status. The answer is the grader's `{ principal: { code, poa }, secondary: [{ code,
// poa }], procedures: [code], discharge_status }`.
import { el } from '../view.js';
import { dischargeWords } from './vocabulary.js';

const POA = [['', 'POA —'], ['Y', 'Y (present)'], ['N', 'N (not present)'], ['U', 'U (insufficient documentation)'], ['W', 'W (clinically undetermined)']];

export function abstractingView({ ex, task, form, lab }) {
  const inpatient = ex.setting === 'inpatient';
  task.append(el('h3', {}, inpatient ? 'The inpatient record' : 'The outpatient record'),
    el('div', { class: 'abstract-record', 'data-testid': 'abstracting-record' }, (ex.documents ?? []).map((d) =>
      el('section', {}, el('h4', {}, d.title), el('p', { class: 'scenario' }, d.text)))));
  let rows = 0;
  const dxRow = (kind) => {
    rows += 1;
    const id = `practice-abs-${kind}-${rows}`;
    const code = el('input', { id, type: 'text', class: 'mono code', autocomplete: 'off', spellcheck: 'false', 'data-testid': kind === 'principal' ? 'abstracting-principal' : `abstracting-secondary-${rows - 1}` });
    const poa = inpatient ? el('select', { 'aria-label': `POA indicator`, 'data-testid': kind === 'principal' ? 'abstracting-principal-poa' : `abstracting-secondary-poa-${rows - 1}` },
      POA.map(([v, t]) => el('option', { value: v }, t))) : null;
    const label = kind === 'principal' ? (inpatient ? 'Principal diagnosis (ICD-10-CM)' : 'First-listed diagnosis (ICD-10-CM)') : `Secondary diagnosis ${rows - 1}`;
    return { code, poa, node: el('li', { class: 'abstract-row' }, el('label', { for: id }, label), el('span', { class: 'abstract-inputs' }, code, poa)) };
  };
  const principal = dxRow('principal');
  const secondary = [];
  const secondaryList = el('ol', { class: 'code-inputs' });
  const addSecondary = () => {
    const r = dxRow('secondary');
    secondary.push(r);
    secondaryList.append(r.node);
    return r;
  };
  for (let i = 0; i < 3; i++) addSecondary();
  form.append(el('fieldset', {}, el('legend', {}, 'Diagnoses'),
    el('ol', { class: 'code-inputs' }, principal.node), secondaryList,
    el('button', { type: 'button', class: 'secondary', 'data-testid': 'abstracting-add-secondary', onclick: () => addSecondary().code.focus() }, 'Add a secondary diagnosis'),
    el('p', { class: 'muted' }, inpatient
      ? 'Leave POA at "—" for codes exempt from POA reporting. Dots and case do not matter.'
      : 'Outpatient: no POA indicators. Dots and case do not matter.')));
  const procedures = [];
  if (inpatient) {
    const list = el('ol', { class: 'code-inputs' });
    const addProcedure = () => {
      const n = procedures.length + 1;
      const id = `practice-abs-px-${n}`;
      const input = el('input', { id, type: 'text', class: 'mono code', autocomplete: 'off', spellcheck: 'false', 'data-testid': `abstracting-procedure-${n}` });
      procedures.push(input);
      list.append(el('li', {}, el('label', { for: id }, `ICD-10-PCS procedure ${n}`), input));
      return input;
    };
    for (let i = 0; i < 2; i++) addProcedure();
    form.append(el('fieldset', {}, el('legend', {}, 'Procedures'), list,
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'abstracting-add-procedure', onclick: () => addProcedure().focus() }, 'Add a procedure'),
      el('p', { class: 'muted' }, 'Leave empty when no procedure is codable.')));
  }
  const statusId = 'practice-abs-status';
  const status = el('select', { id: statusId, 'data-testid': 'abstracting-status' }, el('option', { value: '' }, 'Choose…'),
    (ex.discharge_choices ?? []).map((c) => el('option', { value: c }, `${c} ${dischargeWords(lab.wasm, c)}`)));
  form.append(el('div', { class: 'field' }, el('label', { for: statusId }, 'Discharge status (UB-04 form locator 17)'), status));
  const dx = (r) => (inpatient ? { code: r.code.value.trim(), poa: r.poa.value } : { code: r.code.value.trim() });
  const parts = [['principal', inpatient ? 'Principal diagnosis' : 'First-listed diagnosis'], ['secondary', 'Secondary diagnoses'],
    ...(inpatient ? [['poa', 'POA indicators'], ['procedures', 'Procedures (ICD-10-PCS)']] : []), ['discharge_status', 'Discharge status']];
  return {
    /** The explanation part by part, when the answer is shown without a graded try. */
    explanation: () => [ex.explanation, ...parts.map(([k, name]) => `${name}: ${ex.explanations?.[k] ?? ''}`)].join('\n\n'),
    answer: () => ({
      principal: dx(principal),
      secondary: secondary.filter((r) => r.code.value.trim()).map(dx),
      ...(inpatient ? { procedures: procedures.map((i) => i.value.trim()).filter(Boolean) } : {}),
      discharge_status: status.value,
    }),
    key: () => {
      const a = ex.answer ?? {};
      const poa = (c) => (inpatient && a.poa?.[c] ? ` POA ${a.poa[c]}` : '');
      return el('dl', { class: 'key-facts' },
        el('dt', {}, inpatient ? 'Principal diagnosis' : 'First-listed diagnosis'), el('dd', { class: 'mono' }, `${a.principal}${poa(a.principal)}`),
        el('dt', {}, 'Secondary diagnoses'), el('dd', { class: 'mono' }, (a.secondary ?? []).map((c) => `${c}${poa(c)}`).join(', ') || 'none'),
        (a.optional ?? []).length ? [el('dt', {}, 'Optional, at no cost'), el('dd', { class: 'mono' }, a.optional.join(', '))] : null,
        inpatient ? [el('dt', {}, 'Procedures'), el('dd', { class: 'mono' }, (a.procedures ?? []).join(', ') || 'none')] : null,
        el('dt', {}, 'Discharge status'), el('dd', {}, `${a.discharge_status} ${dischargeWords(lab.wasm, a.discharge_status)}`));
    },
  };
}
