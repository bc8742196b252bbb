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

export const TYPES = ['coding', 'deficiency', 'find_error', 'fix_record', 'statistics', 'roi', 'mpi'];

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
