//! Page furniture in text: share bars, bylines, tags, counters, copyright lines, and the
//! headings and lines of related-article sections. Every reader recognises them the same way.

use crate::analyze::text::normalize_space;
use crate::model::RelatedLink;

/// Lines of page furniture that never belong in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chrome {
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

/// The most tags one `Tags:` line gives: a line of millions (`a,a,a,…`, 64 MB) took 2 GB
/// as separate strings before they were found to be the same tag.
pub const MAX_LINE_TAGS: usize = 1000;

pub fn classify_chrome(line: &str) -> Option<Chrome> {
    let lower = line.to_lowercase();
    // Split the line itself: lower-casing changes byte lengths (`İ` is two bytes, `i̇`
    // three), so an offset found in `lower` is not one in `line`.
    if let Some((label, value_original)) = line.split_once(':') {
        let label = label.trim().to_lowercase();
        let value_original = value_original.trim();
        match label.as_str() {
            "penulis" | "pewarta" | "reporter" | "wartawan" | "editor" | "redaktur"
            | "penyunting" | "oleh" | "author" | "writer" | "written by" => {
                return Some(Chrome::Byline(value_original.to_string()));
            }
            "tags" | "tag" | "kata kunci" | "topik" | "keywords" => {
                let tags = value_original
                    .split([',', '|', '#'])
                    .map(normalize_space)
                    .filter(|t| !t.is_empty())
                    .take(MAX_LINE_TAGS)
                    .collect();
                return Some(Chrome::Tags(tags));
            }
            "sumber" | "foto" | "fotografer" | "source" | "photo" | "video" | "ilustrasi"
            | "redaksi" | "hubungi" | "kontak" | "contact" => return Some(Chrome::Label),
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
    let number = |n: &&str| n.chars().all(|c| c.is_ascii_digit() || c == '.');
    let counter = matches!(words.as_slice(), [n, "views" | "view" | "hits"] if number(n))
        || matches!(words.as_slice(), ["dibaca", n, "kali"] if number(n))
        || matches!(words.as_slice(), [.., "dilihat", n, "kali"] if number(n))
        || matches!(
            words.as_slice(),
            ["rate", "artikel", "ini"]
                | ["more", "photos"]
                | ["foto", "lainnya"]
                | ["informasi", "pemasangan", "iklan"]
                | ["advertisement"]
                | ["iklan"]
        );
    if counter {
        return Some(Chrome::Counter);
    }
    if words.len() <= 5
        && words.first() == Some(&"by")
        && line.chars().nth(3).is_some_and(char::is_uppercase)
    {
        let name = line
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest);
        return Some(Chrome::Byline(name.trim().to_string()));
    }
    None
}

/// A related-section heading. `Some(None)` for a heading alone, `Some(Some(content))` for
/// an inline `Baca juga: Judul` line.
pub fn related_heading(line: &str) -> Option<Option<&str>> {
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
pub fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() >= 12 && line.ends_with(['.', '!', '?', '"', '”'])
}

/// A word that is a link: absolute (`https://…`, `htp//…`), `www.…`, a path (`/berita/12`),
/// or a script or app link (`javascript:…`, `whatsapp:…`).
pub fn is_link(word: &str) -> bool {
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
pub fn parse_related_line(line: &str) -> Option<RelatedLink> {
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
mod offset_tests {
    use super::*;

    #[test]
    fn a_tags_line_gives_at_most_its_limit() {
        let line = format!("Tags: {}", "pasar,".repeat(MAX_LINE_TAGS * 3));
        let Some(Chrome::Tags(tags)) = classify_chrome(&line) else {
            panic!("not a tags line");
        };
        assert_eq!(tags.len(), MAX_LINE_TAGS);
    }

    #[test]
    fn labels_are_matched_on_the_line_itself_not_a_lower_cased_copy() {
        assert_eq!(
            classify_chrome("Editor: İsmail Yılmaz"),
            Some(Chrome::Byline("İsmail Yılmaz".to_string()))
        );
        let _ = classify_chrome("Kafé: İİ");
        let _ = classify_chrome("İİİİ Kafé: x");
        let _ = classify_chrome("by\u{3000}Ani Rahmawati");
    }
}
