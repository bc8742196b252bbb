//! HL7 v2 data types recordlint checks: DT, DTM (TS component 1), NM and SI, and which fields
//! hold them.

/// A data type with a checked format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// `YYYY[MM[DD]]`
    Dt,
    /// `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]` (component 1 of a TS).
    Dtm,
    /// A number.
    Nm,
    /// A set id: a positive whole number.
    Si,
}

/// Fields with a checked data type: segment, field, type, and whether it is a record date
/// (mapped into the model, so that rule D202 reports dates that are no dates at all).
pub const TYPED_FIELDS: &[(&str, usize, DataType, bool)] = &[
    ("MSH", 7, DataType::Dtm, false),
    ("EVN", 2, DataType::Dtm, false),
    ("EVN", 6, DataType::Dtm, false),
    ("PID", 1, DataType::Si, false),
    ("PID", 7, DataType::Dtm, true),
    ("PID", 29, DataType::Dtm, true),
    ("NK1", 1, DataType::Si, false),
    ("PV1", 1, DataType::Si, false),
    ("PV1", 44, DataType::Dtm, true),
    ("PV1", 45, DataType::Dtm, true),
    ("AL1", 1, DataType::Si, false),
    ("DG1", 1, DataType::Si, false),
    ("DG1", 5, DataType::Dtm, false),
    ("PR1", 1, DataType::Si, false),
    ("PR1", 5, DataType::Dtm, false),
    ("GT1", 1, DataType::Si, false),
    ("IN1", 1, DataType::Si, false),
    ("IN1", 12, DataType::Dt, false),
    ("IN1", 13, DataType::Dt, false),
    ("OBR", 1, DataType::Si, false),
    ("OBR", 7, DataType::Dtm, false),
    ("OBX", 1, DataType::Si, false),
    ("OBX", 14, DataType::Dtm, false),
    ("FT1", 1, DataType::Si, false),
];

impl DataType {
    pub fn name(self) -> &'static str {
        match self {
            DataType::Dt => "DT",
            DataType::Dtm => "DTM",
            DataType::Nm => "NM",
            DataType::Si => "SI",
        }
    }

    /// What the type looks like, for messages.
    pub fn shape(self) -> &'static str {
        match self {
            DataType::Dt => "YYYY[MM[DD]]",
            DataType::Dtm => "YYYY[MM[DD[HHMM[SS[.S]]]]][+/-ZZZZ]",
            DataType::Nm => "a number such as 12 or -0.5",
            DataType::Si => "a whole number 1, 2, 3 …",
        }
    }

    /// True when `text` (not blank) has this type's format.
    pub fn accepts(self, text: &str) -> bool {
        let b = text.as_bytes();
        match self {
            DataType::Dt => matches!(b.len(), 4 | 6 | 8) && b.iter().all(u8::is_ascii_digit),
            DataType::Dtm => {
                let (main, zone) = match b.iter().position(|&c| c == b'+' || c == b'-') {
                    Some(i) => (&b[..i], b.get(i + 1..)),
                    None => (b, None),
                };
                let (digits, fraction) = match main.iter().position(|&c| c == b'.') {
                    Some(i) => (&main[..i], main.get(i + 1..)),
                    None => (main, None),
                };
                let digits_ok =
                    matches!(digits.len(), 4 | 6 | 8 | 10 | 12 | 14) && digits.iter().all(u8::is_ascii_digit);
                let fraction_ok = fraction.is_none_or(|f| {
                    digits.len() == 14 && (1..=4).contains(&f.len()) && f.iter().all(u8::is_ascii_digit)
                });
                let zone_ok = zone.is_none_or(|z| z.len() == 4 && z.iter().all(u8::is_ascii_digit));
                digits_ok && fraction_ok && zone_ok
            }
            DataType::Nm => {
                let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
                let mut parts = unsigned.splitn(2, '.');
                let int = parts.next().unwrap_or("");
                let frac = parts.next();
                let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
                all_digits(int)
                    && frac.is_none_or(all_digits)
                    && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()))
            }
            DataType::Si => !b.is_empty() && b.len() <= 4 && b.iter().all(u8::is_ascii_digit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DataType::*;

    #[test]
    fn formats() {
        assert!(Dt.accepts("19800201") && Dt.accepts("1980") && !Dt.accepts("1980-02-01"));
        assert!(
            Dtm.accepts("20260304103000")
                && Dtm.accepts("202603041030-0500")
                && Dtm.accepts("20260304103000.1234")
        );
        assert!(!Dtm.accepts("2026-03-04") && !Dtm.accepts("02/01/1980") && !Dtm.accepts("2026030410300"));
        assert!(!Dtm.accepts("20260304.5"));
        assert!(Nm.accepts("12") && Nm.accepts("-0.5") && Nm.accepts(".5") && Nm.accepts("+3."));
        assert!(!Nm.accepts("<5.0") && !Nm.accepts("12,5") && !Nm.accepts("") && !Nm.accepts("."));
        assert!(Si.accepts("1") && !Si.accepts("A") && !Si.accepts("-1"));
    }
}
