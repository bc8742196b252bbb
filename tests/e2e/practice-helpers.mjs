// What the Practice lab's browser tests share: the bundled exercises by id, and entering an
// exercise's key as a student would.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../exercises/', import.meta.url));

/** Every bundled exercise, by id. */
export const exercises = new Map();
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json' && f !== 'index.json')) {
  for (const ex of JSON.parse(readFileSync(dir + name, 'utf8')).exercises) exercises.set(ex.id, ex);
}

export const TYPES = ['coding', 'deficiency', 'find_error', 'fix_record', 'statistics', 'roi', 'mpi', 'abstracting', 'ms_drg', 'cdi_query', 'em_mdm'];

/** The text of a fix_record solution: a pack gives it as the text or as `{ text, may_differ }`. */
export function solutionText(solution) {
  return typeof solution === 'string' ? solution : String(solution?.text ?? '');
}

/** Enters the key of `ex` as a student would. */
export async function answer(page, ex) {
  const a = ex.answer;
  switch (ex.type) {
    case 'coding':
      for (let i = 0; i < a.codes.length; i++) {
        if (i >= 3) await page.getByTestId('coding-add').click();
        await page.getByTestId(`coding-input-${i + 1}`).fill(a.codes[i].toLowerCase().replace('.', ''));
      }
      break;
    case 'deficiency':
      for (const id of a.deficient) await page.getByTestId(`deficiency-item-${id}`).check();
      break;
    case 'find_error':
      for (const e of a.errors) {
        await page.getByTestId('find-error-location').fill(e.location);
        await page.getByTestId('find-error-rule').selectOption(e.rule);
        await page.getByTestId('find-error-add').click();
      }
      break;
    case 'fix_record':
      await page.getByTestId('fix-record-text').fill(solutionText(ex.solution));
      break;
    case 'statistics':
      await page.getByTestId('statistics-value').fill(String(a.value));
      break;
    case 'roi':
      for (const o of ex.options.filter((o) => o.correct)) await page.getByTestId(`roi-option-${o.id}`).check();
      break;
    case 'mpi': {
      const letters = 'ABCDEFGHIJ';
      for (const [g, group] of a.groups.entries()) {
        for (const id of group) await page.getByTestId(`mpi-group-${id}`).selectOption(letters[g]);
      }
      for (const id of a.overlays) await page.getByTestId(`mpi-overlay-${id}`).check();
      break;
    }
    case 'abstracting': {
      const poa = (code) => a.poa?.[code] ?? '';
      await page.getByTestId('abstracting-principal').fill(a.principal);
      if (ex.setting === 'inpatient') await page.getByTestId('abstracting-principal-poa').selectOption(poa(a.principal));
      for (const [i, code] of (a.secondary ?? []).entries()) {
        if (i >= 3) await page.getByTestId('abstracting-add-secondary').click();
        await page.getByTestId(`abstracting-secondary-${i + 1}`).fill(code.toLowerCase());
        if (ex.setting === 'inpatient') await page.getByTestId(`abstracting-secondary-poa-${i + 1}`).selectOption(poa(code));
      }
      for (const [i, code] of (a.procedures ?? []).entries()) {
        if (i >= 2) await page.getByTestId('abstracting-add-procedure').click();
        await page.getByTestId(`abstracting-procedure-${i + 1}`).fill(code);
      }
      await page.getByTestId('abstracting-status').selectOption(a.discharge_status);
      break;
    }
    case 'ms_drg':
      if (ex.ask === 'drg') await page.getByTestId(`ms-drg-option-${a.drg}`).check();
      else if (ex.ask === 'drivers') for (const c of a.codes) await page.getByTestId(`ms-drg-driver-${c}`).check();
      else await page.getByTestId('ms-drg-value').fill(String(a.value));
      break;
    case 'cdi_query':
      if (ex.ask === 'choose') await page.getByTestId(`cdi-choice-${a.choice}`).check();
      else for (const f of a.flaws.length ? a.flaws : ['compliant']) await page.getByTestId(`cdi-flaw-${f}`).check();
      break;
    case 'em_mdm':
      for (const k of ['problems', 'data', 'risk', 'mdm']) await page.getByTestId(`em-${k}`).selectOption(a[k]);
      await page.getByTestId('em-code').selectOption(a.code);
      break;
    default:
      throw new Error(`no answer routine for ${ex.type}`);
  }
}

/** Opens the first exercise of `type` from the dashboard (the lab shown); returns it. */
export async function openExercise(page, type) {
  await page.getByTestId('filter-type').selectOption(type);
  await page.getByTestId('practice-start').click();
  const screen = page.getByTestId('exercise-screen');
  await screen.waitFor();
  const ex = exercises.get(await screen.getAttribute('data-exercise-id'));
  if (!ex) throw new Error(`the exercise on screen is not a bundled one`);
  return ex;
}

/** Opens the bundled exercise `id` (a session of its type, moved on to it); returns it. */
export async function openExerciseById(page, id) {
  const ex = exercises.get(id);
  if (!ex) throw new Error(`no bundled exercise ${id}`);
  await page.getByTestId('filter-type').selectOption(ex.type);
  await page.getByTestId('practice-start').click();
  const screen = page.getByTestId('exercise-screen');
  for (let i = 0; i < 200; i++) {
    await screen.waitFor();
    if (await screen.getAttribute('data-exercise-id') === id) return ex;
    await page.getByTestId('exercise-next').click();
  }
  throw new Error(`exercise ${id} not reached`);
}

/** The stored practice progress. */
export async function storedProgress(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('recordlint.progress.v1') ?? 'null'));
}
