//! NewsML-G2 `newsItem`s (arsip's, and ones shaped like IPTC's examples) into the model.
//!
//! XML input is read safely: a document type declaration is refused outright, so no DTD is
//! loaded and no entity is expanded, internal or external; unknown entity references are
//! errors.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::analyze::dateline::split_dateline;
use crate::analyze::quote::find_quotes;
use crate::analyze::text::normalize_space;
use crate::model::{
    Article, DateEvidence, Dateline, EncodingEvidence, RelatedLink, SourceEncoding, SourceFormat,
};

use super::html::meta::parse_meta_date;
use super::html::published_from_meta;
use super::{article_id, source_of, Input, Parsed, ReadError, SourceMap};

/// Documents past this size are refused before parsing.
pub const MAX_NEWSML_BYTES: usize = 64 * 1024 * 1024;

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

/// Reads every `newsItem` of a document.
pub fn read_newsml(input: &Input) -> Result<Vec<Parsed>, ReadError> {
    if input.bytes.len() > MAX_NEWSML_BYTES {
        return Err(error(format!("larger than {MAX_NEWSML_BYTES} bytes")));
    }
    let text = std::str::from_utf8(&input.bytes).map_err(|e| {
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
                return Err(error(
                    "a DOCTYPE is not accepted: arsip loads no DTD and expands no entity",
                ))
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
    if items.is_empty() {
        return Err(error("no newsItem in the document"));
    }
    Ok(items
        .into_iter()
        .map(|item| to_parsed(item, input, text))
        .collect())
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
        "p" if inside("inlineXML") => *paragraph = Some(String::new()),
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
    if name == "p" && inside("inlineXML") {
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
    if value.is_empty() || inside("inlineXML") {
        return;
    }
    match (name, parent) {
        ("headline", "contentMeta") => current.headline = Some(value),
        ("dateline", "contentMeta") => current.dateline = Some(value),
        ("by", "contentMeta") => current.by = Some(value),
        ("creditline", "contentMeta") => current.creditline = Some(value),
        ("keyword", "contentMeta") => current.keywords.push(value),
        ("contentCreated", "contentMeta") => current.created = Some(value),
        ("firstCreated", "itemMeta") if current.created.is_none() => current.created = Some(value),
        ("name", "located") if current.place.is_none() => current.place = Some(value),
        ("name", "broader") if current.region.is_none() => current.region = Some(value),
        ("title", "link") => {
            if let Some(link) = current.related.last_mut() {
                link.title = Some(value);
            }
        }
        _ => {}
    }
}

fn to_parsed(item: Item, input: &Input, text: &str) -> Parsed {
    let published = item.created.as_deref().and_then(|raw| {
        let date = parse_meta_date(raw, DateEvidence::Meta)?;
        let mut published = published_from_meta(&date, None);
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
    let with_url = Input {
        url: input.url.clone().or(url),
        ..input.clone()
    };
    let body = item.paragraphs;
    let quotes = find_quotes(&body).into_iter().map(|f| f.quote).collect();
    let encoding = SourceEncoding {
        name: "utf-8".to_string(),
        decided_by: EncodingEvidence::Valid,
        note: None,
    };
    let article = Article {
        id: article_id(&with_url, item.headline.as_deref()),
        source: source_of(&with_url, SourceFormat::Newsml, encoding),
        language: item.language.filter(|l| l != "und"),
        title: item.headline,
        published,
        dateline,
        byline: item.by,
        credit: item.creditline,
        body,
        quotes,
        related: item.related,
        tags: item.keywords,
        images: Vec::new(),
    };
    Parsed {
        article,
        map: SourceMap::default(),
        text: text.to_string(),
        notes: Vec::new(),
    }
}
