//! Page furniture among the body's blocks: link lists, share bars, notices.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::Node;

use super::extract::Block;

/// A block that is mostly links and short: a menu or a list of other articles.
pub(super) fn is_link_list(block: &Block) -> bool {
    block.link_density() > 0.6 && block.text.chars().count() < 300
}

/// Short lines that pages print between paragraphs.
pub(super) fn is_page_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    const LINES: &[&str] = &[
        "advertisement",
        "iklan",
        "scroll to continue with content",
        "scroll untuk melanjutkan",
        "loading...",
        "baca selengkapnya",
    ];
    LINES.iter().any(|l| lower == *l)
        || [
            "simak juga",
            "tonton juga",
            "lihat juga",
            "saksikan video",
            "watch:",
        ]
        .iter()
        .any(|p| lower.starts_with(p) && text.chars().count() < 200)
}

/// The words of class and id attributes, split where themes join them: on `-`, `_`,
/// spaces and camelCase humps (`theiaStickySidebar` gives `theia`, `sticky`, `sidebar`).
pub(super) fn class_tokens(values: &[&str]) -> Vec<String> {
    let mut tokens = Vec::new();
    for value in values {
        for word in value.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut start = 0;
            let bytes = word.as_bytes();
            for i in 1..bytes.len() {
                if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
                    tokens.push(word[start..i].to_ascii_lowercase());
                    start = i;
                }
            }
            if start < word.len() {
                tokens.push(word[start..].to_ascii_lowercase());
            }
        }
    }
    tokens
}

/// Whether a furniture word is among the tokens: as a token, the start of one
/// (`comments`, `widget_area` gives `widget`), or two tokens joined (`baca-juga`). Not
/// the start of another noun made from it: a `commentary` is an article, a
/// `shareholder` letter is too.
pub(super) fn has_token(tokens: &[String], words: &[&str]) -> bool {
    const OTHER_NOUNS: &[&str] = &[
        "ary", "aries", "ator", "ators", "ism", "ist", "ists", "holder", "holders",
    ];
    let starts = |t: &str| {
        words.iter().any(|w| {
            t.strip_prefix(w)
                .is_some_and(|rest| !OTHER_NOUNS.contains(&rest))
        })
    };
    tokens.iter().any(|t| starts(t))
        || tokens
            .windows(2)
            .any(|pair| words.contains(&format!("{}{}", pair[0], pair[1]).as_str()))
}

/// Characters of visible text in a subtree, and how many of them are link text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct TextShare {
    pub text: usize,
    pub links: usize,
}

impl TextShare {
    /// Text outside links: what a reader reads rather than clicks.
    pub fn prose(&self) -> usize {
        self.text - self.links
    }
}

/// Counts the text under `node`, leaving out scripts and styles; iterative, so that a
/// deep page cannot exhaust the stack.
pub(super) fn text_share(node: NodeRef<Node>) -> TextShare {
    let mut share = TextShare::default();
    let mut in_link = 0usize;
    let mut in_code = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if matches!(e.name(), "script" | "style" | "noscript" | "template") {
                        in_code += 1;
                    } else if e.name() == "a" {
                        in_link += 1;
                    }
                }
                Node::Text(t) if in_code == 0 => {
                    let chars = t.chars().filter(|c| !c.is_whitespace()).count();
                    share.text += chars;
                    if in_link > 0 {
                        share.links += chars;
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    if matches!(e.name(), "script" | "style" | "noscript" | "template") {
                        in_code -= 1;
                    } else if e.name() == "a" {
                        in_link -= 1;
                    }
                }
            }
        }
    }
    share
}

/// Text a reader reads: at least `min` characters outside links, and under a fifth of it
/// linked.
pub(super) fn reads_as_prose(share: TextShare, min: usize) -> bool {
    share.prose() >= min && share.links * 5 < share.text
}

/// A subtree whose class names read as furniture but which holds the article: most of the
/// page's prose, and little of it in links. Themes wrap the main column in
/// `content-sidebar-wrap` or `theiaStickySidebar`, and a `hidden-xs` class hides nothing on
/// a desktop; a real sidebar or menu holds a small, link-dense share of the page.
pub(super) fn holds_the_article(subtree: TextShare, page: TextShare) -> bool {
    let density = subtree.links as f64 / subtree.text.max(1) as f64;
    subtree.prose() * 2 >= page.prose() && subtree.prose() >= 200 && density < 0.35
}
