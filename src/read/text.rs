//! The plain-text reader, for articles scraped to text in the shape portals print them:
//! a title line, a date line, paragraphs (blank-line separated; wrapped lines joined), an
//! end marker, a related section and page chrome such as share bars and copyright lines.

use crate::analyze::chrome::{
    classify_chrome, is_prose, parse_related_line, related_heading, Chrome,
};
use crate::analyze::date::{parse_date_line, weekday_from_word, PrintedDate};
use crate::analyze::text::{is_blank, line_end, normalize_space, push_normalized_sparse};
use crate::model::{DateEvidence, Published, RelatedLink, SourceFormat};

use super::assemble::{assemble, push_distinct, Draft};
use super::{decode::decode_text, Input, ParagraphMap, Parsed, Position, ReadError, SourceMap};

/// Reads scraped article text.
/// Any text: the reader of last resort, after every format with a shape of its own.
pub fn sniff(_head: &[u8]) -> bool {
    true
}

/// The most paragraphs, related links and tags a text may hold: a million paragraphs of
/// one word cost some 150 MB; an article has hundreds.
pub const MAX_ITEMS: usize = 1_000_000;

pub fn read_text(input: &Input) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_text(&input.bytes, input.charset.as_deref());
    if is_blank(&text) {
        return Err(ReadError::Blank);
    }
    let mut lines = Lines::new(&text, 1).peekable();
    let mut layout = Layout::default();
    layout.read_header(&mut lines);
    layout.read_body(&text, lines)?;
    let Layout {
        title,
        published,
        byline,
        tags,
        related,
        paragraphs,
        map,
        ..
    } = layout;
    let draft = Draft {
        title,
        published,
        byline,
        tags,
        related,
        paragraphs,
        map,
        ..Draft::default()
    };
    Ok(assemble(input, SourceFormat::Text, encoding, draft, text))
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based.
    number: usize,
    /// The byte offset of the line in the text split.
    start: usize,
    text: &'a str,
}

/// Lines with their numbers; `\r\n`, `\n` and a lone `\r` all end a line. Lazy: a text of
/// millions of two-byte lines is never held as a list of them, which took 90 bytes a line.
struct Lines<'a> {
    text: &'a str,
    at: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    /// The lines of `text`, the first numbered `first`.
    fn new(text: &'a str, first: usize) -> Self {
        Lines {
            text,
            at: 0,
            number: first,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let (end, next) = line_end(self.text, start);
        self.at = next;
        let line = Line {
            number: self.number,
            start,
            text: &self.text[start..end],
        };
        self.number += 1;
        Some(line)
    }
}

/// Consecutive lines of the text waiting to become paragraphs, kept as the span they cover
/// rather than as a list.
#[derive(Debug, Clone, Copy)]
struct Block {
    start: usize,
    end: usize,
    first_line: usize,
    lines: usize,
}

/// The first character of a line that is not whitespace, as a 1-based position.
fn line_start(line: &Line) -> Position {
    let column = line.text.chars().take_while(|c| c.is_whitespace()).count();
    Position {
        line: line.number,
        column: column + 1,
    }
}

#[derive(Default)]
struct Layout {
    title: Option<String>,
    published: Option<Published>,
    byline: Vec<String>,
    tags: Vec<String>,
    /// What `byline` and `tags` hold, to keep each name and tag once in linear time.
    seen_bylines: std::collections::HashSet<String>,
    seen_tags: std::collections::HashSet<String>,
    related: Vec<RelatedLink>,
    paragraphs: Vec<(String, ParagraphMap)>,
    map: SourceMap,
}

/// What the lines after a related heading are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Body,
    Related,
    /// After a copyright line: page footer, never content.
    Footer,
}

impl Layout {
    /// Reads the title, date and byline lines, leaving the first body line in `lines`.
    fn read_header(&mut self, lines: &mut std::iter::Peekable<Lines>) {
        while lines.next_if(|line| self.read_header_line(line)).is_some() {}
    }

    /// Reads `line` into the header when it belongs there (a blank line, the title, the
    /// date line, a byline or a share bar); whether it did.
    fn read_header_line(&mut self, line: &Line) -> bool {
        if is_blank(line.text) {
            return true;
        }
        let text = normalize_space(line.text);
        if self.title.is_none() && self.published.is_none() {
            if let Some(date) = parse_date_line(&text) {
                self.set_published(line, date);
            } else {
                self.title = Some(text);
                self.map.title = Some(line_start(line));
            }
            return true;
        }
        if self.published.is_none() {
            if let Some(date) = parse_date_line(&text) {
                self.set_published(line, date);
                return true;
            }
            if let Some(unreadable) = unreadable_date_line(&text) {
                self.map.published = Some(line_start(line));
                self.published = Some(unreadable);
                return true;
            }
        }
        match classify_chrome(&text) {
            Some(Chrome::Byline(name)) => {
                self.add_byline(line, name);
                true
            }
            Some(Chrome::Share | Chrome::Counter) => true,
            _ => false,
        }
    }

    fn set_published(&mut self, line: &Line, date: PrintedDate) {
        let column = line
            .text
            .find(&date.raw)
            .map(|at| line.text[..at].chars().count() + 1)
            .unwrap_or_else(|| line_start(line).column);
        self.map.published = Some(Position {
            line: line.number,
            column,
        });
        self.published = Some(date.to_published(DateEvidence::Text));
    }

    fn add_byline(&mut self, line: &Line, name: String) {
        if push_distinct(&mut self.byline, &mut self.seen_bylines, name) {
            self.map.byline.get_or_insert_with(|| line_start(line));
        }
    }

    /// Reads the body from `lines`, the rest of `source`'s lines.
    fn read_body<'a>(
        &mut self,
        source: &'a str,
        lines: impl Iterator<Item = Line<'a>>,
    ) -> Result<(), ReadError> {
        let mut section = Section::Body;
        let mut block: Option<Block> = None;
        for line in lines {
            let line = &line;
            // Each item costs the model, its source map and the rules some hundred bytes:
            // past the limit the text is no article, and reading on would exhaust memory.
            self.within_item_limit()?;
            if is_blank(line.text) {
                self.flush(source, &mut block);
                continue;
            }
            let text = normalize_space(line.text);
            if section == Section::Footer {
                continue;
            }
            if let Some(inline) = related_heading(&text) {
                self.flush(source, &mut block);
                self.map
                    .related_section
                    .get_or_insert_with(|| line_start(line));
                match inline {
                    // `Baca juga: Judul berita` inside the body is one link, not a section.
                    Some(content) => self.add_related(line, content),
                    None => section = Section::Related,
                }
                continue;
            }
            if let Some(chrome) = classify_chrome(&text) {
                self.flush(source, &mut block);
                match chrome {
                    Chrome::Byline(name) => self.add_byline(line, name),
                    Chrome::Tags(tags) => {
                        for tag in tags {
                            push_distinct(&mut self.tags, &mut self.seen_tags, tag);
                        }
                    }
                    Chrome::Copyright => section = Section::Footer,
                    Chrome::Share | Chrome::Counter | Chrome::Label => {}
                }
                if section == Section::Related {
                    section = Section::Body;
                }
                continue;
            }
            if section == Section::Related {
                if !is_prose(&text) {
                    self.add_related(line, &text);
                    continue;
                }
                section = Section::Body;
            }
            let end = line.start + line.text.len();
            match &mut block {
                Some(b) if b.first_line + b.lines == line.number => {
                    b.end = end;
                    b.lines += 1;
                }
                _ => {
                    self.flush(source, &mut block);
                    block = Some(Block {
                        start: line.start,
                        end,
                        first_line: line.number,
                        lines: 1,
                    });
                }
            }
        }
        self.flush(source, &mut block);
        self.within_item_limit()
    }

    fn within_item_limit(&self) -> Result<(), ReadError> {
        if self.paragraphs.len() + self.related.len() + self.tags.len() > MAX_ITEMS {
            return Err(ReadError::TooManyParagraphs { limit: MAX_ITEMS });
        }
        Ok(())
    }

    fn add_related(&mut self, line: &Line, text: &str) {
        if let Some(link) = parse_related_line(text) {
            self.map.related.push(line_start(line));
            self.related.push(link);
        }
    }

    /// Turns a block of consecutive lines of `source` into one or more paragraphs.
    fn flush(&mut self, source: &str, block: &mut Option<Block>) {
        let Some(block) = block.take() else {
            return;
        };
        let lines = || Lines::new(&source[block.start..block.end], block.first_line);
        let length = |line: &Line| line.text.trim().chars().count();
        let longest = lines().map(|l| length(&l)).max().unwrap_or(0);
        let mut text = String::new();
        let mut map = ParagraphMap::default();
        for (k, line) in lines().enumerate() {
            push_normalized_sparse(&mut text, line.text, |at, column| {
                map.push(
                    at,
                    Position {
                        line: line.number,
                        column: column + 1,
                    },
                )
            });
            // Hard-wrapped text fills every line but the last; a line that ends a sentence
            // well short of the others ends its paragraph. Lines far longer than any wrap
            // width are whole paragraphs each.
            let ends_sentence = text.ends_with(['.', '!', '?', '"', '”', '’', ')', ':']);
            let short = length(&line) * 5 < longest * 4 || longest > 200;
            if k + 1 < block.lines && ends_sentence && short {
                self.push_paragraph(std::mem::take(&mut text), std::mem::take(&mut map));
            }
        }
        self.push_paragraph(text, map);
    }

    fn push_paragraph(&mut self, mut text: String, mut map: ParagraphMap) {
        if !text.is_empty() {
            text.shrink_to_fit();
            map.shrink_to_fit();
            self.paragraphs.push((text, map));
        }
    }
}

/// A short line opening with a weekday (`Senin, 1 Aprl 2019`) is a date line even when the
/// date cannot be read: it is kept as printed, without a calendar date, for the rules.
fn unreadable_date_line(line: &str) -> Option<Published> {
    let first = line.split([',', ' ', '/']).next()?;
    let weekday = weekday_from_word(first)?;
    (first.chars().count() >= 4 && line.split_whitespace().count() <= 8).then(|| Published {
        raw: line.to_string(),
        date: None,
        time: None,
        offset: None,
        timezone: None,
        weekday: Some(weekday),
        source: DateEvidence::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Parsed {
        read_text(&Input::from_bytes(text, Some("t.txt"))).expect("readable")
    }

    #[test]
    fn layout_of_a_scraped_article() {
        let p = read(
            "Judul Berita\n\nSenin, 1 April 2019\n\nBANYUWANGI – Paragraf satu.\n\nParagraf dua, kata Anas. (*)\n\nBerita Terkait\n\nBagikan Artikel :\n",
        );
        let a = p.article;
        assert_eq!(a.title.as_deref(), Some("Judul Berita"));
        assert_eq!(a.published.unwrap().date.as_deref(), Some("2019-04-01"));
        assert_eq!(a.body, vec!["Paragraf satu.", "Paragraf dua, kata Anas."]);
        assert_eq!(a.credit.as_deref(), Some("*"));
        assert!(a.related.is_empty());
        assert_eq!(p.map.related_section.map(|p| p.line), Some(9));
        assert_eq!(p.map.dateline.map(|p| p.line), Some(5));
    }

    #[test]
    fn wrapped_lines_join_and_short_sentence_lines_split() {
        let p = read(
            "Judul\n\nIni baris pertama yang panjang dan terpotong oleh\npenyunting lama di tengah kalimat.\n",
        );
        assert_eq!(
            p.article.body,
            vec!["Ini baris pertama yang panjang dan terpotong oleh penyunting lama di tengah kalimat."]
        );
        let p = read("Judul\n\nKalimat pertama yang cukup panjang berakhir di sini dengan titik.\nPendek.\nKalimat ketiga yang juga cukup panjang sampai ujung baris ini.\n");
        assert_eq!(p.article.body.len(), 2, "{:?}", p.article.body);
    }

    #[test]
    fn related_links_with_and_without_urls() {
        let p = read("Judul\n\nIsi berita.\n\nBaca Juga:\n- Jalan baru dibuka (https://example.go.id/jalan-baru)\nhttps://example.go.id/lain\nJudul tanpa tautan\n");
        let r = p.article.related;
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].title.as_deref(), Some("Jalan baru dibuka"));
        assert_eq!(
            r[0].url.as_deref(),
            Some("https://example.go.id/jalan-baru")
        );
        assert_eq!(r[1].title, None);
        assert_eq!(r[2].url, None);
    }

    #[test]
    fn chrome_goes_to_its_fields_not_the_body() {
        let p = read("Judul\n\nPenulis: Ani\nIsi berita.\n\nEditor: Budi\nTags: banyuwangi, inovasi\nShare\nCOPYRIGHT © 2019 PEMKAB\nApa pun di bawah ini.\n");
        let a = p.article;
        assert_eq!(a.body, vec!["Isi berita."]);
        assert_eq!(a.byline.as_deref(), Some("Ani, Budi"));
        assert_eq!(a.tags, vec!["banyuwangi", "inovasi"]);
    }

    #[test]
    fn positions_point_into_the_original_lines() {
        let p = read("Judul\n\nBANYUWANGI – Satu dua\ntiga “empat”.\n");
        let body = &p.article.body[0];
        let at = body.find('“').unwrap();
        assert_eq!(
            p.map.body[0].position(body, at),
            Position { line: 4, column: 6 }
        );
        assert_eq!(
            p.map.body[0].position(body, 0),
            Position {
                line: 3,
                column: 14
            }
        );
    }

    #[test]
    fn windows_line_endings_and_lone_cr() {
        let p = read(
            "Judul\r\n\r\nIsi satu.\r\n\r\nIsi dua.\rIsi tiga panjang sekali yang tidak diakhiri\r",
        );
        assert_eq!(p.article.body.len(), 3);
    }
}
