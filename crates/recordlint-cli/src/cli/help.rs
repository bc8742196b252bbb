//! Each command's help (`recordlint COMMAND --help`, `recordlint help COMMAND`): its usage line
//! first, then what it does and its options. The overall usage (`recordlint --help`) is the first
//! line of each, so the two cannot disagree.

/// Every command with its help text; the first line is its usage.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "check",
        "\
recordlint check FILE... [--format text|json|csv|operation-outcome] [--profile NAME|FILE] [--input-format csv|fhir|hl7v2]

Checks CSV exports, FHIR R4 JSON (resource, Bundle, NDJSON) and HL7 v2 files and prints one
finding per line. Several files are one run: conflicts between records of different files are
found. Large files are checked in pieces on every core (RAYON_NUM_THREADS=1 for one); the output
is the same.

options:
  --format text|json|csv|operation-outcome   output (default text; operation-outcome is FHIR R4)
  --profile NAME|FILE    a preset (`recordlint profiles`) or a profile JSON file
  --input-format csv|fhir|hl7v2              read every FILE as this format (default: by content)

exit status: 0 no finding is an error, 1 some are, 2 a file cannot be read or bad arguments",
    ),
    (
        "profiles",
        "\
recordlint profiles

Lists the preset profiles (which fields are required, which rules run, their severities).",
    ),
    (
        "profile",
        "\
recordlint profile NAME

Prints a preset profile as JSON: save it, edit it and pass the file to `check --profile`.",
    ),
    (
        "rules",
        "\
recordlint rules [--format text|json]

Lists every rule: id, name, family, default severity and what it checks.

options:
  --format text|json     output (default text; json has each rule's full documentation)",
    ),
    (
        "rule",
        "\
recordlint rule ID

Prints one rule's documentation (ID like D201 or a name like discharge-before-admission): what it
does, why it is bad, an example, how to fix it, references.",
    ),
    (
        "code",
        "\
recordlint code TEXT...|-|--from FILE [--system SYSTEM] [--date YYYY-MM-DD] [--format text|json]

Says in plain words what each TEXT is as a code: valid, billable, a category, retired, a bad check
digit, with its description and notes, in every code system it could belong to. A batch of any
size is read one code a line (blank lines and # comments skipped) from standard input (`-`, or
when no TEXT is given and input is piped) or from a file, and answered one line per code.

options:
  --from FILE            read the codes from FILE, one a line
  --system icd10cm|icd10pcs|hcpcs|cpt|npi|loinc|snomed|ndc   only this code system
  --date YYYY-MM-DD      the date of service (default: the newest release of each table)
  --format text|json     output (default text; json is one object a line, schemas/code-answer.v1.schema.json)",
    ),
    (
        "exercises",
        "\
recordlint exercises lint|stats PATH... [--format text|json]

lint: checks exercise packs (a pack file, or a folder of packs) against the engine — every answer
key must agree with it; exit status 1 when one does not. stats: counts exercises by type, domain
and difficulty.

options:
  --format text|json     output (default text)",
    ),
    (
        "generate",
        "\
recordlint generate csv|ndjson|bundle|hl7 [--rows N | --bytes SIZE] [--seed S] [--mix classic|realistic] [--codes common|wide] [--truth FILE]

Writes deterministic synthetic records to standard output (same arguments, same bytes): encounters
of repeated patients with real codes and about 2% planted defects.

options:
  --rows N               records to write (default 1000)
  --bytes SIZE           about this much output instead (100K, 200M, 1G)
  --seed S               another deterministic set (default 1)
  --mix classic|realistic  realistic adds visit kinds, procedures, coded observations and NDCs
  --codes common|wide    wide draws from tens of thousands of billable codes, not a few dozen
  --truth FILE           write the planted defects as CSV (record_number,location,defect_class,expected_rule)",
    ),
    (
        "completions",
        "\
recordlint completions bash|zsh|fish

Writes a completion script for the shell, with every command and option of `--help`:
`source <(recordlint completions bash)`; for zsh save it as `_recordlint` in a folder of $fpath;
for fish as ~/.config/fish/completions/recordlint.fish.",
    ),
    (
        "man",
        "\
recordlint man

Writes the manual page (roff) with every command and option of `--help`: `recordlint man | man -l -`,
or save it as recordlint.1 in a man folder.",
    ),
    (
        "deidentify",
        "\
recordlint deidentify FILE... --out DIR [--date-shift] [--key FILE]

Writes a de-identified copy of each file (CSV, FHIR JSON or NDJSON, HL7 v2), in its own format
and under its own name, into DIR, with deidentify-report.json and deidentify-report.txt: what
changed per Safe Harbor category, masked examples, and every free-text field kept (identifiers
found in it are redacted, but no tool can certify free text: review them).

By default the copy follows the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)): names, street
addresses, telephone and fax numbers, e-mail addresses, URLs, IP addresses, SSNs and medical
record, account, health plan, licence, device and vehicle numbers are removed or replaced by
tokens (random for each run, the same for the same identifier in every file of the run); dates
keep their year; ages over 89 become \"90 or older\" (birth years 90 years back); ZIP codes
keep 3 digits, 000 for the areas of 20,000 people or fewer.

options:
  --out DIR       where the copies and the report go (created if needed)
  --date-shift    move each patient's dates by one random number of days instead of cutting
                  them to the year: intervals are kept, but this is NOT Safe Harbor (sharing the
                  copy as de-identified needs an expert determination)
  --key FILE      also write the token map, the only way back to the identifiers: keep it apart

exit status: 0 every file copied, 2 a file could not be read or copied, or bad arguments",
    ),
];

/// The overall usage: every command's usage line, then `--help` and `--version`.
pub fn usage() -> String {
    let mut text = String::new();
    for (i, (_, help)) in COMMANDS.iter().enumerate() {
        text.push_str(if i == 0 { "usage: " } else { "       " });
        text.push_str(help.lines().next().unwrap_or_default());
        text.push('\n');
    }
    text.push_str("       recordlint COMMAND --help\n       recordlint --version");
    text
}

/// The help of `command`, if there is such a command.
pub fn of(command: &str) -> Option<String> {
    let (_, help) = COMMANDS.iter().find(|(name, _)| *name == command)?;
    Some(format!("usage: {help}"))
}
