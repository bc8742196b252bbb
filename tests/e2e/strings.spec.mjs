// The page's own strings: counts are written with the plural helper (`counted` in www/view.js),
// never as "exercise(s)" or "1 records". A source scan, no browser.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const files = readdirSync(WWW, { recursive: true }).filter((f) => /\.(js|html)$/.test(f) && !f.startsWith('pkg'));

/** String and template literals of a source, without its comments (close enough for this check). */
function literals(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  return [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]);
}

test('no string of the page writes a plural as "(s)"', () => {
  expect(files.length).toBeGreaterThan(20);
  const found = [];
  for (const f of files) {
    const text = readFileSync(WWW + f, 'utf8');
    const strings = f.endsWith('.html') ? [text.replace(/<!--[\s\S]*?-->/g, '')] : literals(text);
    // The words of each string, without the code of its ${…} parts (`String(s)` is no plural).
    for (const s of strings) if (/[a-z]\((s|es)\)/i.test(s.replace(/\$\{[^}]*\}/g, ''))) found.push(`${f}: ${s.slice(0, 80)}`);
  }
  expect(found).toEqual([]);
});

test('no string puts a count before a plural noun itself: counts go through counted()', () => {
  const nouns = 'records?|findings?|errors?|warnings?|exercises?|packs?|problems?|rules?|files?|groups?|codes?|attempts?';
  // A count: `${formatCount(x)}`, `${x.length}`, `${x.size}` or `${… - 8}`, then a noun.
  const bare = new RegExp(`\\$\\{(?:formatCount\\([^}]*\\)|[\\w.?()]+\\.(?:length|size)(?: [-+] \\d+)?)\\} (${nouns})\\b(?!/)`);
  const found = [];
  for (const f of files.filter((name) => name.endsWith('.js'))) {
    for (const s of literals(readFileSync(WWW + f, 'utf8'))) if (bare.test(s)) found.push(`${f}: ${s.slice(0, 100)}`);
  }
  expect(found).toEqual([]);
});
