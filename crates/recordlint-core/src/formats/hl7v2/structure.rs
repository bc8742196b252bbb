//! Abstract message syntax (segment order and cardinality) of the message types recordlint
//! checks: ADT^A01–A08, ORU^R01, DFT^P03 (HL7 v2.5.1, simplified to the segments clinics send).

/// One element of a message structure: a segment or a group, required or not, repeating or not.
pub enum Item {
    Seg(&'static str, bool, bool),
    Group(&'static [Item], bool, bool),
}

use Item::{Group, Seg};

const R: bool = true;
const O: bool = false;
/// Repeats.
const M: bool = true;
/// Occurs once.
const S: bool = false;

const ROLES: Item = Seg("ROL", O, M);
const INSURANCE: Item = Group(&[Seg("IN1", R, S), Seg("IN2", O, S), Seg("IN3", O, M), ROLES], O, M);
const PROCEDURES: Item = Group(&[Seg("PR1", R, S), ROLES], O, M);

/// ADT^A01, A04, A05, A08 (structure ADT_A01).
const ADT_A01: &[Item] = &[
    Seg("MSH", R, S),
    Seg("SFT", O, M),
    Seg("EVN", R, S),
    Seg("PID", R, S),
    Seg("PD1", O, S),
    ROLES,
    Seg("NK1", O, M),
    Seg("PV1", R, S),
    Seg("PV2", O, S),
    ROLES,
    Seg("DB1", O, M),
    Seg("OBX", O, M),
    Seg("AL1", O, M),
    Seg("DG1", O, M),
    Seg("DRG", O, S),
    PROCEDURES,
    Seg("GT1", O, M),
    INSURANCE,
    Seg("ACC", O, S),
    Seg("UB1", O, S),
    Seg("UB2", O, S),
    Seg("PDA", O, S),
];

/// ADT^A02 (structure ADT_A02).
const ADT_A02: &[Item] = &[
    Seg("MSH", R, S),
    Seg("SFT", O, M),
    Seg("EVN", R, S),
    Seg("PID", R, S),
    Seg("PD1", O, S),
    ROLES,
    Seg("PV1", R, S),
    Seg("PV2", O, S),
    ROLES,
    Seg("DB1", O, M),
    Seg("OBX", O, M),
    Seg("PDA", O, S),
];

/// ADT^A03 (structure ADT_A03).
const ADT_A03: &[Item] = &[
    Seg("MSH", R, S),
    Seg("SFT", O, M),
    Seg("EVN", R, S),
    Seg("PID", R, S),
    Seg("PD1", O, S),
    ROLES,
    Seg("NK1", O, M),
    Seg("PV1", R, S),
    Seg("PV2", O, S),
    ROLES,
    Seg("DB1", O, M),
    Seg("AL1", O, M),
    Seg("DG1", O, M),
    Seg("DRG", O, S),
    PROCEDURES,
    Seg("OBX", O, M),
    Seg("GT1", O, M),
    INSURANCE,
    Seg("ACC", O, S),
    Seg("PDA", O, S),
];

/// ADT^A06, A07 (structure ADT_A06).
const ADT_A06: &[Item] = &[
    Seg("MSH", R, S),
    Seg("SFT", O, M),
    Seg("EVN", R, S),
    Seg("PID", R, S),
    Seg("PD1", O, S),
    ROLES,
    Seg("MRG", O, S),
    Seg("NK1", O, M),
    Seg("PV1", R, S),
    Seg("PV2", O, S),
    ROLES,
    Seg("DB1", O, M),
    Seg("OBX", O, M),
    Seg("AL1", O, M),
    Seg("DG1", O, M),
    Seg("DRG", O, S),
    PROCEDURES,
    Seg("GT1", O, M),
    INSURANCE,
    Seg("ACC", O, S),
    Seg("UB1", O, S),
    Seg("UB2", O, S),
];

const ORDER_OBSERVATION: &[Item] = &[
    Seg("ORC", O, S),
    Seg("OBR", R, S),
    Seg("NTE", O, M),
    Seg("TQ1", O, M),
    Seg("CTD", O, S),
    Group(&[Seg("OBX", R, S), Seg("NTE", O, M)], O, M),
    Seg("FT1", O, M),
    Seg("CTI", O, M),
    Group(&[Seg("SPM", R, S), Seg("OBX", O, M)], O, M),
];

const PATIENT_RESULT: &[Item] = &[
    Group(
        &[
            Seg("PID", R, S),
            Seg("PD1", O, S),
            Seg("NTE", O, M),
            Seg("NK1", O, M),
            Group(&[Seg("PV1", R, S), Seg("PV2", O, S)], O, S),
        ],
        O,
        S,
    ),
    Group(ORDER_OBSERVATION, R, M),
];

/// ORU^R01 (structure ORU_R01).
const ORU_R01: &[Item] = &[Seg("MSH", R, S), Seg("SFT", O, M), Group(PATIENT_RESULT, R, M), Seg("DSC", O, S)];

/// DFT^P03 (structure DFT_P03), without the order groups.
const DFT_P03: &[Item] = &[
    Seg("MSH", R, S),
    Seg("SFT", O, M),
    Seg("EVN", R, S),
    Seg("PID", R, S),
    Seg("PD1", O, S),
    ROLES,
    Seg("PV1", O, S),
    Seg("PV2", O, S),
    ROLES,
    Seg("DB1", O, M),
    Group(
        &[
            Seg("FT1", R, S),
            Seg("NTE", O, M),
            PROCEDURES,
            Seg("DG1", O, M),
            Seg("DRG", O, S),
            Seg("GT1", O, M),
            INSURANCE,
        ],
        R,
        M,
    ),
    Seg("DG1", O, M),
    Seg("DRG", O, S),
    Seg("GT1", O, M),
    INSURANCE,
    Seg("ACC", O, S),
];

/// The structure of a message type and trigger event, when recordlint checks it.
pub fn structure_of(kind: &str, event: &str) -> Option<(&'static str, &'static [Item])> {
    Some(match (kind, event) {
        ("ADT", "A01" | "A04" | "A05" | "A08") => ("ADT_A01", ADT_A01),
        ("ADT", "A02") => ("ADT_A02", ADT_A02),
        ("ADT", "A03") => ("ADT_A03", ADT_A03),
        ("ADT", "A06" | "A07") => ("ADT_A06", ADT_A06),
        ("ORU", "R01") => ("ORU_R01", ORU_R01),
        ("DFT", "P03") => ("DFT_P03", DFT_P03),
        _ => return None,
    })
}

/// Why a segment sequence does not fit a structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// A required segment is missing where segment `at` (or the end) is.
    Missing { segment: &'static str, at: usize },
    /// Segment `at` does not fit where it is.
    Unexpected { at: usize },
}

/// Matches segment ids (Z-segments already removed) against a structure, greedily.
pub fn check<T: AsRef<[u8]>>(ids: &[T], items: &[Item]) -> Result<(), Mismatch> {
    let end = match_items(ids, 0, items)?;
    if end < ids.len() {
        return Err(Mismatch::Unexpected { at: end });
    }
    Ok(())
}

fn match_items<T: AsRef<[u8]>>(ids: &[T], mut pos: usize, items: &[Item]) -> Result<usize, Mismatch> {
    let is = |pos: usize, id: &str| ids.get(pos).is_some_and(|at| at.as_ref() == id.as_bytes());
    for item in items {
        match *item {
            Seg(id, required, repeats) => {
                if is(pos, id) {
                    pos += 1;
                    while repeats && is(pos, id) {
                        pos += 1;
                    }
                } else if required {
                    return Err(Mismatch::Missing { segment: id, at: pos });
                }
            }
            Group(group, required, repeats) => {
                let mut matched = false;
                loop {
                    match match_items(ids, pos, group) {
                        Ok(next) if next > pos => {
                            pos = next;
                            matched = true;
                            if !repeats {
                                break;
                            }
                        }
                        Ok(_) => break,
                        // A group that fails before consuming anything is simply absent here.
                        Err(e @ Mismatch::Missing { at, .. }) if at == pos => {
                            if required && !matched {
                                return Err(e);
                            }
                            break;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(pos)
}

/// True when `id` occurs anywhere in the structure.
pub fn mentions(items: &[Item], id: &str) -> bool {
    items.iter().any(|i| match *i {
        Seg(s, _, _) => s == id,
        Group(g, _, _) => mentions(g, id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adt_a01_order() {
        assert_eq!(check(&["MSH", "EVN", "PID", "PV1", "DG1", "DG1", "IN1"], ADT_A01), Ok(()));
        assert_eq!(
            check(&["MSH", "EVN", "PID", "DG1", "PV1"], ADT_A01),
            Err(Mismatch::Missing { segment: "PV1", at: 3 })
        );
        assert_eq!(
            check(&["MSH", "EVN", "PID", "PV1", "DG1", "PV1"], ADT_A01),
            Err(Mismatch::Unexpected { at: 5 })
        );
        assert_eq!(check(&["MSH", "EVN", "PID", "PV1", "PR1", "ROL", "PR1", "IN1", "IN2"], ADT_A01), Ok(()));
    }

    #[test]
    fn oru_r01_groups() {
        let ok = ["MSH", "PID", "PV1", "ORC", "OBR", "OBX", "NTE", "OBX", "OBR", "OBX", "PID", "OBR", "OBX"];
        assert_eq!(check(&ok, ORU_R01), Ok(()));
        assert_eq!(check(&["MSH", "PID", "OBX"], ORU_R01), Err(Mismatch::Missing { segment: "OBR", at: 2 }));
        assert_eq!(check(&["MSH", "OBR", "OBX"], ORU_R01), Ok(()));
    }

    #[test]
    fn dft_p03_needs_ft1() {
        assert_eq!(check(&["MSH", "EVN", "PID", "PV1", "FT1", "DG1", "FT1"], DFT_P03), Ok(()));
        assert_eq!(
            check(&["MSH", "EVN", "PID", "PV1"], DFT_P03),
            Err(Mismatch::Missing { segment: "FT1", at: 4 })
        );
    }
}
