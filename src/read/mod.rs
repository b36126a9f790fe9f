//! Readers: one per input format, each producing the same [`Article`] and a [`SourceMap`]
//! that says where each field came from in the input, so that findings can point at lines.

pub mod assemble;
pub mod data;
pub mod decode;
pub mod html;
pub mod newsml;
pub mod open;
pub mod text;
pub mod warc;

use std::fmt;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::{Article, Source, SourceEncoding, SourceFormat};

/// The input formats a reader exists for; `Auto` looks at the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    Text,
    Html,
    /// arsip's own JSON output: one article.
    Json,
    /// arsip's own JSON Lines: one article per line.
    Ndjson,
    /// arsip's own YAML: one document, or a `---` stream.
    Yaml,
    /// NewsML-G2 `newsItem`s, alone or in a `newsMessage`.
    Newsml,
    /// A WARC archive: its HTML responses with status 200, each one article.
    Warc,
}

/// Bytes to read, with where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub bytes: Vec<u8>,
    /// The path as the user gave it; `None` for standard input.
    pub path: Option<String>,
    /// The page's URL, when known from outside.
    pub url: Option<String>,
    /// The charset given from outside (an HTTP or WARC header, `--encoding`).
    pub charset: Option<String>,
    /// Where relative links point from when the page says nothing (`--base-url`).
    pub base_url: Option<String>,
    /// When the page was fetched, from its archive record.
    pub fetched_at: Option<String>,
}

impl Input {
    /// Bytes from memory, such as a test's string or a record of a stream.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, path: Option<&str>) -> Self {
        Input {
            bytes: bytes.into(),
            path: path.map(str::to_string),
            url: None,
            charset: None,
            base_url: None,
            fetched_at: None,
        }
    }

    /// Reads a whole file, refusing directories with a clear error.
    pub fn from_path(path: &Path) -> Result<Self, ReadError> {
        let shown = path.display().to_string();
        let metadata = std::fs::metadata(path).map_err(ReadError::io)?;
        if metadata.is_dir() {
            return Err(ReadError::IsDirectory);
        }
        let bytes = std::fs::read(path).map_err(ReadError::io)?;
        Ok(Input {
            bytes,
            path: Some(shown),
            url: None,
            charset: None,
            base_url: None,
            fetched_at: None,
        })
    }

    /// How the input is named in messages: its path, or `<stdin>`.
    pub fn display_name(&self) -> &str {
        self.path.as_deref().unwrap_or("<stdin>")
    }
}

/// Lower-case, short reasons for the I/O errors users meet, without the OS error number.
pub fn describe_io_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => {
            let text = err.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            text.to_lowercase()
        }
    }
}

/// Why an input could not be read. The path is added by the caller, which knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{reason}")]
    Io { reason: String },
    #[error("is a directory, not a file (give the files in it, or a glob)")]
    IsDirectory,
    #[error("input is empty")]
    Empty,
    #[error("input holds only whitespace")]
    Blank,
    #[error("input is binary (NUL byte at offset {offset}), not article text")]
    Binary { offset: usize },
    #[error("{reason}")]
    Data { reason: String },
    #[error("not NewsML-G2: {reason}")]
    Newsml { reason: String },
    #[error("profile: {reason}")]
    Profile { reason: String },
    #[error("gzip data is corrupt: {reason}")]
    Gzip { reason: String },
    #[error("input is larger than the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge { limit: u64 },
    #[error("markup is nested {depth} levels deep, past the limit of {limit}: not a page arsip can parse safely")]
    TooDeep { depth: usize, limit: usize },
    #[error("WARC record at byte {offset}: {reason}")]
    Warc { offset: u64, reason: String },
}

impl ReadError {
    /// An I/O error, in the words users meet it.
    pub fn io(err: std::io::Error) -> Self {
        ReadError::Io {
            reason: describe_io_error(&err),
        }
    }

    /// A read error inside a gzip stream: its corruption.
    pub fn gzip(err: std::io::Error) -> Self {
        ReadError::Gzip {
            reason: describe_io_error(&err),
        }
    }
}

/// Reads at most `limit` bytes: `None` when there are more, so that an input built to
/// exhaust memory is refused after `limit` bytes rather than read to its end.
pub(crate) fn read_capped(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

/// A 1-based line and column (in characters) of the original input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Maps byte offsets of a body paragraph back to input positions. Anchors sit at every
/// word start, where whitespace may have been collapsed; within a word the text is as
/// written, so counting characters from the anchor is exact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParagraphMap {
    anchors: Vec<(usize, Position)>,
    /// Bytes removed from the paragraph's start (a dateline) after the anchors were taken.
    shift: usize,
}

impl ParagraphMap {
    pub fn new(anchors: Vec<(usize, Position)>) -> Self {
        ParagraphMap { anchors, shift: 0 }
    }

    /// Records that the first `bytes` of the paragraph were removed.
    pub fn drop_prefix(&mut self, bytes: usize) {
        self.shift += bytes;
    }

    /// The position of byte `offset` of the paragraph as it stands in the model.
    pub fn position(&self, paragraph: &str, offset: usize) -> Position {
        self.position_counting(paragraph, offset, |from, to| {
            paragraph.get(from..to).map_or(0, |s| s.chars().count())
        })
    }

    /// [`ParagraphMap::position`], with the characters between two byte offsets of the
    /// paragraph counted by `count`: a caller placing many offsets in one long paragraph
    /// with few anchors counts them from a table instead of from the anchor each time.
    pub fn position_counting(
        &self,
        paragraph: &str,
        offset: usize,
        count: impl Fn(usize, usize) -> usize,
    ) -> Position {
        let original = offset + self.shift;
        let index = self
            .anchors
            .partition_point(|(at, _)| *at <= original)
            .saturating_sub(1);
        let Some(&(at, pos)) = self.anchors.get(index) else {
            return Position::default();
        };
        // Characters between the anchor and the offset, counted in the paragraph as the
        // anchors saw it: the shift only removed bytes before `offset`.
        let from = at.saturating_sub(self.shift).min(paragraph.len());
        let to = offset.min(paragraph.len());
        let extra = if from <= to { count(from, to) } else { 0 };
        Position {
            line: pos.line,
            column: pos.column + extra,
        }
    }

    /// Where the paragraph starts; line 0 when it could not be placed.
    pub fn start(&self) -> Position {
        self.anchors.first().map(|a| a.1).unwrap_or_default()
    }
}

/// Where each part of an article stands in the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceMap {
    pub title: Option<Position>,
    pub published: Option<Position>,
    pub dateline: Option<Position>,
    pub byline: Option<Position>,
    pub credit: Option<Position>,
    /// One per body paragraph.
    pub body: Vec<ParagraphMap>,
    /// The heading of a related section, even when the section is empty.
    pub related_section: Option<Position>,
    /// One per related link.
    pub related: Vec<Position>,
    /// When a page gives its date twice (printed and in metadata), the reading that did not
    /// become `published`, for the rule that compares the two.
    pub other_published: Option<crate::model::Published>,
}

/// An article and the map of where its parts came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub article: Article,
    pub map: SourceMap,
    /// The decoded input, which the map's positions refer to.
    pub text: String,
    /// What the reader wants the user to know (a profile selector that matched nothing).
    pub notes: Vec<String>,
}

/// How to read: the format, and for HTML the site profile to use.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// A profile chosen by the user (`--profile FILE`); it wins over every other.
    pub profile: Option<html::profile::Profile>,
    /// A folder of profiles, chosen by the page's host (`--profile-dir DIR`).
    pub profile_dir: Option<std::path::PathBuf>,
}

/// Reads an input in the given format, sniffing the format when it is `Auto`.
///
/// ```
/// use arsip::read::{read, Input, InputFormat};
///
/// let text = "Jalan Baru Dibuka\n\nSenin, 1 April 2019\n\nBANYUWANGI – Jalan baru dibuka hari ini, kata Bupati. (*)\n";
/// let parsed = read(&Input::from_bytes(text, Some("jalan.txt")), InputFormat::Auto).unwrap();
/// assert_eq!(parsed.article.title.as_deref(), Some("Jalan Baru Dibuka"));
/// assert_eq!(parsed.article.credit.as_deref(), Some("*"));
/// ```
pub fn read(input: &Input, format: InputFormat) -> Result<Parsed, ReadError> {
    read_with(
        input,
        &ReadOptions {
            format,
            ..ReadOptions::default()
        },
    )
}

/// Reads an input with all the options; for inputs that hold several articles (JSON
/// Lines, a YAML stream, a `newsMessage`), the first. [`read_all`] reads them all.
pub fn read_with(input: &Input, options: &ReadOptions) -> Result<Parsed, ReadError> {
    read_all(input, options)?
        .into_iter()
        .next()
        .ok_or(ReadError::Data {
            reason: "holds no article".to_string(),
        })
}

/// Reads every article an input holds.
pub fn read_all(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    // Compressed inputs, archives (which hold images and other binary records, checked
    // record by record) and JSON Lines are read record by record; the first failure fails
    // the whole here.
    if input.bytes.starts_with(&GZIP_MAGIC)
        || is_warc(input, options.format)
        || options.format == InputFormat::Ndjson
    {
        return read_each(input, options)?.into_iter().collect();
    }
    check_content(&input.bytes)?;
    let one = |parsed: Parsed| vec![parsed];
    match options.format {
        InputFormat::Html => html::read_html(input, options).map(one),
        InputFormat::Text => text::read_text(input).map(one),
        InputFormat::Json => data::read_json(input),
        InputFormat::Yaml => data::read_yaml(input),
        InputFormat::Newsml => newsml::read_newsml(input),
        InputFormat::Ndjson | InputFormat::Warc => read_each(input, options)?.into_iter().collect(),
        InputFormat::Auto => match sniff(&input.bytes) {
            InputFormat::Newsml => newsml::read_newsml(input),
            InputFormat::Html => html::read_html(input, options).map(one),
            _ => text::read_text(input).map(one),
        },
    }
}

/// Every article of an input, each with its own result where the format has records that
/// can fail alone (JSON Lines): one bad record is one failure, the others still convert.
/// The outer error is the input as a whole failing.
pub fn read_each(
    input: &Input,
    options: &ReadOptions,
) -> Result<Vec<Result<Parsed, ReadError>>, ReadError> {
    if input.bytes.starts_with(&GZIP_MAGIC) {
        let inflated = Input {
            bytes: gunzip(&input.bytes)?,
            ..input.clone()
        };
        return read_each(&inflated, options);
    }
    if is_warc(input, options.format) {
        return read_warc(
            warc::WarcReader::new(&input.bytes[..], input.path.clone()),
            options,
        );
    }
    if options.format == InputFormat::Ndjson {
        check_content(&input.bytes)?;
        return data::read_ndjson_each(input, options);
    }
    Ok(read_all(input, options)?.into_iter().map(Ok).collect())
}

fn is_warc(input: &Input, format: InputFormat) -> bool {
    match format {
        InputFormat::Warc => true,
        InputFormat::Auto => warc::looks_like_warc(&input.bytes),
        _ => false,
    }
}

/// Every page of an archive held in memory. [`open::open_path`] streams archives instead.
fn read_warc<R: std::io::BufRead>(
    reader: warc::WarcReader<R>,
    options: &ReadOptions,
) -> Result<Vec<Result<Parsed, ReadError>>, ReadError> {
    let mut pages = Vec::new();
    for (index, page) in reader.enumerate() {
        match page {
            Ok(page) => pages.push(read_warc_page(&page.input, options)),
            // An archive whose very first record is broken is not an archive at all.
            Err(failure) if index == 0 => return Err(failure.error),
            Err(failure) => pages.push(Err(failure.error)),
        }
    }
    Ok(pages)
}

/// One page of an archive: HTML, whatever `--from` said of the archive itself.
pub fn read_warc_page(page: &Input, options: &ReadOptions) -> Result<Parsed, ReadError> {
    let page_options = ReadOptions {
        format: InputFormat::Html,
        ..options.clone()
    };
    read_with(page, &page_options)
}

/// What the bytes look like: NewsML, HTML, or text.
fn sniff(bytes: &[u8]) -> InputFormat {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    if head.contains("<newsItem") || head.contains("<newsMessage") {
        InputFormat::Newsml
    } else if looks_like_html(bytes) {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decompressed inputs larger than this are refused: a page is kilobytes, and a gzip bomb
/// must not exhaust memory.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    read_capped(flate2::read::MultiGzDecoder::new(bytes), MAX_INFLATED_BYTES)
        .map_err(ReadError::gzip)?
        .ok_or(ReadError::TooLarge {
            limit: MAX_INFLATED_BYTES,
        })
}

/// Rejects what is not article text at all, before any reader looks at it.
fn check_content(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // UTF-16 is text with NUL bytes in it; anything else with a NUL is binary.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(ReadError::Binary { offset });
        }
    }
    Ok(())
}

/// HTML is recognised by its markup near the start, not by the file name.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    // Comments and doctype may come first; what matters is markup at the start.
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<?xml") && head.contains("<html")
        || start.starts_with('<')
            && [
                "<head", "<body", "<div", "<p>", "<p ", "<table", "<meta", "<title", "<!--",
            ]
            .iter()
            .any(|tag| head.contains(tag))
}

/// The `source` block every reader fills in the same way.
pub(crate) fn source_of(input: &Input, format: SourceFormat, encoding: SourceEncoding) -> Source {
    Source {
        path: input.path.clone(),
        url: input.url.clone(),
        format,
        encoding,
        sha256: hex_sha256(&input.bytes),
        fetched_at: input.fetched_at.clone(),
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A stable id: the URL's last path segment, else the file stem, else the title.
pub(crate) fn article_id(input: &Input, title: Option<&str>) -> String {
    use crate::analyze::text::slugify;
    let from_url = input.url.as_deref().and_then(|url| {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let segment = path.trim_end_matches('/').rsplit('/').next()?;
        let stem = segment.rsplit_once('.').map_or(segment, |(s, _)| s);
        Some(slugify(stem)).filter(|s| !s.is_empty() && !segment.contains(':'))
    });
    let from_path = input.path.as_deref().and_then(|p| {
        let name = Path::new(p).file_name()?.to_string_lossy().into_owned();
        let stem = name.strip_suffix(".gz").unwrap_or(&name);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        Some(slugify(stem)).filter(|s| !s.is_empty())
    });
    from_url
        .or(from_path)
        .or_else(|| title.map(slugify).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| format!("sha256-{}", &hex_sha256(&input.bytes)[..16]))
}
