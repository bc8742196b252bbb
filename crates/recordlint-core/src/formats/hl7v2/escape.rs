//! HL7 v2 escape sequences (`\F\`, `\S\`, `\T\`, `\R\`, `\E\`, `\Xhh…\`, `\.br\`), decoded with
//! the message's own delimiters.

use super::delimiters::Delimiters;
use std::borrow::Cow;

/// `text` with its escape sequences replaced by the characters they stand for. Formatting
/// escapes (`\H\`, `\N\`) are dropped; an unknown or unterminated one is kept as written.
pub fn unescape<'a>(text: &'a str, d: &Delimiters) -> Cow<'a, str> {
    match d.escape {
        Some(esc) if text.contains(esc) => {
            let mut out = String::with_capacity(text.len());
            push_unescaped(&mut out, text, d);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(text),
    }
}

/// Appends `text`, its escape sequences decoded (see [`unescape`]), to `out`.
pub fn push_unescaped(out: &mut String, text: &str, d: &Delimiters) {
    let Some(esc) = d.escape else {
        out.push_str(text);
        return;
    };
    let mut rest = text;
    while let Some(start) = rest.find(esc) {
        out.push_str(&rest[..start]);
        let after = &rest[start + esc.len_utf8()..];
        let Some(end) = after.find(esc) else {
            out.push_str(&rest[start..]);
            return;
        };
        let seq = &after[..end];
        match seq {
            "F" => out.push(d.field),
            "S" => out.push(d.component),
            "T" => out.push(d.subcomponent),
            "R" => out.push(d.repetition),
            "E" => out.push(esc),
            ".br" => out.push('\n'),
            "H" | "N" => {}
            _ if seq.starts_with('X') && seq.len() > 1 && seq.len() % 2 == 1 => {
                let bytes: Option<Vec<u8>> = (1..seq.len())
                    .step_by(2)
                    .map(|i| seq.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
                    .collect();
                match bytes {
                    Some(b) => out.push_str(&String::from_utf8_lossy(&b)),
                    None => out.push_str(&rest[start..start + 2 * esc.len_utf8() + seq.len()]),
                }
            }
            _ => out.push_str(&rest[start..start + 2 * esc.len_utf8() + seq.len()]),
        }
        rest = &after[end + esc.len_utf8()..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_standard_escapes() {
        let d = Delimiters::default();
        assert_eq!(unescape(r"Smith\T\Jones", &d), "Smith&Jones");
        assert_eq!(unescape(r"a\F\b\S\c\R\d\E\e", &d), r"a|b^c~d\e");
        assert_eq!(unescape(r"line\.br\next\H\bold\N\", &d), "line\nnextbold");
        assert_eq!(unescape(r"\X41\\X4A6F\", &d), "AJo");
        assert_eq!(unescape(r"odd\Z\ and \unterminated", &d), r"odd\Z\ and \unterminated");
        assert_eq!(unescape("plain", &d), "plain");
    }
}
