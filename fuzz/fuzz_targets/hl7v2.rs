//! Fuzz target `hl7v2`: see [`harness::hl7v2`].
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::hl7v2(data));
