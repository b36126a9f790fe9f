//! The title: the on-page headline or metadata, with the site's name taken off.

use scraper::{ElementRef, Html};

use crate::analyze::text::normalize_space;

use super::extract;
use super::meta::PageMeta;

/// A heading on the page and its text.
type Heading<'a> = (ElementRef<'a>, String);

/// Headlines as pages print them: the `<h1>`–`<h3>` that agrees with a declared title
/// (JSON-LD, OpenGraph, `<title>`), else the declared title without the site name, else a
/// lone `<h1>`.
pub(super) fn choose_title(meta: &PageMeta, html: &Html) -> Option<String> {
    let (headings, short): (Vec<Heading>, Vec<Heading>) = html
        .select(css!("h1, h2, h3"))
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| extract::is_furniture(a.value()) && a.value().name() != "header")
        })
        // A logo heading holds the site's name (`<h2 class="top-logo"><a href="/">`).
        .filter(|e| !is_masthead(*e))
        .map(|e| (e, heading_text(e)))
        .filter(|(_, t)| words(t) >= 1)
        .partition(|(_, t)| words(t) >= 3);
    let declared: Vec<String> = [
        meta.headline.clone(),
        meta.og_title.clone(),
        meta.html_title.as_deref().map(strip_site_name),
        meta.microdata_headline.clone(),
    ]
    .into_iter()
    .flatten()
    // A title of punctuation only (`-`, `|`) declares nothing.
    .filter(|t| t.chars().any(char::is_alphanumeric))
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
                // A heading that also holds a kicker or a label in an element of its own
                // (`<h1><span class="dachzeile">Tunesien</span><br>Große Aufgaben …</h1>`,
                // a date, a screen-reader `Headline:`): the part of it, cut at its own
                // element boundaries, that is the declared title, as the page prints it.
                if let Some(part) = part_declared(*heading, candidate) {
                    return Some(part);
                }
            }
            return Some(h.clone());
        }
    }
    // A headline of a word or two (`Bielersee-Winterhechte`, `CDPATH replacements`) is one
    // when the declared titles open with it and go on past a separator with the site's
    // name (`Water-Making Spell - Harry Potter Wiki`): too short to take on its own
    // (`Menu`, `Kontakt`), and too short for the site name to be told by its length. Every
    // declared title must agree: a section's `<h1>News</h1>` under `<title>News - Eawag`
    // is not the article's headline when og:title names the article. What follows the
    // separator is taken for the site's name however long (`petri-heil.ch | Dein
    // Schweizer Fischereimagazin`), so a page whose `<title>` is a one-word kicker and the
    // headline, and which prints only the kicker, is taken by its kicker.
    let opens = |title: &str, heading: &str| {
        fold(title) == fold(heading)
            || SITE_SEPARATORS.iter().any(|separator| {
                title
                    .split_once(separator)
                    .is_some_and(|(head, _)| fold(head) == fold(heading))
            })
    };
    let titles: Vec<&String> = [&meta.headline, &meta.og_title, &meta.html_title]
        .into_iter()
        .flatten()
        .collect();
    let all_open_with =
        |heading: &str| !titles.is_empty() && titles.iter().all(|title| opens(title, heading));
    if let Some((_, h)) = short.iter().find(|(_, h)| all_open_with(h)) {
        return Some(h.clone());
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

/// Elements of a heading looked at for [`part_declared`], and children of one: a heading is
/// a few elements; past these it is a page that is all heading, not worth cutting.
const HEADING_PARTS: usize = 64;

/// The text of a run of `heading`'s nodes (an element, or the first or last few children of
/// one) that folds to `declared`.
fn part_declared(heading: ElementRef, declared: &str) -> Option<String> {
    let wanted = fold(declared);
    let text_of = |nodes: &[ego_tree::NodeRef<scraper::Node>]| {
        shown_text(nodes.iter().flat_map(|node| node.descendants()))
    };
    for element in heading
        .descendants()
        .filter_map(ElementRef::wrap)
        .take(HEADING_PARTS)
    {
        let children: Vec<_> = element.children().take(HEADING_PARTS + 1).collect();
        if children.len() > HEADING_PARTS {
            continue;
        }
        for cut in 1..children.len() {
            for run in [&children[cut..], &children[..cut]] {
                let text = text_of(run);
                if fold(&text) == wanted {
                    // Without the separator between the parts (`<span>: </span>`).
                    let text = text.trim_matches(|c: char| {
                        c.is_whitespace() || matches!(c, ':' | '|' | '-' | '–' | '—' | '·' | '/')
                    });
                    return Some(normalize_space(text));
                }
            }
        }
    }
    None
}

/// A heading's text, a line break read as the space it shows (`Pasar Baru<br>Dibuka`).
fn heading_text(heading: ElementRef) -> String {
    normalize_space(&shown_text(heading.descendants()))
}

/// The text of `nodes` as a page shows it, a `<br>` as a space.
fn shown_text<'a>(nodes: impl Iterator<Item = ego_tree::NodeRef<'a, scraper::Node>>) -> String {
    let mut text = String::new();
    for node in nodes {
        match node.value() {
            scraper::Node::Text(t) => text.push_str(t),
            scraper::Node::Element(e) if e.name() == "br" => text.push(' '),
            _ => {}
        }
    }
    text
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

/// What stands between a title and the site's name in `<title>`.
const SITE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " « ", " » "];

/// `29 penerbangan dibatalkan - ANTARA News` -> `29 penerbangan dibatalkan`; in titles
/// written without spaces the separator may have none either (`…需求-新华网`).
pub(super) fn strip_site_name(title: &str) -> String {
    let title = title.trim();
    let unspaced = words(title) > title.split_whitespace().count();
    let spaced = SITE_SEPARATORS;
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

    fn title_of(page: &str) -> Option<String> {
        let page = Html::parse_document(page);
        let meta = super::super::meta::read_meta(&page);
        choose_title(&meta, &page)
    }

    #[test]
    fn a_kicker_or_label_in_the_heading_is_not_part_of_the_headline() {
        // A kicker in its own element and a line break (German Dachzeile, a roofline).
        assert_eq!(
            title_of(
                r#"<html><head><meta property="og:title" content="Pasar Baru Dibuka di Banyuwangi"></head>
                <body><h1><span class="dachzeile">Ekonomi</span><br>Pasar Baru Dibuka di Banyuwangi</h1></body></html>"#
            )
            .as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
        // A label for screen readers, with its separator.
        assert_eq!(
            title_of(
                r#"<html><head><title>Pasar Baru Dibuka di Banyuwangi | Portal</title></head>
                <body><h1><span class="visually-hidden">Judul: </span>Pasar Baru Dibuka di Banyuwangi</h1></body></html>"#
            )
            .as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
        // A printed date above the headline, inside it.
        assert_eq!(
            title_of(
                r#"<html><head><meta property="og:title" content="Pasar Baru Dibuka di Banyuwangi"></head>
                <body><h2><small>1. April 2019</small> <strong>Pasar Baru Dibuka di Banyuwangi</strong></h2></body></html>"#
            )
            .as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
    }

    #[test]
    fn a_short_headline_is_taken_when_every_declared_title_opens_with_it() {
        assert_eq!(
            title_of(
                r#"<html><head><title>Gandrung Sewu - Portal Banyuwangi</title></head>
                <body><h1>Gandrung Sewu</h1></body></html>"#
            )
            .as_deref(),
            Some("Gandrung Sewu")
        );
        // A section's heading under a `<title>` of the section, when og:title names the
        // article: the article's title, not the section's.
        assert_eq!(
            title_of(
                r#"<html><head><title>Berita - Portal Banyuwangi</title>
                <meta property="og:title" content="Pasar Baru Dibuka di Banyuwangi"></head>
                <body><h1 class="pagetitle">Berita</h1></body></html>"#
            )
            .as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
    }

    /// A hostile user's cases (issue #12): a punctuation-only og:title, a line break
    /// inside the headline.
    #[test]
    fn punctuation_and_line_breaks_in_titles() {
        let dash = r#"<html><head><meta property="og:title" content="-"></head>
            <body><h1>Pasar Baru Dibuka di Banyuwangi</h1></body></html>"#;
        assert_eq!(
            title_of(dash).as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
        let broken = r#"<html><head></head>
            <body><h1>Pasar Baru<br>Dibuka di Banyuwangi</h1></body></html>"#;
        assert_eq!(
            title_of(broken).as_deref(),
            Some("Pasar Baru Dibuka di Banyuwangi")
        );
    }
}
