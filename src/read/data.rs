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

pub fn read_ndjson(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    let text = text_of(input)?;
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(line).map_err(|e| ReadError::Data {
            reason: format!("line {}: not an arsip article: {e}", number + 1),
        })?;
        out.push(parsed(article, line));
    }
    Ok(out)
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
