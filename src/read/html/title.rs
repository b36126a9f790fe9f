//! The title: the on-page headline or metadata, with the site's name taken off.

use scraper::{ElementRef, Html};

use crate::analyze::text::normalize_space;

use super::extract;
use super::meta::PageMeta;

/// Headlines as pages print them: the `<h1>`–`<h3>` that agrees with a declared title
/// (JSON-LD, OpenGraph, `<title>`), else the declared title without the site name, else a
/// lone `<h1>`.
pub(super) fn choose_title(meta: &PageMeta, html: &Html) -> Option<String> {
    let headings: Vec<(String, String)> = html
        .select(css!("h1, h2, h3"))
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| extract::is_furniture(a.value()) && a.value().name() != "header")
        })
        .map(|e| {
            (
                e.value().name().to_string(),
                normalize_space(&e.text().collect::<String>()),
            )
        })
        .filter(|(_, t)| t.split_whitespace().count() >= 3)
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
        if let Some((_, h)) = headings.iter().find(|(_, h)| similar(h, candidate)) {
            // A heading left open swallows the article after it (`<h1>Judul<p>...`, as a
            // browser parses it): then the declared title is the headline.
            let words = |s: &str| s.split_whitespace().count();
            if words(h) > 2 * words(candidate) + 5 {
                return Some(candidate.clone());
            }
            return Some(h.clone());
        }
    }
    if let Some(title) = declared.first() {
        return Some(strip_site_name(title));
    }
    headings
        .iter()
        .find(|(tag, _)| tag == "h1")
        .map(|(_, h)| h.clone())
}

/// `29 penerbangan dibatalkan - ANTARA News` -> `29 penerbangan dibatalkan`.
pub(super) fn strip_site_name(title: &str) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: ", " « ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
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
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
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
    }
}
