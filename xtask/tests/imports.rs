//! The one-way pipeline, checked on the source: formats → model → rules → report, with codes
//! beside rules.
//!
//! The test reads every file of each crate of the workspace (`crates/*/src/**/*.rs`,
//! `xtask/src/**/*.rs`; the crates themselves depend on each other one way, which Cargo enforces)
//! and finds the files each one uses within its crate: `use` declarations (`crate::`, `super::`, `self::`, a child module), paths in
//! code (`crate::codes::icd10cm::dotted(…)`, `super::seventh::diagnose(…)`, `icd10cm::dotted` after
//! `use crate::codes::icd10cm`) and serde's `with = "module::function"` attributes. A re-export
//! (`pub use checker::Checker` in `rules/mod.rs`) is followed to the file that defines the item,
//! so that using `crate::rules::Checker` depends on `rules/checker.rs`, not on the whole registry.
//!
//! It fails on
//! - any import cycle between files of a crate (but those of [`KNOWN_CYCLE_EDGES`], in the engine);
//! - a file of the engine's `formats`, `codes` or `model` that uses `rules` or `report` (the
//!   producers and the code systems stand below the rules), except the formats files of [`KNOWN`].
//!
//! `cargo test -p xtask --test imports -- --nocapture` prints the graph's cycles and upward imports;
//! with `IMPORTS_EDGES=1` set, every edge of the graph too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every crate of the workspace, as its folder from the repository's root.
const CRATES: &[&str] = &[
    "crates/recordlint-core",
    "crates/recordlint-cli",
    "crates/recordlint-wasm",
    "crates/recordlint-lab",
    "xtask",
];
/// The engine, where [`KNOWN_CYCLE_EDGES`], [`PRODUCERS`] and [`ABOVE`] apply.
const CORE: &str = "crates/recordlint-core";

/// Files of `formats`, `codes` or `model` allowed to use `rules` or `report`: none. The list
/// stays so that an exception, if one is ever needed, is named and explained here.
const KNOWN: &[&str] = &[];

/// Imports that close a cycle today, left out of the cycle test. Nothing may be added here; the
/// test fails when an entry no longer closes a cycle.
///
/// - The checker owns the cross-record index (`rules/checker.rs` → `rules/identity/index.rs`),
///   the index reports D205 (service after death) across records with that rule's `RuleMeta`
///   and messages (→ `rules/dates/service_after_death.rs`), and D205 is also a record rule, whose
///   check takes the `Checker` (→ `rules/checker.rs`). Breaking it means the checker no longer
///   holding the index by its type, or D205's record check and its cross-record half living in
///   two files; both touch the checker and the registry, which are being reworked.
const KNOWN_CYCLE_EDGES: &[(&str, &str)] =
    &[("rules/identity/index.rs", "rules/dates/service_after_death.rs")];

/// Top-level modules that stand below `rules` and `report`.
const PRODUCERS: &[&str] = &["formats", "codes", "model"];
/// What they may not use.
const ABOVE: &[&str] = &["rules", "report"];

#[test]
fn no_file_level_import_cycle() {
    for &dir in CRATES {
        let known = if dir == CORE { KNOWN_CYCLE_EDGES } else { &[] };
        no_cycle_in(dir, known);
    }
}

fn no_cycle_in(dir: &str, known: &[(&str, &str)]) {
    let graph = Graph::of_crate(dir);
    assert!(!graph.edges.is_empty(), "{dir}: no Rust file read");
    if std::env::var_os("IMPORTS_EDGES").is_some() {
        for (from, tos) in &graph.edges {
            for to in tos {
                println!("edge: {dir}: {from} → {to}");
            }
        }
    }
    for &(from, to) in known {
        assert!(graph.edges[from].contains(to), "KNOWN_CYCLE_EDGES: {from} no longer uses {to}");
        let with: Vec<_> =
            graph.pairs(&[]).into_iter().filter(|&e| e == (from, to) || !known.contains(&e)).collect();
        assert!(
            !graph.cycles_of(&with).is_empty(),
            "KNOWN_CYCLE_EDGES: {from} → {to} closes no cycle any more"
        );
    }
    let cycles = graph.cycles_of(&graph.pairs(known));
    for cycle in &cycles {
        println!("cycle: {dir}: {}", cycle.join(" → "));
    }
    assert!(
        cycles.is_empty(),
        "{dir}: files that import each other (each line a cycle, back to its first file):\n{}",
        cycles.iter().map(|c| format!("  {}", c.join(" → "))).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn producers_do_not_use_rules_or_report() {
    let graph = Graph::of_crate(CORE);
    let mut upward: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, tos) in &graph.edges {
        if !PRODUCERS.contains(&top(from)) {
            continue;
        }
        for to in tos.iter().filter(|to| ABOVE.contains(&top(to))) {
            upward.entry(from).or_default().insert(to);
        }
    }
    for (from, tos) in &upward {
        println!("upward: {from} → {}", tos.iter().copied().collect::<Vec<_>>().join(", "));
    }
    let new: Vec<_> = upward.iter().filter(|(f, _)| !KNOWN.contains(f)).collect();
    assert!(
        new.is_empty(),
        "formats, codes and model must not use rules or report:\n{}",
        new.iter().map(|(f, t)| format!("  {f} → {t:?}")).collect::<Vec<_>>().join("\n")
    );
    let stale: Vec<_> = KNOWN.iter().filter(|f| !upward.contains_key(*f)).collect();
    assert!(stale.is_empty(), "remove from KNOWN, they no longer use rules or report: {stale:?}");
}

#[test]
fn the_reader_sees_the_imports_it_must() {
    // A guard against a reader that finds nothing: known edges of each kind.
    let graph = Graph::of_crate(CORE);
    let has = |from: &str, to: &str| graph.edges.get(from).is_some_and(|t| t.contains(to));
    assert!(has("rules/codes/unknown_icd10cm_code.rs", "rules/checker.rs"), "re-export followed");
    assert!(has("rules/codes/unknown_hcpcs_code.rs", "codes/service_date.rs"), "use crate::…");
    assert!(has("rules/codes/unknown_icd10cm_code.rs", "codes/facts.rs"), "pub use in codes/mod.rs");
    assert!(has("codes/facts.rs", "codes/seventh.rs"), "super::… in code");
    assert!(has("validator.rs", "formats/mod.rs"), "use crate::formats::…");
    assert!(has("formats/csv.rs", "formats/sink.rs"), "use super::sink::…");
    assert!(!graph.cycles_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]).is_empty());
}

/// True when one file is the module file of an ancestor module of the other (`rules/mod.rs` and
/// `rules/checker.rs`, `pieces.rs` and `pieces/splitter.rs`): a module's own file declares its
/// children, re-exports and registers them, and they use what it shares, so the cycle test
/// treats a module and its parent's file as one unit. Cycles through siblings or cousins
/// (`codes/icd10cm.rs` ↔ `codes/seventh.rs`, `codes/service_date.rs` ↔ `codes/tables/mod.rs`)
/// count.
fn related(a: &str, b: &str) -> bool {
    let (a, b) = (module_of(a), module_of(b));
    a.starts_with(&b) || b.starts_with(&a)
}

/// The top-level module of a file (`rules` for `rules/codes/x.rs`, `model` for `model.rs`).
fn top(file: &str) -> &str {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Which files of the library use which.
struct Graph {
    /// File (relative to `src/`) → the files it uses.
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// The files of the crate in `dir` (from the repository's root).
    fn of_crate(dir: &str) -> Graph {
        let src = xtask::repo_root().join(dir).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut sources = BTreeMap::new();
        for path in files {
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            sources.insert(module_of(&rel), (rel, Parsed::of(&text)));
        }
        let crate_ = Crate { files: sources };
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, (rel, parsed)) in &crate_.files {
            let targets = edges.entry(rel.clone()).or_default();
            for (scope, path) in &parsed.paths {
                let base: Vec<String> = module.iter().chain(scope).cloned().collect();
                if let Some(file) = crate_.resolve(&base, parsed, path, 0) {
                    if &file != rel {
                        targets.insert(file);
                    }
                }
            }
        }
        Graph { edges }
    }

    /// The edges the cycle test looks at: all but those between a module and its parent's file
    /// (see [`related`]) and those of `known`.
    fn pairs(&self, known: &[(&str, &str)]) -> Vec<(&str, &str)> {
        self.edges
            .iter()
            .flat_map(|(f, ts)| ts.iter().map(move |t| (f.as_str(), t.as_str())))
            .filter(|&(f, t)| !related(f, t) && !known.contains(&(f, t)))
            .collect()
    }

    /// Every cycle of `pairs`: one per strongly connected component of more than one file, as a
    /// shortest path from its first file back to it.
    fn cycles_of(&self, pairs: &[(&str, &str)]) -> Vec<Vec<String>> {
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for &(f, t) in pairs {
            next.entry(f).or_default().push(t);
            next.entry(t).or_default();
        }
        fn reach<'a>(next: &BTreeMap<&'a str, Vec<&'a str>>, from: &'a str) -> BTreeSet<&'a str> {
            let mut seen = BTreeSet::from([from]);
            let mut stack = vec![from];
            while let Some(n) = stack.pop() {
                for &t in &next[n] {
                    if seen.insert(t) {
                        stack.push(t);
                    }
                }
            }
            seen
        }
        let mut done = BTreeSet::new();
        let mut cycles = Vec::new();
        for &n in next.keys() {
            if done.contains(n) {
                continue;
            }
            let from_n = reach(&next, n);
            let component: BTreeSet<&str> =
                from_n.iter().copied().filter(|&m| reach(&next, m).contains(n)).collect();
            done.extend(component.iter().copied());
            if component.len() < 2 {
                continue;
            }
            // Shortest way round from n, breadth first within the component.
            let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([n]);
            let mut last = None;
            'search: while let Some(m) = queue.pop_front() {
                for &t in &next[m] {
                    if t == n {
                        last = Some(m);
                        break 'search;
                    }
                    if component.contains(t) && !prev.contains_key(t) {
                        prev.insert(t, m);
                        queue.push_back(t);
                    }
                }
            }
            let mut cycle = vec![n.to_string()];
            let mut m = last.expect("a component of two files has a cycle");
            let mut back = Vec::new();
            while m != n {
                back.push(m.to_string());
                m = prev[m];
            }
            cycle.extend(back.into_iter().rev());
            cycle.push(n.to_string());
            if component.len() > cycle.len() - 1 {
                let others: Vec<_> = component.iter().filter(|f| !cycle.iter().any(|c| c == *f)).collect();
                cycle.push(format!(
                    "(and, in the same knot: {})",
                    others.iter().copied().copied().collect::<Vec<_>>().join(", ")
                ));
            }
            cycles.push(cycle);
        }
        cycles
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `rules/codes/x.rs` → `[rules, codes, x]`; `codes/tables/mod.rs` → `[codes, tables]`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// A crate: module path of each file → (file, what it says).
struct Crate {
    files: BTreeMap<Vec<String>, (String, Parsed)>,
}

impl Crate {
    /// The file that defines what `path`, written in the module `base` of the file `parsed`,
    /// names; `None` for another crate.
    fn resolve(&self, base: &[String], parsed: &Parsed, path: &[String], depth: usize) -> Option<String> {
        let absolute = self.absolute(base, parsed, path)?;
        self.file_of(&absolute, depth)
    }

    /// `path` from the crate root.
    fn absolute(&self, base: &[String], parsed: &Parsed, path: &[String]) -> Option<Vec<String>> {
        let mut at: Vec<String> = base.to_vec();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    at.pop()?;
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                let child: Vec<String> = base.iter().cloned().chain([first.to_owned()]).collect();
                if self.is_module(&child) {
                    // a child module (`use checker::Checker` in rules/mod.rs)
                } else if let Some(target) = parsed.aliases.get(first).filter(|t| t[0] != *first) {
                    let whole: Vec<String> = target.iter().chain(&rest[1..]).cloned().collect();
                    return self.absolute(base, parsed, &whole);
                } else {
                    return None; // std, serde, a local item
                }
            }
            None => return None,
        }
        at.extend(rest.iter().cloned());
        Some(at)
    }

    /// A module of a file, or an inline module inside one.
    fn is_module(&self, path: &[String]) -> bool {
        self.files.contains_key(path)
            || self.files.iter().any(|(m, (_, p))| {
                path.starts_with(m) && p.inline.iter().any(|i| m.iter().chain(i).eq(path.iter()))
            })
    }

    /// The file that defines the item at `absolute`, following re-exports.
    fn file_of(&self, absolute: &[String], depth: usize) -> Option<String> {
        let n = (0..=absolute.len()).rev().find(|&n| self.files.contains_key(&absolute[..n]))?;
        let module = &absolute[..n];
        let (rel, parsed) = &self.files[module];
        if depth < 8 {
            // The item may be re-exported by this file (or by an inline module of it).
            for split in n..absolute.len() {
                let scope = &absolute[n..split];
                let name = &absolute[split];
                if let Some(target) = parsed.reexports.get(&(scope.to_vec(), name.clone())) {
                    let base: Vec<String> = module.iter().chain(scope).cloned().collect();
                    let mut target = self.absolute(&base, parsed, target)?;
                    target.extend(absolute[split + 1..].iter().cloned());
                    return self.file_of(&target, depth + 1);
                }
            }
        }
        Some(rel.clone())
    }
}

/// What the reader takes from one file.
#[derive(Default)]
struct Parsed {
    /// Each path used, with the inline modules (`mod tests { … }`) it is written in.
    paths: Vec<(Vec<String>, Vec<String>)>,
    /// `pub use` items: (inline module, name) → the path it stands for.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
    /// Names a `use` brings in (any scope of the file) → the path they stand for.
    aliases: BTreeMap<String, Vec<String>>,
    /// Inline modules with a body, as paths inside the file.
    inline: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    /// `::`
    Path,
    Punct(char),
}

impl Parsed {
    fn of(text: &str) -> Parsed {
        let tokens = lex(text);
        let mut parsed = Parsed::default();
        // Inline modules open at brace depth: (name, depth inside).
        let mut scope: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        // Inside `#[cfg(test)] mod … { … }`, from this depth on: its paths are not read.
        let mut test_from: Option<usize> = None;
        let mut cfg_test = false;
        let mut i = 0;
        let names = |s: &[(String, usize)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        while i < tokens.len() {
            let ident = |k: usize| match tokens.get(k) {
                Some(Token::Ident(s)) => Some(s.as_str()),
                _ => None,
            };
            if tokens[i] == Token::Punct('#') && tokens.get(i + 1) == Some(&Token::Punct('[')) {
                let attr: Vec<&str> = tokens[i + 2..]
                    .iter()
                    .take(5)
                    .map_while(|t| match t {
                        Token::Ident(s) => Some(s.as_str()),
                        Token::Punct('(' | ')') => Some(""),
                        _ => None,
                    })
                    .collect();
                cfg_test |= attr == ["cfg", "", "test", ""];
            }
            match &tokens[i] {
                Token::Punct('{') => {
                    depth += 1;
                    cfg_test = false;
                }
                Token::Punct(';') => cfg_test = false,
                Token::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if test_from.is_some_and(|d| d > depth) {
                        test_from = None;
                    }
                    if scope.last().is_some_and(|(_, d)| *d > depth) {
                        scope.pop();
                    }
                }
                Token::Ident(k) if k == "mod" => {
                    if let (Some(name), Some(Token::Punct('{'))) = (ident(i + 1), tokens.get(i + 2)) {
                        scope.push((name.to_owned(), depth + 1));
                        parsed.inline.push(names(&scope));
                        depth += 1;
                        if std::mem::take(&mut cfg_test) && test_from.is_none() {
                            test_from = Some(depth);
                        }
                        i += 3;
                        continue;
                    }
                }
                Token::Ident(k) if k == "use" => {
                    let public = i > 0
                        && (ident(i - 1) == Some("pub")
                            || (tokens[i - 1] == Token::Punct(')') && i >= 4 && ident(i - 4) == Some("pub")));
                    let end =
                        (i..tokens.len()).find(|&k| tokens[k] == Token::Punct(';')).unwrap_or(tokens.len());
                    if test_from.is_some() || std::mem::take(&mut cfg_test) {
                        i = end;
                        continue;
                    }
                    let mut uses = Vec::new();
                    use_tree(&tokens[i + 1..end], Vec::new(), &mut uses);
                    for (path, bound) in uses {
                        if let Some(bound) = bound {
                            if public {
                                parsed.reexports.insert((names(&scope), bound.clone()), path.clone());
                            }
                            parsed.aliases.insert(bound, path.clone());
                        }
                        if !public {
                            parsed.paths.push((names(&scope), path));
                        }
                    }
                    i = end;
                    continue;
                }
                Token::Ident(first) if i == 0 || tokens[i - 1] != Token::Path => {
                    // A path in code: `a::b::c`.
                    let mut path = vec![first.clone()];
                    let mut k = i + 1;
                    while tokens.get(k) == Some(&Token::Path) {
                        match ident(k + 1) {
                            Some(s) => path.push(s.to_owned()),
                            None => break,
                        }
                        k += 2;
                    }
                    if path.len() > 1 {
                        if test_from.is_none() {
                            parsed.paths.push((names(&scope), path));
                        }
                        i = k;
                        continue;
                    }
                }
                Token::Str(s) if i >= 2 && tokens[i - 1] == Token::Punct('=') => {
                    // serde's `with = "module::function"`.
                    let key = ident(i - 2).unwrap_or_default();
                    if key.ends_with("with") && s.contains("::") && test_from.is_none() {
                        parsed.paths.push((names(&scope), s.split("::").map(str::to_owned).collect()));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        parsed
    }
}

/// Expands a use tree (`a::{b, c::d as e, f::*}`) into (path, the name it binds).
fn use_tree(tokens: &[Token], prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    let mut path = prefix;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ident(s) if s == "as" => {
                if let Some(Token::Ident(alias)) = tokens.get(i + 1) {
                    let alias = (alias != "_").then(|| alias.clone());
                    out.push((path.clone(), alias));
                }
                return;
            }
            Token::Ident(s) => path.push(s.clone()),
            Token::Path => {}
            Token::Punct('*') => {
                out.push((path.clone(), None));
                return;
            }
            Token::Punct('{') => {
                // Split the group at top-level commas.
                let mut level = 0;
                let mut start = i + 1;
                for k in i + 1..tokens.len() {
                    match tokens[k] {
                        Token::Punct('{') => level += 1,
                        Token::Punct('}') if level == 0 => {
                            use_tree(&tokens[start..k], path.clone(), out);
                            return;
                        }
                        Token::Punct('}') => level -= 1,
                        Token::Punct(',') if level == 0 => {
                            use_tree(&tokens[start..k], path.clone(), out);
                            start = k + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(last) = path.last().cloned() {
        let bound = if last == "self" {
            path.pop();
            path.last().cloned()
        } else {
            Some(last)
        };
        out.push((path, bound));
    }
}

/// Identifiers, `::`, punctuation and string literals, without comments, chars and lifetimes.
fn lex(text: &str) -> Vec<Token> {
    let b: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                let mut level = 0;
                while i < b.len() {
                    if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                        level += 1;
                        i += 2;
                    } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                        level -= 1;
                        i += 2;
                        if level == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                while i < b.len() && b[i] != '"' {
                    if b[i] == '\\' {
                        i += 1;
                    }
                    if let Some(&ch) = b.get(i) {
                        s.push(ch);
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token::Str(s));
            }
            'r' | 'b' if raw_string_start(&b, i).is_some() => {
                let (hashes, body) = raw_string_start(&b, i).unwrap();
                let mut k = body;
                let closing: Vec<char> =
                    std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                while k < b.len() && !b[k..].starts_with(&closing) {
                    k += 1;
                }
                out.push(Token::Str(b[body..k.min(b.len())].iter().collect()));
                i = k + closing.len();
            }
            '\'' => {
                // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
                if b.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < b.len() && b[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                    while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                        i += 1;
                    }
                }
            }
            ':' if b.get(i + 1) == Some(&':') => {
                out.push(Token::Path);
                i += 2;
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
                let word: String = b[start..i].iter().collect();
                // `b'x'` and `b"…"` are byte literals, not the identifier `b`.
                if word == "b" && matches!(b.get(i), Some('\'' | '"')) {
                    continue;
                }
                out.push(Token::Ident(word));
            }
            c if c.is_ascii_digit() => {
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                    if b[i] == '.' && !b.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                        break;
                    }
                    i += 1;
                }
            }
            c if c.is_whitespace() => i += 1,
            c => {
                out.push(Token::Punct(c));
                i += 1;
            }
        }
    }
    out
}

/// At `r"`, `r#"`, `br"`, `br#"`: the number of `#` and where the body starts.
fn raw_string_start(b: &[char], i: usize) -> Option<(usize, usize)> {
    let mut k = i;
    if b[k] == 'b' {
        k += 1;
    }
    if b.get(k) != Some(&'r') || (i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')) {
        return None;
    }
    k += 1;
    let mut hashes = 0;
    while b.get(k) == Some(&'#') {
        hashes += 1;
        k += 1;
    }
    (b.get(k) == Some(&'"')).then_some((hashes, k + 1))
}
