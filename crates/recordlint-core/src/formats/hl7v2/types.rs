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
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let whole = digits(b);
                if !matches!(whole, 4 | 6 | 8 | 10 | 12 | 14) {
                    return false;
                }
                let mut rest = &b[whole..];
                if let [b'.', after @ ..] = rest {
                    let fraction = digits(after);
                    if whole != 14 || !(1..=4).contains(&fraction) {
                        return false;
                    }
                    rest = &after[fraction..];
                }
                match rest {
                    [] => true,
                    [b'+' | b'-', zone @ ..] => zone.len() == 4 && zone.iter().all(u8::is_ascii_digit),
                    _ => false,
                }
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

    /// The DTM format by its definition, part by part: digits, `.fraction`, `+/-zone`.
    fn dtm_by_parts(text: &str) -> bool {
        let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        let (main, zone) = match text.find(['+', '-']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let (digits, fraction) = match main.split_once('.') {
            Some((d, f)) => (d, Some(f)),
            None => (main, None),
        };
        [4, 6, 8, 10, 12, 14].contains(&digits.len())
            && all_digits(digits)
            && fraction.is_none_or(|f| digits.len() == 14 && (1..=4).contains(&f.len()) && all_digits(f))
            && zone.is_none_or(|z| z.len() == 4 && all_digits(z))
    }

    #[test]
    fn dtm_read_in_one_pass_as_by_parts() {
        let pieces =
            ["", "2026", "03", "0410", "20260304103000", ".", ".1", ".12345", "+", "-", "0500", "x", "1"];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("{a}{b}{c}{d}");
                        if !text.is_empty() {
                            assert_eq!(Dtm.accepts(&text), dtm_by_parts(&text), "{text:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 20_000 && Dtm.accepts("20260304103000.1+0500"));
    }
}
