//! A small fuzz test: truncated, corrupted and hostile variants of the FHIR and HL7 fixtures
//! (and a few generated inputs) never panic, and a cut-off FHIR document is always reported.

mod common;

use recordlint_core::{validate, Format, Profile, Validator};

/// xorshift64*: deterministic, dependency-free randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NASTY: &[u8] = b"{}[]\":,|^~\\&\r\n\x00\xFF\x0B\x1C0123456789-.TZ+ eE";

fn fixture_bytes() -> Vec<(String, Vec<u8>)> {
    let root = common::repo_path("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["fhir", "hl7v2"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".expected") && !name.ends_with(".profile.json") {
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Validates `bytes` whole, in small chunks, and forced as each format.
fn run_all_ways(bytes: &[u8], rng: &mut Rng) {
    let today = jiff::civil::date(2026, 11, 22);
    validate(bytes, Profile::default(), today);
    let mut v = Validator::with_today(Profile::default(), today);
    let size = 1 + rng.below(9);
    for chunk in bytes.chunks(size) {
        v.feed(chunk);
    }
    v.finish();
    for format in [Format::Csv, Format::Fhir, Format::Hl7v2] {
        let mut v = Validator::with_today(Profile::default(), today);
        v.set_format(format);
        v.feed(bytes);
        v.finish();
    }
}

#[test]
fn corrupted_fixtures_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, bytes) in fixture_bytes() {
        for _ in 0..40 {
            let mut variant = bytes.clone();
            match rng.below(4) {
                0 => variant.truncate(rng.below(bytes.len())),
                1 => {
                    for _ in 0..1 + rng.below(8) {
                        let at = rng.below(variant.len());
                        if let Some(b) = variant.get_mut(at) {
                            *b = NASTY[rng.below(NASTY.len())];
                        }
                    }
                }
                2 => {
                    let at = rng.below(variant.len());
                    let junk: Vec<u8> =
                        (0..1 + rng.below(16)).map(|_| NASTY[rng.below(NASTY.len())]).collect();
                    variant.splice(at..at, junk);
                }
                _ => {
                    let (a, b) = (rng.below(variant.len()), rng.below(variant.len()));
                    let (a, b) = (a.min(b), a.max(b));
                    variant.drain(a..b);
                }
            }
            let result = std::panic::catch_unwind(|| run_all_ways(&variant, &mut Rng(7)));
            assert!(result.is_ok(), "{name}: panicked on variant {:?}", String::from_utf8_lossy(&variant));
        }
    }
}

#[test]
fn truncated_fhir_documents_are_always_reported() {
    let today = jiff::civil::date(2026, 11, 22);
    for (name, bytes) in fixture_bytes().into_iter().filter(|(n, _)| n.ends_with(".json")) {
        let end = bytes.iter().rposition(|&b| b == b'}').unwrap_or(0);
        for cut in (1..end).step_by(97) {
            let report = validate(&bytes[..cut], Profile::default(), today);
            assert!(
                report.findings.iter().any(|f| f.rule == "F101"),
                "{name} cut at byte {cut}: {:?}",
                report.findings
            );
        }
    }
}

#[test]
fn hostile_generated_inputs_never_panic() {
    let mut rng = Rng(42);
    let deep_json = "[".repeat(100_000);
    let deep_obj = "{\"a\":".repeat(50_000);
    let inputs: Vec<Vec<u8>> = vec![
        deep_json.into_bytes(),
        deep_obj.into_bytes(),
        b"MSH".to_vec(),
        b"MSH|".to_vec(),
        b"MSH|^~\\&".to_vec(),
        b"MSH|^~\\&|\rPID|1|\\X4\\|\\".to_vec(),
        b"\x0b\x1c\r\n".to_vec(),
        b"\xEF\xBB\xBF{}".to_vec(),
        b"{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":5},{\"fullUrl\":7},null]}".to_vec(),
        b"{\"resourceType\":\"Encounter\",\"class\":[],\"period\":{\"start\":5},\"diagnosis\":[{\"rank\":-1}]}".to_vec(),
        b"{\"resourceType\":\"Claim\",\"diagnosis\":[{\"sequence\":1e999,\"diagnosis\":{}}],\"item\":[{\"encounter\":[{}]}]}".to_vec(),
        b"\"\\ud800\"".to_vec(),
        (0..4096).map(|_| (rng.next() & 0xFF) as u8).collect(),
        (0..4096).map(|_| NASTY[rng.below(NASTY.len())]).collect(),
    ];
    for input in inputs {
        let result = std::panic::catch_unwind(|| run_all_ways(&input, &mut Rng(3)));
        assert!(result.is_ok(), "panicked on {:?}", String::from_utf8_lossy(&input[..input.len().min(200)]));
    }
}

/// One broken input of the broken-input suite (the browser runs the same cases in
/// tests/e2e/broken-input.spec.mjs): what it is, and the finding that must say so, with where.
struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    /// The rule of the finding that must be reported.
    rule: &'static str,
    /// Text the finding's location must show (`file`, `row 2`, `line 1`, `message 1`).
    at: &'static str,
}

fn broken_inputs() -> Vec<Broken> {
    let fixture = |path: &str| std::fs::read(common::repo_path("tests/fixtures").join(path)).unwrap();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("mrn,name\n1,A\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let wide_header: String = (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
    let wide_row: String = (0..100_000).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let fhir = fixture("fhir/patient-only.json");
    let ndjson = fixture("fhir/bulk-export.ndjson");
    let hl7 = fixture("hl7v2/adt-a01.hl7");
    vec![
        Broken { name: "empty file", bytes: Vec::new(), rule: "S103", at: "file" },
        Broken { name: "only a BOM", bytes: b"\xEF\xBB\xBF".to_vec(), rule: "S103", at: "file" },
        Broken { name: "UTF-16 with BOM", bytes: utf16, rule: "S106", at: "file" },
        Broken {
            name: "Latin-1 bytes",
            bytes: b"mrn,patient_name\n1,Jos\xE9 Garc\xEDa\n".to_vec(),
            rule: "S104",
            at: "row 2",
        },
        Broken {
            name: "CR-only line endings",
            bytes: b"mrn,patient_name,dob\r1,Ann,1980-01-01\r2,Bo,1980-13-45\r".to_vec(),
            rule: "D202",
            at: "row 3",
        },
        Broken { name: "NUL bytes", bytes: b"mrn,patient_name\n1,A\0B\n".to_vec(), rule: "S106", at: "file" },
        Broken {
            name: "a 10 MB single line",
            bytes: vec![b'a'; 10 * 1024 * 1024],
            rule: "S103",
            at: "row 1",
        },
        Broken {
            name: "100,000 columns",
            bytes: format!("{wide_header}\n{wide_row}\n").into_bytes(),
            rule: "C102",
            at: "row 1",
        },
        Broken {
            name: "JSON nested 10,000 deep",
            bytes: format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
            rule: "F101",
            at: "line 1",
        },
        Broken {
            name: "truncated CSV",
            bytes: b"mrn,patient_name\n1,\"Doe, Ja".to_vec(),
            rule: "S102",
            at: "row 2",
        },
        Broken {
            name: "truncated FHIR JSON",
            bytes: fhir[..fhir.len() / 2].to_vec(),
            rule: "F101",
            at: "line",
        },
        Broken {
            name: "truncated NDJSON",
            bytes: ndjson[..ndjson.len() / 2].to_vec(),
            rule: "F101",
            at: "line",
        },
        Broken {
            name: "truncated HL7 v2",
            bytes: hl7[..hl7.len() / 3].to_vec(),
            rule: "H104",
            at: "message 1",
        },
    ]
}

#[test]
fn broken_inputs_give_a_clear_located_finding() {
    let today = jiff::civil::date(2026, 11, 22);
    for case in broken_inputs() {
        let report = std::panic::catch_unwind(|| validate(&case.bytes, Profile::default(), today))
            .unwrap_or_else(|_| panic!("{} panics", case.name));
        let shown: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
        let hit = report.findings.iter().find(|f| f.rule == case.rule);
        let Some(hit) = hit else { panic!("{}: no {} finding in {shown:#?}", case.name, case.rule) };
        assert!(
            hit.location.to_string().contains(case.at),
            "{}: {hit} is not located at {}",
            case.name,
            case.at
        );
        assert!(hit.message.len() > 10, "{}: {hit} says too little", case.name);
    }
}
