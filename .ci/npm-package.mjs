// Writes DIR/package.json for the npm package (make npm): name recordlint, the workspace's version
// and licence (Cargo.toml), an ES module whose entry is index.js with index.d.ts for types.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const cargo = readFileSync('Cargo.toml', 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, 'm'))?.[1];
const pkg = {
  name: 'recordlint',
  version: field('version'),
  description: 'Checks health records (CSV, FHIR R4, HL7 v2) in the browser for missing, malformed and '
    + 'contradictory data: the recordlint engine as WebAssembly, with TypeScript types',
  license: field('license'),
  type: 'module',
  main: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './types': { types: './types.d.ts' },
    './recordlint_bg.wasm': './recordlint_bg.wasm',
    './data/*': './data/*',
    './package.json': './package.json',
  },
  files: ['index.js', 'index.d.ts', 'types.d.ts', 'recordlint.js', 'recordlint.d.ts', 'recordlint_bg.wasm',
    'recordlint_bg.wasm.d.ts', 'data/', 'README.md'],
  sideEffects: false,
  keywords: ['fhir', 'hl7', 'hl7v2', 'icd-10', 'health-records', 'validation', 'wasm', 'csv'],
};
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`${dir}/package.json: ${pkg.name} ${pkg.version}`);
