//! WARC record headers (ISO 28500): `WARC/1.x`, named fields, a blank line.

use super::stream::{ArchiveBytes, LineTooLong};
use super::{Payload, RecordHead};

/// Header fields past this many are damage, not a record.
const MAX_FIELDS: usize = 1000;

/// WARC 1.0 and 1.1, and the 0.17 and 0.18 drafts that Heritrix 1.x wrote in the same
/// shape.
pub(super) fn is_record_start(line: &[u8]) -> bool {
    line.starts_with(b"WARC/1.") || line.starts_with(b"WARC/0.17") || line.starts_with(b"WARC/0.18")
}

/// Reads the fields after the version line, up to the blank line that ends them.
pub(super) fn read_head(
    _version: &[u8],
    bytes: &mut ArchiveBytes,
    max_line: usize,
) -> Result<RecordHead, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let line = match bytes.read_line(max_line) {
            Ok(Some(line)) => line,
            Ok(None) => return Err("truncated inside a record header".to_string()),
            Err(LineTooLong) => return Err("a header line is too long".to_string()),
        };
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if text.starts_with([' ', '\t']) {
            // A folded field continues the one before it.
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            let shown: String = text.chars().take(60).collect();
            return Err(format!("bad header line `{shown}`"));
        };
        fields.push((name.trim().to_string(), value.trim().to_string()));
        if fields.len() > MAX_FIELDS {
            return Err("more header fields than any record has".to_string());
        }
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let url = field("WARC-Target-URI")
        .map(|u| u.trim_matches(['<', '>']).to_string())
        .filter(|u| !u.is_empty());
    // A length that is missing, negative or past u64 is no length: the record runs to where
    // the next one starts, as one whose length is too long does.
    let length = field("Content-Length").and_then(|l| l.parse::<u64>().ok());
    let kind = field("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let content_type = field("Content-Type").unwrap_or("").to_ascii_lowercase();
    let payload = match kind.as_str() {
        "response" if content_type.starts_with("application/http") => Payload::Http,
        "resource" => Payload::Document(content_type),
        _ => Payload::Other,
    };
    Ok(RecordHead {
        url,
        // Only an instant is an instant: garbage in the field is not copied into
        // `fetched_at`, where a consumer would trust it.
        date: field("WARC-Date")
            .filter(|date| date.parse::<jiff::Timestamp>().is_ok())
            .map(str::to_string),
        length: length.unwrap_or(u64::MAX),
        length_unknown: length.is_none(),
        payload,
    })
}
