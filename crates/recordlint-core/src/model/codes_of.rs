//! The iterator of [`Record::codes_of`](super::Record::codes_of): the codes of one system, in
//! the record's order, walked list by list (flatter, so cheaper per code, than chained
//! iterators).

use super::{Code, CodeSystem, Field, Observation};

/// The non-blank codes of `system` of a record's lists, observations and attending NPI.
pub struct CodesOf<'r> {
    system: CodeSystem,
    /// The principal diagnosis, the secondary diagnoses, the procedures and the other codes:
    /// what is left of each to walk.
    lists: [&'r [Code]; 4],
    list: usize,
    observations: std::slice::Iter<'r, Observation>,
    attending: Option<&'r Field>,
}

impl<'r> CodesOf<'r> {
    pub(super) fn new(
        system: CodeSystem,
        lists: [&'r [Code]; 4],
        observations: &'r [Observation],
        attending: Option<&'r Field>,
    ) -> CodesOf<'r> {
        CodesOf { system, lists, list: 0, observations: observations.iter(), attending }
    }

    fn wanted(&self, code: &Code) -> bool {
        code.system == self.system && !code.field.is_blank()
    }
}

impl<'r> Iterator for CodesOf<'r> {
    type Item = &'r Field;

    fn next(&mut self) -> Option<&'r Field> {
        while let Some(&list) = self.lists.get(self.list) {
            if let Some(i) = list.iter().position(|c| self.wanted(c)) {
                self.lists[self.list] = &list[i + 1..];
                return Some(&list[i].field);
            }
            self.list += 1;
        }
        while let Some(o) = self.observations.next() {
            if let Some(code) = o.code.as_ref().filter(|c| self.wanted(c)) {
                return Some(&code.field);
            }
        }
        self.attending.take().filter(|f| !f.is_blank())
    }
}
