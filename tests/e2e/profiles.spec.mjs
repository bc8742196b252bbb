// Profiles in the page: presets change what is required, the editor turns rules off, and the
// choice is kept in this browser (profiles only — never record data).
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';

const CSV = 'mrn,patient_name,dob,sex,admit_date,principal_dx,attending_npi\n'
  + '1,"Doe, Jane",1970-01-01,F,2026-01-05,,1234567890\n';

async function paste(page) {
  await page.getByText('Paste records instead').click();
  await page.getByTestId('paste-box').fill(CSV);
  await page.getByTestId('paste-check').click();
}

test('switching, editing and keeping profiles', async ({ page }, info) => {
  await openApp(page);
  const findings = page.getByTestId('findings');
  await paste(page);
  await expect(findings).toContainText('C101');
  await expect(findings).toContainText('principal_dx is blank');
  await expect(findings).toContainText('K302');

  // The lab preset does not require a principal diagnosis: switching re-checks at once.
  await page.getByTestId('profile-select').selectOption('preset:lab');
  await expect(page.getByTestId('status')).toContainText('Lab results');
  await expect(findings).not.toContainText('principal_dx is blank');
  await expect(findings).toContainText('K302');

  // The inpatient preset requires more (discharge date, discharge status…).
  await page.getByTestId('profile-select').selectOption('preset:inpatient');
  await expect(findings).toContainText('discharge_date');

  // A profile of one's own: NPI check off, saved and selected.
  await page.getByTestId('profile-edit').click();
  const dialog = page.getByTestId('profile-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('profile-name').fill('Front desk');
  await dialog.getByTestId('profile-rule-K302').selectOption('off');
  await page.screenshot({ path: info.outputPath('profile-editor.png'), fullPage: false });
  await dialog.getByTestId('profile-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('status')).toContainText('Front desk');
  await expect(findings).not.toContainText('K302');

  // Kept across a reload; the stored value holds the profile, not the records.
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('profile-select')).toHaveValue('custom:Front desk');
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  expect(stored).not.toContain('Doe, Jane');
  expect(stored).toContain('K302');
});

test('an invalid profile is refused with the engine’s reason', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('profile-edit').click();
  const bad = JSON.stringify({ required: ['shoe_size'] });
  await page.getByTestId('profile-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('profile-error')).toContainText('shoe_size');
});
