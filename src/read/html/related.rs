//! Related links: `Baca juga` sections, link lists after the body, a profile's related
//! selector; each link once.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use crate::analyze::chrome::related_heading;
use crate::analyze::text::normalize_space;
use crate::model::RelatedLink;

use super::extract::Block;
use super::links::{absolute, is_page_control};

pub(super) fn push_links(related: &mut Vec<RelatedLink>, block: &Block, base: Option<&url::Url>) {
    for link in &block.links {
        if is_page_control(&link.href) {
            continue;
        }
        related.push(RelatedLink {
            title: Some(link.text.clone()).filter(|t| !t.is_empty()),
            url: Some(absolute(&link.href, base)),
        });
    }
}

pub(super) fn dedup_related(related: &mut Vec<RelatedLink>) {
    let mut seen = HashSet::new();
    related.retain(|link| seen.insert((link.url.clone(), link.title.clone())));
}

/// Headings whose section lists the article's own related links.
pub(super) fn is_related_heading_text(text: &str) -> bool {
    related_heading(&normalize_space(text)).is_some_and(|inline| inline.is_none())
}

/// The article's own related-links block: a related heading followed by links, or an
/// element marked related, inside or right after the article; never a sidebar. Returns the
/// section's heading text when there is one, even if the section lists nothing.
pub(super) fn collect_related_sections(
    html: &Html,
    containers: &[NodeId],
    base: Option<&url::Url>,
    related: &mut Vec<RelatedLink>,
) -> Option<String> {
    let &top = containers.first()?;
    let mut heading_text = None;
    // The article's neighbourhood: its container's parent and grandparent.
    let scope = html
        .tree
        .get(top)
        .and_then(|n| n.parent())
        .and_then(|p| p.parent().or(Some(p)));
    let scope = scope.and_then(ElementRef::wrap)?;
    let marked = css!(
        "[class*=related], [id*=related], [class*=terkait], [id*=terkait], [class*=baca-juga], [class*=bacajuga], a[rel~=related]"
    );
    for element in scope.select(marked) {
        if in_sidebar(element) {
            continue;
        }
        add_links_of(element, base, related);
    }
    for heading in scope.select(css!("h2, h3, h4, h5, strong, b, span, div, p")) {
        // Read no further than a heading can be long: every `div` of a page nested
        // thousands deep holds the text of all the others.
        let mut own = String::new();
        for piece in heading.text() {
            own.push_str(piece);
            if own.len() > 40 {
                break;
            }
        }
        if own.len() > 40 || !is_related_heading_text(&own) || in_sidebar(heading) {
            continue;
        }
        heading_text.get_or_insert_with(|| normalize_space(&own));
        // The links after the heading, in its next sibling element.
        if let Some(next) = heading.next_siblings().find_map(ElementRef::wrap) {
            add_links_of(next, base, related);
        }
    }
    heading_text
}

pub(super) fn in_sidebar(element: ElementRef) -> bool {
    element.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let name = a.value().name();
        let class = format!(
            "{} {}",
            a.value().attr("class").unwrap_or(""),
            a.value().attr("id").unwrap_or("")
        )
        .to_ascii_lowercase();
        name == "aside"
            || [
                "sidebar", "popular", "populer", "most", "widget", "trending", "footer",
            ]
            .iter()
            .any(|w| class.contains(w))
    })
}

pub(super) fn add_links_of(
    element: ElementRef,
    base: Option<&url::Url>,
    related: &mut Vec<RelatedLink>,
) {
    let links: Vec<ElementRef> = if element.value().name() == "a" {
        vec![element]
    } else {
        element.select(css!("a[href]")).collect()
    };
    for a in links.into_iter().take(20) {
        let href = a.value().attr("href").unwrap_or("").trim();
        let text = normalize_space(&a.text().collect::<String>());
        if is_page_control(href) || text.chars().count() < 10 {
            continue;
        }
        related.push(RelatedLink {
            title: Some(text),
            url: Some(absolute(href, base)),
        });
    }
}
