//! The standfirst: the lead that the page's own description repeats, printed under the
//! headline in a wrapper of its own (`chapo`, `intro`, `teaser`, a hero's text) that is
//! too short beside the article to win or to join it by its score.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;

use crate::analyze::text::{fold_letters, sentence_ends};

use super::extract::{Selection, Walked};

/// Characters of the folded text compared: enough to tell a lead from another paragraph,
/// few enough that a description cut short still matches.
const COMPARED: usize = 60;
/// How far into the folded description a lead's opening is looked for: a description
/// opens with its lead, or with a kicker or dateline first.
const DESCRIPTION_HEAD: usize = 300;

/// Joins to `selection` the prose blocks between the `headline` and the body whose
/// opening the page's `description` (`og:description`, `<meta name=description>`)
/// repeats, and says whether it did. A lead is a paragraph of two sentences or more: one
/// sentence under the headline is its dek, a subtitle the article's text does not
/// include; a site's tagline or a series blurb above the headline is no lead. Nothing is
/// joined when the body already holds the description's opening (after a dateline, say).
pub(super) fn join_described_lead(
    html: &Html,
    walked: &Walked,
    selection: &mut Selection,
    headline: NodeId,
    description: Option<&str>,
) -> bool {
    let Some(described) = description.map(fold_letters) else {
        return false;
    };
    let description_opening: String = described.chars().take(COMPARED).collect();
    if description_opening.chars().count() < COMPARED {
        return false;
    }
    let head: String = described.chars().take(DESCRIPTION_HEAD).collect();
    let Some(&first) = selection.blocks.first() else {
        return false;
    };
    if selection
        .blocks
        .iter()
        .any(|&i| fold_letters(&walked.blocks[i].text).contains(&description_opening))
    {
        return false;
    }
    let candidates: Vec<usize> = (0..first)
        .filter(|&i| {
            let block = &walked.blocks[i];
            if !block.is_prose() || sentence_ends(&block.text) < 2 {
                return false;
            }
            let opening: String = fold_letters(&block.text).chars().take(COMPARED).collect();
            opening.chars().count() == COMPARED && head.contains(&opening)
        })
        .collect();
    if candidates.is_empty() {
        return false;
    }
    let under_headline = nodes_between(html, headline, walked.blocks[first].node);
    let leads: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| under_headline.contains(&walked.blocks[i].node))
        .collect();
    let joined = !leads.is_empty();
    selection.blocks.splice(0..0, leads);
    joined
}

/// The nodes after `from` (and outside it) in document order, up to `to`.
fn nodes_between(html: &Html, from: NodeId, to: NodeId) -> HashSet<NodeId> {
    let mut nodes = HashSet::new();
    let mut seen = false;
    let mut inside: Option<NodeId> = None;
    for edge in html.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if node.id() == to {
                    break;
                }
                if node.id() == from {
                    seen = true;
                    inside = Some(from);
                } else if seen && inside.is_none() {
                    nodes.insert(node.id());
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if Some(node.id()) == inside {
                    inside = None;
                }
            }
        }
    }
    nodes
}
