//! JSON: arsip's own article (read back as written, its `source` included, so JSON ->
//! model -> JSON is byte-identical), or a page record `{"path"|"url", "html"|"text",
//! "fetched_at"?}` to convert: the record shape of Hadoop Streaming and Spark's
//! `RDD.pipe`, where each record carries its own content.

use crate::model::Article;

use super::{first_byte, Input, InputFormat, Parsed, ReadError, ReadOptions, SourceMap};

/// Pretty JSON, as arsip writes one article: a line holding only `{` first.
pub fn sniff(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|at| {
        head[at] == b'{'
            && head[at + 1..]
                .iter()
                .take_while(|b| **b != b'\n')
                .all(u8::is_ascii_whitespace)
    })
}

pub(crate) fn text_of(bytes: &[u8]) -> Result<&str, ReadError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| ReadError::Data {
        reason: format!("not UTF-8 (bad byte at offset {})", e.valid_up_to()),
    })
}

/// An article read back: there is no source text to point findings into.
pub(crate) fn parsed(article: Article) -> Parsed {
    Parsed {
        article,
        map: SourceMap::default(),
        text: String::new(),
        notes: Vec::new(),
        suppressions: Vec::new(),
    }
}

/// A page to convert, carried in a JSON record.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    path: Option<String>,
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    /// When the page was fetched; kept in the article's `source`.
    fetched_at: Option<String>,
}

pub fn read_json(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    read_value(text_of(&input.bytes)?, input, options).map(|p| vec![p])
}

/// serde_json's message with its place said once and plainly: a document of one line (a
/// JSON Lines record, whose line its caller names) by the column alone, where serde_json
/// counted the record's own lines (`line 7: … at line 2 column 0` for a record cut short).
fn json_error(text: &str, e: &serde_json::Error) -> String {
    let message = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    let bare = message.strip_suffix(&place).unwrap_or(&message);
    let line = text.trim_end();
    if e.line() == 0 {
        bare.to_string()
    } else if !line.contains('\n') {
        // Past the end of the line when the record stops short: the column after its end.
        let column = if e.line() == 1 {
            e.column()
        } else {
            line.len() + 1
        };
        format!("{bare} at column {column}")
    } else {
        format!("{bare} at line {} column {}", e.line(), e.column())
    }
}

/// One JSON document: an article, or a page record to read. `input` gives the path and
/// base URL a record falls back to.
pub(crate) fn read_value(
    text: &str,
    input: &Input,
    options: &ReadOptions,
) -> Result<Parsed, ReadError> {
    let data = |reason: String| ReadError::Data { reason };
    if first_byte(text.as_bytes()) != Some(b'{') {
        return Err(data(
            "not a JSON object: neither an article nor a page record".into(),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| data(format!("not JSON: {}", json_error(text, &e))))?;
    let is_record = value.get("html").is_some() || value.get("text").is_some();
    if !is_record {
        let article: Article = serde_json::from_value(value)
            .map_err(|e| data(format!("neither an article nor a page record: {e}")))?;
        return Ok(parsed(article));
    }
    let record: Record =
        serde_json::from_value(value).map_err(|e| data(format!("not a page record: {e}")))?;
    let (content, format) = match (record.html, record.text) {
        (Some(html), None) => (html, InputFormat::Html),
        (None, Some(text)) => (text, InputFormat::Text),
        _ => return Err(data("a record has `html` or `text`, not both".to_string())),
    };
    let relative = record
        .path
        .as_deref()
        .map(crate::source::file_name_of)
        .or_else(|| input.relative.clone());
    let page = Input {
        bytes: content.into_bytes(),
        relative,
        path: record.path.or_else(|| input.path.clone()),
        url: record.url,
        charset: None,
        base_url: input.base_url.clone(),
        fetched_at: record.fetched_at,
        sha256: None,
    };
    let record_options = ReadOptions {
        format,
        ..options.clone()
    };
    super::read_with(&page, &record_options)
}
