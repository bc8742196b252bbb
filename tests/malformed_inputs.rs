//! A small fuzz test: truncated, corrupted and hostile variants of the FHIR and HL7 fixtures
//! (and a few generated inputs) never panic, and a cut-off FHIR document is always reported.

use recordlint::{validate, Format, Profile, Validator};
use std::path::Path;

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
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
