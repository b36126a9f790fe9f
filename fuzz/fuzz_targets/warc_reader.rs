//! Web archives (WARC and ARC, plain and as gzip members), streamed: the reader must end
//! (no loop on damage), and in a plain archive every page it yields must lie inside it.
#![no_main]

use arsip::read::{read_all, InputFormat, ReadOptions};
use arsip::source::archive::{ArchiveKind, ArchiveReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in [ArchiveKind::Warc, ArchiveKind::Arc] {
        for gzipped in [false, true] {
            let raw = Box::new(std::io::Cursor::new(data.to_vec()));
            let reader = ArchiveReader::new(kind, raw, gzipped, Some("fuzz".into()), 1 << 20);
            for (count, page) in reader.enumerate() {
                assert!(gzipped || count <= data.len(), "more records than bytes");
                if let Ok(page) = page {
                    assert!(gzipped || page.offset as usize <= data.len());
                    let options = ReadOptions {
                        format: InputFormat::Html,
                        ..ReadOptions::default()
                    };
                    let _ = read_all(&page.input, &options);
                }
            }
        }
    }
});
