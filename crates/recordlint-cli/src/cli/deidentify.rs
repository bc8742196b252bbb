//! `recordlint deidentify FILE... --out DIR [--date-shift] [--key FILE]`: writes a de-identified
//! copy of each file, in its own format and under its own name, into DIR, streamed in chunks (the
//! memory of a CSV or HL7 v2 copy does not grow with the file), with the run's report
//! (`deidentify-report.json` and `.txt`) beside them; `--key` also writes the token map, the
//! only way back to the identifiers.

use super::out::out;
use super::unexpected;
use recordlint_core::deid::{self, Method, Session};
use recordlint_core::Format;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// 32 random bytes from the operating system.
fn seed() -> Result<[u8; 32], String> {
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| format!("no random source (/dev/urandom): {e}"))?;
    Ok(seed)
}

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    use lexopt::Arg;
    let (mut files, mut out, mut key, mut method) = (Vec::new(), None, None, Method::SafeHarbor);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Arg::Value(v) => files.push(PathBuf::from(v)),
            Arg::Long("out") | Arg::Short('o') => {
                out = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
            }
            Arg::Long("key") => key = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?)),
            Arg::Long("date-shift") => method = Method::DateShift,
            other => return Err(unexpected(other)),
        }
    }
    let out = out.ok_or("deidentify needs --out DIR")?;
    if files.is_empty() {
        return Err("deidentify needs at least one FILE".into());
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let today = jiff::Zoned::now().date();
    let mut session = Session::new(method, seed()?, today.year(), key.is_some());
    let mut status = 0;
    for file in &files {
        let name =
            file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "input".into());
        let target = out.join(&name);
        if same_file(file, &target) {
            return Err(format!(
                "{}: the copy would overwrite the input; choose another --out",
                file.display()
            ));
        }
        match copy(file, &target, &name, &mut session) {
            Ok(()) => {}
            Err(e) => {
                eprintln!("recordlint: {}: {e}", file.display());
                let _ = std::fs::remove_file(&target);
                status = 2;
            }
        }
    }
    let report = &session.report;
    write(&out.join("deidentify-report.json"), report.to_json().as_bytes())?;
    let text = report.to_text();
    write(&out.join("deidentify-report.txt"), text.as_bytes())?;
    if let Some(key) = key {
        let file = std::fs::File::create(&key).map_err(|e| format!("{}: {e}", key.display()))?;
        let mut file = std::io::BufWriter::new(file);
        session
            .tokens
            .write_key(method, &mut file)
            .and_then(|()| file.flush())
            .map_err(|e| format!("{}: {e}", key.display()))?;
    }
    out!("{text}");
    Ok(status)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Copies `input` de-identified into `target`, chunk by chunk.
fn copy(input: &Path, target: &Path, name: &str, session: &mut Session) -> Result<(), String> {
    let mut reader = std::fs::File::open(input).map_err(|e| e.to_string())?;
    let mut buf = vec![0; CHUNK];
    let first = reader.read(&mut buf).map_err(|e| e.to_string())?;
    let format = Format::sniff(&buf[..first]);
    session.start_file(name);
    let mut writer = deid::writer_for(format);
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(target).map_err(|e| format!("{}: {e}", target.display()))?,
    );
    let mut sink = Vec::with_capacity(CHUNK * 2);
    let (mut bytes_in, mut bytes_out) = (first as u64, 0u64);
    writer.write(&buf[..first], session, &mut sink);
    loop {
        file.write_all(&sink).map_err(|e| e.to_string())?;
        bytes_out += sink.len() as u64;
        sink.clear();
        let n = reader.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        bytes_in += n as u64;
        writer.write(&buf[..n], session, &mut sink);
    }
    writer.finish(session, &mut sink)?;
    file.write_all(&sink).map_err(|e| e.to_string())?;
    bytes_out += sink.len() as u64;
    file.flush().map_err(|e| e.to_string())?;
    session.report.files.push(deid::report::FileSummary {
        input: input.display().to_string(),
        output: target.display().to_string(),
        format: format.name().to_string(),
        bytes_in,
        bytes_out,
    });
    Ok(())
}
