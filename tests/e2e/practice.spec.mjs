// The Practice lab as a student uses it: one exercise of each type answered from the pack's key
// and graded correct, progress kept across a reload, hostile packs refused.
import { test, expect } from '@playwright/test';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';
import { TYPES, answer, exercises } from './practice-helpers.mjs';

test('one exercise of each type is graded correct, and progress survives a reload', async ({ page, baseURL }, info) => {
  const requests = logRequests(page);
  const errors = await openApp(page, '/#practice');
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();

  for (const type of TYPES) {
    await page.getByTestId('filter-type').selectOption(type);
    await page.getByTestId('practice-start').click();
    const screen = page.getByTestId('exercise-screen');
    await expect(screen).toHaveAttribute('data-type', type);
    const ex = exercises.get(await screen.getAttribute('data-exercise-id'));
    expect(ex, 'exercise on screen comes from a bundled pack').toBeTruthy();
    await answer(page, ex);
    await page.getByTestId('exercise-submit').click();
    await expect(page.getByTestId('feedback-score'), `${type} ${ex.id}`).toContainText('Correct — 100%');
    await expect(page.getByTestId('explanation')).toBeVisible();
    if (type === 'find_error') await page.screenshot({ path: info.outputPath(`practice-${type}.png`), fullPage: true });
    await page.getByTestId('exercise-back').click();
  }

  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await page.getByTestId('practice-progress-open').click();
  await expect(page.getByTestId('progress-view')).toBeVisible();
  await expect(page.getByTestId('progress-table')).toContainText('100%');
  await expect(page.getByTestId('progress-chart')).toBeVisible();
  await page.screenshot({ path: info.outputPath('practice-progress.png'), fullPage: true });
  expect(errors).toEqual([]);
  expectOnlyStaticGets(requests, baseURL);
});

test('the progress report prints alone, with the student\'s name, and the page returns after printing', async ({ page }, info) => {
  await openApp(page, '/#practice');
  await page.getByTestId('filter-type').selectOption('statistics');
  await page.getByTestId('practice-start').click();
  const ex = exercises.get(await page.getByTestId('exercise-screen').getAttribute('data-exercise-id'));
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await page.getByTestId('exercise-back').click();
  await page.getByTestId('practice-progress-open').click();
  await page.getByTestId('progress-student-name').fill('Ana Díaz');
  // The browser's print dialog is replaced by a counter; printing is then what the print media shows.
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.getByTestId('progress-print').click();
  expect(await page.evaluate(() => window.printed)).toBe(1);
  await expect(page.locator('html')).toHaveClass(/practice-printing/);
  await page.emulateMedia({ media: 'print' });
  const report = page.getByTestId('progress-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText('Student: Ana Díaz');
  await expect(report.getByTestId('progress-table')).toContainText('100%');
  await expect(report).toContainText(ex.title);
  for (const hidden of ['progress-back', 'progress-print', 'progress-student-name', 'progress-reset']) {
    await expect(page.getByTestId(hidden), `${hidden} is not printed`).toBeHidden();
  }
  await expect(page.locator('.masthead')).toBeHidden();
  await page.screenshot({ path: info.outputPath('practice-progress-print.png'), fullPage: true });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('html')).not.toHaveClass(/practice-printing/);
  await expect(page.getByTestId('progress-print')).toBeVisible();
});

test('a wrong answer gets partial or no credit with feedback', async ({ page }) => {
  await openApp(page, '/#practice');
  await page.getByTestId('filter-type').selectOption('coding');
  await page.getByTestId('practice-start').click();
  await page.getByTestId('coding-input-1').fill('Z00.00');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).not.toContainText('Correct');
  await expect(page.getByTestId('feedback-item').first()).toBeVisible();
});

test('a hostile pack is refused with a clear error and runs nothing; foreign ?pack= is refused', async ({ page }) => {
  await openApp(page, '/#practice');
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  const hostile = JSON.stringify({ format: 'recordlint-pack/1', id: 'x', title: '<img src=x onerror=alert(1)>', author: '<script>alert(2)</script>', licence: 'CC0', version: '1', exercises: [{ id: 'a', type: 'essay', title: 'Essay', difficulty: 'beginner', domain: 'data-content', prompt: 'p', hints: [], explanation: 'e' }] });
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
  await expect(page.getByTestId('pack-errors')).toContainText('essay');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toBe(0);

  await page.goto('/?pack=https://evil.example/pack.json');
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('practice-root')).toContainText(/refus|not allowed|only/i);
});
