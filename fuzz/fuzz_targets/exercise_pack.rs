//! Fuzz target `exercise_pack`: see [`harness::exercise_pack`].
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::exercise_pack(data));
