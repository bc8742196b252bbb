// Packs dist/npm with `npm pack`, installs the tarball into a fresh example project
// (dist/npm-example, from tests/npm/example/) and type-checks its TypeScript with `tsc --noEmit`.
// The page itself is then tested in Chromium by npm.spec.mjs (make test-npm).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = join(root, 'dist', 'npm-example');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const { name, version } = JSON.parse(readFileSync(join(root, 'dist/npm/package.json'), 'utf8'));
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', join(root, 'dist')], join(root, 'dist/npm')));
const tarball = join(root, 'dist', packed[0].filename);
const files = packed[0].files.map((f) => f.path).sort();
for (const wanted of ['index.js', 'index.d.ts', 'types.d.ts', 'recordlint.js', 'recordlint.d.ts', 'recordlint_bg.wasm',
  'data/icd10cm-descriptions.txt.deflate', 'README.md', 'package.json']) {
  if (!files.includes(wanted)) throw new Error(`${packed[0].filename} lacks ${wanted}: ${files.join(', ')}`);
}
console.log(`packed ${tarball} (${files.length} files, ${packed[0].size} bytes)`);

rmSync(example, { recursive: true, force: true });
cpSync(join(root, 'tests/npm/example'), example, { recursive: true });
run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], example);
const installed = JSON.parse(readFileSync(join(example, 'node_modules', name, 'package.json'), 'utf8'));
if (installed.version !== version) throw new Error(`installed ${installed.version}, packed ${version}`);

const tsc = join(root, 'node_modules', '.bin', 'tsc');
if (!existsSync(tsc)) throw new Error('typescript is missing: npm ci');
run(tsc, ['--noEmit', '-p', example], example);
console.log(`tsc --noEmit: the example's TypeScript checks against ${name} ${version}`);
