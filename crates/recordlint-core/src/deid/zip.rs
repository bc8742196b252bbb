//! ZIP codes under Safe Harbor (45 CFR 164.514(b)(2)(i)(B)): the first three digits, or `000` for
//! the three-digit areas of 20,000 people or fewer (the bundled list, `restricted-zip3.txt`, with
//! its source and date).

/// The bundled list of restricted three-digit prefixes (comments start with `#`).
const RESTRICTED: &str = include_str!("restricted-zip3.txt");

/// True when the three-digit area `prefix` is on the restricted list.
pub fn restricted(prefix: &str) -> bool {
    RESTRICTED.lines().any(|l| !l.starts_with('#') && l.trim() == prefix)
}

/// The Safe Harbor form of a ZIP code: its first three digits, `000` for a restricted area, and
/// nothing when it does not start with three digits.
pub fn generalise(zip: &str) -> String {
    let zip = zip.trim();
    let prefix = zip.get(..3).filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    match prefix {
        Some(p) if restricted(p) => "000".into(),
        Some(p) => p.into(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_digits_or_000() {
        assert_eq!(generalise("62701-1234"), "627");
        assert_eq!(generalise("03601"), "000");
        assert_eq!(generalise("89301"), "000");
        assert_eq!(generalise("A1B 2C3"), "");
        assert_eq!(RESTRICTED.lines().filter(|l| !l.starts_with('#')).count(), 17);
    }
}
