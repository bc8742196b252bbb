// "Look up codes": answers as you type, by date, with descriptions loaded from the same site, and a
// newer official release loaded for the session.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const orderFile = fileURLToPath(new URL('../data/icd10cm_order_2028.txt', import.meta.url));

test('codes are explained in plain words, by date of service', async ({ page, baseURL }, info) => {
  const requests = logRequests(page);
  await openApp(page, '/#lookup');
  const input = page.getByTestId('lookup-input');
  const date = page.getByTestId('lookup-date');
  const card = page.getByTestId('lookup-card').first();

  await date.fill('2026-03-04');
  await input.fill('e11');
  await expect(card).toHaveAttribute('data-verdict', 'heading');
  await expect(card.getByTestId('lookup-answer')).toContainText('E11');
  await expect(card.getByTestId('lookup-description')).toContainText('Type 2 diabetes mellitus');
  await expect(card.getByTestId('lookup-children')).toContainText('E11.9');
  await card.getByTestId('lookup-children').getByRole('button', { name: 'E11.9', exact: true }).click();
  await expect(input).toHaveValue('E11.9');
  await expect(card).toHaveAttribute('data-verdict', 'valid');
  await page.screenshot({ path: info.outputPath('lookup.png'), fullPage: true });

  await input.fill('D69.1');
  await date.fill('2026-09-30');
  await date.dispatchEvent('change');
  await expect(card).toHaveAttribute('data-verdict', 'valid');
  await date.fill('2026-10-01');
  await date.dispatchEvent('change');
  await expect(card).toHaveAttribute('data-verdict', 'heading');
  await expect(card).toContainText('D69.11');

  await input.fill('S52.501');
  await expect(card).not.toHaveAttribute('data-verdict', 'valid');
  await expect(card.getByTestId('lookup-answer')).toContainText('needs a 7th character');
  await input.fill('S52.501A');
  await expect(card).toHaveAttribute('data-verdict', 'valid');
  await expect(card.getByTestId('lookup-seventh')).toContainText('initial encounter for closed fracture');
  await expect(card.getByTestId('lookup-tabular-excludes1')).toContainText('traumatic amputation of forearm');
  await input.fill('0DTJ4ZZ');
  await expect(card.getByTestId('lookup-description')).toContainText('Resection of Appendix');
  await expect(card.getByTestId('lookup-pcs-axes')).toContainText('Resection');
  await input.fill('1234567890');
  await expect(page.getByTestId('lookup-results')).toContainText('NPI');
  expectOnlyStaticGets(requests, baseURL);
});

test('a newer release file is used for the session, with a banner saying which', async ({ page }) => {
  await openApp(page, '/#lookup');
  const input = page.getByTestId('lookup-input');
  const card = page.getByTestId('lookup-card').first();
  await page.getByTestId('lookup-date').fill('2027-10-02');
  await input.fill('D69.13');
  await expect(card).not.toHaveAttribute('data-verdict', 'valid');

  await page.getByText('Use a newer official release').click();
  await page.getByTestId('lookup-release-file').setInputFiles(orderFile);
  await expect(page.getByTestId('lookup-release')).toContainText('icd10cm_order_2028.txt');
  await expect(page.getByTestId('lookup-release')).toContainText('2027-10-01');
  await expect(card).toHaveAttribute('data-verdict', 'valid');
  await expect(card.getByTestId('lookup-description')).toContainText('fictional FY2028 code');

  // The validator uses it too.
  await page.getByRole('tab', { name: 'Validate' }).click();
  await expect(page.getByTestId('status')).toContainText('2027-10-01');
  await page.getByText('Paste records instead').click();
  await page.getByTestId('paste-box').fill('mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx\n1,"Doe, Jane",1970-01-01,F,2027-10-02,2027-10-05,D69.13\n');
  await page.getByTestId('paste-check').click();
  await expect(page.getByTestId('sum-records')).toHaveText('1');
  await expect(page.getByTestId('sum-errors')).toHaveText('0');
});
