//! ARC record headers (the Internet Archive's format before WARC): one line of
//! space-separated fields, `URL IP DATE TYPE LENGTH` in version 1 and
//! `URL IP DATE TYPE STATUS CHECKSUM LOCATION OFFSET FILENAME LENGTH` in version 2, the
//! first record (`filedesc://…`) describing the file itself. Old crawlers wrote URLs
//! with spaces in them, so the fields are read from the end of the line.

use super::{Payload, RecordHead};

/// The fields of a header line that matter here.
struct Fields<'a> {
    url: String,
    date: &'a str,
    content_type: &'a str,
    length: u64,
}

fn is_date(field: &str) -> bool {
    field.len() == 14 && field.bytes().all(|b| b.is_ascii_digit())
}

/// A URL as ARC files hold them: a scheme (`http:`, `dns:`, `filedesc:`) first, no
/// control characters.
fn is_url(url: &str) -> bool {
    let scheme = url.split(':').next().unwrap_or("");
    url.contains(':')
        && !scheme.is_empty()
        && scheme.bytes().all(|b| b.is_ascii_alphabetic())
        && !url.chars().any(char::is_control)
}

/// Whether a header line's URL has a scheme crawlers write (`http`, `https`, `dns`,
/// `filedesc`, `ftp`, `mailto`), not one made by bytes glued before it.
pub(super) fn has_known_scheme(line: &[u8]) -> bool {
    [
        &b"http://"[..],
        b"https://",
        b"dns:",
        b"filedesc://",
        b"ftp://",
        b"mailto:",
    ]
    .iter()
    .any(|scheme| line.len() >= scheme.len() && line[..scheme.len()].eq_ignore_ascii_case(scheme))
}

/// The fields of a header line, when it is one.
fn fields(line: &[u8]) -> Option<Fields<'_>> {
    let text = std::str::from_utf8(line).ok()?;
    let all: Vec<&str> = text.trim_end_matches(['\r', '\n']).split(' ').collect();
    let n = all.len();
    let length = all.last()?.parse::<u64>().ok()?;
    // Version 2 has five more fields after the type; its date stands eighth from the end.
    let (url_end, date) = if n >= 10 && is_date(all[n - 8]) {
        (n - 9, n - 8)
    } else if n >= 5 && is_date(all[n - 3]) {
        (n - 4, n - 3)
    } else {
        return None;
    };
    let url = all[..url_end].join(" ");
    is_url(&url).then(|| Fields {
        url,
        date: all[date],
        content_type: all[date + 1],
        length,
    })
}

pub(super) fn is_record_start(line: &[u8]) -> bool {
    fields(line).is_some()
}

pub(super) fn read_head(line: &[u8]) -> Result<RecordHead, String> {
    let fields = fields(line).ok_or("not an ARC record header")?;
    let date = fields.date;
    let date = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[8..10],
        &date[10..12],
        &date[12..14]
    );
    let is_web = fields.url.starts_with("http://") || fields.url.starts_with("https://");
    // Crawlers stored an HTTP URL's whole response, headers first.
    let payload = if is_web {
        Payload::Document(fields.content_type.to_ascii_lowercase())
    } else {
        Payload::Other
    };
    Ok(RecordHead {
        url: is_web.then_some(fields.url),
        date: Some(date),
        length: fields.length,
        length_unknown: false,
        payload,
    })
}
