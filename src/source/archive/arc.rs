//! ARC record headers (the Internet Archive's format before WARC): one line of
//! space-separated fields, `URL IP DATE TYPE LENGTH` in version 1 and
//! `URL IP DATE TYPE STATUS CHECKSUM LOCATION OFFSET FILENAME LENGTH` in version 2, the
//! first record (`filedesc://…`) describing the file itself.

use super::{Payload, RecordHead};

/// The fields of a header line, when it is one: 5 or 10 fields, a 14-digit date, a
/// numeric length last, and a URL first.
fn fields(line: &[u8]) -> Option<Vec<&str>> {
    let text = std::str::from_utf8(line).ok()?;
    let fields: Vec<&str> = text.trim_end_matches(['\r', '\n']).split(' ').collect();
    let plausible = matches!(fields.len(), 5 | 10)
        && fields[0].contains(':')
        && fields[2].len() == 14
        && fields[2].bytes().all(|b| b.is_ascii_digit())
        && fields.last()?.parse::<u64>().is_ok();
    plausible.then_some(fields)
}

pub(super) fn is_record_start(line: &[u8]) -> bool {
    fields(line).is_some()
}

pub(super) fn read_head(line: &[u8]) -> Result<RecordHead, String> {
    let fields = fields(line).ok_or("not an ARC record header")?;
    let url = fields[0];
    let length = fields
        .last()
        .and_then(|l| l.parse::<u64>().ok())
        .ok_or("record has no valid length")?;
    let date = &fields[2];
    let date = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[8..10],
        &date[10..12],
        &date[12..14]
    );
    let content_type = fields[3].to_ascii_lowercase();
    let is_web = url.starts_with("http://") || url.starts_with("https://");
    // Crawlers stored an HTTP URL's whole response, headers first.
    let payload = if !is_web {
        Payload::Other
    } else {
        Payload::Document(content_type)
    };
    Ok(RecordHead {
        url: is_web.then(|| url.to_string()),
        date: Some(date),
        length,
        payload,
    })
}
