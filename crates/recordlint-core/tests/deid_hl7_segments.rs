//! De-identification of the HL7 v2 segments that carry people other than the patient and the
//! financial identifiers (HL7 v2.5.1 PID, PD1, NK1, PV1, MRG, GT1, IN1, IN2): every identifier
//! of a real-looking ADT message is gone from the copy, what is no identifier is kept, and the
//! relatives' names are found in the message's notes too.

use recordlint_core::deid::{self, Method, Session};

/// An ADT^A01 message with every identifier field of the segments filled.
const MESSAGE: &str = concat!(
    "MSH|^~\\&|ADT|GENHOSP|REG|STATE|20260304101500||ADT^A01^ADT_A01|MSG00017|P|2.5.1\r",
    "EVN|A01|20260304101500\r",
    "PID|1||4471902^^^GENHOSP^MR||Kowalczyk^Teodora^M||19580214|F|||1418 Birchwood Terrace^^Riverton^WY^82501||(307)555-0142|(307)555-0199||||AC88120457|521-44-9087|WY-D4417702\r",
    "PD1|||GENHOSP Family Medicine||||||||||||||||\r",
    "NK1|1|Kowalczyk^Marek^J|SPO^Spouse^HL70063|1418 Birchwood Terrace^^Riverton^WY^82501|(307)555-0177|(307)555-0178||20150601|||||||||||||||||||||||||||||612-20-4478|Krakow\r",
    "PV1|1|I|3W^312^A^GENHOSP||||1234567893^Ngata^Ruth^^^DR|||MED||||1|||1234567893^Ngata^Ruth^^^DR|IP|VN20260304-0088^^^GENHOSP^VN|||||||||||||||||||||||||20260304101500||||||ALT-77120931\r",
    "GT1|1|GR-5521907|Kowalczyk^Marek^J|Kowalczyk^Teodora|1418 Birchwood Terrace^^Riverton^WY^82501|(307)555-0177|(307)555-0166|19550923|M||SPO|612-20-4478|||1|Dunmore Freight Lines|77 Depot Road^^Casper^WY^82601|(307)555-0100|EMP-448812\r",
    "IN1|1|BCBSWY-PPO^Blue Cross Blue Shield of Wyoming PPO|BCBS-WY|Blue Cross Blue Shield of Wyoming||||GRP-0048213|||Dunmore Freight Lines|20260101|20261231||C|Kowalczyk^Marek^J|SPO|19550923|1418 Birchwood Terrace^^Riverton^WY^82501|||||||||||||||||POL-88120945|||||||||||||XQJ448120945\r",
    "IN2|EMP-448812|612-20-4478||||1EG4TE5MK72||MCD-20938817\r",
    "MRG|4471888^^^GENHOSP^MR|ALT-4471888|AC88000012||VN20251102-0041\r",
    "NTE|1||Spouse Marek at bedside; daughter to call (307)555-0142.\r",
);

/// Each identifier of [`MESSAGE`], by where it stands (HL7 v2.5.1 field).
const IDENTIFIERS: &[(&str, &str)] = &[
    ("PID-3 MRN", "4471902"),
    ("PID-5 name", "Kowalczyk"),
    ("PID-5 given name", "Teodora"),
    ("PID-11 street", "1418 Birchwood Terrace"),
    ("PID-11 city", "Riverton"),
    ("PID-13 phone", "555-0142"),
    ("PID-14 phone", "555-0199"),
    ("PID-18 account", "AC88120457"),
    ("PID-19 SSN", "521-44-9087"),
    ("PID-20 licence", "WY-D4417702"),
    ("NK1-2 name", "Marek"),
    ("NK1-5 phone", "555-0177"),
    ("NK1-6 phone", "555-0178"),
    ("NK1-37 SSN", "612-20-4478"),
    ("NK1-38 birthplace", "Krakow"),
    ("PV1-19 visit number", "VN20260304-0088"),
    ("PV1-50 alternate visit ID", "ALT-77120931"),
    ("GT1-2 guarantor number", "GR-5521907"),
    ("GT1-7 phone", "555-0166"),
    ("GT1-8 birth date", "19550923"),
    ("GT1-16 employer", "Dunmore Freight Lines"),
    ("GT1-17 employer's street", "77 Depot Road"),
    ("GT1-18 employer's phone", "555-0100"),
    ("GT1-19 employee ID", "EMP-448812"),
    ("IN1-8 group number", "GRP-0048213"),
    ("IN1-36 policy number", "POL-88120945"),
    ("IN1-49 insured's ID", "XQJ448120945"),
    ("IN2-6 Medicare number", "1EG4TE5MK72"),
    ("IN2-8 Medicaid number", "MCD-20938817"),
    ("MRG-1 prior MRN", "4471888"),
    ("MRG-2 prior alternate ID", "ALT-4471888"),
    ("MRG-3 prior account", "AC88000012"),
    ("MRG-5 prior visit number", "VN20251102-0041"),
];

fn copy(method: Method) -> String {
    let mut session = Session::new(method, [3; 32], 2026, false);
    String::from_utf8(deid::deidentify("adt.hl7", MESSAGE.as_bytes(), &mut session).unwrap()).unwrap()
}

#[test]
fn every_identifier_of_the_segments_is_gone() {
    let out = copy(Method::SafeHarbor);
    let left: Vec<_> = IDENTIFIERS.iter().filter(|(_, v)| out.contains(v)).collect();
    assert!(left.is_empty(), "left in the copy: {left:?}\n{}", out.replace('\r', "\n"));
}

#[test]
fn what_is_no_identifier_is_kept_with_the_layout() {
    let out = copy(Method::SafeHarbor);
    let segments: Vec<&str> = out.split('\r').filter(|s| !s.is_empty()).collect();
    assert_eq!(segments.len(), MESSAGE.split('\r').filter(|s| !s.is_empty()).count());
    for (copy, original) in segments.iter().zip(MESSAGE.split('\r')) {
        assert_eq!(copy.split('|').count(), original.split('|').count(), "{copy}");
    }
    for kept in [
        "BCBSWY-PPO^Blue Cross Blue Shield of Wyoming PPO",
        "Blue Cross Blue Shield of Wyoming",
        "SPO^Spouse^HL70063",
        "1234567893^Ngata^Ruth^^^DR",
        "^^WY^825",
        "MSG00017",
    ] {
        assert!(out.contains(kept), "{kept} lost:\n{}", out.replace('\r', "\n"));
    }
    // The spouse's name is known from NK1-2, so the note loses it too; the tokens are
    // consistent: the guarantor (GT1-3) and the insured (IN1-16) are the spouse (NK1-2).
    let nte = segments.iter().find(|s| s.starts_with("NTE")).unwrap();
    assert!(!nte.contains("Marek") && nte.contains("NAME-"), "{nte}");
    let name = |seg: &str, n: usize| {
        let s = segments.iter().find(|s| s.starts_with(seg)).unwrap();
        s.split('|').nth(n).unwrap().split('^').next().unwrap().to_string()
    };
    assert_eq!(name("NK1", 2), name("GT1", 3));
    assert_eq!(name("NK1", 2), name("IN1", 16));
    assert_eq!(name("NK1", 37), name("IN2", 2));
}
