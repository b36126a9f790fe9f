//! Readers for arsip's own output: JSON (one article), JSON Lines (one per line) and YAML
//! (one document or a `---` stream). The article comes back as written, its `source`
//! included, so JSON -> model -> JSON is byte-identical.

use crate::model::Article;

use super::{Input, Parsed, ReadError, SourceMap};

/// YAML and JSON inputs past this size are refused before parsing: an article is
/// kilobytes, and a parser should never be handed a document built to exhaust memory.
pub const MAX_DATA_BYTES: usize = 64 * 1024 * 1024;

fn text_of(input: &Input) -> Result<&str, ReadError> {
    if input.bytes.len() > MAX_DATA_BYTES {
        return Err(ReadError::Data {
            reason: format!("larger than {MAX_DATA_BYTES} bytes"),
        });
    }
    std::str::from_utf8(&input.bytes).map_err(|e| ReadError::Data {
        reason: format!("not UTF-8 (bad byte at offset {})", e.valid_up_to()),
    })
}

fn parsed(article: Article, text: &str) -> Parsed {
    Parsed {
        article,
        map: SourceMap::default(),
        text: text.to_string(),
        notes: Vec::new(),
    }
}

pub fn read_json(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    let text = text_of(input)?;
    let article: Article = serde_json::from_str(text).map_err(|e| ReadError::Data {
        reason: format!("not an arsip article: {e}"),
    })?;
    Ok(vec![parsed(article, text)])
}

/// A page to convert, one per line: the contract of Hadoop Streaming and Spark's
/// `RDD.pipe`, where each record carries its own content.
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

/// JSON Lines: each line is either arsip's own article, or a record
/// `{"path"|"url", "html"|"text", "fetched_at"?}` of a page to convert. Every line comes
/// back with its own result: one bad record is one failure, the records around it still
/// convert.
pub fn read_ndjson_each(
    input: &Input,
    options: &super::ReadOptions,
) -> Result<Vec<Result<Parsed, ReadError>>, ReadError> {
    let text = text_of(input)?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| read_line(number, line, input, options))
        .collect())
}

/// One line of JSON Lines (`number` counts from 0): an article, or a page record to read.
/// `input` gives the path and base URL the records fall back to.
pub fn read_line(
    number: usize,
    line: &str,
    input: &Input,
    options: &super::ReadOptions,
) -> Result<Parsed, ReadError> {
    let line_error = |reason: String| ReadError::Data {
        reason: format!("line {}: {reason}", number + 1),
    };
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| line_error(format!("not JSON: {e}")))?;
    let is_record = value.get("html").is_some() || value.get("text").is_some();
    if !is_record {
        let article: Article = serde_json::from_value(value)
            .map_err(|e| line_error(format!("neither an article nor a page record: {e}")))?;
        return Ok(parsed(article, line));
    }
    let record: Record =
        serde_json::from_value(value).map_err(|e| line_error(format!("not a page record: {e}")))?;
    let (content, format) = match (record.html, record.text) {
        (Some(html), None) => (html, super::InputFormat::Html),
        (None, Some(text)) => (text, super::InputFormat::Text),
        _ => {
            return Err(line_error(
                "a record has `html` or `text`, not both".to_string(),
            ))
        }
    };
    let page = Input {
        bytes: content.into_bytes(),
        path: record.path.or_else(|| input.path.clone()),
        url: record.url,
        charset: None,
        base_url: input.base_url.clone(),
        fetched_at: record.fetched_at,
    };
    let record_options = super::ReadOptions {
        format,
        ..options.clone()
    };
    super::read_with(&page, &record_options).map_err(|e| line_error(e.to_string()))
}

pub fn read_yaml(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    use serde::Deserialize;
    let text = text_of(input)?;
    let mut out = Vec::new();
    // serde_yaml stops alias expansion past a repetition limit, so an anchor bomb fails
    // fast with an error rather than filling memory.
    for document in serde_yaml::Deserializer::from_str(text) {
        let article = Article::deserialize(document).map_err(|e| ReadError::Data {
            reason: format!("not an arsip article: {e}"),
        })?;
        out.push(parsed(article, text));
    }
    Ok(out)
}
