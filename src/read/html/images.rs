//! Images of the article: figures in the body, else the page's lead image.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;

use crate::model::Image;

use super::extract;
use super::links::absolute;
use super::meta::PageMeta;

/// Images of the article: figures inside the chosen containers, else the page's main image.
pub(super) fn images(
    html: &Html,
    figures: &[extract::Figure],
    containers: &[NodeId],
    meta: &PageMeta,
    base: Option<&url::Url>,
) -> Vec<Image> {
    // The lead image usually sits just above the text, beside its container.
    let mut around: Vec<NodeId> = containers.to_vec();
    around.extend(
        containers
            .iter()
            .filter_map(|c| html.tree.get(*c).and_then(|n| n.parent()).map(|p| p.id())),
    );
    let inside = |node: NodeId| {
        let mut current = html.tree.get(node);
        while let Some(n) = current {
            if around.contains(&n.id()) {
                return true;
            }
            current = n.parent();
        }
        false
    };
    let mut out: Vec<Image> = figures
        .iter()
        .filter(|f| inside(f.node) && (f.caption.is_some() || f.src.is_some()))
        .map(|f| Image {
            src: f.src.as_deref().map(|s| absolute(s, base)),
            caption: f.caption.clone(),
        })
        .collect();
    if out.is_empty() {
        if let Some(src) = &meta.image {
            out.push(Image {
                src: Some(absolute(src, base)),
                caption: None,
            });
        }
    }
    let mut seen = HashSet::new();
    out.retain(|i| seen.insert(i.src.clone()));
    out
}
