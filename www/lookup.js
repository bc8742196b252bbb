// "Look up codes": one search box, a date, answers as you type — in plain words first.
// Descriptions (ICD-10-CM, ICD-10-PCS, HCPCS) load lazily from same-origin assets; a newer official release file
// can be loaded for this session.
import { clear, el, formatCount } from './view.js';

const SYSTEM_NAMES = {
  icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS Level II', cpt: 'CPT', npi: 'NPI',
  loinc: 'LOINC', snomed: 'SNOMED CT', ndc: 'NDC', other: 'Other',
};
// Icon, word and tone per verdict: "format valid" (CPT, NPI, LOINC, SNOMED CT, NDC: content not
// bundled, only the format or check digit checked) is neutral, never the green of "valid".
const VERDICT = {
  valid: ['✓', 'valid', 'ok'],
  format_valid: ['◇', 'format valid', 'format'],
  heading: ['▤', 'heading — not billable', 'warning'],
  other_dates: ['◷', 'not valid on this date', 'error'],
  unknown: ['?', 'not a code', 'error'],
  invalid: ['✕', 'invalid', 'error'],
};
const DESCRIPTIONS_ASSET = 'data/icd10cm-descriptions.txt.deflate';
const NOTES_ASSET = 'data/icd10cm-notes.txt.deflate';
const PCS_DESCRIPTIONS_ASSET = 'data/icd10pcs-descriptions.txt.deflate';
const HCPCS_DESCRIPTIONS_ASSET = 'data/hcpcs-descriptions.txt.deflate';
const NOTE_KINDS = {
  includes: 'Includes', inclusion_term: 'Inclusion terms', excludes1: 'Excludes1', excludes2: 'Excludes2',
  code_first: 'Code first', use_additional_code: 'Use additional code', code_also: 'Code also',
};

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Mounts the panel; `onRelease(text, name)` passes a loaded release on to the validator. */
export function mountLookup(root, wasm, onRelease = () => {}) {
  /** The panel's code tables: the built-in ones, with the descriptions and notes fetched below
   *  and a release the user loads. */
  const tables = new wasm.Tables();
  const input = el('input', { id: 'lookup-code', type: 'search', class: 'mono', autocomplete: 'off', spellcheck: 'false', placeholder: 'E11.9, S52.501A, 0DTJ4ZZ, J1100, 1234567893…', 'data-testid': 'lookup-input' });
  const date = el('input', { id: 'lookup-date', type: 'date', value: today(), 'data-testid': 'lookup-date' });
  const results = el('div', { class: 'lookup-results', 'aria-live': 'polite', 'data-testid': 'lookup-results' });
  const banner = el('p', { class: 'lookup-banner muted', 'data-testid': 'lookup-release' }, 'Bundled tables: ICD-10-CM FY2027 validity (descriptions FY2026), ICD-10-PCS, HCPCS Level II 2026 Q2.');
  const releaseInput = el('input', { id: 'lookup-release-file', type: 'file', accept: '.txt,text/plain', 'data-testid': 'lookup-release-file' });
  const descriptions = Promise.all([loadBundledDescriptions(tables, banner), loadBundledNotes(tables, banner), loadBundledPcsDescriptions(tables, banner), loadBundledHcpcsDescriptions(tables, banner)]);

  clear(root).append(
    el('h2', {}, 'Look up codes'),
    el('div', { class: 'lookup-form' },
      el('div', { class: 'field grow' }, el('label', { for: 'lookup-code' }, 'Code'), input),
      el('div', { class: 'field' }, el('label', { for: 'lookup-date' }, 'Date of service'), date)),
    banner,
    results,
    el('details', { class: 'lookup-newer' },
      el('summary', {}, 'Use a newer official release'),
      el('p', { class: 'muted' }, 'Load the CDC/CMS ICD-10-CM order file (icd10cm_order_YYYY.txt). It is read on this device and used for this session only.'),
      el('label', { for: 'lookup-release-file' }, 'Release file '), releaseInput));

  let timer = 0;
  const run = async () => {
    await descriptions;
    render(results, input.value, date.value, wasm, tables, (code) => { input.value = code; run(); });
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 60); });
  date.addEventListener('change', run);
  releaseInput.addEventListener('change', async () => {
    const file = releaseInput.files?.[0];
    if (!file) return;
    try {
      const text = await file.text();
      await descriptions;
      const r = tables.loadOrderFile(text, file.name);
      onRelease(text, file.name);
      banner.textContent = `Active release: ${file.name}, in force for dates of service from ${r.effective_from} `
        + `(${formatCount(r.billable)} billable codes, ${formatCount(r.new_codes)} new, ${formatCount(r.ended_codes)} no longer listed). `
        + 'Loaded in this session only; earlier dates use the bundled tables.';
      banner.classList.remove('muted', 'error');
      banner.classList.add('active');
      run();
    } catch (err) {
      banner.textContent = `Could not use ${file.name}: ${err.message}`;
      banner.classList.add('error');
    }
  });
  input.focus();
  if (input.value) run();
}

async function loadBundledDescriptions(tables, banner) {
  try {
    const response = await fetch(DESCRIPTIONS_ASSET);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    tables.loadDescriptions(new Uint8Array(await response.arrayBuffer()));
  } catch (err) {
    banner.textContent += ` Descriptions could not be loaded (${err.message}); validity still works.`;
  }
}

async function loadBundledPcsDescriptions(tables, banner) {
  try {
    const response = await fetch(PCS_DESCRIPTIONS_ASSET);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    tables.loadPcsDescriptions(new Uint8Array(await response.arrayBuffer()));
  } catch (err) {
    banner.textContent += ` ICD-10-PCS descriptions could not be loaded (${err.message}).`;
  }
}

async function loadBundledHcpcsDescriptions(tables, banner) {
  try {
    const response = await fetch(HCPCS_DESCRIPTIONS_ASSET);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    tables.loadHcpcsDescriptions(new Uint8Array(await response.arrayBuffer()));
  } catch (err) {
    banner.textContent += ` HCPCS descriptions could not be loaded (${err.message}).`;
  }
}

async function loadBundledNotes(tables, banner) {
  try {
    const response = await fetch(NOTES_ASSET);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    tables.loadNotes(new Uint8Array(await response.arrayBuffer()));
  } catch (err) {
    banner.textContent += ` Tabular notes could not be loaded (${err.message}).`;
  }
}

function render(results, text, date, wasm, tables, lookUp) {
  clear(results);
  if (!text.trim()) {
    results.append(el('p', { class: 'muted' }, 'Type a code of any system: ICD-10-CM, ICD-10-PCS, HCPCS, CPT (format), NPI, LOINC, SNOMED CT or NDC.'));
    return;
  }
  let answers;
  try {
    answers = wasm.lookupCode(text, date || undefined, tables);
  } catch (err) {
    results.append(el('p', { class: 'status error' }, err.message));
    return;
  }
  for (const a of answers) results.append(card(a, lookUp));
}

function card(a, lookUp) {
  const [icon, word, tone] = VERDICT[a.verdict] ?? ['•', a.verdict, 'info'];
  const box = el('article', { class: `lookup-card tone-${tone}`, 'data-testid': 'lookup-card', 'data-verdict': a.verdict },
    el('header', {},
      el('span', { class: 'mono lookup-code' }, a.code),
      el('span', { class: 'family' }, SYSTEM_NAMES[a.system] ?? a.system),
      el('span', { class: `sev sev-${tone === 'ok' || tone === 'format' ? 'info' : tone}`, 'data-testid': 'lookup-verdict' }, el('span', { class: 'sev-icon', 'aria-hidden': 'true' }, icon), word)),
    el('p', { class: 'lookup-answer', 'data-testid': 'lookup-answer' }, a.answer));
  if (a.description) box.append(el('p', { class: 'lookup-description', 'data-testid': 'lookup-description' }, a.description));
  if (a.notes?.length) box.append(el('ul', { class: 'lookup-notes' }, a.notes.map((n) => el('li', {}, n))));
  if (a.pcs_axes?.length) {
    box.append(el('h3', {}, 'What the characters mean'),
      el('ul', { class: 'lookup-notes', 'data-testid': 'lookup-pcs-axes' },
        a.pcs_axes.map((x) => el('li', {}, `${x.position} `, el('span', { class: 'mono' }, x.value), ` ${x.axis}: ${x.meaning}`))));
  }
  if (a.suggestions?.length) {
    box.append(el('h3', {}, 'Did you mean'),
      el('ul', { class: 'lookup-choices', 'data-testid': 'lookup-suggestions' },
        a.suggestions.map((c) => choiceItem(c, lookUp, true))));
  }
  if (a.seventh_characters?.length) {
    const from = a.seventh_from ? ` (defined at ${a.seventh_from})` : '';
    box.append(el('table', { class: 'lookup-seventh', 'data-testid': 'lookup-seventh' },
      el('caption', {}, `7th characters${from}`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '7th'), el('th', { scope: 'col' }, 'Meaning'))),
      el('tbody', {}, a.seventh_characters.map((o) => el('tr', {}, el('td', { class: 'mono' }, o.character), el('td', {}, o.meaning))))));
  }
  if (a.tabular_notes?.length) {
    const kinds = [...new Set(a.tabular_notes.map((n) => n.kind))];
    for (const kind of kinds) {
      box.append(el('h3', {}, NOTE_KINDS[kind] ?? kind),
        el('ul', { class: 'lookup-notes', 'data-testid': `lookup-tabular-${kind}` },
          a.tabular_notes.filter((n) => n.kind === kind).map((n) => el('li', {}, n.text, el('span', { class: 'muted small' }, ` (${n.from})`)))));
    }
  }
  if (a.children?.length) {
    const more = a.children_total > a.children.length ? ` (first ${a.children.length} of ${a.children_total})` : '';
    box.append(el('h3', {}, `Codes under ${a.code}${more}`),
      el('ul', { class: 'lookup-choices', 'data-testid': 'lookup-children' },
        a.children.map((c) => choiceItem(c, lookUp, false))));
  }
  if (a.date) box.append(el('p', { class: 'muted small' }, `Tables consulted for ${a.date}.`));
  return box;
}

/** A code to choose (under a heading, or "did you mean"): the code as a button that looks it up,
 * what it is when `kind`, and its description when descriptions are loaded. */
function choiceItem(c, lookUp, kind) {
  return el('li', {},
    el('button', { type: 'button', class: 'link-like mono', onclick: () => lookUp(c.code) }, c.code),
    el('span', {},
      kind ? el('span', { class: c.billable ? 'choice-kind' : 'choice-kind muted' }, c.kind) : null,
      kind && c.description ? ' — ' : null,
      c.description ?? null));
}
