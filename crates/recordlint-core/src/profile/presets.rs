//! Profiles shipped with recordlint, one JSON file each in `presets/`, embedded in the binary.

/// (name, JSON) of every preset, in the order lists show them.
pub(super) static PRESETS: &[(&str, &str)] = &[
    ("inpatient", include_str!("presets/inpatient.json")),
    ("outpatient", include_str!("presets/outpatient.json")),
    ("registration", include_str!("presets/registration.json")),
    ("lab", include_str!("presets/lab.json")),
];
