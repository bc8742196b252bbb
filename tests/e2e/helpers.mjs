// Shared helpers for the browser tests: a request log proving the privacy promise.
import { expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The app's own static files (everything in the built site, dist/site/): all the page may ever request. */
const WWW = fileURLToPath(new URL('../../dist/site/', import.meta.url));
const STATIC = new Set(['/', ...readdirSync(WWW, { recursive: true }).map((f) => `/${f.split('\\').join('/')}`)]);

/** Starts logging every request of `page` (and its workers). */
export function logRequests(page) {
  const log = [];
  page.context().on('request', (req) => log.push({ method: req.method(), url: req.url(), hasBody: !!req.postDataBuffer() }));
  return log;
}

/** Asserts that every logged request is a same-origin GET of one of the app's static files. */
export function expectOnlyStaticGets(log, baseURL) {
  const origin = new URL(baseURL).origin;
  expect(log.length).toBeGreaterThan(0);
  for (const r of log) {
    const url = new URL(r.url);
    if (url.protocol === 'blob:' || url.protocol === 'data:') continue;
    expect.soft(url.origin, r.url).toBe(origin);
    expect.soft(r.method, r.url).toBe('GET');
    expect.soft(r.hasBody, r.url).toBe(false);
    expect.soft(url.search, r.url).toMatch(/^(\?pack=[\w.-]+|\?workers=\d+)?$/);
    expect.soft(STATIC.has(url.pathname), `${r.url} is one of the app's files`).toBe(true);
  }
}

/** Opens the page and waits until the worker has loaded the engine. */
export async function openApp(page, path = '/') {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(path);
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  return errors;
}

/** Drops a file named `name` holding `text` on the drop zone, the way a browser does (a
 * DataTransfer with one File). */
export async function dropFile(page, name, text) {
  await dropFiles(page, [[name, text]]);
}

/** Drops several files at once (`[[name, text], …]`, in that order) on the drop zone. */
export async function dropFiles(page, files) {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const [n, t] of list) dt.items.add(new File([t], n));
    return dt;
  }, files);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

/** Asserts that nothing makes the page wider than the viewport, naming what sticks out; `soft`
 * lets a test go on and name every overflow of a run. */
export async function expectNoHorizontalScroll(page, what, { soft = false } = {}) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // The outermost elements that stick out (their parent does not), to name them when this fails.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getClientRects().length)
      .filter((e) => e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
      .slice(0, 6).map((e) => `${e.tagName.toLowerCase()}.${e.className}[${e.dataset.testid ?? e.id ?? ''}]`),
  }));
  (soft ? expect.soft : expect)(scrollWidth, `${what}: page wider than the viewport (${wide.join(', ')})`).toBeLessThanOrEqual(innerWidth);
}
