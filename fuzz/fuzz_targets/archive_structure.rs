//! Archives built from parts, WARC or ARC, plain or a gzip member per record: long runs of
//! records that are not pages (a crawl is mostly images and redirects), pages plain or
//! chunked, and damage (a wrong length, garbage between records, a cut end). The reader
//! must end, never recurse (the runs are long enough to overflow a stack that it would),
//! and read back exactly the pages of an archive that has no damage.
#![no_main]

use std::io::Write;

use arsip::source::archive::{ArchiveKind, ArchiveReader};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Part {
    /// `count` records that are not pages, of one kind.
    Skipped { count: u16, kind: u8 },
    /// A page: status 200 or another, its body chunked or not.
    Page { body: Vec<u8>, ok: bool, chunked: bool },
    /// The next record's length told wrong by this much.
    WrongLength(i16),
    /// Bytes between records.
    Garbage(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Archive {
    arc: bool,
    gzip: bool,
    parts: Vec<Part>,
    /// Bytes cut off the end.
    cut: u8,
}

fn record(arc: bool, url: &str, content_type: &str, block: &[u8], delta: i64) -> Vec<u8> {
    let length = (block.len() as i64 + delta).max(0);
    let mut out = if arc {
        format!("{url} 10.0.0.1 20050614070159 {content_type} {length}\n").into_bytes()
    } else {
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
        )
        .into_bytes()
    };
    out.extend_from_slice(block);
    out.extend_from_slice(if arc { b"\n" } else { b"\r\n\r\n" });
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fuzz_target!(|archive: Archive| {
    // Each record is gzipped as it is made, and a run of one record is gzipped once: a
    // compressor per copy made the harness, not the reader, the slow part (62,720 members
    // took over 10 s under the sanitizer).
    let encode = |bytes: Vec<u8>| if archive.gzip { gzip(&bytes) } else { bytes };
    let mut records: Vec<Vec<u8>> = Vec::new();
    if archive.arc {
        records.push(encode(b"filedesc://f.arc 0.0.0.0 20050614070144 text/plain 2\n1 \n".to_vec()));
    }
    let mut pages = 0usize;
    let mut damaged = archive.cut > 0;
    let mut delta = 0i64;
    for (i, part) in archive.parts.iter().enumerate() {
        match part {
            Part::Skipped { count, kind } => {
                let (content_type, block): (&str, &[u8]) = match kind % 3 {
                    0 => ("image/png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
                    1 => ("text/html", b"HTTP/1.1 301 Moved\r\nLocation: /\r\nContent-Type: text/html\r\n\r\n"),
                    _ => ("text/html", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
                };
                let one = encode(record(archive.arc, &format!("http://x.id/s{i}"), content_type, block, delta));
                delta = 0;
                for _ in 0..*count {
                    records.push(one.clone());
                }
            }
            Part::Page { body, ok, chunked } => {
                let status = if *ok { "200 OK" } else { "404 Not Found" };
                let mut block = format!("HTTP/1.1 {status}\r\nContent-Type: text/html\r\n").into_bytes();
                if *chunked && !body.is_empty() {
                    block.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
                    block.extend(format!("{:x}\r\n", body.len()).into_bytes());
                    block.extend_from_slice(body);
                    block.extend_from_slice(b"\r\n0\r\n\r\n");
                } else {
                    block.extend_from_slice(b"\r\n");
                    block.extend_from_slice(body);
                }
                let whitespace = body.iter().all(u8::is_ascii_whitespace);
                if *ok && !whitespace {
                    pages += 1;
                }
                records.push(encode(record(archive.arc, &format!("http://x.id/p{i}"), "text/html", &block, delta)));
                delta = 0;
            }
            Part::WrongLength(d) => {
                delta = i64::from(*d);
                damaged |= delta != 0;
            }
            Part::Garbage(bytes) => {
                damaged |= !bytes.is_empty();
                // Garbage between members is not itself a member.
                records.push(bytes.clone());
            }
        }
    }
    let mut bytes: Vec<u8> = records.concat();
    bytes.truncate(bytes.len().saturating_sub(usize::from(archive.cut)));
    let kind = if archive.arc { ArchiveKind::Arc } else { ArchiveKind::Warc };
    // A small stack, as a worker thread might have: recursion over skipped records would
    // overflow it.
    let found = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(move || {
            let reader = ArchiveReader::new(kind, Box::new(std::io::Cursor::new(bytes)), archive.gzip, None, 1 << 20);
            reader.filter(Result::is_ok).count()
        })
        .unwrap()
        .join()
        .unwrap();
    if !damaged {
        assert_eq!(found, pages, "an archive without damage gives back every page");
    }
});
