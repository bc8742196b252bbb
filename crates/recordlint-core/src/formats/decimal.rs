//! Numbers written into the text of locations (a JSON pointer's item, an HL7 path's field and
//! repetition) without the formatting machinery, which costs more than the digits on the hot
//! paths of the readers.

/// Appends `n` in decimal to `out`.
pub(crate) fn push(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_as_display_does() {
        for n in [0, 7, 10, 99, 12_345, usize::MAX] {
            let mut out = String::from("x");
            super::push(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}
