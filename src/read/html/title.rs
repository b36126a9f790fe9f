//! The title: the on-page headline or metadata, with the site's name taken off.

use scraper::{ElementRef, Html};

use crate::analyze::text::normalize_space;

use super::extract;
use super::meta::PageMeta;

/// Headlines as pages print them: the `<h1>`–`<h3>` that agrees with a declared title
/// (JSON-LD, OpenGraph, `<title>`), else the declared title without the site name, else a
/// lone `<h1>`.
pub(super) fn choose_title(meta: &PageMeta, html: &Html) -> Option<String> {
    let headings: Vec<(ElementRef, String)> = html
        .select(css!("h1, h2, h3"))
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| extract::is_furniture(a.value()) && a.value().name() != "header")
        })
        // A logo heading holds the site's name (`<h2 class="top-logo"><a href="/">`).
        .filter(|e| !is_masthead(*e))
        .map(|e| (e, normalize_space(&e.text().collect::<String>())))
        .filter(|(_, t)| words(t) >= 3)
        .collect();
    let declared: Vec<String> = [
        meta.headline.clone(),
        meta.og_title.clone(),
        meta.html_title.as_deref().map(strip_site_name),
        meta.microdata_headline.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    for candidate in &declared {
        if let Some((heading, h)) = headings.iter().find(|(_, h)| similar(h, candidate)) {
            // A heading left open swallows the article after it (`<h1>Judul<p>...`, as a
            // browser parses it): then the declared title is the headline.
            if words(h) > 2 * words(candidate) + 5 {
                return Some(candidate.clone());
            }
            // A heading that also holds a link to the front page (`<h1><span>Headline</span><a
            // href="/mallorca.html">Ultima Hora Mallorca</a></h1>`): its own text, when that
            // is the declared title, without the link's.
            if fold(h) != fold(candidate) {
                let unlinked = text_outside_links(*heading);
                if fold(&unlinked) == fold(candidate) {
                    return Some(unlinked);
                }
            }
            return Some(h.clone());
        }
    }
    if let Some(title) = declared.first() {
        return Some(strip_site_name(title));
    }
    headings
        .iter()
        .find(|(e, _)| e.value().name() == "h1")
        .map(|(_, h)| h.clone())
}

/// A heading that holds the site's logo, as many sites mark up their masthead (`<h1><a
/// href="/" class="logo">Deutschlandfunk</a></h1>`, an `<h1>` in a `div.hidden-logo`): not
/// the headline, and a date beside it is the masthead's today's date, not the article's.
pub(in crate::read::html) fn is_masthead(h1: ElementRef) -> bool {
    let logo = |e: &scraper::node::Element| {
        [e.attr("class"), e.attr("id")]
            .into_iter()
            .flatten()
            .any(|v| v.to_ascii_lowercase().contains("logo"))
    };
    let parent_is_logo = h1
        .parent()
        .and_then(ElementRef::wrap)
        .is_some_and(|p| logo(p.value()));
    let links_home = h1.select(css!("a")).any(|a| {
        logo(a.value()) || matches!(a.value().attr("href"), Some("/" | "./" | "index.html"))
    });
    logo(h1.value()) || parent_is_logo || links_home
}

/// Words of a headline; in scripts written without spaces (Chinese, Japanese) each
/// ideograph or kana counts as one, so `短缺药品保供稳价 全力保障临床用药需求` is a headline.
pub(super) fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let unspaced = word
                .chars()
                .filter(|&c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'))
                .count();
            unspaced.max(1)
        })
        .sum()
}

/// The text of an element outside the links it holds.
fn text_outside_links(element: ElementRef) -> String {
    let mut text = String::new();
    let mut pending = vec![*element];
    while let Some(node) = pending.pop() {
        match node.value() {
            scraper::Node::Text(t) => text.push_str(t),
            scraper::Node::Element(e) if e.name() == "a" => {}
            _ => pending.extend(node.children().rev()),
        }
    }
    normalize_space(&text)
}

/// `29 penerbangan dibatalkan - ANTARA News` -> `29 penerbangan dibatalkan`; in titles
/// written without spaces the separator may have none either (`…需求-新华网`).
pub(super) fn strip_site_name(title: &str) -> String {
    let title = title.trim();
    let unspaced = words(title) > title.split_whitespace().count();
    let spaced = [" | ", " - ", " – ", " — ", " :: ", " « ", " » "];
    let bare = ["-", "_", "|", "｜", "—"];
    let separators = spaced
        .iter()
        .chain(bare.iter().filter(|_| unspaced))
        .copied();
    for separator in separators {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if words(tail) <= 4 && words(head) >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Two headlines are the same when one contains the other, ignoring case and punctuation.
/// A block that is the title again (perhaps with a site name or a label), not a lead
/// paragraph that happens to start with the headline's words.
pub(super) fn repeats_title(title: &str, block: &str) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    similar(title, block) && words(block) <= words(title) * 3 / 2 + 3
}

pub(super) fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Lower case, letters, digits and single spaces only: headlines compared as words.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_stripped_from_titles() {
        assert_eq!(
            strip_site_name("29 penerbangan Bandara Internasional Lombok dibatalkan - ANTARA News"),
            "29 penerbangan Bandara Internasional Lombok dibatalkan"
        );
        assert_eq!(strip_site_name("Jalan - Jalan"), "Jalan - Jalan");
        // Unspaced scripts: the separator has no spaces either.
        assert_eq!(
            strip_site_name("短缺药品保供稳价 全力保障临床用药需求-新华网"),
            "短缺药品保供稳价 全力保障临床用药需求"
        );
        // A hyphen inside a spaced title is no separator.
        assert_eq!(
            strip_site_name("Covid-19 cases rise again in Jakarta"),
            "Covid-19 cases rise again in Jakarta"
        );
    }

    #[test]
    fn a_front_page_link_in_the_headline_is_not_part_of_it() {
        let page = Html::parse_document(
            r#"<html><head><title>Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta » Local » Ultima Hora Mallorca</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta"}</script></head>
            <body><h1><span class="define">Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta</span><a href="/mallorca.html">Ultima Hora Mallorca</a></h1></body></html>"#,
        );
        let meta = super::super::meta::read_meta(&page);
        assert_eq!(
            choose_title(&meta, &page).as_deref(),
            Some("Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta")
        );
        // A headline that is all one link (to the article itself) keeps its text.
        let page = Html::parse_document(
            r#"<html><head><title>Pasar Baru Dibuka di Banyuwangi - Portal</title></head>
            <body><h1><a href="/berita/1">Pasar Baru Dibuka di Banyuwangi</a></h1></body></html>"#,
        );
        let meta = super::super::meta::read_meta(&page);
        assert_eq!(
            choose_title(&meta, &page).as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
    }
}
