//! Subtrees beside the winning container that read like more of the same article.
//!
//! Readability's sibling step only looks one level up and only at blocks that score as
//! containers themselves. Modular pages (AEM, Drupal paragraphs, page builders) put each
//! paragraph or each section of one article in a wrapper of its own, a level or more
//! away from the best container: the hero's intro beside the grid, every rich-text module
//! in a cell of its own. A subtree near the winner joins it when its text is mostly
//! paragraphs of prose with few links (the shape of an article, not of a teaser list, a
//! menu or a gallery) and it is placed like part of the article:
//! - before the winner: the standfirst, the lead, the hero's text; what stands before an
//!   article and is not furniture the walk skips is its top;
//! - after or around it: only a module of the same kind as the winner's own branch
//!   (sharing a class with it, as Readability's sibling bonus asks), and never one that
//!   is or holds an `<article>` or an `<h1>` (the next article of an endless stream).
//!   Comments, author boxes, teaser cards, sign-up blurbs and sidebars follow an article
//!   in wrappers of their own kind, and stay out however much they read like prose.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::Html;

use super::extract::{climb_remembered, Walked, PROSE_CHARS, PROSE_LINK_DENSITY};

/// How far above the winning container to look for kindred subtrees.
const LEVELS: usize = 4;
/// Beyond the winner's parent, a subtree must add at least this share of the text
/// already chosen: far cousins join only when they are a real part of the article.
const COUSIN_SHARE: f64 = 0.3;

/// A picture with one block of text shorter than this beside it is a caption, however
/// much it reads like prose.
const CAPTION_CHARS: usize = 400;

/// What the blocks of one subtree beside the winner add up to.
#[derive(Default)]
struct Subtree {
    chars: usize,
    link_chars: usize,
    prose_chars: usize,
    blocks: usize,
    has_image: bool,
    /// The index of its last block.
    last_block: usize,
}

/// The roots of subtrees within [`LEVELS`] of `top` whose unchosen blocks read like the
/// article, in the order first met. `chosen` marks the blocks already in the selection,
/// and those of the subtrees are marked too.
pub fn kindred_subtrees(
    html: &Html,
    walked: &Walked,
    top: NodeId,
    chosen: &mut [bool],
) -> Vec<NodeId> {
    // The winner and its ancestors: `branch[level - 1]` is the winner's side of the
    // ancestor `level` levels above it.
    let branch: Vec<NodeId> = html
        .tree
        .get(top)
        .into_iter()
        .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
        .take(LEVELS + 1)
        .map(|n| n.id())
        .collect();
    let above: HashMap<NodeId, usize> = branch
        .iter()
        .enumerate()
        .skip(1)
        .map(|(level, &id)| (id, level))
        .collect();
    let first_chosen = chosen.iter().position(|&c| c).unwrap_or(usize::MAX);
    // The level where a node's path meets the winner's ancestors and the subtree root
    // just below that meeting point.
    let mut meets = HashMap::new();
    let mut meeting = |node: NodeId| {
        climb_remembered(html, node, &mut meets, None, |id, below| {
            above.get(&id).map(|&level| below.map(|root| (level, root)))
        })
    };
    // Each unchosen block's subtree, to mark those that join.
    let mut root_of: Vec<Option<NodeId>> = vec![None; walked.blocks.len()];
    let mut subtrees: HashMap<NodeId, (usize, Subtree)> = HashMap::new();
    let mut order: Vec<NodeId> = Vec::new();
    let mut chosen_chars = 0;
    for (index, (block, &is_chosen)) in walked.blocks.iter().zip(chosen.iter()).enumerate() {
        let chars = block.text.chars().count();
        if is_chosen {
            chosen_chars += chars;
            continue;
        }
        let Some((level, root)) = meeting(block.node) else {
            continue;
        };
        root_of[index] = Some(root);
        let entry = subtrees.entry(root).or_insert_with(|| {
            order.push(root);
            (level, Subtree::default())
        });
        let subtree = &mut entry.1;
        subtree.last_block = index;
        subtree.blocks += 1;
        subtree.chars += chars;
        subtree.link_chars += block.link_chars;
        if block.is_prose() {
            subtree.prose_chars += chars;
        }
    }
    for figure in &walked.figures {
        if let Some((_, root)) = meeting(figure.node) {
            if let Some((_, subtree)) = subtrees.get_mut(&root) {
                subtree.has_image = true;
            }
        }
    }
    let joined: Vec<NodeId> = order
        .into_iter()
        .filter(|root| {
            let (level, subtree) = &subtrees[root];
            let prose = subtree.prose_chars as f64;
            prose >= PROSE_CHARS as f64
                && subtree.link_chars as f64 <= PROSE_LINK_DENSITY * subtree.chars as f64
                && prose >= 0.5 * subtree.chars as f64
                && (*level == 1 || prose >= COUSIN_SHARE * chosen_chars as f64)
                && !(subtree.has_image && subtree.blocks == 1 && subtree.chars < CAPTION_CHARS)
                && (subtree.last_block < first_chosen
                    || (same_kind(html, *root, branch[level - 1])
                        && !holds_another_article(html, *root)))
        })
        .collect();
    let joining: HashSet<NodeId> = joined.iter().copied().collect();
    for (mark, root) in chosen.iter_mut().zip(&root_of) {
        if root.is_some_and(|root| joining.contains(&root)) {
            *mark = true;
        }
    }
    joined
}

/// Whether two elements share a class: modules of one kind on a page builder's grid.
fn same_kind(html: &Html, a: NodeId, b: NodeId) -> bool {
    let element = |id| html.tree.get(id).and_then(|n| n.value().as_element());
    let (Some(a), Some(b)) = (element(a), element(b)) else {
        return false;
    };
    a.classes()
        .any(|class| b.classes().any(|other| other == class))
}

/// Whether a subtree is or holds another article: an `<article>` of its own (the next
/// post of a stream, whatever its headline's tag) or an `<h1>`, a headline of its own.
fn holds_another_article(html: &Html, root: NodeId) -> bool {
    html.tree.get(root).is_some_and(|n| {
        n.descendants().any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "h1" | "article"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::extract::tests::body_of;

    fn sentence(topic: &str) -> String {
        format!(
            "Der Abschnitt über {topic} erklärt ausführlich, wie die neue Heizung im Altbau \
             arbeitet und was Eigentümer vor dem Umbau wissen sollten."
        )
    }

    /// A page builder's article: the intro in a hero module, each section in a rich-text
    /// module of its own, one and two levels from the longest one; a teaser list, a
    /// picture's caption and a short link line stay out.
    #[test]
    fn modules_of_one_article_join_and_furniture_shapes_do_not() {
        let long: String = (0..6)
            .map(|i| format!("<p>{}</p>", sentence(&format!("Teil {i}"))))
            .collect();
        let teasers: String = (0..6)
            .map(|i| format!("<p><a href=\"/a/{i}\">Ein anderer Artikel mit einem langen Titel, der auf eine andere Seite der Website führt, Nummer {i}</a></p>"))
            .collect();
        let page = format!(
            "<html><body><main><div class=\"grid\">\
             <div class=\"hero grid-cell\"><div class=\"hero-text\"><p>{intro}</p></div></div>\
             <div class=\"grid-cell\"><section class=\"richtext\">{long}</section></div>\
             <div class=\"grid-cell\"><section class=\"richtext\"><h2>Kosten</h2><p>{costs}</p><p>{more}</p></section></div>\
             <div class=\"grid-cell\"><div class=\"image\"><img src=\"/p.jpg\"><p>{caption}</p></div></div>\
             <div class=\"grid-cell\"><div class=\"teasers\">{teasers}</div></div>\
             </div></main></body></html>",
            intro = sentence("die Einleitung"),
            costs = sentence("die Kosten"),
            more = sentence("die Förderung"),
            caption = "Eine Wärmepumpe vor einem Einfamilienhaus in Bayern, aufgenommen im Winter, als der Garten verschneit war.",
        );
        let body = body_of(&page);
        assert!(body[0].contains("die Einleitung"), "{body:#?}");
        assert!(body.iter().any(|p| p.contains("die Kosten")), "{body:#?}");
        assert!(
            body.iter().any(|p| p.contains("die Förderung")),
            "{body:#?}"
        );
        assert!(body.iter().any(|p| p == "Kosten"), "{body:#?}");
        assert!(
            !body.iter().any(|p| p.contains("Wärmepumpe vor")),
            "{body:#?}"
        );
        assert!(
            !body.iter().any(|p| p.contains("anderer Artikel")),
            "{body:#?}"
        );
    }

    /// What follows an article in wrappers of other kinds stays out however much it
    /// reads like prose (a hostile tester's shapes: WordPress comments without classes,
    /// an author box, a sign-up blurb, the next article of an endless stream with its own
    /// `<h1>`); the standfirst before the article joins.
    #[test]
    fn prose_after_the_article_in_other_wrappers_stays_out() {
        let long: String = (0..6)
            .map(|i| format!("<p>{}</p>", sentence(&format!("Teil {i}"))))
            .collect();
        // Few enough that Readability's sibling scores leave them out: this is what the
        // kindred step must not add.
        let comments: String = (0..2)
            .map(|i| format!("<div><p>Pembaca{i} menulis: saya setuju sekali dengan tulisan ini, pasar baru itu memang sudah lama ditunggu warga sekitar dan semoga tetap bersih.</p></div>"))
            .collect();
        let page = format!(
            "<html><body><div class=\"container\">\
             <div class=\"standfirst\"><p>{lead}</p></div>\
             <div class=\"stream-item\"><div class=\"entry\">{long}</div></div>\
             <div class=\"author\"><h3>Tentang Penulis</h3><p>{bio}</p></div>\
             <div>{comments}</div>\
             <div class=\"stream-item\"><h1>Artikel berikutnya</h1><p>{next}</p></div>\
             </div></body></html>",
            lead = sentence("den Vorspann"),
            bio = "Budi adalah wartawan senior yang telah meliput berita ekonomi dan politik daerah selama lebih dari dua puluh tahun di berbagai media.",
            next = "Paragraf artikel berikutnya yang dimuat oleh halaman ini ketika pembaca terus menggulir ke bawah tanpa berhenti membaca.",
        );
        let body = body_of(&page);
        assert!(body[0].contains("den Vorspann"), "{body:#?}");
        assert!(body.iter().any(|p| p.contains("Teil 5")), "{body:#?}");
        for furniture in ["wartawan senior", "Pembaca", "berikutnya"] {
            assert!(
                !body.iter().any(|p| p.contains(furniture)),
                "{furniture}: {body:#?}"
            );
        }
    }
}
