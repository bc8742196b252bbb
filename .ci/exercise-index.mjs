// Writes www/exercises/: a copy of the bundled packs and index.json listing them, so the
// static page can load them without a directory listing.
import { existsSync, readdirSync, mkdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';

const packs = (existsSync('exercises') ? readdirSync('exercises') : []).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
rmSync('www/exercises', { recursive: true, force: true });
mkdirSync('www/exercises', { recursive: true });
for (const p of packs) copyFileSync(`exercises/${p}`, `www/exercises/${p}`);
writeFileSync('www/exercises/index.json', JSON.stringify(packs, null, 1) + '\n');
console.log(`exercise packs: ${packs.length}`);
