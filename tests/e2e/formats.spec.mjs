// FHIR and HL7 v2 files dropped on the page: sniffed by content, located findings, source context.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dropFile, openApp } from './helpers.mjs';

const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

function expectedLines(name) {
  return fixture(name).split('\n').filter(Boolean);
}

test('a dropped FHIR Bundle gives pointer-located findings with the source around them', async ({ page }, info) => {
  await openApp(page);
  await dropFile(page, 'bundle.json', fixture('fhir/semantic-rules.json'));
  const expected = expectedLines('fhir/semantic-rules.expected');
  const rows = page.getByTestId('findings').locator('tbody tr');
  await expect(rows).toHaveCount(expected.length);
  await expect(page.getByTestId('status')).toContainText('FHIR');
  const first = expected[0].match(/^(\w+) \w+ (.*?): (.*)$/);
  await expect(rows.first()).toContainText(first[1]);
  await expect(rows.first()).toContainText(first[2]);
  await rows.first().click();
  await expect(page.getByTestId('detail').locator('.context .hit')).toBeVisible();
  await page.screenshot({ path: info.outputPath('fhir.png'), fullPage: true });
});

test('a dropped HL7 v2 batch gives message and segment locations', async ({ page }) => {
  await openApp(page);
  await dropFile(page, 'batch.hl7', fixture('hl7v2/batch.hl7'));
  const expected = expectedLines('hl7v2/batch.expected');
  const rows = page.getByTestId('findings').locator('tbody tr');
  await expect(rows).toHaveCount(expected.length);
  await expect(page.getByTestId('status')).toContainText('HL7');
  await expect(page.getByTestId('findings')).toContainText(/message \d+, [A-Z0-9]{3}/);
});

test('a truncated JSON file gives one clear located error', async ({ page }) => {
  await openApp(page);
  await dropFile(page, 'truncated.json', fixture('fhir/truncated.json'));
  await expect(page.getByTestId('findings').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('findings')).toContainText('F101');
});
