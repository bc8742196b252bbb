// "Look up codes": answers as you type, by date, with descriptions loaded from the same site, and a
// newer official release loaded for the session.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe finds nothing in the look-up's results as they are now. */
async function expectAccessible(page, state) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run('[data-testid="lookup-results"]', { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(violations, `axe violations for ${state}`).toEqual([]);
}

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

// The look-up says no more than it knows (issue 25): CPT is checked for its format only, a code
// that does not exist gets "did you mean" and no other code's notes, codes under a heading are
// described, and 7th characters are a table — on a laptop and on a phone.
for (const [name, viewport] of [['laptop', { width: 1366, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the look-up says what it checked (${name}, ${viewport.width} px)`, async ({ page }, info) => {
    await page.setViewportSize(viewport);
    const errors = await openApp(page, '/#lookup');
    const input = page.getByTestId('lookup-input');
    const card = page.getByTestId('lookup-card').first();
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.getByTestId('lookup-date').fill('2026-03-04');

    // CPT: format valid, not the green "valid".
    await input.fill('99213');
    await expect(card).toHaveAttribute('data-verdict', 'format_valid');
    await expect(card.getByTestId('lookup-verdict')).toHaveText(/format valid/);
    await expect(card.getByTestId('lookup-verdict')).not.toHaveText(/^\W*valid$/);
    await expect(card).not.toHaveClass(/tone-ok/);
    await expect(card.getByTestId('lookup-answer')).toHaveText('99213 is format valid — CPT content is licensed by the AMA and not checked');
    await fits();
    await expectAccessible(page, 'CPT');
    await page.screenshot({ path: info.outputPath(`cpt-${name}.png`) });

    // A code that does not exist: no other code's notes, and "did you mean E11.9 (complete code)".
    await input.fill('E11.99');
    await expect(card).toHaveAttribute('data-verdict', 'unknown');
    await expect(card.getByTestId('lookup-answer')).toContainText('E11.99 does not exist in ICD-10-CM on 2026-03-04');
    await expect(card.getByTestId('lookup-answer')).toContainText('did you mean E11.9 (complete code)?');
    await expect(card.locator('[data-testid^="lookup-tabular-"]')).toHaveCount(0);
    await expect(card.getByTestId('lookup-description')).toHaveCount(0);
    const suggestions = card.getByTestId('lookup-suggestions');
    await expect(suggestions.locator('li').first()).toContainText('complete code — Type 2 diabetes mellitus without complications');
    await fits();
    await expectAccessible(page, 'did you mean');
    await page.screenshot({ path: info.outputPath(`did-you-mean-${name}.png`) });
    await suggestions.getByRole('button', { name: 'E11.9', exact: true }).click();
    await expect(input).toHaveValue('E11.9');
    await expect(card).toHaveAttribute('data-verdict', 'valid');

    // Codes under a heading, described.
    await input.fill('E11.6');
    await expect(card).toHaveAttribute('data-verdict', 'heading');
    await expect(card.getByTestId('lookup-children').locator('li').filter({ hasText: 'E11.65' }))
      .toContainText('Type 2 diabetes mellitus with hyperglycemia');

    // S52.501: the sentence gives the count; the characters are a table.
    await input.fill('S52.501');
    await expect(card.getByTestId('lookup-answer')).toHaveText('S52.501 needs a 7th character: one of the 16 in the 7th-character table (on 2026-03-04)');
    const seventh = card.getByTestId('lookup-seventh');
    await expect(seventh.locator('caption')).toHaveText('7th characters (defined at S52)');
    await expect(seventh.locator('tbody tr')).toHaveCount(16);
    await expect(seventh.locator('tbody tr').first()).toHaveText(/^A\s*initial encounter for closed fracture$/);
    await expect(card.getByTestId('lookup-children').locator('li').first()).toContainText('S52.501A');
    await expect(card.getByTestId('lookup-children').locator('li').first()).toContainText('initial encounter for closed fracture');
    await fits();
    await expectAccessible(page, 'the 7th-character table');
    // The card from its header to the end of the table, on the whole page (the sticky header
    // stays at the top).
    await page.evaluate(() => window.scrollTo(0, 0));
    const [top, bottom] = [await card.boundingBox(), await seventh.boundingBox()];
    await page.screenshot({
      path: info.outputPath(`seventh-${name}.png`),
      fullPage: true,
      clip: { x: 0, y: top.y - 8, width: viewport.width, height: bottom.y + bottom.height - top.y + 16 },
    });
    expect(errors).toEqual([]);
  });
}
