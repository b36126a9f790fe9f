use std::io::{Cursor, Write};

use super::*;

fn warc_record(kind: &str, url: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2019-04-01T03:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(url: &str, body: &str) -> Vec<u8> {
    warc_record(
        "response",
        url,
        "application/http; msgtype=response",
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}").as_bytes(),
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn read(
    kind: ArchiveKind,
    bytes: Vec<u8>,
    gzipped: bool,
) -> (Vec<Result<Page, ArchiveFailure>>, usize) {
    let mut reader = ArchiveReader::new(
        kind,
        Box::new(Cursor::new(bytes)),
        gzipped,
        Some("a.warc".to_string()),
        1 << 20,
    );
    let found: Vec<_> = reader.by_ref().collect();
    (found, reader.ignored)
}

fn urls(found: &[Result<Page, ArchiveFailure>]) -> Vec<String> {
    found
        .iter()
        .map(|r| match r {
            Ok(page) => page.input.url.clone().unwrap_or_default(),
            Err(f) => format!("ERR {}", f.error),
        })
        .collect()
}

/// `count` pages read, the records' URLs shown when not.
fn assert_pages(found: &[Result<Page, ArchiveFailure>], count: usize) {
    assert_eq!(
        found.iter().filter(|r| r.is_ok()).count(),
        count,
        "{:?}",
        urls(found)
    );
}

#[test]
fn takes_html_responses_with_status_200_only() {
    let mut archive = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: wget\r\n",
    );
    archive.extend(warc_record(
        "request",
        "http://x.id/a",
        "application/http; msgtype=request",
        b"GET /a HTTP/1.1\r\n\r\n",
    ));
    archive.extend(warc_record(
        "response",
        "http://x.id/a",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>",
    ));
    archive.extend(warc_record(
        "response",
        "http://x.id/moved",
        "application/http; msgtype=response",
        b"HTTP/1.1 301 Moved\r\nLocation: /a\r\nContent-Type: text/html\r\n\r\n",
    ));
    archive.extend(warc_record(
        "response",
        "http://x.id/logo.png",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    ));
    // An empty 200 is not a page, and not a failure either.
    archive.extend(warc_record(
        "response",
        "http://x.id/empty",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    ));
    // A response record with an empty block (a fetch that failed) neither.
    archive.extend(warc_record(
        "response",
        "http://x.id/failed",
        "application/http; msgtype=response",
        b"",
    ));
    let (found, ignored) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(found.len(), 1, "{:?}", urls(&found));
    let page = found[0].as_ref().unwrap();
    assert_eq!(page.input.url.as_deref(), Some("http://x.id/a"));
    assert_eq!(page.input.charset.as_deref(), Some("iso-8859-1"));
    assert_eq!(
        page.input.fetched_at.as_deref(),
        Some("2019-04-01T03:00:00Z")
    );
    assert_eq!(page.input.bytes, b"<p>caf\xe9</p>");
    assert_eq!(ignored, 6);
}

#[test]
fn long_runs_of_other_records_do_not_recurse() {
    let mut archive = Vec::new();
    let skipped = warc_record(
        "request",
        "http://x.id/r",
        "application/http",
        b"GET / HTTP/1.1\r\n\r\n",
    );
    for _ in 0..200_000 {
        archive.extend_from_slice(&skipped);
    }
    archive.extend(response("http://x.id/last", "<p>last</p>"));
    // On a small stack, as a worker thread might have: recursion would overflow it.
    let found = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || read(ArchiveKind::Warc, archive, false))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(urls(&found.0), ["http://x.id/last"]);
    assert_eq!(found.1, 200_000);
}

#[test]
fn a_truncated_archive_is_one_failure_after_the_good_records() {
    let good = response("http://x.id/a", "<p>a</p>");
    let mut archive = good.clone();
    archive.extend_from_slice(&good[..good.len() - 10]);
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(found.len(), 2);
    assert!(found[0].is_ok());
    let failure = found[1].as_ref().unwrap_err();
    assert_eq!(failure.offset, good.len() as u64);
    assert!(
        failure.error.to_string().contains("truncated"),
        "{}",
        failure.error
    );
}

#[test]
fn a_cut_page_whose_html_is_whole_is_kept() {
    let mut archive = response("http://x.id/a", "<p>a</p>");
    let last = response("http://x.id/b", "<html><p>b</p></html>\n");
    // Cut inside the record's trailing line ends and the HTTP body's final newline.
    archive.extend_from_slice(&last[..last.len() - 5]);
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(urls(&found), ["http://x.id/a", "http://x.id/b"]);
}

#[test]
fn a_cut_gzip_member_keeps_the_page_it_decoded() {
    let first = gzip(&response("http://x.id/a", "<p>a</p>"));
    let mut last = gzip(&response("http://x.id/b", "<html><p>b</p></html>"));
    last.truncate(last.len() - 6);
    let mut archive = first;
    archive.extend(last);
    let (found, _) = read(ArchiveKind::Warc, archive, true);
    assert_eq!(urls(&found)[..2], ["http://x.id/a", "http://x.id/b"]);
}

#[test]
fn a_corrupt_gzip_member_costs_only_its_record() {
    let mut corrupt = gzip(&response("http://x.id/b", &"<p>b</p>".repeat(200)));
    let middle = corrupt.len() / 2;
    for byte in &mut corrupt[middle..middle + 8] {
        *byte ^= 0x55;
    }
    let mut archive = gzip(&response("http://x.id/a", "<p>a</p>"));
    archive.extend(corrupt);
    archive.extend(gzip(&response("http://x.id/c", "<p>c</p>")));
    let (found, _) = read(ArchiveKind::Warc, archive, true);
    let urls = urls(&found);
    assert_eq!(urls.first().map(String::as_str), Some("http://x.id/a"));
    assert_eq!(urls.last().map(String::as_str), Some("http://x.id/c"));
    assert!(urls.iter().any(|u| u.starts_with("ERR")), "{urls:?}");
}

fn with_length(record: &[u8], length: usize) -> Vec<u8> {
    with_length_field(record, &length.to_string())
}

fn with_length_field(record: &[u8], length: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(record);
    let at = text.find("Content-Length: ").unwrap() + "Content-Length: ".len();
    let end = at + text[at..].find('\r').unwrap();
    let mut out = record[..at].to_vec();
    out.extend_from_slice(length.as_bytes());
    out.extend_from_slice(&record[end..]);
    out
}

#[test]
fn a_length_too_short_is_extended_to_the_next_record() {
    let record = response("http://x.id/a", "<p>a</p><p>the rest of the page</p>");
    let block_length = record.len() - record.windows(4).position(|w| w == b"\r\n\r\n").unwrap() - 8;
    let mut archive = with_length(&record, block_length - 20);
    archive.extend(response("http://x.id/b", "<p>b</p>"));
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(urls(&found), ["http://x.id/a", "http://x.id/b"]);
    let body = &found[0].as_ref().unwrap().input.bytes;
    assert!(
        body.ends_with(b"the rest of the page</p>"),
        "{}",
        String::from_utf8_lossy(body)
    );
}

#[test]
fn a_length_too_long_is_cut_where_the_next_record_starts() {
    let record = response("http://x.id/a", "<p>a</p>");
    let next = response("http://x.id/b", "<p>b</p>");
    let block_length = record.len() - record.windows(4).position(|w| w == b"\r\n\r\n").unwrap() - 8;
    let mut archive = with_length(&record, block_length + 60);
    archive.extend(&next);
    archive.extend(response("http://x.id/c", "<p>c</p>"));
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(
        urls(&found),
        ["http://x.id/a", "http://x.id/b", "http://x.id/c"]
    );
    assert_eq!(found[0].as_ref().unwrap().input.bytes, b"<p>a</p>");
}

#[test]
fn damage_between_records_is_one_failure_and_reading_goes_on() {
    let mut archive = response("http://x.id/a", "<html><p>a</p></html>");
    archive.extend_from_slice(b"garbage\r\nmore garbage\r\n");
    archive.extend(response("http://x.id/b", "<p>b</p>"));
    archive.extend_from_slice(b"WARC/1.0\r\nno colon here\r\n\r\n");
    archive.extend(response("http://x.id/c", "<p>c</p>"));
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    let urls = urls(&found);
    assert_eq!(urls.len(), 5, "{urls:?}");
    assert_eq!(urls[0], "http://x.id/a");
    assert!(
        urls[1].starts_with("ERR") && urls[1].contains("passed over"),
        "{urls:?}"
    );
    assert_eq!(urls[2], "http://x.id/b");
    assert!(urls[3].contains("bad header line"), "{urls:?}");
    assert_eq!(urls[4], "http://x.id/c");
}

#[test]
fn absurd_lengths_are_errors_not_hangs() {
    // No usable length and nothing after the header: an empty record, no page.
    let (found, ignored) = read(
        ArchiveKind::Warc,
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec(),
        false,
    );
    assert!(found.is_empty(), "{:?}", urls(&found));
    assert_eq!(ignored, 1);
    let (found, _) = read(
        ArchiveKind::Warc,
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 999999999999\r\n\r\nHTTP/1.1 200 OK\r\n".to_vec(),
        false,
    );
    // The archive ends 17 bytes into a record that claims a terabyte: a truncation, told
    // with its true numbers, not a record too large to hold.
    assert!(
        matches!(
            &found[0],
            Err(ArchiveFailure {
                error: SourceError::Archive { reason, .. },
                ..
            }) if reason.contains("promised 999999999999 bytes, 17 follow")
        ),
        "{found:?}"
    );
}

fn arc_file(records: &[(&str, &str, &[u8])]) -> Vec<Vec<u8>> {
    let version = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n";
    let mut out = vec![{
        let mut head = format!(
            "filedesc://crawl.arc 0.0.0.0 20050614070144 text/plain {}\n",
            version.len()
        )
        .into_bytes();
        head.extend_from_slice(version);
        head.push(b'\n');
        head
    }];
    for (url, content_type, block) in records {
        let mut record = format!(
            "{url} 10.0.0.1 20050614070159 {content_type} {}\n",
            block.len()
        )
        .into_bytes();
        record.extend_from_slice(block);
        record.push(b'\n');
        out.push(record);
    }
    out
}

#[test]
fn arc_version_1_pages_with_their_http_headers() {
    let records = arc_file(&[
        (
            "http://x.id/berita/a.html",
            "text/html",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<p>a</p>",
        ),
        (
            "http://x.id/logo.gif",
            "image/gif",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\n\r\nGIF89a",
        ),
        (
            "dns:x.id",
            "text/dns",
            b"20050614070144\nx.id. 3600 IN A 10.0.0.1\n",
        ),
        (
            "http://x.id/plain.html",
            "text/html",
            b"<html><p>no headers</p></html>",
        ),
    ]);
    for gzipped in [false, true] {
        let bytes: Vec<u8> = if gzipped {
            records.iter().flat_map(|r| gzip(r)).collect()
        } else {
            records.concat()
        };
        let (found, ignored) = read(ArchiveKind::Arc, bytes, gzipped);
        assert_eq!(
            urls(&found),
            ["http://x.id/berita/a.html", "http://x.id/plain.html"]
        );
        let page = found[0].as_ref().unwrap();
        assert_eq!(page.input.bytes, b"<p>a</p>");
        assert_eq!(page.input.charset.as_deref(), Some("windows-1252"));
        assert_eq!(
            page.input.fetched_at.as_deref(),
            Some("2005-06-14T07:01:59Z")
        );
        assert_eq!(ignored, 3, "the file header, the image and the DNS record");
    }
}

#[test]
fn arc_version_2_headers_and_damage() {
    let block = b"HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>v2</p>";
    let mut bytes = b"filedesc://old.arc 0.0.0.0 20010101000000 text/plain 5\n2 0 x\n\n".to_vec();
    bytes.extend(
        format!(
            "http://x.id/v2.html 10.0.0.1 20010203040506 text/html 200 ABCDEF - 0 old.arc {}\n",
            block.len()
        )
        .into_bytes(),
    );
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\nnot a record at all\n");
    bytes.extend(arc_file(&[("http://x.id/after.html", "text/html", b"<p>after</p>")]).remove(1));
    let (found, _) = read(ArchiveKind::Arc, bytes, false);
    let urls = urls(&found);
    assert_eq!(urls[0], "http://x.id/v2.html");
    assert_eq!(urls.last().unwrap(), "http://x.id/after.html");
}

#[test]
fn kinds_are_told_by_their_first_bytes() {
    assert_eq!(archive_kind(b"WARC/1.1\r\n"), Some(ArchiveKind::Warc));
    assert_eq!(
        archive_kind(b"filedesc://x.arc 0.0.0.0"),
        Some(ArchiveKind::Arc)
    );
    assert_eq!(archive_kind(b"<html>"), None);
}

fn ten_pages() -> Vec<Vec<u8>> {
    (0..10)
        .map(|i| {
            response(
                &format!("http://x.id/p{i}"),
                &format!("<html><p>{i}</p></html>"),
            )
        })
        .collect()
}

#[test]
fn a_length_a_few_bytes_too_long_is_cut_at_the_next_record() {
    let mut records = ten_pages();
    let block_length =
        |r: &[u8]| r.len() - r.windows(4).position(|w| w == b"\r\n\r\n").unwrap() - 8;
    records[3] = with_length(&records[3], block_length(&records[3]) + 6);
    let (found, _) = read(ArchiveKind::Warc, records.concat(), false);
    assert_pages(&found, 10);
}

#[test]
fn a_huge_length_in_one_member_costs_nothing_after_it() {
    let mut records = ten_pages();
    records[3] = with_length(&records[3], 1_000_000_000_000);
    let bytes: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let (found, _) = read(ArchiveKind::Warc, bytes, true);
    assert_pages(&found, 10);
}

#[test]
fn damage_without_a_line_end_does_not_take_the_next_record() {
    let records = ten_pages();
    for garbage in [&b"\0"[..], &[0u8; 4096][..]] {
        let mut bytes = records[..3].concat();
        bytes.extend_from_slice(garbage);
        bytes.extend(records[3..].concat());
        let (found, _) = read(ArchiveKind::Warc, bytes, false);
        assert_pages(&found, 10);
        assert_eq!(
            found.iter().filter(|r| r.is_err()).count(),
            1,
            "the damage is reported once"
        );
    }
}

#[test]
fn archives_that_start_with_line_ends_a_bom_or_an_old_version() {
    let whole = ten_pages().concat();
    let mut lead = b"\r\n\n".to_vec();
    lead.extend_from_slice(&whole);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&whole);
    let old = String::from_utf8(whole.clone())
        .unwrap()
        .replace("WARC/1.0", "WARC/0.18");
    for bytes in [lead, bom, old.into_bytes()] {
        assert_eq!(archive_kind(&bytes), Some(ArchiveKind::Warc));
        let (found, _) = read(ArchiveKind::Warc, bytes, false);
        assert_eq!(urls(&found).len(), 10, "{:?}", urls(&found));
        assert!(found.iter().all(Result::is_ok), "{:?}", urls(&found));
    }
}

#[test]
fn arc_urls_with_spaces_and_damage_before_a_header() {
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>x</p></html>";
    let records = arc_file(&[
        ("http://x.id/a.html", "text/html", page),
        ("http://x.id/berita lama.html", "text/html", page),
        ("http://x.id/c.html", "text/html", page),
    ]);
    let mut bytes = records[..2].concat();
    bytes.push(0);
    bytes.extend(records[2..].concat());
    let (found, _) = read(ArchiveKind::Arc, bytes, false);
    let urls = urls(&found);
    assert!(
        urls.contains(&"http://x.id/berita lama.html".to_string()),
        "{urls:?}"
    );
    assert!(urls.contains(&"http://x.id/c.html".to_string()), "{urls:?}");
    assert_eq!(
        found.iter().filter(|r| r.is_err()).count(),
        1,
        "the NUL is reported: {urls:?}"
    );
}

#[test]
fn a_record_past_the_limit_that_is_no_page_is_ignored_not_failed() {
    let video = warc_record(
        "response",
        "http://x.id/big.mp4",
        "application/http; msgtype=response",
        &[
            b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n\r\n".as_slice(),
            &vec![0u8; 3 << 20],
        ]
        .concat(),
    );
    let big_page = warc_record(
        "response",
        "http://x.id/big.html",
        "application/http; msgtype=response",
        &[
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>".as_slice(),
            &vec![b'x'; 3 << 20],
        ]
        .concat(),
    );
    let mut archive = video;
    archive.extend(big_page);
    archive.extend(response("http://x.id/a", "<p>a</p>"));
    let (found, ignored) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(ignored, 1, "the video");
    assert!(
        matches!(
            &found[0],
            Err(ArchiveFailure {
                error: SourceError::TooLarge { .. },
                ..
            })
        ),
        "the page past the limit: {:?}",
        urls(&found)
    );
    assert_eq!(
        found[1].as_ref().unwrap().input.url.as_deref(),
        Some("http://x.id/a")
    );
}

#[test]
fn zero_padding_after_the_last_member_is_the_end() {
    let mut bytes: Vec<u8> = ten_pages().iter().flat_map(|r| gzip(r)).collect();
    bytes.extend(vec![0u8; 10_000]);
    let (found, _) = read(ArchiveKind::Warc, bytes, true);
    assert_eq!(found.len(), 10);
    assert!(found.iter().all(Result::is_ok), "{:?}", urls(&found));
}

#[test]
fn a_warc_date_that_is_no_instant_is_not_copied() {
    let archive = response("http://x.id/a", "<p>Isi.</p>");
    let text = String::from_utf8(archive).unwrap();
    let bad = text.replace("2019-04-01T03:00:00Z", "kemarin sore <script>");
    let (found, _) = read(ArchiveKind::Warc, bad.into_bytes(), false);
    let page = found[0].as_ref().unwrap();
    assert_eq!(page.input.fetched_at, None);
    let (found, _) = read(ArchiveKind::Warc, text.into_bytes(), false);
    let page = found[0].as_ref().unwrap();
    assert_eq!(
        page.input.fetched_at.as_deref(),
        Some("2019-04-01T03:00:00Z")
    );
}

#[test]
fn a_negative_or_overflowing_length_reads_to_the_next_record() {
    for (at, length) in [
        (7, "-5".to_string()),
        (2, format!("99999999999999999999{}", 270)),
        (5, "".to_string()),
    ] {
        let mut records = ten_pages();
        records[at] = with_length_field(&records[at], &length);
        let (found, _) = read(ArchiveKind::Warc, records.concat(), false);
        let expected: Vec<String> = (0..10).map(|i| format!("http://x.id/p{i}")).collect();
        assert_eq!(urls(&found), expected, "Content-Length `{length}`");
        let body = &found[at].as_ref().unwrap().input.bytes;
        assert_eq!(body, format!("<html><p>{at}</p></html>").as_bytes());
    }
}

#[test]
fn a_last_record_with_no_usable_length_runs_to_the_end() {
    let mut records = ten_pages();
    records[9] = with_length_field(&records[9], "-1");
    let (found, _) = read(ArchiveKind::Warc, records.concat(), false);
    assert_pages(&found, 10);
}

#[test]
fn a_page_cut_in_a_comment_after_its_html_is_kept() {
    let mut archive = response("http://x.id/a", "<p>a</p>");
    let last = response(
        "http://x.id/b",
        "<html><p>b</p></html>\n<!-- a comment --> <!-- page cached by a plugin in 0.1 s -->\n",
    );
    archive.extend_from_slice(&last[..last.len() - 30]);
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(urls(&found), ["http://x.id/a", "http://x.id/b"]);
    // Markup after `</html>` that is no comment is not a whole page's end.
    let mut archive = response("http://x.id/a", "<p>a</p>");
    let last = response(
        "http://x.id/b",
        "<html><p>b</p></html>\n<script>var x = 1; var y = 2;</script>\n",
    );
    archive.extend_from_slice(&last[..last.len() - 20]);
    let (found, _) = read(ArchiveKind::Warc, archive, false);
    assert_eq!(found.len(), 2);
    assert!(found[1].is_err(), "{:?}", urls(&found));
}

#[test]
fn damage_glued_to_the_next_record_loses_no_page() {
    let page = b"<html><head><title>Judul</title></head><body><h1>Judul</h1><p>Isi berita yang cukup panjang.</p></body></html>";
    let http = [
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .as_bytes(),
        &page[..],
    ]
    .concat();
    let arc = |i: usize| {
        [
            format!(
                "http://x.id/a/{i} 1.2.3.4 20190401031500 text/html {}\n",
                http.len()
            )
            .as_bytes(),
            &http,
            b"\n",
        ]
        .concat()
    };
    let warc = |i: usize| {
        [
            format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.id/a/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n", http.len()).as_bytes(),
            &http,
            b"\r\n\r\n",
        ]
        .concat()
    };
    // One byte of junk before an ARC header (`xhttp://…`), and more junk than a line may
    // hold before a WARC one: the page after it was lost, the ARC one without a word.
    for (kind, make, junk) in [
        (ArchiveKind::Arc, &arc as &dyn Fn(usize) -> Vec<u8>, 1),
        (ArchiveKind::Arc, &arc, 1000),
        (ArchiveKind::Warc, &warc, 80_000),
    ] {
        let mut bytes = make(0);
        bytes.extend(std::iter::repeat_n(b'x', junk));
        bytes.extend(make(1));
        bytes.extend(make(2));
        let (found, _) = read(kind, bytes, false);
        let shown = urls(&found);
        assert_eq!(shown.len(), 4, "{kind:?} {junk}: {shown:?}");
        assert_eq!(shown[0], "http://x.id/a/0");
        let damaged = if junk == 1 {
            "1 byte that"
        } else {
            "bytes that"
        };
        assert!(
            shown[1].starts_with("ERR") && shown[1].contains(damaged),
            "{shown:?}"
        );
        assert_eq!(
            shown[2..],
            ["http://x.id/a/1", "http://x.id/a/2"],
            "{kind:?} {junk}"
        );
    }
}
