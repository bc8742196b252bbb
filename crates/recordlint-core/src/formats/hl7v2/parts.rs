//! Splitting HL7 text by one delimiter ([`Parts`], as `str::split` but by byte when the
//! delimiter is ASCII, as it nearly always is) and a field repetition into its components once
//! ([`Components`]), so that reading several components does not split it again each time.

use super::delimiters::Delimiters;

/// The parts of a text between occurrences of a delimiter, as `str::split(delimiter)` gives them.
#[derive(Clone)]
pub struct Parts<'a> {
    rest: Option<&'a str>,
    sep: char,
}

impl<'a> Parts<'a> {
    pub fn new(text: &'a str, sep: char) -> Parts<'a> {
        Parts { rest: Some(text), sep }
    }
}

/// Where `sep` first is in `text`.
fn find(text: &str, sep: char) -> Option<usize> {
    if sep.is_ascii() {
        let b = sep as u8;
        // memchr pays off on long texts only; components are mostly a few bytes.
        if text.len() < 64 {
            text.bytes().position(|c| c == b)
        } else {
            memchr::memchr(b, text.as_bytes())
        }
    } else {
        text.find(sep)
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match find(rest, self.sep) {
            Some(i) => {
                self.rest = rest.get(i + self.sep.len_utf8()..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The text of `text` before the first `sep` (all of it when there is none): the first of its
/// [`Parts`], without an iterator.
#[inline]
pub fn first(text: &str, sep: char) -> &str {
    match find(text, sep) {
        Some(i) => text.get(..i).unwrap_or(""),
        None => text,
    }
}

/// Components [`Components`] keeps the place of; later ones are found by splitting again.
const KEPT: usize = 16;

/// A field repetition split into its components once.
pub struct Components<'a> {
    rep: &'a str,
    /// Where each of the first [`KEPT`] components ends (a delimiter, or the end of `rep`).
    ends: [u32; KEPT],
    /// How many of `ends` are set.
    kept: usize,
    component: char,
    subcomponent: char,
}

impl<'a> Components<'a> {
    #[inline]
    pub fn new(rep: &'a str, d: &Delimiters) -> Components<'a> {
        let mut ends = [0u32; KEPT];
        let mut kept = 0;
        // Repetitions of 4 GiB or more are split again for each component (see `whole`).
        if u32::try_from(rep.len()).is_ok() {
            if d.component.is_ascii() {
                let sep = d.component as u8;
                for (i, &b) in rep.as_bytes().iter().enumerate() {
                    if b == sep {
                        ends[kept] = i as u32;
                        kept += 1;
                        if kept == KEPT {
                            break;
                        }
                    }
                }
            } else {
                for (i, _) in rep.match_indices(d.component).take(KEPT) {
                    ends[kept] = i as u32;
                    kept += 1;
                }
            }
            if kept < KEPT {
                ends[kept] = rep.len() as u32;
                kept += 1;
            }
        }
        Components { rep, ends, kept, component: d.component, subcomponent: d.subcomponent }
    }

    /// Component `c` (1-based) whole, with its subcomponents ("" when absent).
    pub fn whole(&self, c: usize) -> &'a str {
        let Some(i) = c.checked_sub(1) else { return "" };
        if c > self.kept && self.kept < KEPT && u32::try_from(self.rep.len()).is_ok() {
            return "";
        }
        if c > self.kept {
            return Parts::new(self.rep, self.component).nth(i).unwrap_or("");
        }
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize + self.component.len_utf8(),
        };
        self.rep.get(start..self.ends[i] as usize).unwrap_or("")
    }

    /// Component `c` (1-based), first subcomponent, as written.
    pub fn get(&self, c: usize) -> &'a str {
        first(self.whole(c), self.subcomponent)
    }

    /// The subcomponent delimiter.
    pub fn subcomponent(&self) -> char {
        self.subcomponent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_as_str_split_does() {
        for text in ["", "a", "|", "a|b", "|a||b|", "é|ü||", "a€b€€"] {
            for sep in ['|', '€'] {
                let ours: Vec<&str> = Parts::new(text, sep).collect();
                let std: Vec<&str> = text.split(sep).collect();
                assert_eq!(ours, std, "{text:?} by {sep:?}");
            }
        }
    }

    #[test]
    fn components_read_as_splitting_each_time_does() {
        let d = Delimiters::default();
        let rep = "1^Lind&x^Tomas^^^Dr.^^^NPI&2.16^^^^NPI^^^^^^^^^^^^last";
        let c = Components::new(rep, &d);
        for n in 1..30 {
            let whole = rep.split('^').nth(n - 1).unwrap_or("");
            assert_eq!(c.whole(n), whole, "{n}");
            assert_eq!(c.get(n), whole.split('&').next().unwrap(), "{n}");
        }
        assert_eq!(Components::new("", &d).get(1), "");
    }
}
