//! The rule engine on whatever any reader makes of any bytes, with findings pointing into
//! the input: every position must be inside it.
#![no_main]

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = read(&Input::from_bytes(data, Some("fuzz")), InputFormat::Auto) else {
        return;
    };
    // Lines end at LF, CRLF or a lone CR, as arsip counts them.
    let text = parsed.text.replace("\r\n", "\n");
    let lines = text.matches(['\n', '\r']).count() + 1;
    for finding in check(&parsed, &Settings::default()) {
        if let Some(line) = finding.line {
            assert!(
                line <= lines,
                "{} points at line {line} of {lines}",
                finding.code
            );
        }
    }
});
