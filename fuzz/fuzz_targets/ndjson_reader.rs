//! JSON Lines of articles and page records, read whole and split line by line: each line
//! its own result, never a panic.
#![no_main]

use arsip::read::{read_all, read_document, Input, InputFormat, ReadOptions};
use arsip::source::records::lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions {
        format: InputFormat::Ndjson,
        ..ReadOptions::default()
    };
    let _ = read_all(&Input::from_bytes(data, Some("fuzz.jsonl")), &options);
    let stream = Box::new(std::io::Cursor::new(data.to_vec()));
    for record in lines(stream, 1 << 16).flatten() {
        let _ = read_document(&Input::from_bytes(record.bytes, Some("fuzz.jsonl")), &options);
    }
});
