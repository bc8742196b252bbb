// Statistics exercises beyond the census: stays and bed counts shown one per line, the unit of the
// answer named (percent, per 1,000 device days, a plain ratio) in the field and the key, the key
// graded right, a rate per device day graded wrong, and the screen fitting a phone.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { answer, openExerciseById } from './practice-helpers.mjs';

const label = (page) => page.locator('label[for="practice-stat-value"]');

test('bed count changes and stays are listed one per line, and the key is right', async ({ page }) => {
  await openApp(page, '/#practice');
  let ex = await openExerciseById(page, 'st3-occupancy-beds-added');
  const data = page.getByTestId('statistics-data');
  await expect(data).toContainText('96 beds from 2026-02-01 through 2026-02-09');
  await expect(data).toContainText('112 beds from 2026-02-10 through 2026-02-28');
  await expect(label(page)).toContainText('(%)');
  await answer(page, ex);
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('Correct — 100%');
  await expect(page.getByTestId('explanation')).toContainText('96 × 9 + 112 × 19');
  await page.getByTestId('exercise-back').click();

  ex = await openExerciseById(page, 'st3-alos-from-dates-february');
  for (const [i, s] of ex.data.stays.entries()) {
    await expect(page.getByTestId('statistics-data')).toContainText(`${i + 1}: admitted ${s.admit}, discharged ${s.discharge}`);
  }
  await expect(label(page)).not.toContainText('%');
});

test('a rate per 1,000 device days is named as such in the field and the key; the rate per device day earns nothing', async ({ page }) => {
  await openApp(page, '/#practice');
  await openExerciseById(page, 'st3-clabsi-surgical-icu');
  await expect(label(page)).toContainText('per 1,000 device days');
  await page.getByTestId('statistics-value').fill('0.00212');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toContainText('0%');
  // The message names the slip with the key, so the page holds it back until the key is shown.
  await expect(page.getByTestId('feedback-item').first()).toContainText('not right yet');
  await page.getByTestId('exercise-give-up').click();
  await expect(page.getByTestId('answer-key')).toContainText('2.12 per 1,000 device days');
  await page.getByTestId('exercise-back').click();

  await openExerciseById(page, 'st3-dur-ventilator');
  await expect(label(page)).not.toContainText('%');
  await expect(label(page)).not.toContainText('per 1,000');
});

test('a hospital autopsy exercise fits a phone', async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, '/#practice');
  await openExerciseById(page, 'st3-hospital-autopsy-available');
  await expect(page.getByTestId('statistics-data')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: info.outputPath('statistics-autopsy-390.png'), fullPage: true });
});
