// Hostile text: every payload of payloads.mjs placed in record fields (CSV and FHIR), file names,
// profile names and exercise packs is shown literally, and nothing runs — no dialog, no console
// error, no Content-Security-Policy violation (text is inserted as text, so the CSP never even has
// to block anything), no element injected.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dropFile, openApp } from './helpers.mjs';
import { PAYLOADS } from './payloads.mjs';

const csvCell = (text) => `"${text.replaceAll('"', '""')}"`;

/** Opens the page with traps for anything an injected script would do. */
async function openGuarded(page, path = '/') {
  const trapped = [];
  page.on('dialog', (d) => { trapped.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__violations ??= []).push(`${e.violatedDirective}: ${e.sample}`);
    });
  });
  const errors = await openApp(page, path);
  return { trapped, errors };
}

/** Nothing ran: no dialog, no console error, no CSP violation, no element a payload would make. */
async function expectNothingRan(page, { trapped, errors }) {
  expect(trapped).toEqual([]);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => window.__violations ?? [])).toEqual([]);
  const injected = await page.evaluate(() => document.querySelectorAll(
    'main script, main iframe, main object, main svg[onload], main img[src="x"], main [onerror], main [onload], main [onfocus], main [ontoggle], main [onmouseover], body > style, main style, main meta, main base',
  ).length);
  expect(injected).toBe(0);
}

test(`${PAYLOADS.length} payloads in CSV and FHIR record fields are shown as text`, async ({ page }) => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
  const guard = await openGuarded(page);
  // Each row: the payload as the name and the MRN, and a birth date that is not a date, so every
  // row has a finding whose source line the detail panel shows.
  const csv = ['mrn,patient_name,dob,sex,admit_date,principal_dx',
    ...PAYLOADS.map((p, i) => `${csvCell(`${i}-${p}`)},${csvCell(p)},not-a-date,F,2026-01-05,I10`)].join('\n') + '\n';
  await dropFile(page, 'records.csv', csv);
  const rows = page.getByTestId('findings').locator('tbody tr');
  await page.getByTestId('filter-text').fill('D202');
  await expect(rows).toHaveCount(PAYLOADS.length);
  for (let i = 0; i < PAYLOADS.length; i++) {
    // The table is virtualised: pick the row by its location, not by its place in the DOM.
    const hit = page.getByTestId('detail').locator('.context .hit');
    // A click can land while the virtualised table scrolls the row into view: click until the
    // panel shows that row.
    await expect(async () => {
      await rows.filter({ hasText: new RegExp(`row ${i + 2}, dob`) }).click();
      await expect(hit, `payload ${i}`).toContainText(`${i}-${PAYLOADS[i].replaceAll('"', '""')}`.slice(0, 60), { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
  }

  const bundle = {
    resourceType: 'Bundle', type: 'collection',
    entry: PAYLOADS.map((p, i) => ({ fullUrl: `urn:uuid:p${i}`, resource: { resourceType: 'Patient', id: `p${i}`, name: [{ family: p }], birthDate: p } })),
  };
  await page.getByTestId('filter-text').fill('');
  await dropFile(page, 'bundle.json', JSON.stringify(bundle, null, 1));
  await expect(page.getByTestId('status')).toContainText('bundle.json: FHIR');
  const firstBirth = page.getByTestId('findings').locator('tbody tr', { hasText: 'birthDate' }).first();
  await firstBirth.click();
  await expect(page.getByTestId('detail').locator('.context-json')).toContainText(JSON.stringify(PAYLOADS[0]).slice(1, -1));
  await expectNothingRan(page, guard);
});

test(`${PAYLOADS.length} payloads as file names are shown literally in the status`, async ({ page }) => {
  const guard = await openGuarded(page);
  for (const p of PAYLOADS) {
    await dropFile(page, `${p}.csv`, 'mrn,patient_name\n1,A\n');
    await expect(page.getByTestId('status')).toHaveText(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.csv: CSV`));
  }
  await expectNothingRan(page, guard);
});

test(`${PAYLOADS.length} payloads as profile names are shown literally`, async ({ page }) => {
  test.setTimeout(120_000);
  const guard = await openGuarded(page);
  const select = page.getByTestId('profile-select');
  for (const p of PAYLOADS) {
    await page.getByTestId('profile-edit').click();
    await page.getByTestId('profile-dialog').getByTestId('profile-name').fill(p);
    await page.getByTestId('profile-dialog').getByTestId('profile-save').click();
    await expect(select.locator('option:checked')).toHaveText(p.trim(), { useInnerText: false });
  }
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('status')).toContainText(`profile “${PAYLOADS.at(-1).trim()}”`);
  await expectNothingRan(page, guard);
});

test(`an exercise pack with ${PAYLOADS.length} payloads in its texts shows them literally`, async ({ page }) => {
  const guard = await openGuarded(page, '/#practice');
  const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../exercises/coding-icd10cm.json', import.meta.url)), 'utf8'));
  const pack = {
    ...base, id: 'hostile', title: PAYLOADS[1], author: PAYLOADS[0], description: PAYLOADS.join(' '),
    exercises: PAYLOADS.map((p, i) => ({ ...base.exercises[0], id: `hostile-${i}`, title: `${i} ${p}`, scenario: p, prompt: p, explanation: `${p} (AHIMA)`, hints: [p] })),
  };
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
  await expect(page.getByTestId('practice-notice')).toContainText(`Opened the pack "${PAYLOADS[1]}" (${PAYLOADS.length} exercises)`);
  await page.getByTestId('practice-start').click();
  const screen = page.getByTestId('exercise-screen');
  for (let i = 0; i < PAYLOADS.length; i++) {
    await expect(screen, `exercise ${i}`).toContainText(`${i} ${PAYLOADS[i]}`);
    await page.getByTestId('coding-input-1').fill('I10');
    await page.getByTestId('exercise-submit').click();
    await expect(page.getByTestId('explanation')).toContainText(PAYLOADS[i]);
    if (i + 1 < PAYLOADS.length) await page.getByTestId('exercise-next').click();
  }
  await expectNothingRan(page, guard);
});
