// Offline and installable: on the first visit the service worker caches every static file of the
// build (app shell, wasm, code descriptions, bundled packs) in a cache named after the build; after
// that the page loads, validates, looks up codes and opens packs with the network off. A new
// deployment (a copy of the built site served here with one file changed) fills a new cache and deletes
// the old one, and the page then gets the new files. The manifest makes the page installable.
import { test, expect } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Cache Storage as the page sees it: cache name → cached paths. */
const cacheContents = (page) => page.evaluate(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  }
  return out;
});

/** Waits until the page is controlled by an activated service worker. */
async function waitForControl(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('after one visit the page loads, validates, looks up codes and opens packs offline', async ({ page, context }) => {
  await openApp(page);
  await waitForControl(page);
  const build = readFileSync(join(ROOT, 'dist/site/sw-assets.js'), 'utf8').match(/RECORDLINT_BUILD = "(\w+)"/)[1];
  const caches = await cacheContents(page);
  expect(Object.keys(caches)).toEqual([`recordlint-${build}`]);
  for (const path of ['/', '/index.html', '/main.js', '/worker.js', '/pkg/recordlint_bg.wasm', '/data/icd10cm-descriptions.txt.deflate',
    '/exercises/index.json', '/exercises/coding-icd10cm.json', '/manifest.webmanifest', '/icons/icon-192.png']) {
    expect(caches[`recordlint-${build}`], `${path} is cached on the first visit`).toContain(path);
  }

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('sum-records')).toHaveText('9');
  await page.getByRole('tab', { name: 'Look up codes' }).click();
  await page.getByTestId('lookup-input').fill('E11.9');
  await expect(page.getByTestId('lookup-card').first().getByTestId('lookup-description')).toContainText('Type 2 diabetes');
  await page.getByRole('tab', { name: 'Practice' }).click();
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await page.getByTestId('practice-start').click();
  await expect(page.getByTestId('exercise-screen')).toBeVisible();
  await context.setOffline(false);
});

test('the manifest makes the page installable', async ({ page, request }) => {
  await openApp(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href)).json();
  expect(manifest.name).toContain('recordlint');
  expect(manifest.short_name).toBe('recordlint');
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('./');
  const sizes = manifest.icons.map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type'], icon.src).toContain(icon.type);
  }
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.csv': 'text/csv' };

/** Serves `dir` on a free port of 127.0.0.1 (a static host of one deployment). */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path.endsWith('/') ? `${path}index.html` : path;
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a new deployment replaces the old cache and its files', async ({ page }) => {
  const site = mkdtempSync(join(tmpdir(), 'recordlint-deploy-'));
  cpSync(join(ROOT, 'dist/site'), join(site, 'site'), { recursive: true });
  const server = await serve(join(site, 'site'));
  try {
    const base = `http://127.0.0.1:${server.address().port}/`;
    await page.goto(base);
    await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
    await waitForControl(page);
    const [oldCache] = Object.keys(await cacheContents(page));

    // Deploy: the sample changes and `make build` writes a new asset list with a new build id.
    const sample = join(site, 'site/samples/encounters.csv');
    writeFileSync(sample, readFileSync(sample, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    execFileSync('cargo', ['xtask', 'site', join(site, 'site')], { cwd: ROOT });
    const newBuild = readFileSync(join(site, 'site/sw-assets.js'), 'utf8').match(/RECORDLINT_BUILD = "(\w+)"/)[1];
    expect(`recordlint-${newBuild}`).not.toBe(oldCache);

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect.poll(async () => Object.keys(await cacheContents(page)), { timeout: 20_000 }).toEqual([`recordlint-${newBuild}`]);
    await page.reload();
    await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('load-sample').click();
    await expect(page.getByTestId('sum-records')).toHaveText('2');
  } finally {
    server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
