//! The HTML reader, encoding detection included: the first byte picks an outside charset
//! (as an HTTP or WARC header would give it), the rest is the page.
#![no_main]

use arsip::read::{read_with, Input, InputFormat, ReadOptions};
use libfuzzer_sys::fuzz_target;

const CHARSETS: [Option<&str>; 6] = [
    None,
    Some("utf-8"),
    Some("windows-1252"),
    Some("iso-8859-1"),
    Some("utf-16le"),
    Some("no-such-charset"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, page)) = data.split_first() else {
        return;
    };
    let mut input = Input::from_bytes(page, Some("fuzz.html"));
    input.charset = CHARSETS[usize::from(choice) % CHARSETS.len()].map(str::to_string);
    if choice & 0x80 != 0 {
        input.url = Some("https://portal.example.go.id/berita/a.html".to_string());
    }
    let options = ReadOptions {
        format: InputFormat::Html,
        ..ReadOptions::default()
    };
    let _ = read_with(&input, &options);
});
