//! A JSON pointer followed while a walk descends into a resource and returns: the steps are kept
//! as borrowed member names and item numbers, and the pointer is written out only when a
//! finding, code or text is made at it, so that walking every element allocates and writes
//! nothing per element.

use crate::formats::decimal;

/// Steps kept in the pointer itself; deeper ones go to a list.
const INLINE: usize = 16;

/// A JSON pointer (RFC 6901) being walked: a base and the steps below it.
pub struct Pointer<'a> {
    base: &'a str,
    /// The first steps (`depth` of them at most), then those beyond [`INLINE`] in `deeper`.
    inline: [Step<'a>; INLINE],
    deeper: Vec<Step<'a>>,
    depth: usize,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Member(&'a str),
    Item(usize),
}

impl<'a> Pointer<'a> {
    /// The pointer `base` (`""` for the root, `/entry/0/resource`).
    pub fn new(base: &'a str) -> Pointer<'a> {
        Pointer { base, inline: [Step::Item(0); INLINE], deeper: Vec::new(), depth: 0 }
    }

    /// The pointer written out.
    pub fn text(&self) -> String {
        self.text_with(None)
    }

    /// The pointer written out, then `/` and `key` (escaped).
    pub fn text_of(&self, key: &str) -> String {
        self.text_with(Some(key))
    }

    /// The pointer written out, then `/` and `key` if any, in one allocation.
    fn text_with(&self, key: Option<&str>) -> String {
        let inline = &self.inline[..self.depth.min(INLINE)];
        let mut out =
            String::with_capacity(self.base.len() + 16 * self.depth + key.map_or(0, |k| k.len() + 1));
        out.push_str(self.base);
        for step in inline.iter().chain(&self.deeper) {
            out.push('/');
            match step {
                Step::Member(key) => push_escaped(&mut out, key),
                Step::Item(i) => decimal::push(&mut out, *i),
            }
        }
        if let Some(key) = key {
            out.push('/');
            push_escaped(&mut out, key);
        }
        out
    }

    /// `f` with the pointer to member `key` of the value here.
    pub fn member<R>(&mut self, key: &'a str, f: impl FnOnce(&mut Pointer<'a>) -> R) -> R {
        self.step(Step::Member(key), f)
    }

    /// `f` with the pointer to item `i` of the array here.
    pub fn item<R>(&mut self, i: usize, f: impl FnOnce(&mut Pointer<'a>) -> R) -> R {
        self.step(Step::Item(i), f)
    }

    fn step<R>(&mut self, step: Step<'a>, f: impl FnOnce(&mut Pointer<'a>) -> R) -> R {
        match self.inline.get_mut(self.depth) {
            Some(slot) => *slot = step,
            None => self.deeper.push(step),
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        if self.depth >= INLINE {
            self.deeper.pop();
        }
        r
    }
}

/// The pointer `base` + `before` + `/i` + `after` (`item(p, "/coding", 2, "/code")`), written
/// without the formatting machinery.
pub fn item(base: &str, before: &str, i: usize, after: &str) -> String {
    let mut out = String::with_capacity(base.len() + before.len() + after.len() + 8);
    out.push_str(base);
    out.push_str(before);
    out.push('/');
    decimal::push(&mut out, i);
    out.push_str(after);
    out
}

/// Appends `key` escaped for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn push_escaped(out: &mut String, key: &str) {
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_written_out_when_asked() {
        let mut p = Pointer::new("/entry/0/resource");
        let inner = p.member("a/b~c", |p| p.item(12, |p| p.text()));
        assert_eq!(inner, "/entry/0/resource/a~1b~0c/12");
        assert_eq!(p.text(), "/entry/0/resource");
        assert_eq!(p.member("x", |p| p.text_of("y/z")), "/entry/0/resource/x/y~1z");
        assert_eq!(item("/a", "/coding", 10, "/code"), "/a/coding/10/code");
        assert_eq!(item("", "", 0, ""), "/0");
        fn deep(p: &mut Pointer, n: usize) -> String {
            match n {
                0 => p.text(),
                _ => p.item(n, |p| deep(p, n - 1)),
            }
        }
        let expected: String = (1..=40).rev().map(|i| format!("/{i}")).collect();
        assert_eq!(
            deep(&mut p, 40),
            format!("/entry/0/resource{expected}"),
            "steps beyond those kept inline"
        );
        assert_eq!(p.text(), "/entry/0/resource");
    }
}
