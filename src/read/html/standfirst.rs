//! The standfirst: the lead that the page's own description repeats, printed before the
//! body in a wrapper of its own (`chapo`, `intro`, `teaser`, a hero's text) that is too
//! short beside the article to win or to join it by its score.

use crate::analyze::text::sentence_ends;

use super::extract::{Selection, Walked};

/// Characters of the folded text compared: enough to tell a lead from another paragraph,
/// few enough that a description cut short still matches.
const COMPARED: usize = 60;

/// Joins to `selection` the prose blocks before its first block whose opening the page's
/// `description` (`og:description`, `<meta name=description>`) repeats, unless the body
/// already holds that text. A lead is a paragraph of two sentences or more; one sentence
/// under the headline is its dek, a subtitle that the article's text does not include.
pub(super) fn join_described_lead(
    walked: &Walked,
    selection: &mut Selection,
    description: Option<&str>,
) {
    let Some(described) = description
        .map(fold)
        .filter(|d| d.chars().count() >= COMPARED)
    else {
        return;
    };
    let Some(&first) = selection.blocks.first() else {
        return;
    };
    let opening = |text: &str| fold(text).chars().take(COMPARED).collect::<String>();
    let repeated = |text: &str| {
        let start = opening(text);
        start.chars().count() == COMPARED && described.contains(&start)
    };
    if selection
        .blocks
        .iter()
        .any(|&i| repeated(&walked.blocks[i].text))
    {
        return;
    }
    let leads: Vec<usize> = (0..first)
        .filter(|&i| {
            let block = &walked.blocks[i];
            block.is_prose() && sentence_ends(&block.text) >= 2 && repeated(&block.text)
        })
        .collect();
    selection.blocks.splice(0..0, leads);
}

/// Lower-case letters and digits only: markup, punctuation and spacing differ between a
/// description and the text it repeats.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
