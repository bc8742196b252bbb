// Shared helpers for the browser tests: a request log proving the privacy promise.
import { expect } from '@playwright/test';

/** The app's own static files: everything the page may ever request. */
const STATIC = /^\/(|index\.html|style\.css|practice\.css|main\.js|view\.js|export\.js|worker\.js|lookup\.js|practice\.js|sw\.js|pkg\/recordlint(_bg\.wasm|\.js)|samples\/[\w.-]+|data\/[\w.-]+|exercises\/[\w.-]+\.json)$/;

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
    expect.soft(url.search, r.url).toMatch(/^(\?pack=[\w.-]+)?$/);
    expect.soft(url.pathname, r.url).toMatch(STATIC);
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
