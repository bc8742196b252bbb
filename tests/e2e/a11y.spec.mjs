// Accessibility: axe-core (from npm) reports zero violations on every view — validate, findings
// with a finding open, rule docs, look-up with an answer, practice dashboard, an exercise with
// feedback, progress — in the light and the dark theme. axe is evaluated in the page through the
// DevTools protocol, so the page's own Content-Security-Policy stays in force (no bypassCSP).
// Also: the status live region announces results, and the print stylesheets keep only the report.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { expectNoViolations } from './axe.mjs';

/** Visits every view, checking each. */
async function everyView(page) {
  await openApp(page);
  await expectNoViolations(page, 'validate');

  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('sum-records')).toHaveText('9');
  await page.getByTestId('findings').locator('tbody tr').first().click();
  await expect(page.getByTestId('detail').getByTestId('rule-doc')).toBeVisible();
  await expectNoViolations(page, 'findings');

  await page.getByTestId('profile-edit').click();
  await expect(page.getByTestId('profile-dialog')).toBeVisible();
  await expectNoViolations(page, 'profile editor');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Rules' }).click();
  await expect(page.getByTestId('rules-list')).toContainText('D201');
  await expectNoViolations(page, 'rule docs');

  await page.getByRole('tab', { name: 'Look up codes' }).click();
  await page.getByTestId('lookup-input').fill('E11');
  await expect(page.getByTestId('lookup-card').first().getByTestId('lookup-description')).toContainText('Type 2 diabetes');
  await expectNoViolations(page, 'look-up');

  await page.getByRole('tab', { name: 'Practice' }).click();
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await expectNoViolations(page, 'practice dashboard');
  await page.getByTestId('filter-type').selectOption('coding');
  await page.getByTestId('practice-start').click();
  await page.getByTestId('coding-input-1').fill('E11.9');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toBeVisible();
  await expectNoViolations(page, 'exercise with feedback');
  await page.getByTestId('exercise-back').click();
  await page.getByTestId('practice-progress-open').click();
  await expect(page.getByTestId('progress-view')).toBeVisible();
  await expectNoViolations(page, 'progress');
}

test('axe finds no violations on any view (light theme)', async ({ page }) => {
  test.setTimeout(120_000);
  await everyView(page);
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });
  test('axe finds no violations on any view (dark theme)', async ({ page }) => {
    test.setTimeout(120_000);
    await everyView(page);
  });
});

test('results are announced in a polite live region', async ({ page }) => {
  await openApp(page);
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await page.getByTestId('load-sample').click();
  await expect(status).toContainText(/9 records, \d+ findings/);
});

test('printing keeps the findings report and drops the controls', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('sum-records')).toHaveText('9');
  // The page fills its printable report on `beforeprint`, as a browser's print does.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-table')).toBeVisible();
  await expect(page.getByTestId('summary')).toBeVisible();
  for (const hidden of ['.masthead', '.intake', '.toolbar']) await expect(page.locator(hidden)).toBeHidden();
});
