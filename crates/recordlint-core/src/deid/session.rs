//! One de-identification run over one or more files: its tokens (the same identifier gets the
//! same token in every file), its date method, each patient's date offset (date shift), and the
//! report of what it changed.

use super::category::Category;
use super::dates;
use super::report::{DeidReport, Method};
use super::tokens::{Rng, Tokens};
use super::zip;
use std::collections::HashMap;

/// Largest date shift, in days either way.
const MAX_SHIFT_DAYS: u64 = 365;

/// A run's state.
pub struct Session {
    pub tokens: Tokens,
    pub report: DeidReport,
    method: Method,
    today_year: i16,
    /// Each patient's date offset, by the fingerprint of the patient's MRN.
    offsets: HashMap<[u32; 3], i32>,
    /// The file being written, as the report names it.
    file: String,
}

impl Session {
    /// A run by `method`, with `seed` (32 random bytes from the system) for tokens and offsets;
    /// ages are taken at `today_year`; `key` keeps the identifiers for the key file.
    pub fn new(method: Method, seed: [u8; 32], today_year: i16, key: bool) -> Session {
        Session {
            tokens: Tokens::new(Rng::new(seed), key),
            report: DeidReport::new(method),
            method,
            today_year,
            offsets: HashMap::new(),
            file: String::new(),
        }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    /// Starts the copy of `file` (its name as the report shows it).
    pub fn start_file(&mut self, file: &str) {
        self.file = file.to_string();
    }

    fn changed(&mut self, category: Category, field: &str, before: &str, after: &str) {
        let file = std::mem::take(&mut self.file);
        self.report.changed(category, &file, field, before, after);
        self.file = file;
    }

    /// The token of an identifier in `field`.
    pub fn identifier(&mut self, category: Category, value: &str, field: &str) -> String {
        if value.trim().is_empty() {
            return value.to_string();
        }
        let token = self.tokens.token(category, value);
        self.changed(category, field, value, &token);
        self.report.tokens = self.tokens.len();
        token
    }

    /// Notes an identifier found in the free text of `field`, written `after` in the copy.
    pub(super) fn redacted(&mut self, category: Category, field: &str, before: &str, after: &str) {
        self.changed(category, field, before, after);
    }

    /// Notes an identifier of `field` removed from the copy.
    pub fn removed(&mut self, category: Category, value: &str, field: &str) {
        if !value.trim().is_empty() {
            self.changed(category, field, value, "");
        }
    }

    /// The patient's date offset in days (date shift), drawn the first time the patient is seen.
    fn offset(&mut self, patient: &str) -> i32 {
        let patient_fp = self.tokens.fingerprint(u8::MAX, patient, 0);
        if let Some(&days) = self.offsets.get(&patient_fp) {
            return days;
        }
        let rng = self.tokens.rng();
        let magnitude = 1 + rng.below(MAX_SHIFT_DAYS) as i32;
        let days = if rng.below(2) == 0 { -magnitude } else { magnitude };
        self.offsets.insert(patient_fp, days);
        days
    }

    /// A date of `patient`'s in `field`: its year (Safe Harbor) or shifted (date shift). Text
    /// that is no date is returned as it is.
    pub fn date(&mut self, text: &str, patient: &str, field: &str) -> String {
        let after = match self.method {
            Method::SafeHarbor => dates::year_of(text),
            Method::DateShift => {
                let days = self.offset(patient);
                dates::shifted(text, days)
            }
        };
        match after {
            Some(after) if after != text => {
                self.changed(Category::Date, field, text, &after);
                after
            }
            _ => text.to_string(),
        }
    }

    /// A birth date: as [`Session::date`], and under Safe Harbor a birth year more than 89 years
    /// ago becomes the year 90 years ago, so that the copy says no more than "90 or older".
    pub fn birth_date(&mut self, text: &str, patient: &str, field: &str) -> String {
        let after = self.date(text, patient, field);
        if self.method != Method::SafeHarbor {
            return after;
        }
        match dates::year(&after) {
            Some(year) if self.today_year - year > 89 => {
                let capped = format!("{:04}", self.today_year - 90);
                self.changed(Category::Date, field, text, &capped);
                capped
            }
            _ => after,
        }
    }

    /// An age in years: above 89, "90 or older".
    pub fn age(&mut self, text: &str, field: &str) -> String {
        match text.trim().parse::<f64>() {
            Ok(age) if age > 89.0 => {
                self.changed(Category::Date, field, text, "90 or older");
                "90 or older".into()
            }
            _ => text.to_string(),
        }
    }

    /// A ZIP code: its first three digits, or `000` (see [`zip::generalise`]).
    pub fn zip(&mut self, text: &str, field: &str) -> String {
        if text.trim().is_empty() {
            return text.to_string();
        }
        let after = zip::generalise(text);
        self.changed(Category::Geographic, field, text, &after);
        after
    }

    /// A date of birth found in free text: as [`Session::text_date`], with the year of a birth
    /// more than 89 years ago moved to 90 years ago (Safe Harbor).
    pub(super) fn text_birth_date(&mut self, written: &str, patient: &str) -> String {
        let after = self.text_date(written, patient);
        match (self.method, after.parse::<i16>()) {
            (Method::SafeHarbor, Ok(year)) if self.today_year - year > 89 => {
                format!("{:04}", self.today_year - 90)
            }
            _ => after,
        }
    }

    /// A date or an age found in free text.
    pub(super) fn text_date(&mut self, written: &str, patient: &str) -> String {
        let lower = written.to_ascii_lowercase();
        if lower.contains('y') || lower.contains("age") {
            return "90 or older".into();
        }
        match (self.method, dates::is_date(written)) {
            (Method::DateShift, true) => {
                let days = self.offset(patient);
                dates::shifted(written, days).unwrap_or_else(|| "[DATE]".into())
            }
            (Method::SafeHarbor, true) => dates::year_of(written).unwrap_or_else(|| "[DATE]".into()),
            // Month names: the year is the last four digits.
            _ => {
                let digits: String = written.chars().filter(char::is_ascii_digit).collect();
                match (self.method, digits.get(digits.len().saturating_sub(4)..)) {
                    (Method::SafeHarbor, Some(y)) if y.len() == 4 => y.to_string(),
                    _ => "[DATE]".into(),
                }
            }
        }
    }

    /// Notes a free-text value of `field` kept, with `redactions` identifiers redacted in it.
    pub fn kept_text(&mut self, field: &str, redactions: u64) {
        let file = std::mem::take(&mut self.file);
        self.report.kept_text(&file, field, redactions);
        self.file = file;
    }
}
