//! YAML: arsip's own, one document or a `---` stream, read back as written. A stream is
//! split at its document markers before parsing, so documents are parsed one at a time
//! and a stream costs memory in proportion to its largest document, not its length.

use serde::Deserialize;

use crate::model::Article;
use crate::source::open::Stream;
use crate::source::records::{read_line_capped, Line, Record, Records};
use crate::source::{describe_io_error, SourceError};

use super::{Input, Parsed, ReadError};

/// arsip's YAML: a first key `id` after an optional `---` (Markdown front matter, which
/// also opens with `---`, starts with other keys).
pub fn sniff(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut lines = head
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace) && !l.starts_with(b"#"));
    let first = lines.next().unwrap_or_default();
    let first = if is_marker(first) {
        lines.next().unwrap_or_default()
    } else {
        first
    };
    first.starts_with(b"id: ") || first.starts_with(b"\"id\": ")
}

/// Whether a line starts a document (`---`, alone or before content).
fn is_marker(line: &[u8]) -> bool {
    line.starts_with(b"---") && line[3..].first().is_none_or(|b| b.is_ascii_whitespace())
}

/// Whether a line ends a document (`...`).
fn is_end(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line == b"..."
}

/// Every document of a YAML stream held whole.
pub fn read_yaml(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    let mut out = Vec::new();
    for document in documents_of(&input.bytes[..], u64::MAX) {
        let document = document?;
        out.push(read_document(&document.bytes).map_err(|e| ReadError::Data {
            reason: format!("document at line {}: {e}", document.line),
        })?);
    }
    if out.is_empty() {
        return Err(ReadError::Data {
            reason: "holds no YAML document".to_string(),
        });
    }
    Ok(out)
}

/// The deepest nesting an article has is four, a configuration or a profile less; past
/// this a document is none of them, and the parser's time on it grows with the square of
/// its depth.
pub(crate) const MAX_NESTING: usize = 64;

/// How deeply a YAML document nests, counting flow brackets and block indentation, with
/// quoted scalars and comments passed over: enough to refuse a document built to nest
/// thousands deep before the parser sees it.
pub(crate) fn nesting(text: &str) -> usize {
    let mut deepest = 0;
    let mut flow = 0usize;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        deepest = deepest.max(indent / 2);
        let mut quote: Option<char> = None;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    deepest = deepest.max(flow + indent / 2);
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    deepest
}

/// The most bytes a document's aliases may stand for. An article, a configuration or a
/// profile has no use for many; one large anchor repeated a thousand times (a "wide" alias
/// bomb, which the parser's repetition limit does not see: it counts events, not bytes)
/// would fill gigabytes from a few kilobytes.
pub(crate) const MAX_ALIAS_BYTES: u64 = 16 * 1024 * 1024;

/// About how many bytes the aliases of a YAML text stand for: for each alias, the size of
/// the node its anchor names (the rest of the anchor's line and the lines indented under
/// it). Read lexically, with quoted scalars and comments passed over, before any parse.
pub(crate) fn alias_bytes(text: &str) -> u64 {
    if !text.contains('*') {
        return 0;
    }
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let mut anchored: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    let mut aliases: Vec<&str> = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        for (at, sigil, name) in node_properties(line) {
            if sigil == '&' {
                let under: u64 = lines[number + 1..]
                    .iter()
                    .take_while(|next| next.trim().is_empty() || indent(next) > indent(line))
                    .map(|next| next.len() as u64 + 1)
                    .sum();
                anchored.insert(name, (line.len() - at) as u64 + under);
            } else {
                aliases.push(name);
            }
        }
    }
    aliases
        .iter()
        .map(|name| anchored.get(name).copied().unwrap_or(0))
        .fold(0u64, u64::saturating_add)
}

/// Anchors (`&name`) and aliases (`*name`) on a line, outside quoted scalars and comments:
/// (byte offset, sigil, name).
fn node_properties(line: &str) -> Vec<(usize, char, &str)> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if prev.is_whitespace() || "[{,:-".contains(prev) => quote = Some(c),
            (None, '#') if prev.is_whitespace() => break,
            (None, '&' | '*') if prev.is_whitespace() || "[{,".contains(prev) => {
                let rest = &line[at + 1..];
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || ",[]{}".contains(ch))
                    .unwrap_or(rest.len());
                if end > 0 {
                    found.push((at, c, &rest[..end]));
                }
            }
            _ => {}
        }
        prev = c;
    }
    found
}

/// Refuses, before the parser sees it, a YAML text nested past [`MAX_NESTING`] or whose
/// aliases stand for more than [`MAX_ALIAS_BYTES`]; what is wrong, for the caller's message.
pub(crate) fn prescan(text: &str) -> Result<(), String> {
    let depth = nesting(text);
    if depth > MAX_NESTING {
        return Err(format!("nested {depth} levels deep"));
    }
    let expanded = alias_bytes(text);
    if expanded > MAX_ALIAS_BYTES {
        return Err(format!(
            "its aliases stand for about {expanded} bytes, past the limit of {MAX_ALIAS_BYTES} (an alias bomb)"
        ));
    }
    Ok(())
}

/// One document.
pub fn read_document(bytes: &[u8]) -> Result<Parsed, ReadError> {
    let text = super::json::text_of(bytes)?;
    if let Err(problem) = prescan(text) {
        return Err(ReadError::Data {
            reason: format!("not an arsip article: YAML {problem}"),
        });
    }
    // The parser stops alias expansion past a repetition limit, so an anchor bomb fails
    // fast with an error rather than filling memory.
    let article = Article::deserialize(yaml_serde::Deserializer::from_str(text)).map_err(|e| {
        ReadError::Data {
            reason: format!("not an arsip article: {e}"),
        }
    })?;
    Ok(super::json::parsed(article))
}

/// The documents of a YAML stream. A line that starts with `---` always starts a document
/// (the YAML spec forbids one inside content), so the stream splits without parsing.
pub fn documents(stream: Stream, limit: u64) -> Records {
    Box::new(documents_of(stream, limit))
}

fn documents_of<R: std::io::BufRead>(stream: R, limit: u64) -> Documents<R> {
    Documents {
        stream,
        limit,
        line: 0,
        done: false,
        pending: None,
    }
}

struct Documents<R> {
    stream: R,
    limit: u64,
    line: usize,
    done: bool,
    /// The marker line that starts the next document, read while ending the last.
    pending: Option<Vec<u8>>,
}

impl<R: std::io::BufRead> Iterator for Documents<R> {
    type Item = Result<Record, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut document = Vec::new();
        let mut start = None;
        let mut too_large = false;
        while !self.done || self.pending.is_some() {
            // A line past the limit is a document past it.
            let read = match self.pending.take() {
                Some(line) => Ok(Some(Line::Whole(line))),
                None => read_line_capped(&mut self.stream, self.limit),
            };
            let line = match read {
                Ok(Some(Line::Whole(line))) => line,
                Ok(Some(Line::TooLong)) => {
                    too_large = true;
                    self.line += 1;
                    continue;
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(SourceError::Record {
                        line: self.line + 1,
                        reason: describe_io_error(&e),
                    }));
                }
            };
            self.line += 1;
            if is_marker(&line) {
                if start.is_some() || too_large {
                    // The next document starts here: read it on the next call.
                    self.line -= 1;
                    return Some(self.finish(start, document, too_large, Some(line)));
                }
                // Content after the marker on its line belongs to the document.
                let rest = &line[3..];
                if !rest.iter().all(u8::is_ascii_whitespace) {
                    start = Some(self.line);
                    document.extend_from_slice(rest);
                }
                start.get_or_insert(self.line);
                continue;
            }
            if is_end(&line) {
                if start.is_some() {
                    return Some(self.finish(start, document, too_large, None));
                }
                continue;
            }
            let blank = line.iter().all(u8::is_ascii_whitespace) || line.starts_with(b"#");
            if start.is_none() && blank {
                continue;
            }
            start.get_or_insert(self.line);
            if (document.len() + line.len()) as u64 > self.limit {
                too_large = true;
                document = Vec::new();
            } else if !too_large {
                document.extend_from_slice(&line);
            }
        }
        let has_content = document.iter().any(|b| !b.is_ascii_whitespace());
        (has_content || too_large).then(|| self.finish(start, document, too_large, None))
    }
}

impl<R: std::io::BufRead> Documents<R> {
    /// The document read so far; `next_marker` is the line that starts the next one,
    /// given back to the stream.
    fn finish(
        &mut self,
        start: Option<usize>,
        document: Vec<u8>,
        too_large: bool,
        next_marker: Option<Vec<u8>>,
    ) -> Result<Record, SourceError> {
        self.pending = next_marker;
        let line = start.unwrap_or(self.line);
        if too_large {
            return Err(SourceError::Record {
                line,
                reason: format!(
                    "a document longer than the limit of {} bytes (raise it with --max-size)",
                    self.limit
                ),
            });
        }
        Ok(Record {
            line,
            bytes: document,
        })
    }
}
