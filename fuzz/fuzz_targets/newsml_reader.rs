//! NewsML-G2 input: well-formed or not, with or without a DOCTYPE, never a panic, and never
//! an entity expanded from outside.
#![no_main]

use arsip::read::{read, Input, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read(
        &Input::from_bytes(data, Some("fuzz.xml")),
        InputFormat::Newsml,
    );
});
