// Writes <site>/exercises/ (`dist/site/` by default, or the folder given as the first argument):
// a copy of the bundled packs and index.json listing them, so the static page can load them
// without a directory listing.
import { existsSync, readdirSync, mkdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';

const OUT = `${process.argv[2] ?? 'dist/site'}/exercises`;
const packs = (existsSync('exercises') ? readdirSync('exercises') : []).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const p of packs) copyFileSync(`exercises/${p}`, `${OUT}/${p}`);
writeFileSync(`${OUT}/index.json`, JSON.stringify(packs, null, 1) + '\n');
console.log(`exercise packs: ${packs.length}`);
