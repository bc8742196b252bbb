// Type-checked with `tsc --noEmit` against the installed package's declarations: the results are
// typed (not `any`), so a misspelt field is an error (each @ts-expect-error must be one).
import init, {
  ready, validateFile, lookupCode, gradeExercise, lintPack, Tables, Validator, version,
  type Report, type Finding, type CodeLookup, type Grade, type Verdict, type CheckReport, type CodeAnswer,
} from 'recordlint';

export async function check(file: File): Promise<number> {
  await init();
  await ready();
  const report: Report = await validateFile(file, { onProgress: (p) => console.log(p.bytes, p.total, p.errors) });
  const first: Finding | undefined = report.findings[0];
  const rule: string | undefined = first?.rule;
  // @ts-expect-error: the summary has `errors`, not `erors`
  console.log(report.summary.erors, rule, version());
  const tables = new Tables();
  const lookups: CodeLookup[] = lookupCode('E11.9', '2026-03-04', tables);
  const verdict: Verdict = lookups[0].verdict;
  // @ts-expect-error: a verdict is one of six words
  const wrong: Verdict = 'fine';
  const grade: Grade = gradeExercise('{}', '{}');
  const ok: boolean = lintPack('{}').ok && grade.correct;
  const validator = new Validator(null, tables);
  validator.feed(new Uint8Array([1, 2]));
  // @ts-expect-error: finish returns a Report, whose findings are not strings
  const texts: string[] = validator.finish().findings;
  const exported: CheckReport | null = null;
  const answer: CodeAnswer = { input: 'E11.9', answers: lookups };
  console.log(verdict, wrong, ok, texts, exported, answer);
  return report.summary.errors;
}
