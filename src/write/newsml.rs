//! NewsML-G2 2.35: one `newsItem` per article, several in a `newsMessage`. The mapping of
//! every Article field is documented in `docs/newsml.md`.
//!
//! Output is valid against IPTC's XSD (power conformance) and its body against the XHTML 1.0
//! Strict DTD for any article: characters XML cannot carry are replaced, never written.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{ArticleWriter, Layout};
use crate::model::{Article, Published, Quote};

pub const NAMESPACE: &str = "http://iptc.org/std/nar/2006-10-01/";
pub const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
/// The IPTC G2 catalog that declares every QCode prefix used here (`ninat`, `stat`, `irel`).
pub const CATALOG: &str = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml";

/// Items of a stream are held in memory up to this many bytes, then in a temporary file.
const ITEMS_IN_MEMORY: usize = 8 << 20;

pub struct NewsmlWriter {
    layout: Layout,
    /// Items of a stream, kept until the end to go inside one `newsMessage`: its header's
    /// `sent` is the latest item's date, known only once every item is written. Past a few
    /// megabytes they wait in a temporary file, so that a stream of any length costs the
    /// memory of one item.
    items: tempfile::SpooledTempFile,
    /// How many bytes of items stay in memory ([`ITEMS_IN_MEMORY`]; less in tests).
    in_memory: usize,
    /// The latest date among the stream's items, for the message's `sent`.
    latest: Option<String>,
}

impl NewsmlWriter {
    pub fn new(layout: Layout) -> Self {
        NewsmlWriter {
            layout,
            items: tempfile::SpooledTempFile::new(ITEMS_IN_MEMORY),
            in_memory: ITEMS_IN_MEMORY,
            latest: None,
        }
    }
}

impl ArticleWriter for NewsmlWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        let item = news_item(article, !self.layout.stream)?;
        if self.layout.stream {
            if let Some(instant) = article.published.as_ref().and_then(Published::date_time) {
                if self.latest.as_ref().is_none_or(|l| instant > *l) {
                    self.latest = Some(instant);
                }
            }
            io::Write::write_all(&mut self.items, &item)
        } else {
            out.write_all(&item)
        }
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        if !self.layout.stream {
            return Ok(());
        }
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer.write_event(Event::Start(
            BytesStart::new("newsMessage").with_attributes([("xmlns", NAMESPACE)]),
        ))?;
        writer.write_event(Event::Start(BytesStart::new("header")))?;
        // `sent` is required; the latest item date keeps the output the same on every run,
        // where the clock would not.
        let sent = self
            .latest
            .clone()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        text_element(&mut writer, "sent", &[], &sent)?;
        writer.write_event(Event::End(BytesEnd::new("header")))?;
        writer.write_event(Event::Start(BytesStart::new("itemSet")))?;
        let mut head = writer.into_inner();
        head.push(b'\n');
        out.write_all(&head)?;
        io::Seek::rewind(&mut self.items)?;
        io::copy(&mut self.items, out)?;
        self.items = tempfile::SpooledTempFile::new(self.in_memory);
        out.write_all(b"  </itemSet>\n</newsMessage>\n")
    }
}

/// Text XML 1.0 can carry: control characters other than tab and line ends, and the
/// non-characters U+FFFE and U+FFFF, become U+FFFD.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            _ => c,
        })
        .collect()
}

fn text_element<W: io::Write>(
    writer: &mut Writer<W>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    writer.write_event(Event::Start(
        BytesStart::new(name).with_attributes(attributes.iter().copied()),
    ))?;
    writer.write_event(Event::Text(BytesText::new(&one_line(&xml_safe(text)))))?;
    writer.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// `<q>` stands for a quotation whose marks the reader's renderer adds. Marks other than
/// “ ” are kept in its class, as code points (`open-22 close-22` for straight quotes),
/// so that reading the item back gives the article's own marks, defects included.
pub fn quote_marks_class(open: &str, close: &str) -> Option<String> {
    if open == "“" && close == "”" {
        return None;
    }
    let code = |mark: &str| {
        mark.chars()
            .map(|c| format!("{:x}", u32::from(c)))
            .collect::<Vec<_>>()
            .join("-")
    };
    Some(format!("open-{} close-{}", code(open), code(close)))
}

/// Text elements of NewsML are single lines: `keyword` and `creditline` only allow
/// `[\S ]*`, no tab or line break, and a line break means nothing in the others either.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

fn empty_element<W: io::Write>(
    writer: &mut Writer<W>,
    name: &str,
    attributes: &[(&str, &str)],
) -> io::Result<()> {
    writer.write_event(Event::Empty(
        BytesStart::new(name).with_attributes(attributes.iter().copied()),
    ))?;
    Ok(())
}

/// `contentCreated` keeps what is known: a date alone when no time was printed.
fn content_created(published: &Published) -> Option<String> {
    match (&published.time, &published.offset) {
        (Some(_), _) => published.date_time(),
        (None, _) => published.date.clone(),
    }
}

/// A stable guid: the page's URL when known, else one made of the id (itself made of the
/// path below the input's folder, never of how the path was typed).
pub fn guid(article: &Article) -> String {
    if let Some(url) = article
        .source
        .url
        .as_deref()
        .filter(|u| url::Url::parse(u).is_ok())
    {
        return url.to_string();
    }
    format!("urn:arsip:{}", article.id)
}

fn news_item(article: &Article, declaration: bool) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    if declaration {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    }
    let guid = xml_safe(&guid(article));
    let language = article
        .language
        .clone()
        .unwrap_or_else(|| "und".to_string());
    let mut root = BytesStart::new("newsItem").with_attributes([
        ("xmlns", NAMESPACE),
        ("guid", guid.as_str()),
        ("version", "1"),
        ("standard", "NewsML-G2"),
        ("standardversion", "2.35"),
        ("conformance", "power"),
    ]);
    root.push_attribute(("xml:lang", language.as_str()));
    writer.write_event(Event::Start(root))?;
    empty_element(&mut writer, "catalogRef", &[("href", CATALOG)])?;

    writer.write_event(Event::Start(BytesStart::new("itemMeta")))?;
    empty_element(&mut writer, "itemClass", &[("qcode", "ninat:text")])?;
    let provider = xml_safe(
        article
            .dateline
            .as_ref()
            .and_then(|d| d.agency.as_deref())
            .unwrap_or("arsip"),
    );
    empty_element(&mut writer, "provider", &[("literal", provider.as_str())])?;
    let instant = article.published.as_ref().and_then(Published::date_time);
    // The archive's item was created when the article was published; a conversion time
    // would make the output differ on every run.
    let stamp = instant
        .clone()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    text_element(&mut writer, "versionCreated", &[], &stamp)?;
    if let Some(instant) = &instant {
        text_element(&mut writer, "firstCreated", &[], instant)?;
    }
    empty_element(&mut writer, "pubStatus", &[("qcode", "stat:usable")])?;
    for link in &article.related {
        let Some(url) = link.url.as_deref().filter(|u| url::Url::parse(u).is_ok()) else {
            continue;
        };
        let href = xml_safe(url);
        writer.write_event(Event::Start(BytesStart::new("link").with_attributes([
            ("rel", "irel:seeAlso"),
            ("href", href.as_str()),
            ("contenttype", "text/html"),
        ])))?;
        if let Some(title) = &link.title {
            text_element(&mut writer, "title", &[], title)?;
        }
        writer.write_event(Event::End(BytesEnd::new("link")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("itemMeta")))?;

    writer.write_event(Event::Start(BytesStart::new("contentMeta")))?;
    if let Some(created) = article.published.as_ref().and_then(content_created) {
        text_element(&mut writer, "contentCreated", &[], &created)?;
    }
    if let Some(place) = article.dateline.as_ref().and_then(|d| d.place.as_deref()) {
        writer.write_event(Event::Start(BytesStart::new("located")))?;
        text_element(&mut writer, "name", &[], place)?;
        if let Some(region) = article.dateline.as_ref().and_then(|d| d.region.as_deref()) {
            writer.write_event(Event::Start(BytesStart::new("broader")))?;
            text_element(&mut writer, "name", &[], region)?;
            writer.write_event(Event::End(BytesEnd::new("broader")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("located")))?;
    }
    empty_element(&mut writer, "language", &[("tag", language.as_str())])?;
    for tag in &article.tags {
        text_element(&mut writer, "keyword", &[], tag)?;
    }
    if let Some(title) = &article.title {
        text_element(&mut writer, "headline", &[], title)?;
    }
    if let Some(dateline) = &article.dateline {
        text_element(&mut writer, "dateline", &[], &dateline.raw)?;
    }
    if let Some(byline) = &article.byline {
        text_element(&mut writer, "by", &[], byline)?;
    }
    if let Some(credit) = &article.credit {
        text_element(&mut writer, "creditline", &[], credit)?;
    }
    writer.write_event(Event::End(BytesEnd::new("contentMeta")))?;

    writer.write_event(Event::Start(BytesStart::new("contentSet")))?;
    writer.write_event(Event::Start(
        BytesStart::new("inlineXML").with_attributes([("contenttype", "application/xhtml+xml")]),
    ))?;
    write_xhtml(&mut writer, article, &language)?;
    writer.write_event(Event::End(BytesEnd::new("inlineXML")))?;
    writer.write_event(Event::End(BytesEnd::new("contentSet")))?;
    writer.write_event(Event::End(BytesEnd::new("newsItem")))?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// Where a closed quotation of the model stands in its paragraph, at or after byte `from`:
/// its opening mark, the words (which the model keeps without the space inside the marks),
/// its closing mark. Returns the start, the range inside the marks, and the end. The model
/// keeps quotations in reading order, so each is the first match after the one before.
fn locate_quote(
    paragraph: &str,
    from: usize,
    open: &str,
    quote: &Quote,
    close: &str,
) -> Option<(usize, std::ops::Range<usize>, usize)> {
    let mut search = from;
    while let Some(found) = paragraph.get(search..)?.find(open) {
        let start = search + found;
        let inner_start = start + open.len();
        let inside = &paragraph[inner_start..];
        let words_at = inner_start + (inside.len() - inside.trim_start().len());
        if let Some(after) = paragraph[words_at..].strip_prefix(quote.text.as_str()) {
            let inner_end =
                paragraph.len() - after.len() + (after.len() - after.trim_start().len());
            if paragraph[inner_end..].starts_with(close) {
                return Some((start, inner_start..inner_end, inner_end + close.len()));
            }
        }
        search = inner_start;
    }
    None
}

/// The body as XHTML 1.0 Strict: one `<p>` per paragraph, closed quotations as `<q>`
/// without their marks (the browser adds its own), figures' captions as paragraphs would
/// not be the article's words, so they stay out.
fn write_xhtml<W: io::Write>(
    writer: &mut Writer<W>,
    article: &Article,
    language: &str,
) -> io::Result<()> {
    let mut html = BytesStart::new("html").with_attributes([("xmlns", XHTML_NAMESPACE)]);
    html.push_attribute(("lang", language));
    html.push_attribute(("xml:lang", language));
    writer.write_event(Event::Start(html))?;
    writer.write_event(Event::Start(BytesStart::new("head")))?;
    text_element(writer, "title", &[], article.title.as_deref().unwrap_or(""))?;
    writer.write_event(Event::End(BytesEnd::new("head")))?;
    writer.write_event(Event::Start(BytesStart::new("body")))?;
    for (index, paragraph) in article.body.iter().enumerate() {
        writer.write_event(Event::Start(BytesStart::new("p")))?;
        let mut at = 0;
        for quote in article.quotes.iter().filter(|q| q.paragraph == index) {
            let (Some(open), Some(close)) = (&quote.open, &quote.close) else {
                continue;
            };
            let Some((start, inner, end)) = locate_quote(paragraph, at, open, quote, close) else {
                continue;
            };
            writer.write_event(Event::Text(BytesText::new(&xml_safe(
                &paragraph[at..start],
            ))))?;
            let marks = quote_marks_class(open, close);
            let class: Vec<(&str, &str)> = marks.iter().map(|m| ("class", m.as_str())).collect();
            text_element(writer, "q", &class, &paragraph[inner])?;
            at = end;
        }
        writer.write_event(Event::Text(BytesText::new(&xml_safe(&paragraph[at..]))))?;
        writer.write_event(Event::End(BytesEnd::new("p")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("body")))?;
    writer.write_event(Event::End(BytesEnd::new("html")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, Input, InputFormat};

    fn message(in_memory: usize, articles: &[Article]) -> (Vec<u8>, bool) {
        let mut writer = NewsmlWriter::new(Layout {
            stream: true,
            compact: false,
        });
        writer.in_memory = in_memory;
        writer.items = tempfile::SpooledTempFile::new(in_memory);
        let mut out = Vec::new();
        for article in articles {
            writer.write_article(article, &mut out).unwrap();
        }
        let spilled = writer.items.is_rolled();
        writer.finish(&mut out).unwrap();
        (out, spilled)
    }

    #[test]
    fn a_stream_whose_items_wait_on_disk_writes_the_same_message() {
        let texts = [
            "Judul Satu\n\nSenin, 1 April 2019\n\nJAKARTA – Isi berita pertama. (*)\n",
            "Judul Dua\n\nSelasa, 2 April 2019\n\nBANYUWANGI – Isi berita kedua. (*)\n",
            "Judul Tiga\n\nRabu, 3 April 2019\n\nMATARAM – Isi berita ketiga. (*)\n",
        ];
        let articles: Vec<Article> = texts
            .iter()
            .map(|t| {
                read(&Input::from_bytes(*t, Some("a.txt")), InputFormat::Text)
                    .unwrap()
                    .article
            })
            .collect();
        let (in_memory, spilled) = message(ITEMS_IN_MEMORY, &articles);
        assert!(!spilled);
        let (on_disk, spilled) = message(16, &articles);
        assert!(spilled, "16 bytes of memory hold no item");
        assert_eq!(
            String::from_utf8(on_disk).unwrap(),
            String::from_utf8(in_memory.clone()).unwrap()
        );
        let text = String::from_utf8(in_memory).unwrap();
        assert_eq!(text.matches("<newsItem").count(), 3);
        assert!(text.contains("<sent>2019-04-03"), "the latest item's date");
    }
}
