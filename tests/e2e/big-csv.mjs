// A large generated CSV for the tests of files that stream: distinct patients, every 50th
// encounter with its discharge before its admission.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEADER = 'mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,attending_npi\n';

const pad = (n) => String(n).padStart(2, '0');

/** `rows` encounters of distinct patients, every 50th with its discharge before its admission. */
export function encounters(rows) {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const dob = `${1930 + Math.floor(i / 336) % 80}-${pad(1 + Math.floor(i / 28) % 12)}-${pad(1 + i % 28)}`;
    const discharge = i % 50 === 0 ? '2026-03-01' : '2026-03-06';
    lines.push(`${100000 + i},"Doe, Jane",${dob},F,2026-03-04,${discharge},E11.9,1234567893\n`);
  }
  return Buffer.from(lines.join(''));
}

/** Writes `encounters(rows)` to a file in a new temporary folder: its path, and a function that
 *  removes the folder. */
export function writeEncounters(prefix, rows) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'big.csv');
  writeFileSync(path, encounters(rows));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
