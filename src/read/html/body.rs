//! The body: the extracted blocks in order, minus the header (title and date printed
//! again), bylines, tags, related links and page furniture; each paragraph placed in the
//! page for findings' line numbers.

use std::collections::HashSet;

use crate::analyze::chrome::{classify_chrome, related_heading, Chrome};
use crate::analyze::date::{parse_date_line, PrintedDate};
use crate::read::assemble::{push_distinct, Draft};
use crate::read::ParagraphMap;

use super::extract::{Block, BlockKind};
use super::furniture::{is_link_list, is_page_furniture};
use super::locator::Locator;
use super::meta::PageMeta;
use super::related::push_links;
use super::title::repeats_title;

/// Fills the draft's paragraphs, byline, tags and inline related links from the content
/// blocks; returns a date printed in the article's header, if one was.
pub(super) fn take_body(
    content: &[&Block],
    title: Option<&str>,
    locator: &Locator,
    base: Option<&url::Url>,
    meta: &PageMeta,
    draft: &mut Draft,
) -> Option<PrintedDate> {
    let mut cursor = 0;
    let mut in_related = false;
    let mut label: Option<String> = None;
    let mut seen_bylines: HashSet<String> = draft.byline.iter().cloned().collect();
    // Table-layout portals print the title and date inside the article's own cell: before
    // the first paragraph, they are the header, not the body.
    let mut header_date = None;
    let mut in_header = true;
    // How many of the last paragraphs kept only introduce what follows them.
    let mut trailing_lead_ins = 0;
    for block in content {
        if in_header {
            if title.is_some_and(|t| repeats_title(t, &block.text)) {
                continue;
            }
            // A wire dateline that carries the date (`ISTANBUL, 23 Februari 2016 (Antara)
            // --`) ends with its separator and is the start of the body.
            let dateline_like = block.text.trim_end().ends_with(['-', '–', '—']);
            if let Some(date) = (block.text.chars().count() < 120 && !dateline_like)
                .then(|| parse_date_line(&block.text))
                .flatten()
            {
                header_date.get_or_insert(date);
                continue;
            }
            in_header =
                matches!(block.kind, BlockKind::Heading(_)) || block.text.chars().count() < 40;
        }
        // Tables of `Penulis` | `: Nama` cells: a label block, then its value.
        if let Some(name) = label.take() {
            if let Some(value) = block.text.strip_prefix(':') {
                if let Some(Chrome::Byline(person)) =
                    classify_chrome(&format!("{name}: {}", value.trim()))
                {
                    push_distinct(&mut draft.byline, &mut seen_bylines, person);
                }
                continue;
            }
        }
        // A label alone (`Penulis`, `Editor :`), not a short labelled line (`Editor: Budi`),
        // which is read whole below.
        let bare_label = block.text.trim_end_matches([':', ' ']);
        if bare_label.chars().count() <= 12
            && !bare_label.contains(':')
            && classify_chrome(&format!("{bare_label}: x")).is_some()
        {
            label = Some(bare_label.to_string());
            continue;
        }
        if matches!(block.kind, BlockKind::Heading(1))
            && title.is_some_and(|t| repeats_title(t, &block.text))
        {
            continue;
        }
        match related_heading(&block.text) {
            Some(Some(_inline)) => {
                // `Baca juga: <a>Judul</a>` inside the body is a related link.
                draft
                    .map
                    .related_section
                    .get_or_insert_with(|| locator.find(&block.text, cursor).unwrap_or_default());
                push_links(&mut draft.related, block, base);
                continue;
            }
            Some(None) => {
                draft
                    .map
                    .related_section
                    .get_or_insert_with(|| locator.find(&block.text, cursor).unwrap_or_default());
                in_related = true;
                continue;
            }
            None => {}
        }
        if in_related {
            if block.link_density() > 0.5 || block.text.chars().count() < 120 {
                push_links(&mut draft.related, block, base);
                continue;
            }
            in_related = false;
        }
        match classify_chrome(&block.text) {
            Some(Chrome::Byline(name)) => {
                push_distinct(&mut draft.byline, &mut seen_bylines, name);
                continue;
            }
            Some(Chrome::Tags(tags)) => {
                draft.tags.extend(tags);
                continue;
            }
            // The site's notice ends the article; a photo's credit (`© DVFG/AdobeStock`,
            // `© shutterstock: Mark Agnor`) stands above or inside it and is no text.
            Some(Chrome::Copyright) if is_site_notice(&block.text) => break,
            Some(Chrome::Copyright) => continue,
            Some(Chrome::Share | Chrome::Counter | Chrome::Label) => continue,
            None => {}
        }
        if is_link_list(block) || is_page_furniture(&block.text) {
            continue;
        }
        let found = locator.find_offset(&block.text, cursor);
        if let Some(at) = found {
            // Into this paragraph, so that the next one (even the same text printed twice)
            // is looked for after it. Half its length is safely short of its end: markup,
            // entities and collapsed whitespace only make the source longer than the text.
            cursor = at + (block.text.len() / 2).max(1);
        }
        let position = found.map(|at| locator.position(at));
        let anchors = position.map(|p| vec![(0, p)]).unwrap_or_default();
        let index = draft.paragraphs.len();
        trailing_lead_ins = if introduces_what_follows(block) {
            trailing_lead_ins + 1
        } else {
            0
        };
        draft
            .paragraph_comments
            .extend(block.comments.iter().map(|c| (index, c.clone())));
        draft
            .paragraphs
            .push((block.text.clone(), ParagraphMap::new(anchors)));
    }

    // An article never ends on a heading or a lead-in: what they introduced (a teaser
    // list, an author box, a form) was furniture and is gone, and they are too. At most
    // two (a section heading and its lead-in): a longer run is text.
    for _ in 0..trailing_lead_ins.min(2) {
        draft.paragraphs.pop();
        draft
            .paragraph_comments
            .retain(|(index, _)| *index < draft.paragraphs.len());
    }

    // The publisher's own `articleBody` (JSON-LD), when the page shows next to nothing:
    // a paywall's teaser, text rendered by a script, an article the extractor missed. It
    // must be long and twice what was found (a found body of some length stays: declared
    // bodies carry share buttons, Markdown and escaped markup more often than the page
    // does); it is split where it breaks lines.
    let found: usize = draft
        .paragraphs
        .iter()
        .map(|(p, _)| p.chars().count())
        .sum();
    let declared = meta
        .article_body
        .as_deref()
        .filter(|_| found < DECLARED_BODY_CHARS * 2)
        .map(plain_article_body);
    if let Some(declared) = declared {
        let declared_chars: usize = declared.iter().map(|p| p.chars().count()).sum();
        if declared_chars >= DECLARED_BODY_CHARS && declared_chars >= 2 * found {
            draft.paragraphs = declared
                .into_iter()
                .map(|p| {
                    let anchors = locator
                        .find(&p, 0)
                        .map(|at| vec![(0, at)])
                        .unwrap_or_default();
                    (p, ParagraphMap::new(anchors))
                })
                .collect();
            draft.paragraph_comments.clear();
            draft.evidence.method = Some(crate::model::ExtractionMethod::Markup);
        }
    }

    // A photo or video page has no running text: its description stands in for the body.
    if draft.paragraphs.is_empty() {
        if let Some(description) = &meta.description {
            let anchors = locator
                .find(description, 0)
                .map(|p| vec![(0, p)])
                .unwrap_or_default();
            draft
                .paragraphs
                .push((description.clone(), ParagraphMap::new(anchors)));
        }
    }

    header_date
}

/// A heading that is a title, not a sentence, or a short line of one phrase ending with
/// a colon (`Mehr zum Thema:`, `Read more:`): a block that only introduces what comes
/// after it. A sentence in a heading's tag, or two sentences before a colon, are text.
fn introduces_what_follows(block: &Block) -> bool {
    let text = block.text.trim_end();
    let one_phrase = !text.contains(". ") && !text.ends_with(['.', '!', '?']);
    one_phrase
        && (matches!(block.kind, BlockKind::Heading(_))
            || (text.ends_with(':') && text.chars().count() <= LEAD_IN_CHARS))
}

/// The longest line read as a lead-in when it ends with a colon.
const LEAD_IN_CHARS: usize = 100;

/// A copyright line that is the site's notice, which ends the article: it gives a year or
/// reserves rights (`© 2022 DLG e.V.`, `Copyright PT Kompas. All rights reserved`,
/// `Hak cipta dilindungi`); a bare `© Agency/Photographer` is a picture's credit.
fn is_site_notice(line: &str) -> bool {
    let lower = line.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    const RIGHTS: &[&str] = &[
        "rights",
        "rechte",
        "urheberrecht",
        "droits",
        "derechos",
        "diritti",
        "direitos",
        "hak cipta",
        "dilindungi",
        "reserved",
        "copyright",
    ];
    has_year || RIGHTS.iter().any(|r| lower.contains(r))
}

/// The least length of a JSON-LD `articleBody` taken over what the page shows: a few
/// paragraphs, not a teaser.
const DECLARED_BODY_CHARS: usize = 500;

/// A JSON-LD `articleBody` as paragraphs: the markup some publishers leave in it taken
/// out, split at its line breaks.
fn plain_article_body(body: &str) -> Vec<String> {
    // Markup escaped once more (`&lt;p&gt;`) is unescaped first.
    let unescaped;
    let body = if body.contains("&lt;") {
        unescaped = scraper::Html::parse_fragment(body)
            .root_element()
            .text()
            .collect::<String>();
        unescaped.as_str()
    } else {
        body
    };
    let text = if body.contains('<') {
        let fragment = scraper::Html::parse_fragment(body);
        let mut text = String::new();
        for node in fragment.tree.root().descendants() {
            match node.value() {
                scraper::Node::Text(t) => text.push_str(t),
                scraper::Node::Element(e)
                    if matches!(e.name(), "p" | "br" | "div" | "li" | "h2" | "h3") =>
                {
                    text.push('\n')
                }
                _ => {}
            }
        }
        text
    } else {
        body.to_string()
    };
    text.split('\n')
        .map(crate::analyze::text::normalize_space)
        .filter(|p| !p.is_empty())
        .collect()
}
