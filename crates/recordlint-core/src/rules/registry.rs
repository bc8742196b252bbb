//! The registry's machinery: `registry!` (invoked once, in `src/rules/mod.rs`) declares the
//! family folders and every rule's module, and makes `ALL`, `RECORD_RULES` and
//! `CROSS_RECORD_RULES` from the one list of rules; the checks that the list and the rules'
//! kinds agree run when the crate compiles. No link-time registration (`linkme`, `inventory`):
//! the same tables must exist on wasm32.

use super::{Checker, RecordCheck, RuleMeta};
use crate::model::Record;

/// Declares the family folders and the rule modules in them, and makes the tables of rules (see
/// the invocation above).
macro_rules! registry {
    (
        folders {
            $( $(#[doc = $doc:literal])* $folder:ident $({ $($extra:item)* })? ),* $(,)?
        }
        rules $rules:tt
    ) => {
        $(
            $(#[doc = $doc])*
            pub mod $folder {
                $($($extra)*)?
                rule_modules!($folder $rules);
            }
        )*
        rule_tables!($rules);
    };
}

/// `pub mod` for each rule of the list in `$folder`.
macro_rules! rule_modules {
    ($folder:ident { $($f:ident :: $m:ident $(run $n:literal)?),* $(,)? }) => {
        $( rule_module!($folder $f $m); )*
    };
}

/// `pub mod $m;` when the rule's folder is the folder being declared. One arm per folder: a
/// folder without one declares no modules, and the registry does not compile.
macro_rules! rule_module {
    (structure structure $m:ident) => {
        pub mod $m;
    };
    (fhir fhir $m:ident) => {
        pub mod $m;
    };
    (hl7v2 hl7v2 $m:ident) => {
        pub mod $m;
    };
    (completeness completeness $m:ident) => {
        pub mod $m;
    };
    (dates dates $m:ident) => {
        pub mod $m;
    };
    (codes codes $m:ident) => {
        pub mod $m;
    };
    (identity identity $m:ident) => {
        pub mod $m;
    };
    (phi phi $m:ident) => {
        pub mod $m;
    };
    ($folder:ident $other:ident $m:ident) => {};
}

/// [`ALL`], [`RECORD_RULES`] and [`CROSS_RECORD_RULES`] from the list, with the checks that
/// every record rule has its own place in the run order and no other rule has one.
macro_rules! rule_tables {
    ({ $($f:ident :: $m:ident $(run $n:literal)?),* $(,)? }) => {
        /// Every rule, in the registry's order: the order `recordlint rules` and the page's rule
        /// index list them.
        pub static ALL: &[&RuleMeta] = &[$(&$f::$m::RULE),*];

        /// Every rule with its place in the run order, if it has one.
        const LISTED: &[(&RuleMeta, Option<u32>)] = &[$((&$f::$m::RULE, run!($($n)?))),*];

        $(
            const _: () = assert!(
                run!($($n)?).is_some() == $f::$m::RULE.kind.record_check().is_some(),
                concat!(
                    "registry: ",
                    stringify!($f::$m),
                    " needs `run N` if and only if it is a record rule (`kind: Record(check)`)"
                )
            );
            $(
                const _: () = assert!(
                    $crate::rules::registry::takers(LISTED, $n) == 1,
                    concat!("registry: ", stringify!($f::$m), ": another rule has run ", stringify!($n))
                );
            )?
        )*

        /// The rules that look at records, with their check, in the order they run on a record
        /// (by `run N`); the others are reported by parsers or by the cross-record index.
        pub(crate) static RECORD_RULES: &[(&RuleMeta, RecordCheck)] = &$crate::rules::registry::record_rules::<
            { $crate::rules::registry::count(LISTED, $crate::rules::registry::Count::Record) },
        >(LISTED);

        /// The cross-record rules, in registry order: the checker's [`CrossRecordIndex`] reports
        /// them, comparing records with each other.
        pub(crate) static CROSS_RECORD_RULES: &[&RuleMeta] = &$crate::rules::registry::cross_record_rules::<
            { $crate::rules::registry::count(LISTED, $crate::rules::registry::Count::CrossRecord) },
        >(LISTED);
    };
}

/// `run N` of a registry line as an `Option`.
macro_rules! run {
    () => {
        None::<u32>
    };
    ($n:literal) => {
        Some($n)
    };
}

/// What [`count`] counts.
#[derive(Clone, Copy)]
pub(crate) enum Count {
    Record,
    CrossRecord,
}

/// How many listed rules are record rules, or cross-record rules.
pub(crate) const fn count(listed: &[(&RuleMeta, Option<u32>)], what: Count) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < listed.len() {
        let kind = listed[i].0.kind;
        n += match what {
            Count::Record => kind.record_check().is_some() as usize,
            Count::CrossRecord => kind.is_cross_record() as usize,
        };
        i += 1;
    }
    n
}

/// How many listed rules have `run`.
pub(crate) const fn takers(listed: &[(&RuleMeta, Option<u32>)], run: u32) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < listed.len() {
        if let Some(r) = listed[i].1 {
            n += (r == run) as usize;
        }
        i += 1;
    }
    n
}

/// The `N` record rules with their checks, by ascending `run` (each taken once, checked above).
pub(crate) const fn record_rules<const N: usize>(
    listed: &[(&'static RuleMeta, Option<u32>)],
) -> [(&'static RuleMeta, RecordCheck); N] {
    fn unset(_: &Record, _: &crate::codes::RecordFacts, _: &mut Checker) {}
    let mut out: [(&RuleMeta, RecordCheck); N] = [(listed[0].0, unset); N];
    let (mut filled, mut last) = (0, 0);
    while filled < N {
        // The listed record rule with the smallest run above the last one taken.
        let (mut next, mut i) = (None, 0);
        while i < listed.len() {
            if let (Some(run), Some(check)) = (listed[i].1, listed[i].0.kind.record_check()) {
                let better = match next {
                    None => true,
                    Some((best, _, _)) => run < best,
                };
                if (filled == 0 || run > last) && better {
                    next = Some((run, listed[i].0, check));
                }
            }
            i += 1;
        }
        let Some((run, meta, check)) = next else { panic!("registry: fewer runs than record rules") };
        out[filled] = (meta, check);
        (filled, last) = (filled + 1, run);
    }
    out
}

/// The `N` cross-record rules, in registry order.
pub(crate) const fn cross_record_rules<const N: usize>(
    listed: &[(&'static RuleMeta, Option<u32>)],
) -> [&'static RuleMeta; N] {
    let mut out: [&RuleMeta; N] = [listed[0].0; N];
    let (mut i, mut n) = (0, 0);
    while i < listed.len() {
        if listed[i].0.kind.is_cross_record() {
            out[n] = listed[i].0;
            n += 1;
        }
        i += 1;
    }
    out
}
