//! Turning bytes into text: UTF-8 when it is, Windows-1252 (the usual encoding of older exports)
//! when it is not, and telling the two apart.

use std::borrow::Cow;

/// The Windows-1252 characters of bytes 0x80–0x9F (the rest of the byte range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Text decoded from bytes, and where the first byte that was not UTF-8 was, if any.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub first_bad_byte: Option<(usize, u8)>,
}

/// Decodes `bytes` as UTF-8, or as Windows-1252 when they are not valid UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: Cow::Borrowed(s), first_bad_byte: None },
        Err(e) => {
            let at = e.valid_up_to();
            let text = bytes.iter().map(|&b| cp1252(b)).collect();
            Decoded { text: Cow::Owned(text), first_bad_byte: Some((at, bytes[at])) }
        }
    }
}

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// What the first bytes of a file say about its encoding, when it is not plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// A UTF-16 byte order mark.
    Utf16,
    /// A NUL byte at this offset: a binary file (or UTF-16 without a mark).
    Binary(usize),
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Utf16 => f.write_str("the file is UTF-16 encoded; save it as UTF-8 and validate again"),
            NotText::Binary(at) => write!(f, "the file is not text (a NUL byte at offset {at}); is it a spreadsheet or archive rather than an export?"),
        }
    }
}

/// How many bytes at the start of a file [`not_text`] looks at.
pub const TEXT_CHECK_BYTES: usize = 8192;

/// Checks the head of a file (its first [`TEXT_CHECK_BYTES`]) for UTF-16 or binary content.
pub fn not_text(head: &[u8]) -> Option<NotText> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some(NotText::Utf16);
    }
    head.iter().take(TEXT_CHECK_BYTES).position(|&b| b == 0).map(NotText::Binary)
}

/// The UTF-8 byte order mark, skipped where present.
pub const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_borrowed_and_1252_fallback() {
        let d = decode("José".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed("José")) && d.first_bad_byte.is_none());
        let d = decode(b"Jos\xE9 \x93x\x94");
        assert_eq!(d.text, "José “x”");
        assert_eq!(d.first_bad_byte, Some((3, 0xE9)));
    }

    #[test]
    fn detects_utf16_and_binary() {
        assert_eq!(not_text(&[0xFF, 0xFE, b'a', 0]), Some(NotText::Utf16));
        assert_eq!(not_text(b"PK\x03\x04\x00"), Some(NotText::Binary(4)));
        assert_eq!(not_text(b"mrn,name\n"), None);
    }
}
