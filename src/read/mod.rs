//! Readers: one per input format, each producing the same [`Article`] and a [`SourceMap`]
//! that says where each field came from in the input, so that findings can point at lines.
//!
//! Every format is one entry of [`READERS`]: its name, how its bytes are recognised, how
//! it is read, and for formats that hold several articles how a stream of it splits into
//! documents. `--from auto` and `--from NAME` both go through that table. Bytes come from
//! [`crate::source`]; readers never open files or look through gzip and archives.

pub mod assemble;
pub mod decode;
pub mod html;
pub mod json;
pub mod markdown;
pub mod ndjson;
pub mod newsml;
pub mod text;
pub mod yaml;

use std::fmt;

use crate::model::{Article, Source, SourceEncoding, SourceFormat};
use crate::source::records::{self, Splitter};
pub use crate::source::{describe_io_error, Input, SourceError};

/// The input formats, as `--from` names them; `Auto` looks at the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// Decide from the content, not the file name.
    #[default]
    Auto,
    /// Plain scraped text.
    Text,
    /// An HTML page (`.gz` is read transparently).
    Html,
    /// arsip's own JSON: one article, or a page record {"path"|"url", "html"|"text"}.
    Json,
    /// JSON Lines: arsip's own articles, or page records, one per line.
    Ndjson,
    /// arsip's own YAML: one document or a `---` stream.
    Yaml,
    /// NewsML-G2 newsItems, alone or in a newsMessage.
    Newsml,
    /// Markdown with YAML (`---`) or TOML (`+++`) front matter; `.md` files always.
    Markdown,
    /// A WARC web archive (`.warc` or `.warc.gz`): its HTML responses with status 200.
    Warc,
    /// An ARC web archive (`.arc` or `.arc.gz`, the Internet Archive's older format).
    Arc,
}

/// One input format's reader.
pub struct Reader {
    pub format: InputFormat,
    /// The name `--from` takes and messages use.
    pub name: &'static str,
    /// Whether an input's first bytes are in this format, for `--from auto`; the first
    /// entry that says yes reads the input.
    pub sniff: fn(&[u8]) -> bool,
    /// Reads every article of a document.
    pub read: fn(&Input, &ReadOptions) -> Result<Vec<Parsed>, ReadError>,
    /// For a format that holds several articles, how a stream of it is split into
    /// documents that are read one at a time; `None` when a document is one article.
    pub split: Option<SplitChooser>,
}

/// Chooses, from a stream's first bytes, how it splits (a NewsML item alone does not).
pub type SplitChooser = fn(&[u8]) -> Option<Splitter>;

/// Every reader, in the order `--from auto` tries them. Archives are not here: they are
/// containers of pages, opened by [`crate::source::archive`].
pub const READERS: &[Reader] = &[
    Reader {
        format: InputFormat::Newsml,
        name: "newsml",
        sniff: newsml::sniff,
        read: |input, _| newsml::read_newsml(input),
        split: Some(newsml::splitter),
    },
    Reader {
        format: InputFormat::Json,
        name: "json",
        sniff: json::sniff,
        read: json::read_json,
        split: None,
    },
    Reader {
        format: InputFormat::Ndjson,
        name: "ndjson",
        sniff: ndjson::sniff,
        read: ndjson::read_ndjson,
        split: Some(|_| Some(records::lines)),
    },
    Reader {
        format: InputFormat::Yaml,
        name: "yaml",
        sniff: yaml::sniff,
        read: |input, _| yaml::read_yaml(input),
        split: Some(|_| Some(yaml::documents)),
    },
    Reader {
        format: InputFormat::Html,
        name: "html",
        sniff: html::sniff,
        read: |input, options| html::read_html(input, options).map(|p| vec![p]),
        split: None,
    },
    Reader {
        format: InputFormat::Markdown,
        name: "markdown",
        sniff: markdown::sniff,
        read: |input, _| markdown::read_markdown(input).map(|p| vec![p]),
        split: None,
    },
    Reader {
        format: InputFormat::Text,
        name: "text",
        sniff: text::sniff,
        read: |input, _| text::read_text(input).map(|p| vec![p]),
        split: None,
    },
];

impl InputFormat {
    /// The reader of this format; `None` for `Auto` and the archive formats.
    pub fn reader(self) -> Option<&'static Reader> {
        READERS.iter().find(|r| r.format == self)
    }

    /// The archive kind of `--from warc` and `--from arc`.
    pub fn archive(self) -> Option<crate::source::archive::ArchiveKind> {
        use crate::source::archive::ArchiveKind;
        match self {
            InputFormat::Warc => Some(ArchiveKind::Warc),
            InputFormat::Arc => Some(ArchiveKind::Arc),
            _ => None,
        }
    }
}

/// The reader for an input of `format` whose first bytes are `head`: the format's own, or
/// for `Auto` the first that recognises the bytes. Bytes no reader takes (binary, a PDF)
/// are refused with the reason.
pub fn reader_for(format: InputFormat, head: &[u8]) -> Result<&'static Reader, ReadError> {
    reader_given_charset(format, head, None)
}

/// [`reader_for`], for bytes whose charset was given from outside (`--encoding`, an HTTP
/// header): UTF-16 and UTF-32 text is recognised by what it says once decoded.
fn reader_given_charset(
    format: InputFormat,
    head: &[u8],
    charset: Option<&str>,
) -> Result<&'static Reader, ReadError> {
    if let Some(reader) = format.reader() {
        return Ok(reader);
    }
    check_content(head, charset)?;
    let decoded = decode::wide_head_as_utf8(head, charset);
    // Of the formats, only pages and text are read through a decoder; JSON, YAML and
    // NewsML are UTF-8 here, so wide text is one of those three.
    let mut candidates = READERS.iter().filter(|r| {
        decoded.is_none()
            || matches!(
                r.format,
                InputFormat::Html | InputFormat::Markdown | InputFormat::Text
            )
    });
    let head = decoded.as_deref().unwrap_or(head);
    let reader = candidates
        .find(|r| (r.sniff)(head))
        .ok_or(ReadError::Unrecognised)?;
    // Markup that no markup reader took (RSS, a sitemap, NITF, NewsML 1) would be read as
    // text: a junk article of tags. It is refused, naming what it is.
    if reader.format == InputFormat::Text && first_byte(head) == Some(b'<') {
        if let Some(root) = newsml::root_name(head) {
            return Err(ReadError::OtherMarkup {
                root: root.to_string(),
            });
        }
    }
    Ok(reader)
}

/// The reader of an input: as [`reader_for`] decides from its bytes, except that a file
/// named `.md` (`.markdown`) is Markdown under `--from auto` whatever it opens with.
pub fn reader_of(format: InputFormat, input: &Input) -> Result<&'static Reader, ReadError> {
    let named_markdown = input
        .path
        .as_deref()
        .is_some_and(markdown::is_markdown_path);
    if format == InputFormat::Auto && named_markdown {
        check_content(&input.bytes, input.charset.as_deref())?;
        if let Some(reader) = InputFormat::Markdown.reader() {
            return Ok(reader);
        }
    }
    reader_given_charset(format, &input.bytes, input.charset.as_deref())
}

/// How a stream in `format` whose first bytes are `head` splits into documents, if it
/// holds several articles.
pub fn splitter_for(format: InputFormat, head: &[u8]) -> Option<Splitter> {
    let reader = reader_for(format, head).ok()?;
    reader.split.and_then(|choose| choose(head))
}

/// Why an input could not be read. The path is added by the caller, which knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("input is empty")]
    Empty,
    #[error("not a JSON object, YAML article or NewsML item, as the documents of a stream are; name the stream's format with --from")]
    NotStreamDocument,
    #[error("input holds only whitespace")]
    Blank,
    #[error("input is binary (NUL byte at offset {offset}), not article text{hint}")]
    Binary { offset: usize, hint: &'static str },
    #[error("input is {what}, not article text")]
    NotText { what: &'static str },
    #[error("no reader recognises this input; name its format with --from")]
    Unrecognised,
    #[error("markup with a root element <{root}>, which is no format arsip reads (HTML, NewsML-G2); give --from text to read it as text")]
    OtherMarkup { root: String },
    #[error("{reason}")]
    Data { reason: String },
    #[error("not NewsML-G2: {reason}")]
    Newsml { reason: String },
    #[error(
        "page holds more than {limit} elements: not a page arsip can read within its memory bound"
    )]
    TooManyElements { limit: usize },
    #[error("text holds more than {limit} paragraphs, related links and tags: not an article arsip can read within its memory bound")]
    TooManyParagraphs { limit: usize },
    #[error("Markdown opens more than {limit} blocks and inline elements: not an article arsip can read within its memory bound")]
    TooManyBlocks { limit: usize },
    #[error("markup is nested {depth} levels deep, past the limit of {limit}: not a page arsip can parse safely")]
    TooDeep { depth: usize, limit: usize },
    #[error("markup keeps so many elements open that parsing it would take more than {limit} steps a byte: not a page arsip can parse in time")]
    TooTangled { limit: u64 },
    #[error("tags carry so many attributes that parsing them would take more than {limit} steps a byte: not a page arsip can parse in time")]
    TooManyAttributes { limit: u64 },
}

/// A 1-based line and column (in characters) of the original input.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
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
    anchors: Anchors,
    /// Bytes removed from the paragraph's start (a dateline) after the anchors were taken.
    shift: usize,
}

impl ParagraphMap {
    pub fn new(anchors: Vec<(usize, Position)>) -> Self {
        let mut map = ParagraphMap::default();
        for (at, position) in anchors {
            map.push(at, position);
        }
        map
    }

    /// Adds an anchor after the last one: byte `at` of the paragraph is at `position`.
    pub fn push(&mut self, at: usize, position: Position) {
        let end = self.anchors.len();
        self.anchors.insert(end, (at, position));
    }

    /// Gives back the room kept for more anchors.
    pub fn shrink_to_fit(&mut self) {
        match &mut self.anchors {
            Anchors::Narrow(v) => v.shrink_to_fit(),
            Anchors::Wide(v) => v.shrink_to_fit(),
        }
    }

    /// Records that the first `bytes` of `paragraph` are about to be removed. An anchor
    /// is set where the rest starts, as the anchors may be sparse (none after the prefix,
    /// on a line of text as written) and the characters removed are not counted later.
    pub fn drop_prefix(&mut self, paragraph: &str, bytes: usize) {
        let at = bytes + self.shift;
        let position = self.position(paragraph, bytes);
        let index = self.anchors.partition_point(|a| a < at);
        if self.anchors.get(index).is_none_or(|(a, _)| a != at) {
            self.anchors.insert(index, (at, position));
        }
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
            .partition_point(|at| at <= original)
            .saturating_sub(1);
        let Some((at, pos)) = self.anchors.get(index) else {
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
        self.anchors.get(0).map(|a| a.1).unwrap_or_default()
    }
}

/// A paragraph map's anchors, as three `u32`s each while every value fits: 12 bytes an
/// anchor instead of 24, as a paragraph joined from millions of short lines holds one a
/// line (64 MB of two-byte lines held 768 MB of them). Widened for good once a value does
/// not fit, so the same anchors are always held the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Anchors {
    Narrow(Vec<[u32; 3]>),
    Wide(Vec<(usize, Position)>),
}

impl Default for Anchors {
    fn default() -> Self {
        Anchors::Narrow(Vec::new())
    }
}

impl Anchors {
    fn len(&self) -> usize {
        match self {
            Anchors::Narrow(v) => v.len(),
            Anchors::Wide(v) => v.len(),
        }
    }

    fn get(&self, index: usize) -> Option<(usize, Position)> {
        match self {
            Anchors::Narrow(v) => v.get(index).map(|&[at, line, column]| {
                let widen = |n: u32| n as usize;
                (
                    widen(at),
                    Position {
                        line: widen(line),
                        column: widen(column),
                    },
                )
            }),
            Anchors::Wide(v) => v.get(index).copied(),
        }
    }

    /// The number of anchors whose byte offset satisfies `before`, which holds for a
    /// leading run of them.
    fn partition_point(&self, before: impl Fn(usize) -> bool) -> usize {
        match self {
            Anchors::Narrow(v) => v.partition_point(|a| before(a[0] as usize)),
            Anchors::Wide(v) => v.partition_point(|a| before(a.0)),
        }
    }

    fn insert(&mut self, index: usize, (at, position): (usize, Position)) {
        if let Anchors::Narrow(v) = self {
            let narrow = |n: usize| u32::try_from(n).ok();
            match (narrow(at), narrow(position.line), narrow(position.column)) {
                (Some(at), Some(line), Some(column)) => {
                    v.insert(index, [at, line, column]);
                    return;
                }
                _ => {
                    let wide = (0..v.len()).filter_map(|i| self.get(i)).collect();
                    *self = Anchors::Wide(wide);
                }
            }
        }
        if let Anchors::Wide(v) = self {
            v.insert(index, (at, position));
        }
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
    /// Where each of the model's `quotes` stands in its paragraph (same index), as the
    /// reader found them in the body, for the rules; empty when the reader took the
    /// quotations from the input (arsip's own JSON) rather than from the body.
    pub quote_spans: Vec<crate::analyze::quote::QuoteSpan>,
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
    /// What the input's suppression comments (and its unchecked text, Markdown code)
    /// silence, placed by the reader on the paragraphs they stand in.
    pub suppressions: Vec<crate::rules::suppress::Directive>,
}

/// How to read: the format, and for HTML the site profile to use.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// A profile chosen by the user (`--profile FILE`); it wins over every other.
    pub profile: Option<std::sync::Arc<html::profile::CompiledProfile>>,
    /// A folder of profiles, chosen by the page's host (`--profile-dir DIR`), loaded once.
    pub profile_dir: Option<std::sync::Arc<html::profile::ProfileDir>>,
    /// Dates before this year found by reading the page's text are ones it mentions, not
    /// its own (`min_year`; `None`: [`crate::analyze::date::EARLIEST_YEAR`]). Declared
    /// dates are kept whatever their year, for the rules to judge.
    pub earliest_year: Option<i16>,
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

/// Reads every article of one document, in the format the options give or, for `Auto`,
/// the one its bytes show. Archives and gzip are the source layer's: give their pages and
/// decompressed bytes.
pub fn read_all(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    if let Some(kind) = options.format.archive() {
        return Err(ReadError::Data {
            reason: format!("a {kind} archive is read page by page: open it with arsip::source"),
        });
    }
    check_content(&input.bytes, input.charset.as_deref())?;
    let reader = reader_of(options.format, input)?;
    (reader.read)(input, options)
}

/// Every article of one input, read a document at a time where its format splits
/// (JSON Lines, YAML streams, NewsML messages), so that only one document's article is
/// held at once; elsewhere as [`read_all`] reads. The first error ends the articles.
pub fn read_documents(
    input: Input,
    options: &ReadOptions,
) -> Result<Box<dyn Iterator<Item = Result<Parsed, ReadError>> + '_>, ReadError> {
    check_content(&input.bytes, input.charset.as_deref())?;
    let reader = reader_of(options.format, &input)?;
    let Some(splitter) = reader.split.and_then(|choose| choose(&input.bytes)) else {
        return Ok(Box::new(
            (reader.read)(&input, options)?.into_iter().map(Ok),
        ));
    };
    let Input {
        bytes,
        path,
        relative,
        base_url,
        ..
    } = input;
    let records = splitter(Box::new(std::io::Cursor::new(bytes)), u64::MAX);
    let read_record = move |record: Result<records::Record, SourceError>| {
        let record = record?;
        let document = Input {
            bytes: record.bytes,
            path: path.clone(),
            relative: relative.clone(),
            base_url: base_url.clone(),
            ..Input::default()
        };
        read_document(&document, options).map_err(|e| ReadError::Data {
            reason: format!("line {}: {e}", record.line),
        })
    };
    Ok(Box::new(records.map(read_record).flat_map(
        |read| match read {
            Ok(parsed) => parsed.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        },
    )))
}

/// Reads one document of a stream split by its format's splitter (a line of JSON Lines,
/// a document of a YAML stream, an item of a newsMessage): as [`read_all`] does, except
/// that the document is one, not a stream of one (its errors name no line within it: the
/// unit's origin names the line it starts on).
pub fn read_document(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    check_content(&input.bytes, input.charset.as_deref())?;
    let reader = reader_of(options.format, input)?;
    // Under `--from auto` a document of a stream is one of a stream format (a JSON
    // object, a YAML article, a NewsML item): a bad line of JSON Lines (`[1,2]`, a
    // sentence) is refused, naming its line, as `--from ndjson` refuses it, never read as
    // an article of text.
    if options.format == InputFormat::Auto && reader.split.is_none() {
        return Err(ReadError::NotStreamDocument);
    }
    match reader.format {
        InputFormat::Ndjson => json::read_json(input, options),
        InputFormat::Yaml => yaml::read_document(&input.bytes).map(|p| vec![p]),
        _ => (reader.read)(input, options),
    }
}

/// Rejects what is not article text at all, before any reader looks at it.
fn check_content(bytes: &[u8], charset: Option<&str>) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // Formats users drop into a folder of pages by mistake, named by their magic.
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an office document)"),
        // Gzip is unpacked when the input is opened; gzip still here was inside it.
        (
            b"\x1f\x8b",
            "gzip inside gzip (one layer is unpacked: gunzip the outer one first)",
        ),
        (b"BZh", "bzip2 data"),
        (b"\xfd7zXZ\x00", "xz data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(ReadError::NotText { what });
    }
    // A POSIX tar header names its format at byte 257 (`ustar`), after the first file's
    // name: the bytes before it are text, so the NUL test below would call it binary.
    if bytes.get(257..262) == Some(b"ustar") {
        return Err(ReadError::NotText {
            what: "a tar archive, which arsip does not read (unpack it and give the folder)",
        });
    }
    // UTF-16 and UTF-32 are text with NUL bytes in it. Elsewhere a NUL among bytes that
    // are mostly control codes is binary; a few stray NULs in text (a broken scraper, a
    // padded download) are dropped when the text is decoded.
    if !decode::is_wide(bytes, charset) {
        if let Some(offset) = memchr::memchr(0, bytes) {
            if is_mostly_control(bytes) {
                return Err(ReadError::Binary {
                    offset,
                    hint: utf16_hint(bytes),
                });
            }
        }
    }
    Ok(())
}

/// What to say of bytes refused as binary that look like UTF-16 without a byte order mark:
/// a NUL in every other byte, the same half each time, as Latin text in UTF-16 has.
fn utf16_hint(bytes: &[u8]) -> &'static str {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let nuls_at = |half: usize| {
        sample
            .iter()
            .skip(half)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls_at(0), nuls_at(1));
    let pairs = sample.len() / 2;
    if pairs >= 4 && odd * 10 >= pairs * 9 && even * 10 < pairs {
        "; it looks like UTF-16LE without a byte order mark: give --encoding utf-16le"
    } else if pairs >= 4 && even * 10 >= pairs * 9 && odd * 10 < pairs {
        "; it looks like UTF-16BE without a byte order mark: give --encoding utf-16be"
    } else {
        ""
    }
}

/// Whether the first 64 KB of `bytes` hold more control codes than text does. Text never
/// has the C0 codes other than whitespace, escape and form feed, so more than one in 64
/// bytes of those is binary; NUL alone is a known corruption of text (scrapers writing C
/// strings), binary only past a quarter of the bytes (UTF-16 without its mark, sparse
/// data). Executables, images and random bytes are far past both.
fn is_mostly_control(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    let other = sample
        .iter()
        .filter(|&&b| b != 0 && b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    other > sample.len() / 64 || nuls > sample.len() / 4
}

/// The first non-blank byte of `bytes`, past a UTF-8 byte order mark.
pub(crate) fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// The `source` block every reader fills in the same way.
pub(crate) fn source_of(input: &Input, format: SourceFormat, encoding: SourceEncoding) -> Source {
    Source {
        path: input.path.clone(),
        url: input.url.clone(),
        format,
        encoding,
        sha256: input.sha256_hex(),
        fetched_at: input.fetched_at.clone(),
    }
}

pub(crate) use crate::source::sha256_hex as hex_sha256;

/// Extensions of pages and files, dropped from ids. A dot elsewhere is part of the name
/// (`samsul.arif.lawan.persib`, as some portals write their slugs).
const EXTENSIONS: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "php", "php3", "php4", "php5", "phtml", "asp", "aspx", "jsp",
    "jspx", "cfm", "cgi", "pl", "txt", "md", "markdown", "xml", "json", "jsonl", "ndjson", "yaml",
    "yml", "gz",
];

/// A name without its page or file extensions (`a.txt.gz` -> `a`).
pub(crate) fn without_extensions(name: &str) -> &str {
    let mut stem = name;
    while let Some((head, extension)) = stem.rsplit_once('.') {
        if head.is_empty() || !EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()) {
            break;
        }
        stem = head;
    }
    stem
}

/// Query parameters that track a visit rather than name a page.
fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_")
        || matches!(
            key.as_str(),
            "fbclid" | "gclid" | "share" | "ref" | "source" | "amp" | "output" | "via" | "from"
        )
}

/// A stable id: from the URL when there is one (its last path segment, with the query
/// that tells pages of one script apart), else from the path below the input's folder
/// (`old/genteng.html` -> `old-genteng`), else from the title, else from the bytes. Never
/// from how a path was typed.
pub(crate) fn article_id_from(
    url: Option<&str>,
    relative: Option<&str>,
    title: Option<&str>,
    bytes: &[u8],
) -> String {
    use crate::analyze::text::slugify;
    let from_url = url.and_then(|url| {
        let (path, query) = url
            .split('#')
            .next()
            .unwrap_or(url)
            .split_once('?')
            .unwrap_or((url, ""));
        let path = path.split('#').next().unwrap_or(path);
        let segment = path.trim_end_matches('/').rsplit('/').next()?;
        if segment.contains(':') {
            return None;
        }
        // `read.php?id=1` and `read.php?id=2` are two articles; `?share=fb` is not.
        let naming: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter(|pair| !is_tracking(pair.split('=').next().unwrap_or("")))
            .collect();
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        let mut name = without_extensions(&decoded).to_string();
        for pair in naming {
            name.push('-');
            name.push_str(&percent_encoding::percent_decode_str(pair).decode_utf8_lossy());
        }
        Some(slugify(&name)).filter(|s| !s.is_empty())
    });
    let from_path = relative.and_then(|relative| {
        let (folders, name) = relative.rsplit_once('/').unwrap_or(("", relative));
        let stem = without_extensions(name);
        let joined = if folders.is_empty() {
            stem.to_string()
        } else {
            format!("{folders}/{stem}")
        };
        Some(slugify(&joined)).filter(|s| !s.is_empty())
    });
    from_url
        .or(from_path)
        .or_else(|| title.map(slugify).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| format!("sha256-{}", &hex_sha256(bytes)[..16]))
}

#[cfg(test)]
mod id_tests {
    use super::article_id_from;

    fn id(url: &str) -> String {
        article_id_from(Some(url), None, None, b"")
    }

    #[test]
    fn ids_from_urls_keep_what_tells_articles_apart() {
        assert_eq!(
            id("https://x.id/berita/festival-gandrung.html"),
            "festival-gandrung"
        );
        assert_ne!(
            id("https://bola.kompas.com/read/2016/01/samsul.arif.tak.beban.lawan.persib"),
            id("https://bola.kompas.com/read/2016/01/samsul.arif.tak.beban.lawan.arema")
        );
        assert_eq!(id("http://x.id/read.php?id=1"), "read-id-1");
        assert_ne!(
            id("http://x.id/read.php?id=1"),
            id("http://x.id/read.php?id=2")
        );
        assert_eq!(
            id("http://x.id/berita/a.html?share=fb&utm_source=tw"),
            id("http://x.id/berita/a.html"),
            "tracking parameters are the same article"
        );
        assert_eq!(id("http://x.id/caf%C3%A9.html"), "cafe");
    }

    #[test]
    fn ids_from_names_do_not_lose_letters_or_depend_on_normalisation() {
        let from = |name: &str| article_id_from(None, Some(name), None, b"");
        assert_eq!(from("caf\u{e9}.txt"), "cafe");
        assert_eq!(from("cafe\u{301}.txt"), "cafe");
        assert_eq!(from("\u{f1}and\u{fa}.txt.gz"), "nandu");
        assert_eq!(from("2019/v1.2-rilis.txt"), "2019-v1-2-rilis");
    }
}
