// Deployments: the site zip `make dist` wrote, unzipped and served by a plain static server under a
// sub-path (no Rust, no Node on the host), validates a file, looks up a code and opens the Practice
// lab; an unbuilt copy (the page's sources without their build output) and a copy missing a data
// file say what is missing and how to fix it, within 2 s, instead of spinning.
import { test, expect } from '@playwright/test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dropFile, logRequests } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = readFileSync(join(ROOT, 'www/samples/encounters.csv'), 'utf8');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.csv': 'text/csv' };

/** Serves `dir` at `prefix` (e.g. `/recordlint/`) on a free port of 127.0.0.1, as a static host
 * does: files only, 404 for anything else, `/recordlint` redirected to `/recordlint/`. */
function serve(dir, prefix = '/') {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (`${pathname}/` === prefix) return res.writeHead(301, { location: prefix }).end();
    if (!pathname.startsWith(prefix)) return res.writeHead(404).end();
    const path = normalize(pathname.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
    const file = path === '.' || path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, 'Not Found').end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A temporary folder, removed after `fn`. */
async function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'recordlint-deployment-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the site zip, unzipped under a sub-path, validates a file, looks up a code and opens practice', async ({ page }) => {
  const zips = readdirSync(join(ROOT, 'dist')).filter((f) => /^recordlint-site-.+\.zip$/.test(f));
  expect(zips, 'make dist wrote one site zip').toHaveLength(1);
  await withTempDir(async (dir) => {
    execFileSync('python3', ['-m', 'zipfile', '-e', join(ROOT, 'dist', zips[0]), dir]);
    expect(readdirSync(dir), 'the zip holds one folder, recordlint/').toEqual(['recordlint']);
    const server = await serve(join(dir, 'recordlint'), '/recordlint/');
    try {
      const base = `http://127.0.0.1:${server.address().port}/recordlint/`;
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const log = logRequests(page);
      await page.goto(base);
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);

      await dropFile(page, 'encounters.csv', SAMPLE);
      await expect(page.getByTestId('sum-records')).toHaveText('9');

      await page.getByRole('tab', { name: 'Look up codes' }).click();
      await page.getByTestId('lookup-input').fill('E11.9');
      await expect(page.getByTestId('lookup-card').first().getByTestId('lookup-description')).toContainText('Type 2 diabetes');

      await page.getByRole('tab', { name: 'Practice' }).click();
      await expect(page.getByTestId('practice-dashboard')).toBeVisible();
      await page.getByTestId('practice-start').click();
      await expect(page.getByTestId('exercise-screen')).toBeVisible();

      await expect(page.getByTestId('deploy-problem')).toHaveCount(0);
      expect(errors).toEqual([]);
      for (const r of log) {
        const url = new URL(r.url);
        if (url.protocol === 'http:') expect.soft(url.pathname, `${r.url} stays under the sub-path`).toMatch(/^\/recordlint\//);
      }
    } finally {
      server.close();
    }
  });
});

test('an unbuilt copy of the page names the missing files and the fix within 2 s', async ({ page }) => {
  await withTempDir(async (dir) => {
    // The page's sources as they are in the repository: no pkg/, data/, exercises/, sw-assets.js.
    const generated = new Set(['pkg', 'data', 'exercises', 'sw-assets.js']);
    cpSync(join(ROOT, 'www'), dir, { recursive: true, filter: (src) => !generated.has(src.slice(join(ROOT, 'www').length + 1).split('/')[0]) });
    const server = await serve(dir, '/class/');
    try {
      const base = `http://127.0.0.1:${server.address().port}/class/`;
      const started = Date.now();
      await page.goto(base);
      const problem = page.getByTestId('deploy-problem');
      await expect(problem).toBeVisible({ timeout: 2000 });
      expect(Date.now() - started, 'the message appears within 2 s of opening the page').toBeLessThan(2000);
      await expect(problem).toContainText('incomplete');
      await expect(problem).toContainText('/class/pkg/recordlint.js — HTTP 404');
      await expect(problem).toContainText('/class/pkg/recordlint_bg.wasm — HTTP 404');
      await expect(problem).toContainText('/class/data/icd10cm-descriptions.txt.deflate — HTTP 404');
      await expect(problem).toContainText('make build');
      await expect(problem).toContainText('site zip');
      await expect(page.getByTestId('status')).toHaveClass(/error/);

      // Validate does not start a run that cannot finish.
      await dropFile(page, 'encounters.csv', SAMPLE);
      await expect(page.getByTestId('status')).toContainText('cannot be checked');
      await expect(page.getByText('Starting…')).toHaveCount(0);

      // Practice names the missing files too, not the browser's import error.
      await page.getByRole('tab', { name: 'Practice' }).click();
      const practice = page.locator('#practice-root');
      await expect(practice.getByTestId('panel-deploy-problem')).toContainText('/class/pkg/recordlint.js could not be loaded (HTTP 404', { timeout: 2000 });
      await expect(practice).not.toContainText('Failed to fetch dynamically imported module');
      await expect(page.getByTestId('deploy-problem'), 'the list of missing files is shown once').toHaveCount(1);
      await expect(page.getByTestId('deploy-problem')).toBeVisible();
    } finally {
      server.close();
    }
  });
});

test('a copy missing a data file names it when the look-up needs it', async ({ page }) => {
  await withTempDir(async (dir) => {
    cpSync(join(ROOT, 'dist/site'), dir, { recursive: true });
    rmSync(join(dir, 'data/icd10cm-descriptions.txt.deflate'));
    const server = await serve(dir);
    try {
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
      await expect(page.getByTestId('deploy-problem')).toHaveCount(0);
      await page.getByRole('tab', { name: 'Look up codes' }).click();
      const problem = page.getByTestId('deploy-problem');
      await expect(problem).toBeVisible({ timeout: 2000 });
      await expect(problem.getByTestId('missing-file')).toHaveText(['/data/icd10cm-descriptions.txt.deflate — HTTP 404 Not Found']);
      await expect(problem).toContainText('make build');
    } finally {
      server.close();
    }
  });
});
