//! The Luhn (mod 10, "double-add-double") check digit, shared by NPI and other identifiers.

/// The check digit that makes `digits` (ASCII digits, check digit not included) pass Luhn.
/// Returns `None` when `digits` holds anything but ASCII digits.
pub fn check_digit(digits: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    // Doubling starts with the rightmost payload digit, because the check digit follows it.
    for (i, &c) in digits.iter().rev().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    Some(((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // ISO/IEC 7812 example: 7992739871 has check digit 3.
        assert_eq!(super::check_digit(b"7992739871"), Some(3));
        assert_eq!(super::check_digit(b"12a"), None);
    }
}
