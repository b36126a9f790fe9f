//! The byline from markup (`rel=author`, author classes) and label stripping.

use scraper::Html;

use crate::analyze::chrome::{classify_chrome, Chrome};
use crate::analyze::text::normalize_space;

use super::related::in_sidebar;

/// The author as marked up: `rel=author`, microdata, or an author/byline element, with
/// labels such as `Penulis:`, `oleh` and `By` taken off.
pub(super) fn byline_from_markup(html: &Html) -> Option<String> {
    let selector = css!(
        "[itemprop~=author] [itemprop~=name], [itemprop~=author], [rel~=author], .author .fn, \
         [class*=author], [class*=byline], [class*=penulis], [class*=reporter]"
    );
    for element in html.select(selector) {
        if in_sidebar(element) {
            continue;
        }
        let text = normalize_space(&element.text().collect::<String>());
        if text.is_empty() || text.chars().count() > 80 {
            continue;
        }
        let name = match classify_chrome(&text) {
            Some(Chrome::Byline(name)) => name,
            _ => strip_byline_label(&text),
        };
        let words = name.split_whitespace().count();
        if (1..=6).contains(&words) && name.chars().next().is_some_and(char::is_uppercase) {
            return Some(name);
        }
    }
    None
}

/// `Ditulis oleh Ani`, `By Ani`, `Penulis Ani` -> `Ani`.
pub(super) fn strip_byline_label(text: &str) -> String {
    for prefix in ["ditulis oleh", "oleh", "by", "penulis", "reporter"] {
        // Matched on the text itself: a lower-cased copy has other byte lengths.
        if text
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            return text[prefix.len()..]
                .trim_start_matches([':', ' '])
                .to_string();
        }
    }
    text.to_string()
}
