//! Markdown with front matter: Hugo and Jekyll content, and the Markdown arsip itself
//! writes (`arsip convert --to markdown`), read back to the same article.
//!
//! The front matter is YAML between `---` lines or TOML between `+++` lines. It gives the
//! title (`title`), the date (`date`, else `publishDate`), the byline (`author`, `authors`
//! or `byline`: a name, a list of names, or `{name: ...}`), the tags (`tags`, else
//! `keywords`), the language (`lang`, `language`, `languageCode`), and arsip's own keys
//! (`dateline`, `credit`, `related`, `source.id`, `source.url`). Without a `title`, the
//! first level-one heading of the body is the title. The body is parsed with a real
//! CommonMark parser (pulldown-cmark): every paragraph (in block quotes and list items
//! too, and a tight list item's text, which has no paragraph around it) is a body
//! paragraph, its text as rendered (escapes resolved, emphasis and links reduced to their
//! words, inline code kept but marked as not checked); headings, code blocks, tables and
//! raw HTML are not. Each paragraph keeps the line and column of every word in the `.md`
//! file, so findings point into the file as written. Suppression comments are read from
//! the parser's HTML blocks and inline HTML only.

use std::borrow::Cow;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::analyze::dateline::split_dateline;
use crate::analyze::text::{lines_with_endings, push_normalized};
use crate::model::{DateEvidence, Image, Published, RelatedLink, SourceFormat};

use crate::rules::suppress::{Comment, Directive};

use super::assemble::{assemble, Draft};
use super::{decode::decode_text, Input, ParagraphMap, Parsed, Position, ReadError};

/// Markdown with front matter (`---` not followed by arsip's own YAML, which the YAML
/// reader takes first, or `+++`), or a page opening with a level-one heading.
pub fn sniff(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let opens = |marker: &[u8]| {
        head.strip_prefix(marker)
            .is_some_and(|rest| rest.starts_with(b"\n") || rest.starts_with(b"\r"))
    };
    opens(b"---") || opens(b"+++") || head.starts_with(b"# ")
}

/// Whether a path names a Markdown file, read as Markdown whatever its first bytes.
pub fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".md", ".markdown", ".mdown", ".mkd"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

pub fn read_markdown(input: &Input) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_text(&input.bytes, input.charset.as_deref());
    if crate::analyze::text::is_blank(&text) {
        return Err(ReadError::Blank);
    }
    // Before any table of the text is built; the front matter's few lines count too.
    within_block_budget(&text, MAX_BLOCKS)?;
    let lines = LineIndex::new(&text);
    let front = split_front_matter(&text)?;
    let (fields, body_start) = match &front {
        Some(front) => (front.fields.clone(), front.body_start),
        None => (Value::Null, text.strip_prefix('\u{feff}').map_or(0, |_| 3)),
    };
    let mut draft = Draft::default();
    let key_position = |keys: &[&str]| {
        front
            .as_ref()
            .and_then(|f| f.key_position(&text, keys, &lines))
    };
    draft.title = string_field(&fields, &["title"]);
    draft.map.title = draft.title.as_ref().and_then(|_| key_position(&["title"]));
    // An ISO date as Hugo and Jekyll write it, else a date as people print it (`Senin, 8
    // April 2019`), read as the text reader reads a date line, so that an impossible one
    // (`31 Februari`) is found too.
    draft.published =
        string_field(&fields, &["date", "publishDate", "published"]).and_then(|raw| {
            published_of(&raw).or_else(|| {
                crate::analyze::date::parse_date_line(&raw)
                    .map(|d| d.to_published(DateEvidence::Meta))
            })
        });
    draft.map.published = draft
        .published
        .as_ref()
        .and_then(|_| key_position(&["date", "publishDate", "published"]));
    draft.byline = names_field(&fields, &["author", "authors", "byline"]);
    draft.map.byline = (!draft.byline.is_empty())
        .then(|| key_position(&["author", "authors", "byline"]))
        .flatten();
    draft.tags = names_field(&fields, &["tags", "keywords"]);
    draft.language = string_field(&fields, &["lang", "language", "languageCode"]);
    draft.related = related_field(&fields);
    draft.url = fields
        .get("source")
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .map(str::to_string);

    read_body(&text, body_start, &lines, &mut draft);

    let dateline_raw = string_field(&fields, &["dateline"]);
    let credit = string_field(&fields, &["credit"]);
    let id = fields
        .get("source")
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    let mut parsed = assemble(input, SourceFormat::Markdown, encoding, draft, text.clone());
    if let Some(raw) = dateline_raw {
        // The front matter holds the dateline that was taken off the first paragraph.
        let probe = format!("{raw} x");
        if let Some(split) = split_dateline(&probe) {
            parsed.article.dateline = Some(split.dateline);
            parsed.map.dateline = key_position(&["dateline"]);
        }
    }
    if parsed.article.credit.is_none() {
        if let Some(credit) = credit {
            parsed.article.credit = Some(credit);
            parsed.map.credit = key_position(&["credit"]);
        }
    }
    if let Some(id) = id {
        parsed.article.id = id;
    }
    Ok(parsed)
}

/// Front matter: its fields and where the body starts (a byte offset of the text).
struct FrontMatter {
    fields: Value,
    /// Byte range of the front matter's own lines, between the markers.
    inner: std::ops::Range<usize>,
    body_start: usize,
    toml: bool,
}

impl FrontMatter {
    /// The position of the value of the first of `keys` set at the top level of the front
    /// matter.
    fn key_position(&self, text: &str, keys: &[&str], lines: &LineIndex) -> Option<Position> {
        let inner = &text[self.inner.clone()];
        for key in keys {
            let mut offset = self.inner.start;
            for line in lines_with_endings(inner) {
                let separator = if self.toml { '=' } else { ':' };
                let unquoted = line.strip_prefix(key);
                let quoted = line
                    .strip_prefix('"')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('"'));
                if let Some(rest) = unquoted.or(quoted) {
                    let after = rest.trim_start_matches([' ', '\t']);
                    if let Some(value) = after.strip_prefix(separator) {
                        let value_at = line.len() - value.trim_start_matches([' ', '\t']).len();
                        return Some(lines.position(offset + value_at));
                    }
                }
                offset += line.len();
            }
        }
        None
    }
}

/// Splits YAML (`---`) or TOML (`+++`) front matter off the text; `None` when there is
/// none. Front matter that opens and never closes, or does not parse, is an error.
fn split_front_matter(text: &str) -> Result<Option<FrontMatter>, ReadError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let (marker, toml) = if rest.starts_with("---") {
        ("---", false)
    } else if rest.starts_with("+++") {
        ("+++", true)
    } else {
        return Ok(None);
    };
    let first_end = match lines_with_endings(rest).next() {
        Some(line) if line.len() > marker.len() && line.trim_end() == marker => line.len(),
        _ => return Ok(None),
    };
    let inner_start = start + first_end;
    let mut offset = inner_start;
    for line in lines_with_endings(&text[inner_start..]) {
        let bare = line.trim_end();
        if bare == marker || (!toml && bare == "...") {
            let inner = inner_start..offset;
            let first_line = lines_with_endings(&text[..inner_start]).count() + 1;
            // The parsers take `\n` (and TOML no lone `\r`): a lone `\r` becomes one,
            // which keeps every byte offset and line where it was.
            let source = &text[inner.clone()];
            let source = if source.contains('\r') {
                Cow::Owned(lone_returns_as_newlines(source))
            } else {
                Cow::Borrowed(source)
            };
            let fields = parse_fields(&source, toml, first_line)?;
            return Ok(Some(FrontMatter {
                fields,
                inner,
                body_start: offset + line.len(),
                toml,
            }));
        }
        offset += line.len();
    }
    Err(ReadError::Data {
        reason: format!("front matter opened with `{marker}` is never closed"),
    })
}

/// `text` with each `\r` not followed by `\n` turned into `\n`.
fn lone_returns_as_newlines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, _) in text.match_indices('\r') {
        if bytes.get(at + 1) != Some(&b'\n') {
            out.push_str(&text[from..at]);
            out.push('\n');
            from = at + 1;
        }
    }
    out.push_str(&text[from..]);
    out
}

/// The fields of front matter that starts on line `first_line` of the file.
fn parse_fields(source: &str, toml: bool, first_line: usize) -> Result<Value, ReadError> {
    let bad = |e: String| ReadError::Data {
        reason: format!(
            "{} front matter does not parse: {e}",
            if toml { "TOML" } else { "YAML" }
        ),
    };
    if toml {
        // The parser's own display quotes the whole line, which may be megabytes: the
        // message is told with the line and column instead, on one line.
        let table: toml::Table = source.parse().map_err(|e: toml::de::Error| {
            let mut at = e.span().map_or(0, |span| span.start).min(source.len());
            while !source.is_char_boundary(at) {
                at -= 1;
            }
            let before = &source[..at];
            let line = first_line + before.matches('\n').count();
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let message = e.message().lines().next().unwrap_or("").trim().to_string();
            bad(format!("line {line}, column {column}: {message}"))
        })?;
        return Ok(toml_to_json(toml::Value::Table(table)));
    }
    if source.trim().is_empty() {
        return Ok(Value::Null);
    }
    if let Err(problem) = super::yaml::prescan(source) {
        return Err(bad(problem));
    }
    use serde::Deserialize;
    // The parser counts lines from the front matter's first; the message gives the file's.
    let value = Value::deserialize(yaml_serde::Deserializer::from_str(source)).map_err(|e| {
        let message = e.to_string();
        match e.location() {
            Some(at) => bad(message.replacen(
                &format!("line {}", at.line()),
                &format!("line {}", first_line + at.line() - 1),
                1,
            )),
            None => bad(message),
        }
    })?;
    // Front matter is a mapping of fields, as Hugo and Jekyll require: a scalar or a list
    // would hold none of them, and the text in it would be lost without a word.
    let shape = match &value {
        Value::Object(_) | Value::Null => return Ok(value),
        Value::Array(_) => "a list",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
    };
    Err(ReadError::Data {
        reason: format!(
            "YAML front matter (from line {first_line}) is {shape}, not a mapping of fields such as `title: …`"
        ),
    })
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A scalar of the first of `keys` that is set, as text.
fn string_field(fields: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match fields.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Names of the first of `keys` that is set: a string, a list, or objects with a `name`.
fn names_field(fields: &Value, keys: &[&str]) -> Vec<String> {
    let name = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    for key in keys {
        let names: Vec<String> = match fields.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(name).collect(),
            Some(v) => name(v).into_iter().collect(),
            None => continue,
        };
        let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

fn related_field(fields: &Value) -> Vec<RelatedLink> {
    let Some(Value::Array(items)) = fields.get("related") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_string);
            let link = RelatedLink {
                title: text("title"),
                url: text("url"),
            };
            (link.title.is_some() || link.url.is_some()).then_some(link)
        })
        .collect()
}

/// A front matter date: `2019-04-01`, `2019-04-01T10:15:00+07:00` (Hugo, arsip), or
/// `2019-04-01 10:15:00 +0700` (Jekyll). Seconds of `:00` are dropped, as arsip writes a
/// printed `10:15` as `10:15:00`.
pub fn published_of(raw: &str) -> Option<Published> {
    let s = raw.trim();
    let date = s.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let valid = jiff::civil::Date::new(
        date[..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..].parse().ok()?,
    )
    .is_ok();
    let mut published = Published {
        raw: s.to_string(),
        date: valid.then(|| date.to_string()),
        time: None,
        offset: None,
        timezone: None,
        weekday: None,
        source: DateEvidence::Meta,
    };
    let rest = s[10..].trim_start_matches(['T', ' ']);
    if rest.is_empty() {
        return Some(published);
    }
    let time_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let time = &rest[..time_len];
    if time.len() == 5 || time.len() == 8 {
        let time = time
            .strip_suffix(":00")
            .filter(|t| t.len() == 5)
            .unwrap_or(time);
        published.time = Some(time.to_string());
    }
    // Fractions of a second are not printed times.
    let zone = rest[time_len..]
        .trim_start_matches(|c: char| c == '.' || c.is_ascii_digit())
        .trim();
    published.offset = match zone {
        "Z" | "UTC" | "+00:00" | "+0000" => Some("+00:00".to_string()),
        z if (z.starts_with('+') || z.starts_with('-')) && z.len() == 6 => Some(z.to_string()),
        z if (z.starts_with('+') || z.starts_with('-'))
            && z.len() == 5
            && z[1..].bytes().all(|c| c.is_ascii_digit()) =>
        {
            Some(format!("{}:{}", &z[..3], &z[3..]))
        }
        _ => None,
    };
    Some(published)
}

/// Positions in the file, found without counting a line from its start for each (a
/// paragraph may be one line of megabytes).
struct LineIndex<'a> {
    columns: crate::analyze::text::Columns<'a>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            columns: crate::analyze::text::Columns::new(text),
        }
    }

    /// The 1-based line and character column of a byte offset.
    fn position(&self, offset: usize) -> Position {
        let (line, column) = self.columns.position(offset);
        Position { line, column }
    }
}

/// Text of a paragraph as the parser gives it, piece by piece, with where each piece
/// stands in the file.
#[derive(Default)]
struct Collected {
    raw: String,
    /// (byte in `raw`, byte in the file, whether the piece is the file's bytes as written).
    pieces: Vec<(usize, usize, bool)>,
    /// The `arsip-ignore` comments written inside it.
    comments: Vec<Comment>,
}

impl Collected {
    fn push(&mut self, piece: &str, source: &str, at: usize) {
        self.pieces.push((self.raw.len(), at, piece == source));
        self.raw.push_str(piece);
    }

    /// An inline code span: its text as the parser gives it, placed at the code inside the
    /// backticks (and the one space each side the parser strips), not at the backticks.
    fn push_code(&mut self, piece: &str, source: &str, at: usize) {
        let ticks = source.len() - source.trim_start_matches('`').len();
        let inner = source
            .get(ticks..source.len().saturating_sub(ticks))
            .unwrap_or("");
        let stripped = (inner.len().saturating_sub(piece.len()) / 2).min(1);
        let content = inner.get(stripped..stripped + piece.len()).unwrap_or("");
        // The parser turns a line ending inside code into a space: same length, same place.
        let as_written = content.len() == piece.len()
            && content
                .bytes()
                .zip(piece.bytes())
                .all(|(s, p)| s == p || (s == b'\n' && p == b' '));
        self.pieces
            .push((self.raw.len(), at + ticks + stripped, as_written));
        self.raw.push_str(piece);
    }

    /// The byte of the file the byte `offset` of `raw` came from.
    fn source_of(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|(raw, ..)| *raw <= offset)
            .saturating_sub(1);
        match self.pieces.get(index) {
            Some(&(raw, at, true)) => at + (offset - raw),
            Some(&(_, at, false)) => at,
            None => 0,
        }
    }

    /// The paragraph with whitespace collapsed, its map (an anchor at every word), and the
    /// comments written in it.
    fn finish(self, lines: &LineIndex) -> (String, ParagraphMap, Vec<Comment>) {
        let bytes_of: Vec<usize> = self.raw.char_indices().map(|(i, _)| i).collect();
        let mut out = String::with_capacity(self.raw.len());
        let mut anchors = Vec::new();
        push_normalized(&mut out, &self.raw, |at, column| {
            let byte = bytes_of.get(column).copied().unwrap_or(0);
            anchors.push((at, lines.position(self.source_of(byte))));
        });
        (out, ParagraphMap::new(anchors), self.comments)
    }
}

/// What the body reader has collected so far besides the draft's paragraphs.
struct BodyReader<'a> {
    text: &'a str,
    lines: &'a LineIndex<'a>,
    /// The paragraph being read.
    current: Option<Collected>,
    /// `arsip-ignore` comments standing before the next paragraph.
    pending: Vec<Comment>,
}

impl BodyReader<'_> {
    /// Ends the paragraph being read: a body paragraph unless it is empty. Its comments,
    /// and those that stood before it, silence it; an empty one passes them on.
    fn end_paragraph(&mut self, draft: &mut Draft) {
        let Some(collected) = self.current.take() else {
            return;
        };
        let (paragraph, map, comments) = collected.finish(self.lines);
        self.pending.extend(comments);
        if paragraph.is_empty() {
            return;
        }
        let index = draft.paragraphs.len();
        draft.paragraphs.push((paragraph, map));
        draft
            .paragraph_comments
            .extend(self.pending.drain(..).map(|c| (index, c)));
    }

    /// A comment's text between `<!--` and `-->`, at byte `at` of the file: a directive of
    /// the file, of the paragraph it stands in, or of the next one; `None` when it is no
    /// `arsip-ignore` comment.
    fn read_comment(&mut self, inner: &str, line: usize, draft: &mut Draft) -> Option<Comment> {
        let comment = Comment::parse(inner)?;
        draft.notes.extend(comment.unknown_note(Some(line)));
        if comment.file {
            draft.suppressions.push(Directive::file(&comment));
            return None;
        }
        Some(comment)
    }

    /// The comments of an HTML block (alone on their lines): each silences the next
    /// paragraph.
    fn html_block(&mut self, block: &str, at: usize, draft: &mut Draft) {
        let first_line = self.lines.position(at).line;
        for (line, inner) in html_comments(block) {
            if let Some(comment) = self.read_comment(&inner, first_line + line - 1, draft) {
                self.pending.push(comment);
            }
        }
    }

    /// Inline HTML inside a paragraph or heading: a comment silences what it stands in.
    fn inline_html(
        &mut self,
        piece: &str,
        at: usize,
        heading: Option<&mut Collected>,
        draft: &mut Draft,
    ) {
        let Some(inner) = piece
            .strip_prefix("<!--")
            .and_then(|p| p.strip_suffix("-->"))
        else {
            return;
        };
        let line = self.lines.position(at).line;
        let Some(comment) = self.read_comment(inner, line, draft) else {
            return;
        };
        match (heading, self.current.as_mut()) {
            (Some(heading), _) => heading.comments.push(comment),
            (None, Some(paragraph)) => paragraph.comments.push(comment),
            (None, None) => self.pending.push(comment),
        }
    }

    /// Marks the inline code at `at..at + len` as not checked.
    fn code_span(&self, at: usize, len: usize, draft: &mut Draft) {
        let last = self.text[..at + len]
            .char_indices()
            .next_back()
            .map_or(at, |(i, _)| i.max(at));
        draft.suppressions.push(Directive::unchecked(
            self.lines.position(at),
            self.lines.position(last),
        ));
    }
}

/// The comments of a block of raw HTML, as HTML's tokenizer reads them (not the text of a
/// `<script>`, `<style>`, `<textarea>` or an attribute that looks like one): each with
/// its 1-based line in the block and its text between `<!--` and `-->`.
fn html_comments(block: &str) -> Vec<(usize, String)> {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };

    #[derive(Default)]
    struct Comments(std::cell::RefCell<Vec<(usize, String)>>);

    impl TokenSink for Comments {
        type Handle = ();

        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            match token {
                Token::CommentToken(text) => {
                    // The tokenizer is on the comment's last line; its `<!--` is as many
                    // lines up as the comment holds line breaks.
                    let line = usize::try_from(line).unwrap_or(usize::MAX);
                    let line = line.saturating_sub(text.matches('\n').count()).max(1);
                    self.0.borrow_mut().push((line, text.to_string()));
                    TokenSinkResult::Continue
                }
                // The tree builder would switch the tokenizer into these elements' raw
                // text: without one, the sink does.
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                    match &*tag.name.to_ascii_lowercase() {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    }
                }
                _ => TokenSinkResult::Continue,
            }
        }
    }

    if !block.contains("<!--") {
        return Vec::new();
    }
    let tokenizer = Tokenizer::new(Comments::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(block));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// An inline tag opening an element whose content is not prose: its lower-case name, and
/// whether its text stays in the body as code (`<code>`, `<kbd>`, `<samp>`, `<textarea>`)
/// or is left out (`<script>`, `<style>`). A self-closing tag opens nothing.
fn opens_raw_element(tag: &str) -> Option<(String, bool)> {
    let inner = tag.strip_prefix('<')?;
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if tag.trim_end().ends_with("/>") {
        return None;
    }
    match name.as_str() {
        "script" | "style" => Some((name, false)),
        "code" | "kbd" | "samp" | "textarea" | "pre" => Some((name, true)),
        _ => None,
    }
}

/// Whether an inline tag closes the element `name` (`</script >`, any case).
fn closes_element(tag: &str, name: &str) -> bool {
    tag.strip_prefix("</").is_some_and(|rest| {
        rest.len() >= name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name)
            && rest[name.len()..].trim_start().starts_with('>')
    })
}

/// `<br>`, `<br/>`, `<br />`, any case.
fn is_line_break(tag: &str) -> bool {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    inner.trim().eq_ignore_ascii_case("br")
}

/// Where template tags stand in a Markdown body: Hugo shortcodes (`{{< figure … >}}`,
/// `{{% notice … %}}`) and Liquid or Go template tags (`{% include … %}`, `{{ .Title }}`),
/// each closed within a few lines; their quotation marks delimit parameters.
fn template_spans(body: &str) -> Vec<std::ops::Range<usize>> {
    /// The longest tag looked for: parameters, not pages.
    const REACH: usize = 2000;
    let mut spans = Vec::new();
    let mut from = 0;
    // Where the first `}}` and `%}` after the last tag looked up stand (`usize::MAX`: none
    // is left), so that a run of unclosed tags is not searched again for each (24 MB of
    // `{{` took 30 s). Tags are met in order, so one still ahead is the next one's too.
    let mut next_close = [0usize; 2];
    while let Some(found) = body[from..].find('{') {
        let start = from + found;
        let rest = &body[start..];
        let (kind, close) = if rest.starts_with("{{") {
            (0, "}}")
        } else if rest.starts_with("{%") {
            (1, "%}")
        } else {
            from = start + 1;
            continue;
        };
        // At most REACH bytes, cut at a character's start.
        let mut cut = rest.len().min(REACH);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if next_close[kind] < start + 2 {
            next_close[kind] = body[start + 2..]
                .find(close)
                .map_or(usize::MAX, |i| start + 2 + i);
        }
        let at = next_close[kind];
        if at != usize::MAX && at + close.len() <= start + cut {
            let end = at + close.len();
            spans.push(start..end);
            from = end;
        } else {
            from = start + 2;
        }
    }
    spans
}

/// The most blocks and inline elements a Markdown body may open, twice the HTML reader's
/// element limit (a table of 84,000 rows of 12 cells is an article). pulldown-cmark builds
/// the tree of the whole body before it yields an event, at about 200 bytes a node: 1.6
/// million one-word list items took 600 MB, and 64 MB of `>` (as many nested quotes)
/// would take 4 GB.
pub const MAX_BLOCKS: usize = 2_000_000;

/// Refuses a text that could open more than `limit` blocks and inline elements, counted
/// from above without parsing: one for each line with text (`\r` ends a line as `\n`
/// does, and only spaces and tabs are blank), one for each quote or list marker opening
/// it, one for each character that can open or close an inline element or a template tag
/// (an escaped character once), and for a table row as many cells as its table's header
/// has, since the parser fills short rows.
fn within_block_budget(text: &str, limit: usize) -> Result<(), ReadError> {
    let mut count = 0usize;
    // The cells of the table that may be being read: its header's, and 0 outside one.
    let mut table_width = 0usize;
    for line in text.split(['\n', '\r']) {
        let mut rest = line.trim_start_matches([' ', '\t']);
        if rest.trim_end_matches([' ', '\t']).is_empty() {
            table_width = 0;
            continue;
        }
        count += 1;
        // Containers on one line: `> > - 1. text` nests four blocks.
        loop {
            rest = rest.trim_start_matches([' ', '\t']);
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let marker = match rest.as_bytes() {
                [b'>', ..] => 1,
                [b'-' | b'*' | b'+', b' ' | b'\t', ..] => 2,
                _ if (1..=9).contains(&digits)
                    && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
                    && matches!(rest.as_bytes().get(digits + 1), Some(b' ' | b'\t')) =>
                {
                    digits + 2
                }
                _ => break,
            };
            rest = &rest[marker..];
            count += 1;
            if count > limit {
                break;
            }
        }
        let mut cells = 0usize;
        let mut bytes = rest.bytes();
        while let Some(b) = bytes.next() {
            match b {
                b'\\' => {
                    count += 1;
                    bytes.next();
                }
                b'|' => cells += 1,
                b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'!' | b'&' | b'~' | b'{' => count += 1,
                _ => {}
            }
        }
        // A table runs to the next blank line, rows without a `|` included.
        if cells > 0 && table_width == 0 {
            table_width = cells + 1;
        }
        count += table_width.max(cells + usize::from(cells > 0));
        if count > limit {
            return Err(ReadError::TooManyBlocks { limit });
        }
    }
    Ok(())
}

/// Reads the body's paragraphs, images and (without a front matter title) its title, and
/// where its suppression comments and code stand.
fn read_body(text: &str, body_start: usize, lines: &LineIndex, draft: &mut Draft) {
    let body = &text[body_start..];
    // Never smart punctuation: the marks are checked as written.
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut reader = BodyReader {
        text,
        lines,
        current: None,
        pending: Vec::new(),
    };
    let mut heading: Option<(Collected, HeadingLevel)> = None;
    let mut image: Option<(String, String)> = None;
    let mut table_depth = 0usize;
    let mut code_depth = 0usize;
    // List items: a tight item's text comes with no paragraph around it.
    let mut item_depth = 0usize;
    // Inside an inline element whose content is not prose (`<script>`, `<code>`, …): its
    // name, and whether its text is kept in the body (as inline code is) or left out.
    let mut raw_inline: Option<(String, bool)> = None;
    // Template tags (Hugo shortcodes, Liquid) are code, not the article's words.
    for span in template_spans(body) {
        reader.code_span(body_start + span.start, span.len(), draft);
    }
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let at = body_start + range.start;
        let source = text.get(at..body_start + range.end).unwrap_or("");
        if let Some((name, kept)) = &raw_inline {
            match &event {
                Event::InlineHtml(piece) if closes_element(piece, name) => {
                    raw_inline = None;
                    continue;
                }
                Event::Text(piece) | Event::Code(piece) => {
                    if *kept {
                        reader.code_span(at, source.len(), draft);
                        if let Some(collected) = reader.current.as_mut() {
                            collected.push_code(piece, source, at);
                        }
                    }
                    continue;
                }
                // Not prose: no comment inside it counts.
                Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => continue,
                // An element left open ends with its paragraph, as inline HTML cannot
                // span blocks.
                _ => raw_inline = None,
            }
        }
        match event {
            // Any block inside a list item ends the item's text so far.
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_),
            ) if table_depth == 0 || matches!(event, Event::Start(Tag::Table(_))) => {
                reader.end_paragraph(draft);
                match event {
                    Event::Start(Tag::Paragraph) => reader.current = Some(Collected::default()),
                    Event::Start(Tag::Item) => item_depth += 1,
                    Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
                    Event::Start(Tag::HtmlBlock) => reader.html_block(source, at, draft),
                    Event::Start(Tag::Heading { level, .. }) => {
                        heading = Some((Collected::default(), level));
                    }
                    Event::Start(Tag::Table(_)) => table_depth += 1,
                    _ => {}
                }
            }
            Event::End(TagEnd::Paragraph) => reader.end_paragraph(draft),
            Event::End(TagEnd::Item) => {
                reader.end_paragraph(draft);
                item_depth = item_depth.saturating_sub(1);
            }
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((collected, level)) = heading.take() {
                    let first = level == HeadingLevel::H1
                        && draft.title.is_none()
                        && draft.paragraphs.is_empty();
                    let (title, map, comments) = collected.finish(lines);
                    if !title.is_empty() {
                        // A comment in a heading silences the heading.
                        let end = map.position(&title, title.len());
                        for comment in comments {
                            draft
                                .suppressions
                                .push(Directive::between(&comment, map.start(), end));
                        }
                    }
                    if first && !title.is_empty() {
                        draft.map.title = Some(map.start());
                        draft.title = Some(title);
                    }
                }
            }
            Event::End(TagEnd::Table) => table_depth = table_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, caption)) = image.take() {
                    draft.images.push(Image {
                        src: Some(src).filter(|s| !s.is_empty()),
                        caption: Some(caption.trim().to_string()).filter(|c| !c.is_empty()),
                    });
                }
            }
            Event::Text(_) | Event::Code(_) if code_depth > 0 => {}
            Event::Text(ref piece) | Event::Code(ref piece) => {
                let code = matches!(event, Event::Code(_));
                if let Some((_, caption)) = image.as_mut() {
                    caption.push_str(piece);
                    continue;
                }
                if code {
                    reader.code_span(at, source.len(), draft);
                }
                let collected = if let Some((collected, _)) = heading.as_mut() {
                    collected
                } else if item_depth > 0 && table_depth == 0 {
                    // A tight list item's text (no paragraph around it), or its text after
                    // a nested list, is a paragraph too.
                    reader.current.get_or_insert_with(Collected::default)
                } else if let Some(collected) = reader.current.as_mut() {
                    collected
                } else {
                    continue;
                };
                if code {
                    collected.push_code(piece, source, at);
                } else {
                    collected.push(piece, source, at);
                }
            }
            Event::InlineHtml(piece) => {
                if let Some(element) = opens_raw_element(&piece) {
                    raw_inline = Some(element);
                    continue;
                }
                if is_line_break(&piece) {
                    // `Ia menambahkan.<br>“Kami …`: a break between words, as HTML shows it.
                    if let Some(collected) = reader.current.as_mut() {
                        collected.push(" ", source, at);
                    }
                    continue;
                }
                // A comment in a table cell or an image's text stands in no paragraph:
                // it silences nothing (tables are not checked).
                if table_depth > 0 || image.is_some() {
                    continue;
                }
                let heading = heading.as_mut().map(|(collected, _)| collected);
                reader.inline_html(&piece, at, heading, draft);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(collected) = reader.current.as_mut() {
                    collected.push(" ", source, at);
                }
            }
            _ => {}
        }
    }
    reader.end_paragraph(draft);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_of_more_blocks_than_the_budget_is_refused_before_parsing() {
        // Each within the budget of 10 and each one past it: lines, list items, quotes
        // nested on one line, inline markup.
        for (fits, past) in [
            ("a\n".repeat(10), "a\n".repeat(11)),
            ("- a\n".repeat(5), "- a\n".repeat(6)),
            (
                format!("{} a", ">".repeat(9)),
                format!("{} a", ">".repeat(10)),
            ),
            (
                format!("1. - {}a", "> ".repeat(7)),
                format!("1. - {}a", "> ".repeat(8)),
            ),
            (
                format!("a {}", "*b* ".repeat(4)),
                format!("a {}", "*b* ".repeat(5)),
            ),
            // Found by a hostile run: lone `\r` endings, lines of no-break spaces (text to
            // Markdown), closing brackets, template tags, short table rows the parser
            // fills to the header's width; an escaped mark counts once.
            ("a\r".repeat(10), "a\r".repeat(11)),
            ("\u{a0}\n".repeat(10), "\u{a0}\n".repeat(11)),
            (
                format!("a{}", "]".repeat(9)),
                format!("a{}", "]".repeat(10)),
            ),
            (
                format!("a{}", "{".repeat(9)),
                format!("a{}", "{".repeat(10)),
            ),
            ("a|b|c|d\nx|\n".to_string(), "a|b|c|d\nx|\nx|\n".to_string()),
            ("a|b|c|d\nx\n".to_string(), "a|b|c|d\nx\nx\n".to_string()),
            (
                "a|b|c|d\n\nx\nx\n".to_string(),
                "a|b|c|d\n\nx\nx\nx\nx\nx\nx\n".to_string(),
            ),
            (
                format!("a{}", "\\|".repeat(9)),
                format!("a{}", "\\|".repeat(10)),
            ),
        ] {
            assert!(within_block_budget(&fits, 10).is_ok(), "{fits:?}");
            let refused = within_block_budget(&past, 10).unwrap_err();
            assert!(
                matches!(refused, ReadError::TooManyBlocks { limit: 10 }),
                "{past:?}"
            );
        }
        // Blank lines and numbers that open no list cost nothing more.
        assert!(within_block_budget(&format!("{}2019. a\n", "\n \n".repeat(50)), 2).is_ok());
    }

    #[test]
    fn a_million_list_items_are_refused_with_a_reason() {
        let text = format!("# Judul\n\n{}", "- a\n".repeat(MAX_BLOCKS / 2 + 1));
        let err = read_markdown(&Input::from_bytes(text, Some("a.md"))).unwrap_err();
        assert!(
            err.to_string().contains("more than 2000000 blocks"),
            "{err}"
        );
    }

    #[test]
    fn front_matter_that_is_no_mapping_is_refused() {
        for (text, shape) in [
            ("---\njust a scalar\n---\n\nA paragraph.\n", "a string"),
            ("---\n- a\n- b\n---\n\nA paragraph.\n", "a list"),
        ] {
            let err = read_markdown(&Input::from_bytes(text, Some("a.md"))).unwrap_err();
            let message = err.to_string();
            assert!(
                message.contains(shape) && message.contains("line 2"),
                "{message}"
            );
        }
        let empty = "---\n---\n\nA paragraph.\n";
        assert!(read_markdown(&Input::from_bytes(empty, Some("a.md"))).is_ok());
    }

    /// A YAML error names the file's line, not the front matter's (a hostile tester's
    /// case: a tab before a value on line 3 was reported on line 2).
    #[test]
    fn a_yaml_error_names_the_line_of_the_file() {
        let text = "---\ntitle:\n\tJudul\n---\nIsi.\n";
        let err = read_markdown(&Input::from_bytes(text.as_bytes().to_vec(), Some("a.md")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("at line 3 column 1"), "{err}");
    }

    /// Old Mac files end lines with a lone `\r`: their front matter is read, not left in
    /// the body, and the title's position is on its own line.
    #[test]
    fn front_matter_with_lone_carriage_returns_is_read() {
        let yaml = "---\rtitle: Pasar Baru\rtags: [pasar, banyuwangi]\r---\r\rIsi berita.\r";
        let toml = "+++\rtitle = \"Pasar Baru\"\r+++\r\rIsi berita.\r";
        for text in [yaml, toml] {
            let parsed =
                read_markdown(&Input::from_bytes(text.as_bytes().to_vec(), Some("a.md"))).unwrap();
            assert_eq!(
                parsed.article.title.as_deref(),
                Some("Pasar Baru"),
                "{text:?}"
            );
            assert_eq!(parsed.article.body, ["Isi berita."], "{text:?}");
            assert_eq!(parsed.map.title.map(|p| p.line), Some(2), "{text:?}");
        }
        let parsed =
            read_markdown(&Input::from_bytes(yaml.as_bytes().to_vec(), Some("a.md"))).unwrap();
        assert_eq!(parsed.article.tags, ["pasar", "banyuwangi"]);
    }

    #[test]
    fn front_matter_dates_of_hugo_jekyll_and_arsip() {
        let p = published_of("2019-04-01T10:15:00+07:00").unwrap();
        assert_eq!(
            (p.date.as_deref(), p.time.as_deref(), p.offset.as_deref()),
            (Some("2019-04-01"), Some("10:15"), Some("+07:00"))
        );
        let p = published_of("2019-04-01 10:15:30 +0700").unwrap();
        assert_eq!(
            (p.time.as_deref(), p.offset.as_deref()),
            (Some("10:15:30"), Some("+07:00"))
        );
        let p = published_of("2019-04-01").unwrap();
        assert_eq!((p.date.as_deref(), p.time), (Some("2019-04-01"), None));
        assert!(published_of("April 1").is_none());
        assert_eq!(published_of("2019-02-30").unwrap().date, None);
    }

    #[test]
    fn template_tags_are_found_and_an_unclosed_one_reaches_no_further_than_its_limit() {
        let body = "Lihat {{< figure src=\"a.png\" >}} dan {% include x %} lalu {{ .Title }}.";
        let spans: Vec<&str> = template_spans(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(
            spans,
            [
                "{{< figure src=\"a.png\" >}}",
                "{% include x %}",
                "{{ .Title }}"
            ]
        );
        // Unclosed, before text of two-byte characters: the limit falls inside one.
        let unclosed = format!("{{{{ {}", "é".repeat(1500));
        assert!(template_spans(&unclosed).is_empty());
    }

    #[test]
    fn sniffs_front_matter_not_arsip_yaml_alone() {
        assert!(sniff(b"---\ntitle: x\n---\n"));
        assert!(sniff(b"+++\ntitle = 'x'\n+++\n"));
        assert!(sniff(b"# Judul\n\nIsi."));
        assert!(!sniff(b"Judul\n\nIsi."));
        assert!(!sniff(b"----\n"));
    }
}
