// The privacy promise, proven: every flow of the page (validate each format, read a finding,
// export, look up codes, practise, load a pack, change and save a profile) runs with a request
// log and a console log; afterwards every request was a same-origin GET of one of the app's own
// static files, no request carried record content, and no trace of a record is in localStorage,
// sessionStorage, IndexedDB, cookies, Cache Storage or the console, and nothing violated the strict
// Content-Security-Policy. Records carry a marker string (in names, identifiers, file names) that
// must appear nowhere but on the page itself.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dropFile, expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const MARK = 'Zqxprivmark';
const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

const CSV = `mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx\n`
  + `${MARK}01,"${MARK}, Ann",1980-02-01,F,2026-03-04,2026-03-01,E11.9\n`
  + `${MARK}01,"${MARK}, Anne",1981-02-01,F,2026-04-04,2026-04-06,E11-9\n`;
const FHIR = fixture('fhir/patient-only.json').replaceAll('Lindgren', MARK).replaceAll('P-3003', `${MARK}-3003`);
const NDJSON = fixture('fhir/bulk-export.ndjson').replace(/"family"\s*:\s*"[^"]*"/g, `"family":"${MARK}"`);
const HL7 = fixture('hl7v2/adt-a01.hl7').replaceAll('Okafor', MARK).replaceAll('448210', `${MARK}448210`);

/** Everything the page keeps in this browser, as one text: storage, cookies, IndexedDB, caches. */
async function storedEverywhere(page) {
  return page.evaluate(async () => {
    const parts = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) parts.push(store.key(i), store.getItem(store.key(i)));
    }
    parts.push(document.cookie);
    const databases = indexedDB.databases ? await indexedDB.databases() : [];
    parts.push(...databases.map((d) => `indexedDB:${d.name}`));
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) parts.push(request.url);
    }
    return { text: parts.join('\n'), localKeys: Object.keys(localStorage).sort(), databases: databases.length };
  });
}

test('every flow makes only same-origin GETs of static files and stores nothing of a record', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const requests = logRequests(page);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window.__violations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const errors = await openApp(page);
  const findings = page.getByTestId('findings').locator('tbody tr');

  // Validate: CSV chosen as a file, FHIR and NDJSON dropped, HL7 v2 pasted.
  await page.getByTestId('file-input').setInputFiles({ name: `${MARK}.csv`, mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByTestId('status')).toContainText(`${MARK}.csv: CSV`);
  await expect(findings.first()).toBeVisible();
  await findings.first().click();
  await expect(page.getByTestId('detail')).toContainText(MARK);
  for (const [name, text, format] of [[`${MARK}.json`, FHIR, 'FHIR'], [`${MARK}.ndjson`, NDJSON, 'FHIR']]) {
    await dropFile(page, name, text);
    await expect(page.getByTestId('status')).toContainText(`${name}: ${format}`);
  }
  await page.locator('details.paste summary').click();
  await page.getByTestId('paste-box').fill(HL7.replaceAll('\r', '\n'));
  await page.getByTestId('paste-check').click();
  await expect(page.getByTestId('status')).toContainText('pasted text: HL7V2');

  // Export: both downloads are built in the page.
  for (const id of ['export-csv', 'export-json']) {
    const download = page.waitForEvent('download');
    await page.getByTestId(id).click();
    expect(new URL((await download).url()).protocol).toBe('blob:');
  }

  // Profiles: a preset, then a profile of one's own saved locally.
  await page.getByTestId('profile-select').selectOption('preset:lab');
  await expect(page.getByTestId('status')).toContainText('Lab results');
  await page.getByTestId('profile-edit').click();
  await page.getByTestId('profile-dialog').getByTestId('profile-name').fill('Night shift');
  await page.getByTestId('profile-dialog').getByTestId('profile-save').click();
  await expect(page.getByTestId('status')).toContainText('Night shift');

  // Look up codes.
  await page.getByRole('tab', { name: 'Look up codes' }).click();
  await page.getByTestId('lookup-input').fill('E11.9');
  await expect(page.getByTestId('lookup-card').first().getByTestId('lookup-description')).toContainText('Type 2 diabetes');

  // Practice: one exercise answered, progress opened, a pack loaded from a file.
  await page.getByRole('tab', { name: 'Practice' }).click();
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await page.getByTestId('filter-type').selectOption('coding');
  await page.getByTestId('practice-start').click();
  await page.getByTestId('coding-input-1').fill('Z00.00');
  await page.getByTestId('exercise-submit').click();
  await expect(page.getByTestId('feedback-score')).toBeVisible();
  await page.getByTestId('exercise-back').click();
  const pack = JSON.parse(readFileSync(fileURLToPath(new URL('../../exercises/find-the-error.json', import.meta.url)), 'utf8'));
  pack.id = 'class-set';
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'class-set.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
  await expect(page.getByTestId('practice-notice')).toContainText('Opened the pack');
  await page.getByTestId('practice-progress-open').click();
  await expect(page.getByTestId('progress-view')).toBeVisible();

  // The whole app runs under its strict CSP without needing anything it forbids.
  expect(await page.evaluate(() => window.__violations ?? []), 'CSP violations').toEqual([]);

  // A class set linked by name, as a teacher shares it.
  await page.goto('/?pack=coding-icd10cm.json');
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);

  // The request log: only static files, nothing carrying the marker.
  expectOnlyStaticGets(requests, baseURL);
  for (const r of requests) expect(r.url, 'a request URL carries record content').not.toContain(MARK);

  // What stays in the browser: practice progress and profiles, under their documented keys.
  const stored = await storedEverywhere(page);
  expect(stored.text, 'record content in storage').not.toContain(MARK);
  expect(stored.databases, 'IndexedDB databases').toBe(0);
  expect(await page.context().cookies(), 'cookies').toEqual([]);
  for (const key of stored.localKeys) {
    expect(key, 'documented localStorage key').toMatch(/^recordlint\.(profiles\.v1|progress\.v1|packs\.v1|progress\.backup\..+)$/);
  }
  expect(stored.localKeys).toContain('recordlint.profiles.v1');
  expect(stored.localKeys).toContain('recordlint.progress.v1');
  for (const line of consoleLines) expect(line, 'console output with record content').not.toContain(MARK);
  expect(await page.evaluate(() => window.__violations ?? []), 'CSP violations').toEqual([]);
  expect(errors).toEqual([]);
});
