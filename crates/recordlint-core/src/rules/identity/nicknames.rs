//! Common US given-name nicknames, for matching patients across records (`BOB` is `ROBERT`).
//! Compiled from common usage (e.g. the Social Security and census given-name lists, as used by
//! MPI matching tools); a nickname may stand for several formal names (`AL`: Albert, Alfred, Alan).

use crate::int_map::IntHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// (nickname, formal name) pairs, uppercase, sorted by nickname then formal name.
pub static NICKNAMES: &[(&str, &str)] = &[
    ("ABBY", "ABIGAIL"),
    ("ABE", "ABRAHAM"),
    ("AL", "ALAN"),
    ("AL", "ALBERT"),
    ("AL", "ALFRED"),
    ("ALEC", "ALEXANDER"),
    ("ALEX", "ALEXANDER"),
    ("ALEX", "ALEXANDRA"),
    ("ALLIE", "ALLISON"),
    ("ANDY", "ANDREW"),
    ("ANNIE", "ANN"),
    ("ANNIE", "ANNA"),
    ("ART", "ARTHUR"),
    ("BARB", "BARBARA"),
    ("BECKY", "REBECCA"),
    ("BEN", "BENJAMIN"),
    ("BERNIE", "BERNARD"),
    ("BESS", "ELIZABETH"),
    ("BETH", "ELIZABETH"),
    ("BETSY", "ELIZABETH"),
    ("BETTY", "ELIZABETH"),
    ("BILL", "WILLIAM"),
    ("BILLY", "WILLIAM"),
    ("BOB", "ROBERT"),
    ("BOBBY", "ROBERT"),
    ("BRAD", "BRADLEY"),
    ("CAL", "CALVIN"),
    ("CANDY", "CANDACE"),
    ("CARRIE", "CAROLINE"),
    ("CASSIE", "CASSANDRA"),
    ("CATHY", "CATHERINE"),
    ("CHARLIE", "CHARLES"),
    ("CHRIS", "CHRISTINA"),
    ("CHRIS", "CHRISTINE"),
    ("CHRIS", "CHRISTOPHER"),
    ("CHUCK", "CHARLES"),
    ("CINDY", "CYNTHIA"),
    ("CLIFF", "CLIFFORD"),
    ("DAN", "DANIEL"),
    ("DANNY", "DANIEL"),
    ("DAVE", "DAVID"),
    ("DEB", "DEBORAH"),
    ("DEBBIE", "DEBORAH"),
    ("DICK", "RICHARD"),
    ("DON", "DONALD"),
    ("DONNIE", "DONALD"),
    ("DOTTIE", "DOROTHY"),
    ("DOUG", "DOUGLAS"),
    ("ED", "EDWARD"),
    ("EDDIE", "EDWARD"),
    ("ELLIE", "ELEANOR"),
    ("FRAN", "FRANCES"),
    ("FRANK", "FRANCIS"),
    ("FRANK", "FRANKLIN"),
    ("FRED", "FREDERICK"),
    ("GABE", "GABRIEL"),
    ("GENE", "EUGENE"),
    ("GERRY", "GERALD"),
    ("GREG", "GREGORY"),
    ("HANK", "HENRY"),
    ("HARRY", "HAROLD"),
    ("HARRY", "HENRY"),
    ("JACK", "JOHN"),
    ("JAKE", "JACOB"),
    ("JAN", "JANET"),
    ("JEFF", "JEFFREY"),
    ("JENNY", "JENNIFER"),
    ("JERRY", "GERALD"),
    ("JERRY", "JEROME"),
    ("JESS", "JESSICA"),
    ("JIM", "JAMES"),
    ("JIMMY", "JAMES"),
    ("JOE", "JOSEPH"),
    ("JOEY", "JOSEPH"),
    ("JOHNNY", "JOHN"),
    ("JON", "JONATHAN"),
    ("JOSH", "JOSHUA"),
    ("JUDY", "JUDITH"),
    ("KATE", "KATHERINE"),
    ("KATHY", "KATHERINE"),
    ("KATIE", "KATHERINE"),
    ("KEN", "KENNETH"),
    ("KENNY", "KENNETH"),
    ("KIM", "KIMBERLY"),
    ("LARRY", "LAWRENCE"),
    ("LEN", "LEONARD"),
    ("LENNY", "LEONARD"),
    ("LIBBY", "ELIZABETH"),
    ("LIZ", "ELIZABETH"),
    ("LIZZIE", "ELIZABETH"),
    ("LOU", "LOUIS"),
    ("MAGGIE", "MARGARET"),
    ("MANDY", "AMANDA"),
    ("MARGE", "MARGARET"),
    ("MATT", "MATTHEW"),
    ("MEG", "MARGARET"),
    ("MICK", "MICHAEL"),
    ("MIKE", "MICHAEL"),
    ("MITCH", "MITCHELL"),
    ("MOLLY", "MARY"),
    ("NAN", "ANN"),
    ("NANCY", "ANN"),
    ("NATE", "NATHAN"),
    ("NATE", "NATHANIEL"),
    ("NED", "EDWARD"),
    ("NICK", "NICHOLAS"),
    ("PAM", "PAMELA"),
    ("PAT", "PATRICIA"),
    ("PAT", "PATRICK"),
    ("PATSY", "PATRICIA"),
    ("PATTY", "PATRICIA"),
    ("PEG", "MARGARET"),
    ("PEGGY", "MARGARET"),
    ("PETE", "PETER"),
    ("PHIL", "PHILIP"),
    ("POLLY", "MARY"),
    ("RANDY", "RANDALL"),
    ("RAY", "RAYMOND"),
    ("RICH", "RICHARD"),
    ("RICK", "RICHARD"),
    ("RICKY", "RICHARD"),
    ("ROB", "ROBERT"),
    ("ROBBIE", "ROBERT"),
    ("RON", "RONALD"),
    ("RONNIE", "RONALD"),
    ("ROSIE", "ROSE"),
    ("SAL", "SALVATORE"),
    ("SALLY", "SARAH"),
    ("SAM", "SAMANTHA"),
    ("SAM", "SAMUEL"),
    ("SANDY", "SANDRA"),
    ("STEVE", "STEPHEN"),
    ("STEVE", "STEVEN"),
    ("SUE", "SUSAN"),
    ("SUSIE", "SUSAN"),
    ("TED", "EDWARD"),
    ("TED", "THEODORE"),
    ("TERRY", "TERENCE"),
    ("TERRY", "THERESA"),
    ("TESS", "THERESA"),
    ("TIM", "TIMOTHY"),
    ("TOM", "THOMAS"),
    ("TOMMY", "THOMAS"),
    ("TONY", "ANTHONY"),
    ("TRISH", "PATRICIA"),
    ("VICKY", "VICTORIA"),
    ("VINCE", "VINCENT"),
    ("WALLY", "WALTER"),
    ("WALT", "WALTER"),
    ("WILL", "WILLIAM"),
    ("ZACH", "ZACHARY"),
];

/// The formal names `name` may stand for (empty when it is not a known nickname).
fn formal_names(name: &str) -> impl Iterator<Item = &'static str> + '_ {
    let start = NICKNAMES.partition_point(|&(nick, _)| nick < name);
    NICKNAMES[start..].iter().take_while(move |&&(nick, _)| nick == name).map(|&(_, formal)| formal)
}

/// One of 16 bits for each formal name `name` is or may stand for (0 when it is in no pair):
/// two given names that are [the same name](same_given_name) share one. Looked up in a map
/// built once, not by searching the table.
pub(crate) fn formal_keys(name: &str) -> u16 {
    type Map = HashMap<&'static str, u16, BuildHasherDefault<IntHasher>>;
    static KEYS: OnceLock<Map> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let bit = |f: &str| 1u16 << (f.bytes().fold(7u32, |h, b| h.wrapping_mul(31) ^ u32::from(b)) % 16);
        let mut keys = Map::default();
        for &(nick, formal) in NICKNAMES {
            *keys.entry(nick).or_default() |= bit(formal);
            *keys.entry(formal).or_default() |= bit(formal);
        }
        keys
    });
    keys.get(name).copied().unwrap_or(0)
}

/// True when two uppercase given names are the same name or nicknames of one formal name
/// (`BOB`/`ROBERT`, `BOB`/`ROB`).
pub fn same_given_name(a: &str, b: &str) -> bool {
    a == b
        || formal_names(a).any(|f| f == b)
        || formal_names(b).any(|f| f == a)
        || formal_names(a).any(|f| formal_names(b).any(|g| g == f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_uppercase_and_large_enough() {
        assert!(NICKNAMES.len() >= 100, "{} pairs", NICKNAMES.len());
        assert!(NICKNAMES.windows(2).all(|w| w[0] < w[1]), "NICKNAMES must be sorted and unique");
        for (nick, formal) in NICKNAMES {
            assert!(nick.bytes().chain(formal.bytes()).all(|c| c.is_ascii_uppercase()), "{nick}/{formal}");
        }
    }

    #[test]
    fn matches_nicknames_both_ways_and_through_the_formal_name() {
        assert!(same_given_name("BOB", "ROBERT"));
        assert!(same_given_name("ROBERT", "BOB"));
        assert!(same_given_name("BOB", "ROB"));
        assert!(same_given_name("PEGGY", "MARGARET"));
        assert!(same_given_name("LIZ", "BETH"));
        assert!(!same_given_name("BOB", "WILLIAM"));
        assert!(!same_given_name("JANE", "JOHN"));
    }

    #[test]
    fn same_given_names_share_a_formal_key() {
        let names: Vec<&str> = NICKNAMES.iter().flat_map(|&(n, f)| [n, f]).chain(["JANE", "KWAME"]).collect();
        for a in &names {
            for b in &names {
                if same_given_name(a, b) && a != b {
                    assert_ne!(formal_keys(a) & formal_keys(b), 0, "{a} / {b}");
                }
            }
        }
        assert_eq!(formal_keys("KWAME"), 0);
    }
}
