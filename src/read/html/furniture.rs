//! Page furniture among the body's blocks: link lists, share bars, notices.

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
