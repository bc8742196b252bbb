// The JSON Schemas in schemas/ against the real output: `recordlint check --format json` of every
// input under tests/fixtures, tests/corpus and tests/exports' goldens, and `recordlint code
// --format json` on a batch that reaches every code system and every verdict. Negative cases prove
// the schemas fail on a wrong type, a missing required field and an unknown field.
// Run: `make test-schemas` (builds the binary; RECORDLINT_BIN overrides which one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.RECORDLINT_BIN
  || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'recordlint');
const schema = (name) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const checkReport = ajv.compile(schema('check-report.v1.schema.json'));
const codeAnswer = ajv.compile(schema('code-answer.v1.schema.json'));

/** Runs the binary; resolves with its stdout whatever its exit status (1 means error findings). */
function run(args, cwd = join(root, 'tests')) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      if (error && error.code !== 1) reject(new Error(`recordlint ${args.join(' ')}: ${stderr || error}`));
      else resolve(stdout);
    });
  });
}

/** Every input file under tests/DIR (recursively), not the goldens, profiles or notes. */
function inputs(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(expected|md)$|\.profile\.json$|^valid\.txt$|^\./.test(name)) out.push(path);
    }
  };
  walk(join(root, 'tests', dir));
  return out;
}

const explain = (validate) => ajv.errorsText(validate.errors, { separator: '\n' });

/** Validates `check --format json` of each file (with its `.profile.json` when it has one). */
async function checkAll(files) {
  const queue = [...files];
  let count = 0;
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const profile = file.replace(/\.[^.]+$/, '.profile.json');
      const args = ['check', file, '--format', 'json', ...(existsSync(profile) ? ['--profile', profile] : [])];
      const report = JSON.parse(await run(args));
      assert.ok(checkReport(report), `${file}:\n${explain(checkReport)}`);
      count += 1;
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return count;
}

test('check --format json of every fixture fits check-report.v1', async () => {
  const files = inputs('fixtures');
  assert.ok(files.length >= 50, `${files.length} fixtures`);
  assert.equal(await checkAll(files), files.length);
});

test('check --format json of every corpus file fits check-report.v1', async () => {
  const files = inputs('corpus');
  assert.ok(files.length >= 100, `${files.length} corpus files`);
  assert.equal(await checkAll(files), files.length);
});

test('the JSON export goldens and a several-file run fit check-report.v1', async () => {
  for (const name of readdirSync(join(root, 'tests/exports')).filter((n) => /^[^.]+\.json$/.test(n))) {
    const report = JSON.parse(readFileSync(join(root, 'tests/exports', name), 'utf8'));
    assert.ok(checkReport(report), `${name}:\n${explain(checkReport)}`);
  }
  const several = JSON.parse(await run(['check', 'cross-file/clinic-a.csv', 'cross-file/clinic-b.csv',
    'fixtures/hl7v2/' + readdirSync(join(root, 'tests/fixtures/hl7v2')).find((n) => n.endsWith('.hl7')), '--format', 'json']));
  assert.equal(several.files.length, 3);
  assert.ok(checkReport(several), explain(checkReport));
});

/** Codes that, together, give every system and every verdict the look-up has. */
const CODES = [
  'E11.9', 'E11', 'e1165', 'E11.99', 'S52.501', 'S52.501A', 'D69.1', 'Z00.00', 'O80', 'XYZ', 'R69',
  '0016070', '0016O70', '0016', '99213', '9921', 'G0008', 'A0425', 'G9999', '1234567893', '1234567890',
  '2345-7', '2345-8', '22298006', '22298007', '00002-1433-80', '0002-1433-80', '12345678901234',
  'B20', 'C7A.1', 'U07.1', 'K35.8',
];

test('code --format json answers fit code-answer.v1, for every system and verdict', async () => {
  const lines = [];
  for (const date of [[], ['--date', '2015-10-01'], ['--date', '2026-03-04']]) {
    const out = await run(['code', ...CODES, ...date, '--format', 'json']);
    lines.push(...out.trim().split('\n'));
  }
  for (const system of ['icd10cm', 'icd10pcs', 'hcpcs', 'cpt', 'npi', 'loinc', 'snomed', 'ndc', 'rxnorm']) {
    lines.push(...(await run(['code', 'E11.9', '1234567893', '00002143380', '--system', system, '--format', 'json'])).trim().split('\n'));
  }
  const systems = new Set();
  const verdicts = new Set();
  for (const line of lines) {
    const answer = JSON.parse(line);
    assert.ok(codeAnswer(answer), `${line.slice(0, 200)}:\n${explain(codeAnswer)}`);
    for (const a of answer.answers) {
      systems.add(a.system);
      verdicts.add(a.verdict);
    }
  }
  assert.deepEqual([...verdicts].sort(), ['format_valid', 'heading', 'invalid', 'other_dates', 'unknown', 'valid']);
  assert.deepEqual([...systems].sort(),
    ['cpt', 'hcpcs', 'icd10cm', 'icd10pcs', 'loinc', 'ndc', 'npi', 'rxnorm', 'snomed']);
});

test('a batch from a file gives line numbers that fit code-answer.v1', async () => {
  const out = await run(['code', '--from', join(root, 'tests/schemas/codes.txt'), '--format', 'json']);
  const answers = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(answers.length >= 10);
  for (const a of answers) assert.ok(codeAnswer(a), explain(codeAnswer));
  assert.equal(answers[0].line, 2, 'the comment on line 1 is skipped');
});

test('the schemas fail on a wrong type, a missing required field and an unknown field', async () => {
  const good = JSON.parse(await run(['check', 'fixtures/csv/dates.csv', '--format', 'json']));
  assert.ok(checkReport(good), explain(checkReport));
  const broken = [
    (r) => { r.summary.errors = '7'; },
    (r) => { delete r.findings[0].rule; },
    (r) => { delete r.files[0].format; },
    (r) => { r.findings[0].severity = 'fatal'; },
    (r) => { r.findings[0].location = { row: 2, column: 'dob' }; },
    (r) => { r.findings[0].location.row = 0; },
    (r) => { r.summary.by_rule.nope = 1; },
    (r) => { r.findings[0].extra = true; },
    (r) => { r.files[0].extra = 1; },
    (r) => { r.summary.files = 1; },
  ];
  for (const [i, breakIt] of broken.entries()) {
    const copy = structuredClone(good);
    breakIt(copy);
    assert.equal(checkReport(copy), false, `check-report mutation ${i} passes: ${breakIt}`);
  }
  const answer = JSON.parse((await run(['code', 'E11', '--format', 'json'])).trim());
  assert.ok(codeAnswer(answer), explain(codeAnswer));
  const brokenAnswers = [
    (a) => { a.answers[0].valid = 'no'; },
    (a) => { delete a.answers[0].verdict; },
    (a) => { delete a.input; },
    (a) => { a.answers[0].verdict = 'fine'; },
    (a) => { delete a.answers[0].reason; },
    (a) => { a.answers[0].children[0].billable = 1; },
    (a) => { a.answers = []; },
    (a) => { a.line = 0; },
    (a) => { a.answers[0].unknown = 1; },
  ];
  for (const [i, breakIt] of brokenAnswers.entries()) {
    const copy = structuredClone(answer);
    breakIt(copy);
    assert.equal(codeAnswer(copy), false, `code-answer mutation ${i} passes: ${breakIt}`);
  }
});

test("the npm package's result types have the schemas' fields, required ones not optional", () => {
  const types = readFileSync(join(root, 'npm/types.d.ts'), 'utf8');
  /** The fields of `export interface NAME { … }`: name → optional? */
  const fields = (name) => {
    const body = types.match(new RegExp(`^export interface ${name}(?: extends \\w+)? \\{(.*)\\}$`, 'm'))?.[1]
      ?? types.match(new RegExp(`^export interface ${name}(?: extends \\w+)? \\{$([\\s\\S]*?)^\\}`, 'm'))?.[1];
    assert.ok(body, `types.d.ts has no interface ${name}`);
    const depth0 = body.replace(/\{[^{}]*\}/g, '{}').replace(/\/\*\*[\s\S]*?\*\//g, '');
    return new Map([...depth0.matchAll(/(\w+)(\??):/g)].map(([, field, optional]) => [field, optional === '?']));
  };
  const pairs = [
    ['check-report.v1.schema.json', 'finding', 'Finding', ['file']],
    ['check-report.v1.schema.json', 'summaryCounts', 'Summary', []],
    ['check-report.v1.schema.json', 'csvLocation', 'CsvLocation', []],
    ['check-report.v1.schema.json', 'hl7Location', 'Hl7Location', []],
    ['code-answer.v1.schema.json', 'lookup', 'CodeLookup', []],
    ['code-answer.v1.schema.json', 'choice', 'CodeChoice', []],
  ];
  for (const [file, def, name, elsewhere] of pairs) {
    const spec = schema(file).$defs[def];
    const declared = fields(name);
    for (const field of Object.keys(spec.properties).filter((f) => !elsewhere.includes(f))) {
      assert.ok(declared.has(field), `${name} lacks ${field} (${file} ${def})`);
      assert.equal(declared.get(field), !(spec.required ?? []).includes(field), `${name}.${field}: optional?`);
    }
  }
  const answer = fields('CodeAnswer');
  assert.deepEqual([...answer.keys()].sort(), Object.keys(schema('code-answer.v1.schema.json').properties).sort());
});
