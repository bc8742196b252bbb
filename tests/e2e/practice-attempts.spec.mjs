// Grading a student can trust (issue 23): the first try is the exercise's score; the key (full
// feedback, answer key, explanation) is shown only after a right answer, "Show answer" or the last
// of three tries; "Practice again" is counted apart; an answer the engine cannot read is not a try;
// progress stored by the earlier version is migrated, not lost; MPI entries show who owns an MRN;
// a fix-the-record solution may be `{ text, may_differ }`.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';
import { answer, openExercise, openExerciseById, solutionText, storedProgress } from './practice-helpers.mjs';

const PROGRESS = 'recordlint.progress.v1';

test('the first try is the score: a right retry does not raise it, and the key stays hidden until then', async ({ page }) => {
  const errors = await openApp(page, '/#practice');
  const ex = await openExercise(page, 'statistics');
  const key = String(ex.answer.value);
  await expect(page.getByTestId('exercise-tries')).toContainText('Your first try is your score; 3 tries left');
  await page.getByTestId('statistics-value').fill(String(Number(ex.answer.value) + 1000));
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Not yet — 0%');
  await expect(page.getByTestId('feedback-held-back')).toContainText('2 tries left');
  await expect(page.getByTestId('answer-key')).toHaveCount(0);
  await expect(page.getByTestId('explanation')).toHaveCount(0);
  await expect(page.getByTestId('feedback'), 'the wrong try does not give the value away').not.toContainText(`answer is ${key}`);
  await expect(page.getByTestId('exercise-score')).toHaveText('Score 0% (first try)');

  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('answer-key')).toContainText(key);
  await expect(page.getByTestId('explanation')).toBeVisible();
  await expect(page.getByTestId('exercise-submit')).toBeDisabled();
  await expect(page.getByTestId('exercise-score'), 'the retry does not change the score').toHaveText('Score 0% (first try)');

  const stored = await storedProgress(page);
  const entry = Object.values(stored.attempts)[0];
  expect(stored.version).toBe(2);
  expect(entry).toMatchObject({ score: 0, tries: 2, last: 1, correct: false, revealed: 'correct' });

  await page.getByTestId('exercise-next').click();
  await page.getByTestId('exercise-back').click();
  await page.getByTestId('practice-progress-open').click();
  await expect(page.getByTestId('progress-row-data-analytics')).toContainText('0%');
  await expect(page.getByTestId('progress-row-data-analytics')).not.toContainText('100%');
  expect(errors).toEqual([]);
});

test('three wrong tries end the round and show the key', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await openExercise(page, 'coding');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('coding-input-1').fill('Z00.00');
    await page.getByTestId('exercise-submit').click();
    await expect(page.getByTestId('feedback-score')).toBeVisible();
    if (i < 3) {
      await expect(page.getByTestId('feedback-held-back')).toContainText(`${3 - i} ${3 - i === 1 ? 'try' : 'tries'} left`);
      await expect(page.getByTestId('answer-key')).toHaveCount(0);
      await expect(page.getByTestId('feedback'), 'no key code before the last try').not.toContainText(ex.answer.codes[0]);
    }
  }
  await expect(page.getByTestId('feedback-why')).toContainText('last try');
  await expect(page.getByTestId('answer-key')).toContainText(ex.answer.codes[0]);
  await expect(page.getByTestId('explanation')).toBeVisible();
  await expect(page.getByTestId('exercise-submit')).toBeDisabled();
  await expect(page.getByTestId('exercise-give-up')).toBeHidden();
  expect(Object.values((await storedProgress(page)).attempts)[0]).toMatchObject({ score: 0, tries: 3, revealed: 'last-try' });
});

test('giving up shows the key and scores 0; practice again is counted apart from the score', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await openExercise(page, 'roi');
  const right = ex.options.find((o) => o.correct);
  await page.getByTestId('exercise-give-up').click();
  await expect(page.getByTestId('feedback-why')).toContainText('You chose to see the answer');
  await expect(page.getByTestId('answer-key')).toContainText(right.text);
  await expect(page.getByTestId('explanation')).toBeVisible();
  await expect(page.getByTestId('exercise-score')).toHaveText('Score 0% (answer shown before a try)');

  await page.getByTestId('exercise-practice-again').click();
  await expect(page.getByTestId('exercise-tries')).toContainText('Practice round');
  await expect(page.getByTestId('answer-key')).toHaveCount(0);
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('exercise-score'), 'practice does not change the score').toHaveText('Score 0% (answer shown before a try)');
  await expect(page.getByTestId('exercise-practice')).toHaveText('Practice: 1 try, best 100%');

  await page.getByTestId('exercise-back').click();
  await page.getByTestId('practice-progress-open').click();
  const row = page.getByTestId('progress-history').locator('tr', { hasText: ex.title });
  await expect(row).toContainText('on request');
  await expect(row.getByTestId('progress-practice')).toHaveText('1 try, best 100%');
  await expect(page.getByTestId(`progress-row-${ex.domain}`)).toContainText('0%');
});

test('an answer the engine cannot read is not a try: its message shows and the student retries', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await openExercise(page, 'statistics');
  await page.getByTestId('statistics-value').fill('abc');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-input-error')).toContainText('did not count as a try');
  await expect(page.getByTestId('feedback-input-error')).not.toContainText(String(ex.answer.value));
  await expect(page.getByTestId('feedback-score')).toHaveCount(0);
  await expect(page.getByTestId('exercise-tries')).toContainText('Your first try is your score; 3 tries left');
  await expect(page.getByTestId('exercise-score')).toBeHidden();
  expect(await storedProgress(page)).toBeNull();

  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('exercise-score')).toHaveText('Score 100% (first try)');
});

test('MPI entries show registration dates and encounter history; an overlay is the entry that does not belong', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await openExerciseById(page, 'overlay-son-under-mother');
  for (const p of ex.patients) {
    await expect(page.getByTestId(`mpi-registered-${p.id}`)).toContainText(p.registered);
    const history = page.getByTestId(`mpi-encounters-${p.id}`);
    for (const e of p.encounters) await expect(history).toContainText(`${e.date} ${e.service}`);
  }
  // Flagging the owner of the overlaid MRN is the right MRN but the wrong person: not a full score.
  const [overlay] = ex.answer.overlays;
  const mrn = ex.patients.find((p) => p.id === overlay).mrn;
  const owner = ex.patients.find((p) => p.mrn === mrn && p.id !== overlay);
  await page.getByTestId(`mpi-overlay-${owner.id}`).check();
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Partly right');
  await expect(page.getByTestId('answer-key')).toHaveCount(0);
  await page.getByTestId(`mpi-overlay-${owner.id}`).uncheck();
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('answer-key')).toContainText(`${overlay} (MRN ${mrn}`);
  await expect(page.getByTestId('exercise-score')).not.toHaveText('Score 100% (first try)');
});

test('progress stored by the earlier version is migrated and kept', async ({ page }) => {
  const v1 = {
    version: 1,
    attempts: {
      'hospital-statistics/old-one': { pack: 'hospital-statistics', title: 'An old exercise', type: 'statistics', domain: 'data-analytics', difficulty: 'beginner', tries: 2, best: 1, last: 1, correct: true, at: '2026-01-02T10:00:00.000Z' },
    },
  };
  await page.addInitScript(([key, value]) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem(key, value); sessionStorage.setItem('seeded', '1'); } }, [PROGRESS, JSON.stringify(v1)]);
  await openApp(page, '/#practice');
  await page.getByTestId('practice-progress-open').click();
  const row = page.getByTestId('progress-history').locator('tr', { hasText: 'An old exercise' });
  await expect(row).toContainText('100% (best of 2, before first-try scoring)');
  await expect(page.getByTestId('practice-notice')).toBeHidden();

  await page.getByTestId('progress-back').click();
  const ex = await openExercise(page, 'roi');
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  const stored = await storedProgress(page);
  expect(stored.version).toBe(2);
  expect(stored.attempts['hospital-statistics/old-one']).toMatchObject({ score: 1, tries: 2, correct: true, legacy: true, title: 'An old exercise' });
  expect(Object.keys(stored.attempts)).toHaveLength(2);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('recordlint.progress.backup.'))), 'nothing had to be backed up').toEqual([]);
});

test('a fix-the-record solution given as { text, may_differ } is answered and shown as its text', async ({ page }) => {
  await openApp(page, '/#practice');
  const pack = JSON.parse(readFileSync(fileURLToPath(new URL('../../exercises/fix-the-record.json', import.meta.url)), 'utf8'));
  const [first] = pack.exercises;
  const ex = { ...first, id: 'object-solution', solution: { text: solutionText(first.solution), may_differ: ['dx2'] } };
  const mine = { ...pack, id: 'class-fix', title: 'Class fix set', exercises: [ex] };
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'class-fix.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(page.getByTestId('practice-notice')).toContainText('Opened the pack "Class fix set"');
  await page.getByTestId('practice-start').click();
  await expect(page.getByTestId('exercise-screen')).toHaveAttribute('data-exercise-id', 'object-solution');
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('fix-record-solution')).toHaveText(ex.solution.text.replace(/\n$/, ''));
  await expect(page.getByTestId('answer-key')).toContainText('Not compared (any valid value is accepted): dx2.');
  await page.getByTestId('exercise-next').click();
  await expect(page.getByTestId('session-summary')).toContainText('1 of 1 scored · average score 100% (first tries)');
  await expect(page.getByTestId('session-results')).toContainText(`${ex.title}: 100% (first try)`);
});
