//! JSON Lines of articles and page records: each line its own result.
#![no_main]

use arsip::read::{read_each, Input, InputFormat, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions {
        format: InputFormat::Ndjson,
        ..ReadOptions::default()
    };
    let _ = read_each(&Input::from_bytes(data, Some("fuzz.jsonl")), &options);
});
