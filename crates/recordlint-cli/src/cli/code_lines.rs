//! Codes for a batch look-up, one a line, from standard input or a file: blank lines and `#`
//! comments skipped, each code with its line number, read as a stream (one line in memory).

use std::io::{BufRead, Read};

/// A line longer than this is not a code: the batch stops with its line number.
pub const MAX_LINE: usize = 4096;

/// The codes of `input` one at a time, trimmed, each with its 1-based line number; `name` names
/// the input in errors (`standard input`, `codes.txt`).
pub struct CodeLines<R> {
    input: R,
    name: String,
    line: usize,
    buffer: Vec<u8>,
}

impl<R: BufRead> CodeLines<R> {
    pub fn new(input: R, name: impl Into<String>) -> Self {
        CodeLines { input, name: name.into(), line: 0, buffer: Vec::new() }
    }

    /// The next code and its line number, `None` at the end, or a located error (a line too long
    /// to be a code, a read error). Bytes that are not UTF-8 are replaced, so such a line is
    /// answered as a text that is no code.
    pub fn next_code(&mut self) -> Result<Option<(usize, String)>, String> {
        loop {
            self.buffer.clear();
            let read = self
                .input
                .by_ref()
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut self.buffer)
                .map_err(|e| format!("{}: line {}: {e}", self.name, self.line + 1))?;
            if read == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.buffer.last() != Some(&b'\n') && self.buffer.len() > MAX_LINE {
                return Err(format!(
                    "{}: line {}: longer than {MAX_LINE} bytes — one code a line",
                    self.name, self.line
                ));
            }
            let text = String::from_utf8_lossy(&self.buffer);
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            return Ok(Some((self.line, text.to_string())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Result<Vec<(usize, String)>, String> {
        let mut lines = CodeLines::new(input, "codes.txt");
        let mut out = Vec::new();
        while let Some(code) = lines.next_code()? {
            out.push(code);
        }
        Ok(out)
    }

    #[test]
    fn skips_blanks_and_comments_and_numbers_lines() {
        let codes = all(b"# header\nE11.9\r\n\n  99213  \n#E11\nZ00.00").unwrap();
        assert_eq!(codes, [(2, "E11.9".into()), (4, "99213".into()), (6, "Z00.00".into())]);
    }

    #[test]
    fn a_line_too_long_is_a_located_error_and_bad_bytes_are_replaced() {
        let long = [b"E11\n".to_vec(), vec![b'A'; MAX_LINE + 10]].concat();
        assert_eq!(
            all(&long).unwrap_err(),
            format!("codes.txt: line 2: longer than {MAX_LINE} bytes — one code a line")
        );
        let exact = [vec![b'A'; MAX_LINE], b"\nE11".to_vec()].concat();
        assert_eq!(all(&exact).unwrap().len(), 2);
        assert_eq!(all(b"E1\xff1\n").unwrap(), [(1, "E1\u{fffd}1".into())]);
    }
}
