//! The plain-text reader, for articles scraped to text in the shape portals print them:
//! a title line, a date line, paragraphs (blank-line separated; wrapped lines joined), an
//! end marker, a related section and page chrome such as share bars and copyright lines.

use crate::analyze::credit::split_end_marker;
use crate::analyze::date::parse_date_line;
use crate::analyze::date::{weekday_from_word, PrintedDate};
use crate::analyze::dateline::split_dateline;
use crate::analyze::language::detect_language;
use crate::analyze::quote::find_quotes;
use crate::analyze::text::{is_blank, normalize_space, push_normalized};
use crate::model::{Article, DateEvidence, Published, RelatedLink, SourceFormat};

use super::{
    article_id, decode::decode_text, source_of, Input, ParagraphMap, Parsed, Position, ReadError,
    SourceMap,
};

/// Reads scraped article text.
pub fn read_text(input: &Input) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_text(&input.bytes);
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
        mut paragraphs,
        mut map,
    } = layout;

    let mut dateline = None;
    if let Some((first, first_map)) = paragraphs.first_mut() {
        if let Some(split) = split_dateline(first) {
            map.dateline = Some(first_map.start());
            dateline = Some(split.dateline);
            let prefix_len = split.prefix_len;
            first.replace_range(..prefix_len, "");
            first_map.drop_prefix(prefix_len);
        }
    }

    let mut credit = None;
    if let Some((last, last_map)) = paragraphs.last_mut() {
        if let Some(marker) = split_end_marker(last) {
            map.credit = Some(last_map.position(last, marker.start));
            credit = Some(marker.credit.to_string());
            let keep = marker.before.len();
            last.truncate(keep);
        }
        if last.is_empty() {
            paragraphs.pop();
        }
    }

    let (body, body_map): (Vec<String>, Vec<ParagraphMap>) = paragraphs.into_iter().unzip();
    map.body = body_map;
    let quotes = find_quotes(&body).into_iter().map(|f| f.quote).collect();
    let language = detect_language(body.iter().map(String::as_str).chain(title.as_deref()))
        .map(str::to_string);
    let article = Article {
        id: article_id(input, title.as_deref()),
        source: source_of(input, SourceFormat::Text, encoding),
        language,
        title,
        published,
        dateline,
        byline: (!byline.is_empty()).then(|| byline.join(", ")),
        credit,
        body,
        quotes,
        related,
        tags,
        images: Vec::new(),
    };
    Ok(Parsed { article, map, text })
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
        if !name.is_empty() && !self.byline.contains(&name) {
            self.map.byline.get_or_insert_with(|| line_start(line));
            self.byline.push(name);
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
                            if !self.tags.contains(&tag) {
                                self.tags.push(tag);
                            }
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
            push_normalized(&mut text, line.text, |at, column| {
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

/// Lines of page furniture that never belong in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chrome {
    /// `Penulis: Nama`, `Editor: Nama`, `Pewarta: Nama`, `By Name`.
    Byline(String),
    /// `Tags: a, b, c`.
    Tags(Vec<String>),
    /// `Bagikan Artikel :`, `Share`, a row of network names.
    Share,
    /// `998 Views`, `Dibaca 998 kali`.
    Counter,
    /// `COPYRIGHT © 2019 ...`: the footer starts.
    Copyright,
    /// Other labelled furniture (`Sumber: ...`, `Foto: ...`).
    Label,
}

fn classify_chrome(line: &str) -> Option<Chrome> {
    let lower = line.to_lowercase();
    if let Some((label, value)) = lower.split_once(':') {
        let label = label.trim();
        let value_original = line[line.len() - value.len()..].trim();
        match label {
            "penulis" | "pewarta" | "reporter" | "wartawan" | "editor" | "redaktur"
            | "penyunting" | "oleh" | "author" | "writer" | "written by" => {
                return Some(Chrome::Byline(value_original.to_string()));
            }
            "tags" | "tag" | "kata kunci" | "topik" | "keywords" => {
                let tags = value_original
                    .split([',', '|', '#'])
                    .map(normalize_space)
                    .filter(|t| !t.is_empty())
                    .collect();
                return Some(Chrome::Tags(tags));
            }
            "sumber" | "foto" | "fotografer" | "source" | "photo" | "video" | "ilustrasi" => {
                return Some(Chrome::Label)
            }
            _ => {}
        }
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if lower.starts_with("copyright") || lower.starts_with('©') || lower.starts_with("hak cipta") {
        return Some(Chrome::Copyright);
    }
    if lower.starts_with("bagikan")
        || matches!(
            lower.trim_end_matches([':', ' ']),
            "share" | "share this" | "share this article" | "share artikel" | "sebarkan"
        )
    {
        return Some(Chrome::Share);
    }
    const NETWORKS: &[&str] = &[
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
        "line",
        "email",
        "e-mail",
        "print",
        "linkedin",
        "pinterest",
        "google+",
        "x",
        "tweet",
        "copy",
        "link",
        "|",
    ];
    if !words.is_empty() && words.iter().all(|w| NETWORKS.contains(w)) {
        return Some(Chrome::Share);
    }
    let counter = matches!(words.as_slice(), [n, "views" | "view" | "hits"] if n.chars().all(|c| c.is_ascii_digit()))
        || matches!(words.as_slice(), ["dibaca", n, "kali"] if n.chars().all(|c| c.is_ascii_digit()));
    if counter {
        return Some(Chrome::Counter);
    }
    if words.len() <= 5
        && words.first() == Some(&"by")
        && line.chars().nth(3).is_some_and(char::is_uppercase)
    {
        return Some(Chrome::Byline(line[3..].trim().to_string()));
    }
    None
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

/// A related-section heading. `Some(None)` for a heading alone, `Some(Some(content))` for
/// an inline `Baca juga: Judul` line.
fn related_heading(line: &str) -> Option<Option<&str>> {
    const HEADINGS: &[&str] = &[
        "berita terkait",
        "baca juga",
        "berita lainnya",
        "berita lain",
        "artikel terkait",
        "lihat juga",
        "related news",
        "related",
        "related articles",
        "related stories",
        "read also",
        "see also",
    ];
    let (head, rest) = match line.split_once(':') {
        Some((head, rest)) => (head, rest.trim()),
        None => (line, ""),
    };
    let head = head.trim().to_lowercase();
    if !HEADINGS.contains(&head.as_str()) {
        return None;
    }
    Some((!rest.is_empty()).then_some(rest))
}

/// A sentence of some length: in a related section it means the section has ended.
fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() >= 12 && line.ends_with(['.', '!', '?', '"', '”'])
}

/// A word that is a link: absolute (`https://…`, `htp//…`), `www.…`, a path (`/berita/12`),
/// or a script or app link (`javascript:…`, `whatsapp:…`).
fn is_link(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.contains("//")
        || lower.starts_with("www.")
        || (lower.starts_with('/') && lower[1..].chars().any(char::is_alphanumeric))
        || [
            "javascript:",
            "mailto:",
            "tel:",
            "whatsapp:",
            "sms:",
            "data:",
        ]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// `Judul berita`, `http://…`, `- Judul berita (http://…)`, `Judul | http://…`.
fn parse_related_line(line: &str) -> Option<RelatedLink> {
    let line = line
        .trim_start_matches(['-', '•', '*', '»', '›', '>', '·'])
        .trim();
    let url = line
        .split_whitespace()
        .map(|w| w.trim_matches(['(', ')', '<', '>', '[', ']']))
        .find(|w| is_link(w));
    let title = match url {
        Some(u) => line.replacen(u, "", 1),
        None => line.to_string(),
    };
    let title = normalize_space(title.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | '|' | ':' | '-' | '–')
    }));
    let title = (!title.is_empty()).then_some(title);
    (title.is_some() || url.is_some()).then(|| RelatedLink {
        title,
        url: url.map(str::to_string),
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
