// The exercise types of the exam's second half — abstracting, MS-DRG, compliant queries, E/M by
// MDM — answered right and wrong in the page, and the mock exam: drawn by the outline's domain
// weights, timed, no feedback until the report, first attempts recorded; its scorer tested alone.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp } from './helpers.mjs';
import { expectNoViolations } from './axe.mjs';
import { answer, exercises, openExerciseById, storedProgress } from './practice-helpers.mjs';
import { blueprint, drawExam, scoreExam, weights } from '../../www/practice/mock-score.js';

const outline = JSON.parse(readFileSync(new URL('../../www/practice/rhit-outline.json', import.meta.url), 'utf8'));

/** Opens exercise `id`, from the dashboard or from another exercise. */
async function open(page, id) {
  const back = page.getByTestId('exercise-back');
  if (await back.count()) await back.click();
  return openExerciseById(page, id);
}

/** Answers `id` with its key and checks the verdict; returns the exercise. */
async function right(page, id) {
  const ex = await open(page, id);
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score'), id).toContainText('Correct — 100%');
  await expect(page.getByTestId('explanation'), id).toBeVisible();
  return ex;
}

/** Submits whatever is entered and expects a graded try that is not right. */
async function wrong(page, id, verdict) {
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score'), id).toContainText(verdict);
  await expect(page.getByTestId('feedback-input-error')).toHaveCount(0);
  const stored = await storedProgress(page);
  const entry = Object.entries(stored.attempts).find(([k]) => k.endsWith(`/${id}`))?.[1];
  expect(entry?.tries, `${id}: the try is recorded`).toBe(1);
  expect(entry.score).toBeLessThan(1);
  return entry;
}

test('abstracting: the key scores 100% with an explanation per part', async ({ page }) => {
  const errors = await openApp(page, '/#practice');
  await right(page, 'abs-heart-failure-hypertension');
  const explanation = page.getByTestId('explanation');
  for (const part of ['Principal diagnosis (100%)', 'Secondary diagnoses (100%)', 'POA indicators (100%)', 'Procedures (ICD-10-PCS) (100%)', 'Discharge status (100%)']) {
    await expect(explanation).toContainText(part);
  }
  await right(page, 'abs-chest-pain-observation');
  await expect(page.getByTestId('explanation')).toContainText('First-listed diagnosis (100%)');
  expect(errors).toEqual([]);
});

test('abstracting: a wrong principal diagnosis and status cost their parts, the rest is credited', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await open(page, 'abs-heart-failure-hypertension');
  await answer(page, ex);
  await page.getByTestId('abstracting-principal').fill('I50.33');
  await page.getByTestId('abstracting-status').selectOption('01');
  const entry = await wrong(page, ex.id, 'Partly right');
  expect(entry.score).toBeGreaterThan(0.3);
  // The key is not shown after a wrong try, and the held-back feedback does not name the principal.
  await expect(page.getByTestId('answer-key')).toHaveCount(0);
  await expect(page.getByTestId('feedback')).not.toContainText('I11.0');
  // A blank principal diagnosis is an input error, not a try.
  await page.getByTestId('abstracting-principal').fill('');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-input-error')).toBeVisible();
});

test('MS-DRG: right DRG, a wrong DRG, and a case-mix value graded exactly', async ({ page }) => {
  await openApp(page, '/#practice');
  await right(page, 'drg-hf-with-cc');
  await expect(page.getByTestId('explanation')).toContainText('Weights as given in this exercise');
  await open(page, 'drg-hip-hac-not-poa');
  await page.getByTestId('ms-drg-option-469').check();
  await wrong(page, 'drg-hip-hac-not-poa', 'Not yet — 0%');
  await open(page, 'drg-cmi-medical');
  await page.getByTestId('ms-drg-value').fill('1.007');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await open(page, 'drg-cmi-cardiac-ortho');
  await page.getByTestId('ms-drg-value').fill('1.14');
  await wrong(page, 'drg-cmi-cardiac-ortho', 'Not yet — 0%');
});

test('compliant queries: the drafts are shown; right choice, wrong choice, and marking every flaw scores nothing', async ({ page }) => {
  await openApp(page, '/#practice');
  const ex = await open(page, 'cdi-choose-hyponatremia');
  for (const d of ex.drafts) await expect(page.getByTestId(`cdi-draft-${d.id}`)).toContainText(d.question);
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await open(page, 'cdi-choose-poa');
  await page.getByTestId('cdi-choice-c').check();
  await wrong(page, 'cdi-choose-poa', 'Not yet — 0%');
  await right(page, 'cdi-flaws-heart-failure-compliant');
  const flaws = await open(page, 'cdi-flaws-blood-loss-anemia');
  for (const id of ['no_indicators', 'indicators_not_in_record', 'leading', 'financial_impact', 'missing_other', 'missing_undetermined', 'yes_no_new_diagnosis']) {
    await page.getByTestId(`cdi-flaw-${id}`).check();
  }
  await wrong(page, flaws.id, 'Not yet — 0%');
});

test('E/M by MDM: the key scores 100%; rating every element high scores 0', async ({ page }) => {
  await openApp(page, '/#practice');
  await right(page, 'em-htn-lipids-rx');
  await expect(page.getByTestId('explanation')).toContainText('Problems addressed (100%)');
  await open(page, 'em-sore-throat-otc');
  for (const k of ['problems', 'data', 'risk', 'mdm']) await page.getByTestId(`em-${k}`).selectOption('high');
  await page.getByTestId('em-code').selectOption('99215');
  await wrong(page, 'em-sore-throat-otc', 'Not yet — 0%');
});

test('mock exam: weighted draw, timer, no feedback until the report, first attempts recorded', async ({ page }, info) => {
  const errors = await openApp(page, '/#practice');
  await page.getByTestId('mock-questions').fill('6');
  await page.getByTestId('mock-start').click();
  const screen = page.getByTestId('exercise-screen');
  await expect(screen).toBeVisible();
  await expect(page.getByTestId('exercise-timer')).toContainText('left');
  const domains = [];
  for (let i = 0; i < 6; i++) {
    const ex = exercises.get(await screen.getAttribute('data-exercise-id'));
    domains.push(ex.domain);
    await expect(page.getByTestId('exercise-give-up')).toBeHidden();
    await expect(page.getByTestId('exercise-hint-button')).toHaveCount(0);
    await answer(page, ex);
    await page.getByTestId('exercise-submit').click();
    await expect(page.getByTestId('mock-saved')).toBeVisible();
    await expect(page.getByTestId('feedback-score')).toHaveCount(0);
    await expect(page.getByTestId('exercise-submit')).toBeDisabled();
    if (i === 0) await page.screenshot({ path: info.outputPath('mock-question.png'), fullPage: true });
    await page.getByTestId('exercise-next').click();
  }
  // Six questions over six domains: one each (largest remainder of the outline's midpoints).
  expect(new Set(domains).size).toBe(6);
  await expect(page.getByTestId('mock-summary')).toBeVisible();
  await expect(page.getByTestId('mock-total')).toContainText('6 of 6 answered · score 100%');
  for (const d of outline.domains) await expect(page.getByTestId(`mock-row-${d.domain}`)).toContainText('100%');
  await page.screenshot({ path: info.outputPath('mock-report.png'), fullPage: true });
  const stored = await storedProgress(page);
  const entries = Object.values(stored.attempts);
  expect(entries).toHaveLength(6);
  for (const e of entries) expect(e).toMatchObject({ tries: 1, score: 1 });
  expect(errors).toEqual([]);
});

test('mock exam: ending early counts unanswered questions as 0', async ({ page }) => {
  await openApp(page, '/#practice');
  await page.getByTestId('mock-questions').fill('5');
  await page.getByTestId('mock-start').click();
  const ex = exercises.get(await page.getByTestId('exercise-screen').getAttribute('data-exercise-id'));
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await page.getByTestId('exercise-back').click();
  await expect(page.getByTestId('mock-total')).toContainText('1 of 5 answered · score 20%');
});

test('the new exercise screens and the mock exam report have no axe violations', async ({ page }) => {
  await openApp(page, '/#practice');
  for (const id of ['abs-gi-bleed-egd', 'drg-sepsis-drivers', 'drg-cmi-medical', 'cdi-choose-poa', 'cdi-flaws-sepsis-leading', 'em-new-pe-suspected']) {
    const ex = await open(page, id);
    await expectNoViolations(page, `${ex.type} ${id}`);
    await answer(page, ex);
    await page.getByTestId('exercise-submit').click();
    await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
    await expectNoViolations(page, `${ex.type} ${id} with its feedback`);
  }
  await page.getByTestId('exercise-back').click();
  await page.getByTestId('mock-questions').fill('5');
  await page.getByTestId('mock-start').click();
  await expectNoViolations(page, 'mock exam question');
  await page.getByTestId('exercise-back').click();
  await expect(page.getByTestId('mock-summary')).toBeVisible();
  await expectNoViolations(page, 'mock exam report');
});

test.describe('mock exam scorer', () => {
  test('weights are the outline midpoints and the blueprint sums to the total', () => {
    const w = weights(outline);
    expect(w.reduce((t, d) => t + d.weight, 0)).toBeCloseTo(1, 9);
    expect(w.find((d) => d.domain === 'data-content').weight).toBeCloseTo(0.26, 9);
    for (const total of [5, 6, 40, 100, 150]) {
      const counts = blueprint(outline, total);
      expect([...counts.values()].reduce((t, n) => t + n, 0)).toBe(total);
    }
    expect(Object.fromEntries(blueprint(outline, 50))).toEqual({
      'data-content': 13, 'access-disclosure': 8, 'data-analytics': 8, 'revenue-cycle': 9, 'law-compliance': 7, 'management-leadership': 5,
    });
  });

  test('a domain with too few exercises gives its share to the others', () => {
    const available = new Map(outline.domains.map((d) => [d.domain, d.domain === 'management-leadership' ? 1 : 100]));
    const counts = blueprint(outline, 50, available);
    expect(counts.get('management-leadership')).toBe(1);
    expect([...counts.values()].reduce((t, n) => t + n, 0)).toBe(50);
  });

  test('the draw follows the blueprint, is reproducible, and prefers exercises not tried', () => {
    const items = [...exercises.values()].map((ex) => ({ pack: { id: 'p' }, ex }));
    const a = drawExam(items, outline, 40, 'seed-1');
    expect(a).toHaveLength(40);
    expect(drawExam(items, outline, 40, 'seed-1').map((i) => i.ex.id)).toEqual(a.map((i) => i.ex.id));
    const perDomain = (list) => Object.fromEntries(outline.domains.map((d) => [d.domain, list.filter((i) => i.ex.domain === d.domain).length]));
    expect(perDomain(a)).toEqual(Object.fromEntries(blueprint(outline, 40)));
    const seen = new Set(a.map((i) => i.ex.id));
    const b = drawExam(items, outline, 40, 'seed-1', (i) => seen.has(i.ex.id));
    expect(b.filter((i) => seen.has(i.ex.id)).length).toBeLessThan(40);
  });

  test('scores per domain, unanswered questions counting 0', () => {
    const r = scoreExam([
      { domain: 'data-content', score: 1 }, { domain: 'data-content', score: null },
      { domain: 'revenue-cycle', score: 0.5 }, { domain: 'law-compliance', score: 0 },
    ], outline);
    expect(r).toMatchObject({ questions: 4, answered: 3, points: 1.5, score: 0.375 });
    const by = Object.fromEntries(r.domains.map((d) => [d.domain, d]));
    expect(by['data-content']).toMatchObject({ questions: 2, answered: 1, score: 0.5 });
    expect(by['revenue-cycle'].score).toBe(0.5);
    expect(by['law-compliance'].score).toBe(0);
    expect(by['access-disclosure'].score).toBeNull();
  });
});
