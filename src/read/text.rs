//! The plain-text reader, for articles scraped to text in the shape portals print them:
//! a title line, a date line, paragraphs (blank-line separated; wrapped lines joined), an
//! end marker, a related section and page chrome such as share bars and copyright lines.

use crate::analyze::chrome::{
    classify_chrome, is_prose, parse_related_line, related_heading, Chrome,
};
use crate::analyze::date::{parse_date_line, weekday_from_word, PrintedDate};
use crate::analyze::text::{is_blank, normalize_space, push_normalized_sparse};
use crate::model::{DateEvidence, Published, RelatedLink, SourceFormat};

use super::assemble::{assemble, push_distinct, Draft};
use super::{decode::decode_text, Input, ParagraphMap, Parsed, Position, ReadError, SourceMap};

/// Reads scraped article text.
/// Any text: the reader of last resort, after every format with a shape of its own.
pub fn sniff(_head: &[u8]) -> bool {
    true
}

pub fn read_text(input: &Input) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_text(&input.bytes, input.charset.as_deref());
    if is_blank(&text) {
        return Err(ReadError::Blank);
    }
    let lines = split_lines(&text);
    let mut layout = Layout::default();
    let body_start = layout.read_header(&lines);
    layout.read_body(&lines[body_start..]);
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
    text: &'a str,
}

/// Lines with their numbers; `\r\n`, `\n` and a lone `\r` all end a line.
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            lines.push(&text[start..i]);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text,
        })
        .collect()
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
    /// Reads the title, date and byline lines; returns the index of the first body line.
    fn read_header(&mut self, lines: &[Line]) -> usize {
        for (i, line) in lines.iter().enumerate() {
            if is_blank(line.text) {
                continue;
            }
            let text = normalize_space(line.text);
            if self.title.is_none() && self.published.is_none() {
                if let Some(date) = parse_date_line(&text) {
                    self.set_published(line, date);
                } else {
                    self.title = Some(text);
                    self.map.title = Some(line_start(line));
                }
                continue;
            }
            if self.published.is_none() {
                if let Some(date) = parse_date_line(&text) {
                    self.set_published(line, date);
                    continue;
                }
                if let Some(unreadable) = unreadable_date_line(&text) {
                    self.map.published = Some(line_start(line));
                    self.published = Some(unreadable);
                    continue;
                }
            }
            match classify_chrome(&text) {
                Some(Chrome::Byline(name)) => self.add_byline(line, name),
                Some(Chrome::Share | Chrome::Counter) => {}
                _ => return i,
            }
        }
        lines.len()
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

    fn read_body(&mut self, lines: &[Line]) {
        let mut section = Section::Body;
        let mut block: Vec<Line> = Vec::new();
        for line in lines {
            if is_blank(line.text) {
                self.flush(&mut block);
                continue;
            }
            let text = normalize_space(line.text);
            if section == Section::Footer {
                continue;
            }
            if let Some(inline) = related_heading(&text) {
                self.flush(&mut block);
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
                self.flush(&mut block);
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
            block.push(*line);
        }
        self.flush(&mut block);
    }

    fn add_related(&mut self, line: &Line, text: &str) {
        if let Some(link) = parse_related_line(text) {
            self.map.related.push(line_start(line));
            self.related.push(link);
        }
    }

    /// Turns a block of consecutive lines into one or more paragraphs.
    fn flush(&mut self, block: &mut Vec<Line>) {
        if block.is_empty() {
            return;
        }
        let lengths: Vec<usize> = block
            .iter()
            .map(|l| l.text.trim().chars().count())
            .collect();
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let mut text = String::new();
        let mut anchors = Vec::new();
        for (k, line) in block.iter().enumerate() {
            push_normalized_sparse(&mut text, line.text, |at, column| {
                anchors.push((
                    at,
                    Position {
                        line: line.number,
                        column: column + 1,
                    },
                ))
            });
            // Hard-wrapped text fills every line but the last; a line that ends a sentence
            // well short of the others ends its paragraph. Lines far longer than any wrap
            // width are whole paragraphs each.
            let ends_sentence = text.ends_with(['.', '!', '?', '"', '”', '’', ')', ':']);
            let short = lengths[k] * 5 < longest * 4 || longest > 200;
            if k + 1 < block.len() && ends_sentence && short {
                self.push_paragraph(std::mem::take(&mut text), std::mem::take(&mut anchors));
            }
        }
        self.push_paragraph(text, anchors);
        block.clear();
    }

    fn push_paragraph(&mut self, text: String, anchors: Vec<(usize, Position)>) {
        if !text.is_empty() {
            self.paragraphs.push((text, ParagraphMap::new(anchors)));
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
