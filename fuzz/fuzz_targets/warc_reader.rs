//! WARC archives, streamed: the reader must end (no loop on damage) and every page it
//! yields must lie inside the archive.
#![no_main]

use arsip::read::warc::WarcReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = WarcReader::new(data, Some("fuzz.warc".to_string())).with_limit(1 << 20);
    for (count, page) in reader.enumerate() {
        assert!(count <= data.len(), "more records than bytes");
        if let Ok(page) = page {
            assert!(page.offset as usize <= data.len());
            let _ = arsip::read::read_warc_page(&page.input, &Default::default());
        }
    }
});
