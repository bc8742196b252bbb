//! A JSON pointer grown and shrunk in place while a walk descends into a resource and returns,
//! so that walking every element allocates nothing per element: a finding's pointer is copied
//! out only when it is made.

/// A JSON pointer (RFC 6901) being walked.
pub struct Pointer(String);

impl Pointer {
    /// The pointer `base` (`""` for the root, `/entry/0/resource`).
    pub fn new(base: &str) -> Pointer {
        // Room for the members and items below, so that descending seldom reallocates.
        let mut p = String::with_capacity(base.len() + 64);
        p.push_str(base);
        Pointer(p)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `f` with the pointer to member `key` of the value here.
    pub fn member<R>(&mut self, key: &str, f: impl FnOnce(&mut Pointer) -> R) -> R {
        let len = self.0.len();
        self.0.push('/');
        push_escaped(&mut self.0, key);
        let r = f(self);
        self.0.truncate(len);
        r
    }

    /// `f` with the pointer to item `i` of the array here.
    pub fn item<R>(&mut self, i: usize, f: impl FnOnce(&mut Pointer) -> R) -> R {
        let len = self.0.len();
        self.0.push('/');
        push_index(&mut self.0, i);
        let r = f(self);
        self.0.truncate(len);
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
    push_index(&mut out, i);
    out.push_str(after);
    out
}

/// Appends `i` in decimal.
pub fn push_index(out: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
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
    fn grows_and_shrinks_in_place() {
        let mut p = Pointer::new("/entry/0/resource");
        let inner = p.member("a/b~c", |p| p.item(12, |p| p.as_str().to_string()));
        assert_eq!(inner, "/entry/0/resource/a~1b~0c/12");
        assert_eq!(p.as_str(), "/entry/0/resource");
        assert_eq!(item("/a", "/coding", 10, "/code"), "/a/coding/10/code");
        assert_eq!(item("", "", 0, ""), "/0");
    }
}
