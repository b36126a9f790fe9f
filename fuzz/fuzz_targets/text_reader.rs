//! The text and Markdown readers on any bytes: an article or a typed error, never a panic
//! or a hang (Markdown's block budget refuses before its parser builds a tree).
#![no_main]

use arsip::read::{read, Input, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read(
        &Input::from_bytes(data, Some("fuzz.txt")),
        InputFormat::Text,
    );
    let _ = read(
        &Input::from_bytes(data, Some("fuzz.md")),
        InputFormat::Markdown,
    );
});
