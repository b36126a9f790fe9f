//! What the HTML reader saw of the page, for the extraction's confidence: where the body
//! came from and how much running text it left out.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;

use crate::analyze::confidence::Evidence;
use crate::model::ExtractionMethod;

use super::extract::{self, Selection, Walked};

/// Elements whose text is never running text.
const NOT_TEXT: &[&str] = &["script", "style", "noscript", "template", "title", "head"];

/// A block this long, with few links, reads like a paragraph of running text.
const PARAGRAPH_CHARS: usize = 150;

/// The evidence of a page whose body is `selection`, chosen by a profile or not.
pub fn evidence(
    html: &Html,
    walked: &Walked,
    selection: &Selection,
    by_profile: bool,
    headline: Option<NodeId>,
) -> Evidence {
    let text_outside = prose_left_out(walked, selection);
    let blocks: HashSet<NodeId> = selection
        .blocks
        .iter()
        .map(|&i| walked.blocks[i].node)
        .collect();
    let containers: HashSet<NodeId> = selection.containers.iter().copied().collect();
    let text_before_body = headline.map_or(0, |headline| {
        running_text_between(html, headline, &blocks, &containers)
    });
    let element = |id| html.tree.get(id).and_then(|n| n.value().as_element());
    let marked = !selection.containers.is_empty()
        && selection.containers.iter().all(|&id| {
            element(id)
                .and_then(|e| e.attr("itemprop"))
                .is_some_and(|p| p.split_whitespace().any(|w| w == "articleBody"))
        });
    // A container that the strict pass calls furniture, or sits in some, was found only
    // once class names stopped counting.
    let loose_retry = !by_profile
        && selection.containers.iter().any(|&id| {
            let mut node = html.tree.get(id);
            while let Some(n) = node {
                if n.value().as_element().is_some_and(extract::is_furniture) {
                    return true;
                }
                node = n.parent();
            }
            false
        });
    Evidence {
        method: Some(if by_profile {
            ExtractionMethod::Profile
        } else if marked {
            ExtractionMethod::Markup
        } else {
            ExtractionMethod::Heuristic
        }),
        text_outside,
        text_before_body,
        loose_retry,
    }
}

/// Characters of running text (as [`running_text_of`] counts it) after the headline
/// and before the body's first node (a block, a container, or an element holding one of
/// the text runs that are blocks), in document order: the article a wrong container left
/// behind sits there.
fn running_text_between(
    html: &Html,
    headline: NodeId,
    blocks: &HashSet<NodeId>,
    containers: &HashSet<NodeId>,
) -> usize {
    let mut total = 0;
    let mut seen_headline = false;
    let mut skip_below: Option<NodeId> = None;
    for edge in html.tree.root().traverse() {
        let ego_tree::iter::Edge::Open(node) = edge else {
            if let ego_tree::iter::Edge::Close(node) = edge {
                if Some(node.id()) == skip_below {
                    skip_below = None;
                }
            }
            continue;
        };
        let id = node.id();
        let holds_a_block = || node.children().any(|c| blocks.contains(&c.id()));
        if blocks.contains(&id) || containers.contains(&id) || holds_a_block() {
            break;
        }
        if node.id() == headline {
            seen_headline = true;
            skip_below = Some(node.id());
            continue;
        }
        if skip_below.is_some() || !seen_headline {
            continue;
        }
        if let Some(element) = node.value().as_element() {
            // A picture's caption stands between headline and text on most portals.
            if NOT_TEXT.contains(&element.name())
                || matches!(element.name(), "figure" | "figcaption")
            {
                skip_below = Some(node.id());
                continue;
            }
            total += running_text_of(node);
        }
    }
    total
}

/// Characters of text written directly in `node` (not in its links or children), when it
/// holds at least a paragraph's worth; else 0.
fn running_text_of(node: ego_tree::NodeRef<scraper::Node>) -> usize {
    let own: usize = node
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.trim().chars().count()))
        .sum();
    if own >= PARAGRAPH_CHARS {
        own
    } else {
        0
    }
}

/// Characters of the prose paragraphs the walk found and the selection left out. A body
/// that left out more prose than it kept is doubtful: on a page whose article the
/// selection missed in part, the rest stays among the walk's blocks. (Counting every
/// element's text on the page, furniture included, said less: menus and footers of
/// long pages hold paragraphs of their own.)
fn prose_left_out(walked: &Walked, selection: &Selection) -> usize {
    let chosen: HashSet<usize> = selection.blocks.iter().copied().collect();
    walked
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, block)| !chosen.contains(i) && block.is_prose())
        .map(|(_, block)| block.text.chars().count())
        .sum()
}
