//! NewsML-G2 `newsItem`s (arsip's, and ones shaped like IPTC's examples) into the model.
//!
//! XML input is read safely: a document type declaration is refused outright, so no DTD is
//! loaded and no entity is expanded, internal or external; unknown entity references are
//! errors. A `newsMessage` is split into its items before they are read, one at a time, so
//! a message costs memory in proportion to its largest item. G2 items that are not news
//! (`packageItem`, `conceptItem`, ...) are refused by name, never read as articles.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::analyze::dateline::split_dateline;
use crate::analyze::quote::find_quotes_in;
use crate::analyze::text::normalize_space;
use crate::model::{
    Article, DateEvidence, Dateline, EncodingEvidence, RelatedLink, Source, SourceEncoding,
    SourceFormat,
};

use super::{article_id_from, source_of, Input, Parsed, ReadError, SourceMap};
use crate::analyze::meta_date::{parse_meta_date, published_from_meta};
use crate::source::open::Stream;
use crate::source::records::{Record, Records, Splitter};
use crate::source::SourceError;

/// The item types of NewsML-G2; only a `newsItem` is an article.
const ITEM_TYPES: &[&str] = &[
    "newsItem",
    "packageItem",
    "conceptItem",
    "knowledgeItem",
    "planningItem",
    "catalogItem",
];

/// What one `newsItem` said, gathered while reading.
#[derive(Default)]
struct Item {
    guid: Option<String>,
    language: Option<String>,
    headline: Option<String>,
    dateline: Option<String>,
    place: Option<String>,
    region: Option<String>,
    provider: Option<String>,
    by: Option<String>,
    /// The NITF body's own byline, for when the metadata has no `by`.
    nitf_byline: Option<String>,
    creditline: Option<String>,
    created: Option<String>,
    keywords: Vec<String>,
    related: Vec<RelatedLink>,
    paragraphs: Vec<String>,
    /// Closing marks of the quotations open in the current paragraph.
    closers: Vec<String>,
}

/// The marks a `<q class="open-22 close-22">` names (see the writer), or “ ”.
fn marks_from_class(class: &str) -> (String, String) {
    let decode = |prefix: &str| -> Option<String> {
        let token = class
            .split_whitespace()
            .find_map(|t| t.strip_prefix(prefix))?;
        token
            .split('-')
            .map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
            .collect()
    };
    (
        decode("open-").unwrap_or_else(|| "“".to_string()),
        decode("close-").unwrap_or_else(|| "”".to_string()),
    )
}

fn error(reason: impl Into<String>) -> ReadError {
    ReadError::Newsml {
        reason: reason.into(),
    }
}

fn attribute(element: &BytesStart, name: &[u8]) -> Result<Option<String>, ReadError> {
    for attr in element.attributes() {
        let attr = attr.map_err(|e| error(e.to_string()))?;
        if attr.key.as_ref() == name || attr.key.local_name().as_ref() == name {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .map_err(|e| error(e.to_string()))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// The local name of the document's root element, past the declaration and comments.
pub(crate) fn root_name(head: &[u8]) -> Option<&str> {
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        let at = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[at..];
        let skip_to = |end: &[u8]| memchr::memmem::find(rest, end).map(|e| e + end.len());
        if rest.starts_with(b"<?") {
            rest = &rest[skip_to(b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_to(b"-->")?..];
        } else if rest.starts_with(b"<!") {
            // A DOCTYPE (its internal subset too): the reader refuses it; the root after
            // it still names the format.
            let subset = memchr::memchr(b'[', rest)
                .filter(|&open| memchr::memchr(b'>', rest).is_none_or(|close| open < close));
            rest = match subset {
                Some(_) => &rest[skip_to(b"]>").or_else(|| skip_to(b">"))?..],
                None => &rest[skip_to(b">")?..],
            };
        } else if rest.starts_with(b"<") {
            let name_end = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .map_or(rest.len(), |e| e + 1);
            let name = std::str::from_utf8(&rest[1..name_end]).ok()?;
            return Some(name.rsplit(':').next().unwrap_or(name));
        } else {
            return None;
        }
    }
}

/// A NewsML-G2 document: its root is a G2 item or a `newsMessage`.
pub fn sniff(head: &[u8]) -> bool {
    root_name(head).is_some_and(|root| root == "newsMessage" || ITEM_TYPES.contains(&root))
}

/// A `newsMessage` splits into its items; a lone item is one document.
pub fn splitter(head: &[u8]) -> Option<Splitter> {
    (root_name(head) == Some("newsMessage")).then_some(items as Splitter)
}

/// Reads every `newsItem` of a document: a lone item, or a `newsMessage` item by item.
pub fn read_newsml(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    match root_name(&input.bytes) {
        Some("newsMessage") => {
            let mut out = Vec::new();
            let mut others = Vec::new();
            for record in items_of(&input.bytes[..], u64::MAX) {
                let record = record.map_err(|e| error(e.to_string()))?;
                match read_item(&record.bytes, input) {
                    Ok(parsed) => out.push(parsed),
                    Err(NotNews(kind)) => others.push(kind),
                    Err(Failed(error)) => return Err(error),
                }
            }
            if out.is_empty() {
                return Err(not_an_article(&others));
            }
            Ok(out)
        }
        _ => match read_item(&input.bytes, input) {
            Ok(parsed) => Ok(vec![parsed]),
            Err(NotNews(kind)) => Err(not_an_article(&[kind])),
            Err(Failed(error)) => Err(error),
        },
    }
}

fn not_an_article(kinds: &[String]) -> ReadError {
    match kinds.first() {
        Some(kind) => error(format!("{kind} is not an article (arsip reads newsItems)")),
        None => error("no newsItem in the document"),
    }
}

/// Why an item was not read.
enum ItemError {
    /// A G2 item of another kind.
    NotNews(String),
    Failed(ReadError),
}
use ItemError::{Failed, NotNews};

impl From<ReadError> for ItemError {
    fn from(error: ReadError) -> Self {
        Failed(error)
    }
}

/// Reads one item, the root of `bytes`.
fn read_item(bytes: &[u8], input: &Input) -> Result<Parsed, ItemError> {
    let root = root_name(bytes).unwrap_or("");
    if root != "newsItem" {
        return Err(match ITEM_TYPES.contains(&root) {
            true => NotNews(root.to_string()),
            false if root.is_empty() => Failed(error("no XML element")),
            false => Failed(error(format!("no newsItem: the root element is `{root}`"))),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        error(format!(
            "not UTF-8 (bad byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut items = Vec::new();
    let mut item: Option<Item> = None;
    let mut buffer = String::new();
    let mut paragraph: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::DocType(_) => {
                return Err(Failed(error(
                    "a DOCTYPE is not accepted: arsip loads no DTD and expands no entity",
                )))
            }
            Event::Start(element) => {
                let name = String::from_utf8_lossy(element.local_name().as_ref()).to_string();
                start(&element, &name, &path, &mut item, &mut paragraph)?;
                buffer.clear();
                path.push(name);
            }
            Event::Empty(element) => {
                let name = String::from_utf8_lossy(element.local_name().as_ref()).to_string();
                start(&element, &name, &path, &mut item, &mut paragraph)?;
                if name == "br" {
                    if let Some(p) = &mut paragraph {
                        p.push(' ');
                    }
                }
            }
            Event::GeneralRef(reference) => {
                // Character references and the five predefined entities only: anything
                // else would need a DTD, which is never read.
                let value = match reference
                    .resolve_char_ref()
                    .map_err(|e| error(e.to_string()))?
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| error(e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| error(format!("unknown entity &{name};")))?
                            .to_string()
                    }
                };
                buffer.push_str(&value);
                if let Some(p) = &mut paragraph {
                    p.push_str(&value);
                }
            }
            Event::Text(t) => {
                let value = t.decode().map_err(|e| error(e.to_string()))?;
                buffer.push_str(&value);
                if let Some(p) = &mut paragraph {
                    p.push_str(&value);
                }
            }
            Event::CData(t) => {
                let value = String::from_utf8_lossy(&t).to_string();
                buffer.push_str(&value);
                if let Some(p) = &mut paragraph {
                    p.push_str(&value);
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                end(
                    &name,
                    parent,
                    &path,
                    &buffer,
                    &mut item,
                    &mut paragraph,
                    &mut items,
                );
                buffer.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let item = items
        .into_iter()
        .next()
        .ok_or_else(|| error("no newsItem in the document"))?;
    Ok(to_parsed(item, bytes, input))
}

fn start(
    element: &BytesStart,
    name: &str,
    path: &[String],
    item: &mut Option<Item>,
    paragraph: &mut Option<String>,
) -> Result<(), ReadError> {
    let inside = |ancestor: &str| path.iter().any(|p| p == ancestor);
    match name {
        "newsItem" => {
            *item = Some(Item {
                guid: attribute(element, b"guid")?,
                language: attribute(element, b"lang")?,
                ..Item::default()
            })
        }
        // The NITF abstract summarises the body; it is not part of it.
        "p" if inside("inlineXML") && !inside("abstract") => *paragraph = Some(String::new()),
        // A quotation's marks were taken off when it was written: those its class names go
        // back, else typographic ones.
        "q" if paragraph.is_some() => {
            let class = attribute(element, b"class")?.unwrap_or_default();
            let (open, close) = marks_from_class(&class);
            if let Some(p) = paragraph.as_mut() {
                p.push_str(&open);
            }
            if let Some(current) = item {
                current.closers.push(close);
            }
        }
        "link" if inside("itemMeta") => {
            if let Some(current) = item {
                let rel = attribute(element, b"rel")?.unwrap_or_default();
                if rel.ends_with(":seeAlso") {
                    current.related.push(RelatedLink {
                        title: None,
                        url: attribute(element, b"href")?,
                    });
                }
            }
        }
        "provider" if inside("itemMeta") => {
            if let Some(current) = item {
                current.provider = attribute(element, b"literal")?;
            }
        }
        "language" if inside("contentMeta") => {
            if let Some(current) = item {
                if let Some(tag) = attribute(element, b"tag")? {
                    current.language = Some(tag);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn end(
    name: &str,
    parent: &str,
    path: &[String],
    text: &str,
    item: &mut Option<Item>,
    paragraph: &mut Option<String>,
    items: &mut Vec<Item>,
) {
    let inside = |ancestor: &str| path.iter().any(|p| p == ancestor);
    let value = normalize_space(text);
    if name == "newsItem" {
        if let Some(done) = item.take() {
            items.push(done);
        }
        return;
    }
    if name == "q" {
        let close = item
            .as_mut()
            .and_then(|i| i.closers.pop())
            .unwrap_or_else(|| "”".to_string());
        if let Some(p) = paragraph {
            p.push_str(&close);
        }
        return;
    }
    if name == "p" && inside("inlineXML") && !inside("abstract") {
        if let (Some(current), Some(p)) = (item.as_mut(), paragraph.take()) {
            let p = normalize_space(&p);
            if !p.is_empty() {
                current.paragraphs.push(p);
            }
        }
        return;
    }
    let Some(current) = item.as_mut() else {
        return;
    };
    if name == "byline" && inside("inlineXML") && !value.is_empty() {
        current.nitf_byline.get_or_insert(value);
        return;
    }
    if value.is_empty() || inside("inlineXML") {
        return;
    }
    // The dateline's place is where the item was made: `contentMeta/located`, its region
    // the `broader` place of that; a `broader` under a subject is a topic's, not a place.
    let in_located = path.last().map(String::as_str) == Some("located")
        || path.len() >= 2 && path[path.len() - 2] == "located" && parent == "broader";
    match (name, parent) {
        ("headline", "contentMeta") => current.headline = Some(value),
        ("dateline", "contentMeta") => current.dateline = Some(value),
        ("by", "contentMeta") => current.by = Some(value),
        ("creditline", "contentMeta") => current.creditline = Some(value),
        ("keyword", "contentMeta") => current.keywords.push(value),
        ("contentCreated", "contentMeta") => current.created = Some(value),
        ("firstCreated", "itemMeta") if current.created.is_none() => current.created = Some(value),
        ("name", "located") if current.place.is_none() => current.place = Some(value),
        ("name", "broader") if in_located && current.region.is_none() => {
            current.region = Some(value)
        }
        ("title", "link") => {
            if let Some(link) = current.related.last_mut() {
                link.title = Some(value);
            }
        }
        _ => {}
    }
}

fn to_parsed(item: Item, bytes: &[u8], input: &Input) -> Parsed {
    let published = item.created.as_deref().and_then(|raw| {
        let date = parse_meta_date(raw, DateEvidence::Meta)?;
        let mut published = published_from_meta(&date, None)?;
        published.raw = raw.to_string();
        // A date alone carries no time: midnight was the writer's stand-in.
        if raw.len() == 10 {
            published.time = None;
            published.offset = None;
            published.timezone = None;
        }
        Some(published)
    });
    let dateline = item.dateline.as_deref().map(|raw| {
        // The dateline is stored as printed; reading it as the start of a paragraph gives
        // its parts, and the located place fills in what the text does not say.
        let split = split_dateline(&format!("{raw} x")).map(|s| s.dateline);
        let separator = raw
            .rsplit(' ')
            .next()
            .filter(|s| s.chars().all(|c| matches!(c, '-' | '–' | '—')))
            .unwrap_or("")
            .to_string();
        let split = split.map(|mut d| {
            d.region = d.region.or(item.region.clone());
            d
        });
        split.unwrap_or(Dateline {
            raw: raw.to_string(),
            place: item.place.clone(),
            region: item.region.clone(),
            agency: item.provider.clone().filter(|p| p != "arsip"),
            separator,
        })
    });
    let url = item
        .guid
        .clone()
        .filter(|g| g.starts_with("http://") || g.starts_with("https://"));
    let url = input.url.clone().or(url);
    let body = item.paragraphs;
    let language = item.language.filter(|l| l != "und");
    // Found once, for the model and the rules (see `SourceMap::quote_spans`).
    let (quotes, quote_spans) = find_quotes_in(&body, language.as_deref());
    let encoding = SourceEncoding {
        name: "utf-8".to_string(),
        decided_by: EncodingEvidence::Valid,
        note: None,
    };
    let mut article = Article {
        id: article_id_from(
            url.as_deref(),
            input.relative.as_deref(),
            item.headline.as_deref(),
            bytes,
        ),
        source: Source {
            url,
            sha256: super::hex_sha256(bytes),
            ..source_of(&Input::default(), SourceFormat::Newsml, encoding)
        },
        language,
        title: item.headline,
        published,
        dateline,
        byline: item.by.or(item.nitf_byline),
        credit: item.creditline,
        body,
        quotes,
        related: item.related,
        tags: item.keywords,
        images: Vec::new(),
        extraction: None,
    };
    article.extraction = Some(crate::analyze::confidence::assess(
        &article,
        crate::model::ExtractionMethod::Markup,
        &crate::analyze::confidence::Evidence::default(),
    ));
    article.source.path = input.path.clone();
    article.source.fetched_at = input.fetched_at.clone();
    Parsed {
        article,
        map: SourceMap {
            quote_spans,
            ..SourceMap::default()
        },
        text: String::new(),
        notes: Vec::new(),
        suppressions: Vec::new(),
    }
}

/// The items of a `newsMessage`, each cut out as the bytes of a document of its own,
/// read one at a time from the stream. Items are found by their tags, not by parsing
/// the message, so that one malformed item is that item's failure and the items after
/// it are still read.
pub fn items(stream: Stream, limit: u64) -> Records {
    Box::new(items_of(stream, limit))
}

fn items_of<R: std::io::BufRead>(stream: R, limit: u64) -> Items<R> {
    Items {
        stream,
        buffer: Vec::new(),
        line: 1,
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
        eof: false,
        found: false,
        done: false,
    }
}

struct Items<R> {
    stream: R,
    /// Bytes read and not yet given out.
    buffer: Vec<u8>,
    /// The line `buffer` starts on.
    line: usize,
    limit: usize,
    eof: bool,
    found: bool,
    done: bool,
}

/// Where the next item's start tag begins in `bytes`, and its qualified name.
fn item_start(bytes: &[u8]) -> Option<(usize, String)> {
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + open;
        let name_end = bytes[start + 1..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            .map(|e| start + 1 + e);
        if let Some(end) = name_end {
            if let Ok(name) = std::str::from_utf8(&bytes[start + 1..end]) {
                let local = name.rsplit(':').next().unwrap_or(name);
                if ITEM_TYPES.contains(&local) {
                    return Some((start, name.to_string()));
                }
            }
        }
        at = start + 1;
    }
    None
}

/// Where the item that starts `bytes` ends (past its close tag), if it is all there; an
/// item never closed ends where the next one starts.
fn item_end(bytes: &[u8], name: &str) -> Option<usize> {
    let open_end = memchr::memchr(b'>', bytes)?;
    if bytes[..open_end].ends_with(b"/") {
        return Some(open_end + 1);
    }
    let next_item = item_start(&bytes[open_end..]).map(|(at, _)| open_end + at);
    let close = format!("</{name}");
    let mut at = open_end;
    while let Some(found) = memchr::memmem::find(&bytes[at..], close.as_bytes()) {
        if next_item.is_some_and(|next| next < at + found) {
            return next_item;
        }
        let after = at + found + close.len();
        let rest = &bytes[after..];
        let spaces = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        match rest.get(spaces) {
            Some(b'>') => return Some(after + spaces + 1),
            Some(_) => at = after,
            None => return None,
        }
    }
    next_item
}

impl<R: std::io::BufRead> Items<R> {
    /// Gives up the first `n` bytes of the buffer, keeping count of their lines.
    fn drop_front(&mut self, n: usize) {
        self.line += memchr::memchr_iter(b'\n', &self.buffer[..n]).count();
        self.buffer.drain(..n);
    }

    /// Reads more of the stream; false at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let available = self.stream.fill_buf()?;
        if available.is_empty() {
            self.eof = true;
            return Ok(false);
        }
        let n = available.len();
        self.buffer.extend_from_slice(available);
        self.stream.consume(n);
        Ok(true)
    }

    fn fail(&mut self, line: usize, reason: String) -> Option<Result<Record, SourceError>> {
        self.done = true;
        Some(Err(SourceError::Record { line, reason }))
    }
}

impl<R: std::io::BufRead> Iterator for Items<R> {
    type Item = Result<Record, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some((start, name)) = item_start(&self.buffer) else {
                if !self.found && memchr::memmem::find(&self.buffer, b"<!DOCTYPE").is_some() {
                    let line = self.line;
                    return self.fail(line, "not NewsML-G2: a DOCTYPE is not accepted: arsip loads no DTD and expands no entity".to_string());
                }
                // Keep a tail that may hold the start of a tag cut by the read.
                let keep = self.buffer.len().min(64);
                self.drop_front(self.buffer.len() - keep);
                match self.fill() {
                    Ok(true) => continue,
                    Ok(false) if self.found => return None,
                    Ok(false) => {
                        let line = self.line;
                        return self.fail(
                            line,
                            "not NewsML-G2: no newsItem in the document".to_string(),
                        );
                    }
                    Err(e) => {
                        let line = self.line;
                        return self.fail(line, crate::source::describe_io_error(&e));
                    }
                }
            };
            if !self.found && memchr::memmem::find(&self.buffer[..start], b"<!DOCTYPE").is_some() {
                let line = self.line;
                return self.fail(line, "not NewsML-G2: a DOCTYPE is not accepted: arsip loads no DTD and expands no entity".to_string());
            }
            self.drop_front(start);
            let line = self.line;
            loop {
                if let Some(end) = item_end(&self.buffer, &name) {
                    self.found = true;
                    let bytes = self.buffer[..end].to_vec();
                    self.drop_front(end);
                    return Some(Ok(Record { line, bytes }));
                }
                if self.buffer.len() > self.limit {
                    // Past the limit: skipped to the next item, which is read as usual.
                    let skip =
                        item_start(&self.buffer[1..]).map_or(self.buffer.len(), |(s, _)| s + 1);
                    self.drop_front(skip);
                    self.found = true;
                    return Some(Err(SourceError::Record {
                        line,
                        reason: format!(
                            "an item longer than the limit of {} bytes (raise it with --max-size)",
                            self.limit
                        ),
                    }));
                }
                match self.fill() {
                    Ok(true) => {}
                    // Never closed: what there is goes to the reader, which says what is
                    // wrong with it.
                    Ok(false) => {
                        self.found = true;
                        let bytes = std::mem::take(&mut self.buffer);
                        return Some(Ok(Record { line, bytes }));
                    }
                    Err(e) => return self.fail(line, crate::source::describe_io_error(&e)),
                }
            }
        }
        None
    }
}
