// The Validate tab, as a clinic uses it: choose a CSV, read the findings, open a rule's docs.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

test('choosing a CSV shows its findings and counts, and nothing leaves the page', async ({ page, baseURL }, info) => {
  const requests = logRequests(page);
  const errors = await openApp(page);
  await expect(page.getByTestId('drop-zone')).toBeVisible();

  await page.getByTestId('file-input').setInputFiles(fixture('csv/dates.csv'));
  const rows = page.getByTestId('findings').locator('tbody tr');
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId('sum-records')).toHaveText('8');
  await expect(page.getByTestId('sum-errors')).toHaveText('7');
  await expect(page.getByTestId('sum-warnings')).toHaveText('0');
  await expect(page.getByTestId('sum-clean')).toHaveText('50%');
  await expect(rows.first()).toContainText('D201');
  await expect(rows.first()).toContainText('row 2, discharge_date');
  await expect(rows.first()).toContainText('discharge 2026-03-01 is before admit 2026-03-04');
  await expect(rows.first()).toContainText('error');

  await rows.first().click();
  const detail = page.getByTestId('detail');
  await expect(detail.getByTestId('rule-doc')).toContainText('Why is this bad?');
  await expect(detail.getByTestId('rule-doc')).toContainText('Length of stay becomes negative');
  await expect(detail.locator('.context .hit')).toContainText('D-1');

  await page.getByTestId('filter-severity').selectOption('warning');
  await expect(rows).toHaveCount(0);
  await page.getByTestId('filter-severity').selectOption('all');
  await page.getByTestId('filter-text').fill('D202');
  await expect(rows).toHaveCount(3);

  await page.screenshot({ path: info.outputPath('validate.png'), fullPage: true });
  expect(errors).toEqual([]);
  expectOnlyStaticGets(requests, baseURL);
});

test('pasted text is checked, and a broken file gives located findings, not a blank page', async ({ page }) => {
  await openApp(page);
  await page.getByText('Paste records instead').click();
  await page.getByTestId('paste-box').fill('mrn,patient_name,dob,sex,admit_date,principal_dx\n1,"Doe, Jane",1980-01-01,F,2026-01-05,E11-9\n');
  await page.getByTestId('paste-check').click();
  await expect(page.getByTestId('findings').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('findings')).toContainText('K301');

  await page.getByTestId('file-input').setInputFiles(fixture('csv/binary.csv'));
  await expect(page.getByTestId('findings')).toContainText('S106');
  await expect(page.getByTestId('status')).toContainText('binary.csv');
});

test('hostile text from a file is shown as text and never runs', async ({ page }) => {
  await openApp(page);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  const hostile = 'mrn,patient_name,dob,sex,admit_date,principal_dx\n'
    + '"<img src=x onerror=alert(1)>","<script>alert(2)</script>",1980-01-01,F,2026-01-05,"<b onmouseover=alert(3)>E11-9"\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(hostile) });
  const row = page.getByTestId('findings').locator('tbody tr').first();
  await expect(row).toContainText('<b onmouseover=alert(3)>E11-9');
  await row.click();
  await expect(page.getByTestId('detail')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('the Rules tab lists every rule with its documentation', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  const list = page.getByTestId('rules-list');
  await expect(list.locator('details')).toHaveCount(await page.evaluate(() => document.querySelectorAll('#rules-list details').length));
  await list.locator('#rule-D201 summary').click();
  await expect(list.locator('#rule-D201')).toContainText('How to fix');
  await expect(list.locator('#rule-K302')).toContainText('invalid-npi');
});
