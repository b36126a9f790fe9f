//! The HTML reader: any article page, from a 2008 table-layout regency portal to a modern
//! news site, into the same Article the text reader produces.

/// A CSS selector written in the code, parsed the first time it is used and kept for the
/// run: parsing one costs more than matching it on a small page.
macro_rules! css {
    ($css:expr) => {{
        static SELECTOR: std::sync::LazyLock<scraper::Selector> = std::sync::LazyLock::new(|| {
            scraper::Selector::parse($css).expect("selectors in the code are valid")
        });
        &*SELECTOR
    }};
}

mod body;
mod byline;
mod confidence;
mod dates;
pub mod depth;
pub mod extract;
mod frames;
mod furniture;
mod images;
mod kindred;
mod links;
mod locator;
pub mod meta;
pub mod profile;
mod related;
pub mod sniff;
mod standfirst;
mod title;

pub use sniff::sniff;

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use crate::analyze::chrome::{classify_chrome, Chrome};
use crate::analyze::text::{is_blank, normalize_space};
use crate::model::{DateEvidence, SourceFormat};
use crate::rules::suppress;

use super::assemble::{assemble, Draft};
use super::decode::decode_html;
use super::{Input, Parsed, ReadError, ReadOptions};
use byline::{byline_from_markup, strip_byline_label};
use dates::{choose_date, page_date, profile_date, without_explained_print};
use extract::Block;
use furniture::text_share;
use images::images;
use links::link_base;
use locator::Locator;
use meta::PageMeta;
use profile::CompiledProfile;
use related::{add_links_of, collect_related_sections, dedup_related};
use title::choose_title;

/// The profile in force: the user's, else one from the profile folder for the page's host,
/// else a built-in one for the page's CMS. The flag says whether the user chose it.
fn choose_profile<'a>(
    options: &'a ReadOptions,
    page_url: Option<&str>,
    html: &Html,
    meta: &PageMeta,
) -> Option<(&'a CompiledProfile, bool)> {
    if let Some(profile) = &options.profile {
        return Some((profile, true));
    }
    if let (Some(dir), Some(url)) = (&options.profile_dir, page_url) {
        if let Some(profile) = dir.for_url(url) {
            return Some((profile, true));
        }
    }
    profile::detect_builtin(html, meta.generator.as_deref()).map(|p| (p, false))
}

/// The first non-empty text a profile's selector matches. A built-in profile is a guess at
/// the CMS, and its generic selectors (`time.entry-date`) also match the teasers of a
/// sidebar or a widget, so for it those are passed over; a user's profile is taken as
/// written.
fn first_text(html: &Html, selector: &Selector, by_user: bool) -> Option<String> {
    let page = std::cell::OnceCell::new();
    html.select(selector)
        .filter(|e| {
            by_user
                || !extract::in_furniture(**e, *page.get_or_init(|| text_share(html.tree.root())))
        })
        .map(|e| normalize_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// The page's `arsip-ignore-file` comments, and what to tell of every `arsip-ignore`
/// comment's words that name no rule. Only comment nodes count: the same characters in a
/// `<script>`, `<style>`, `<textarea>` or an attribute are not a comment. (The walk gives
/// the paragraph comments to their blocks.)
fn read_comments(html: &Html, text: &str, locator: &Locator, draft: &mut Draft) {
    // A comment's line, for the note, is found by looking for it on from the last one
    // found, so all of them cost one pass over the page; once one is not found as written
    // the others go without a line.
    let mut cursor = Some(0);
    for node in html.tree.nodes() {
        let scraper::Node::Comment(data) = node.value() else {
            continue;
        };
        let Some(comment) = suppress::Comment::parse(data) else {
            continue;
        };
        if comment.file {
            draft.suppressions.push(suppress::Directive::file(&comment));
        }
        if comment.unknown.is_empty() {
            continue;
        }
        let written = format!("<!--{}-->", &**data);
        let found = cursor.and_then(|from| {
            memchr::memmem::find(&text.as_bytes()[from..], written.as_bytes()).map(|i| from + i)
        });
        cursor = found.map(|at| at + written.len());
        let line = found.map(|at| locator.position(at).line);
        draft.notes.extend(comment.unknown_note(line));
    }
}

/// Parses a page, refusing markup nested past [`depth::MAX_DEPTH`] levels, or so
/// tangled that html5ever would take minutes on it, while the tree is built.
pub fn parse_page(text: &str) -> Result<Html, ReadError> {
    depth::parse_guarded(text)
}

/// Reads an HTML page.
pub fn read_html(input: &Input, options: &ReadOptions) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_html(&input.bytes, input.charset.as_deref());
    if is_blank(&text) {
        return Err(ReadError::Blank);
    }
    let mut html = parse_page(&text)?;
    let mut text = text;
    if let Some(view) = frames::frameless_view(&html, &text) {
        html = parse_page(&view)?;
        text = view;
    }
    let meta = meta::read_meta(&html);
    let page_url = input
        .url
        .clone()
        .or_else(|| meta.canonical.clone().filter(|c| c.starts_with("http")));
    let chosen = choose_profile(options, page_url.as_deref(), &html, &meta);
    let mut notes = Vec::new();
    // A user's profile that misses is worth saying; a built-in one that misses is not.
    let mut missed = |field: &str, css: &str, profile: &CompiledProfile, chosen_by_user: bool| {
        if chosen_by_user {
            notes.push(format!(
                "profile `{}`: {field} selector `{css}` matched nothing; read without it",
                profile.profile.name
            ));
        }
    };
    let skip: HashSet<NodeId> = chosen
        .iter()
        .flat_map(|(p, _)| p.remove())
        .flat_map(|selector| html.select(selector))
        .map(|e| e.id())
        .collect();
    let from_profile = chosen.as_ref().and_then(|(profile, by_user)| {
        let (css, selector) = profile.field("body")?;
        let containers: Vec<NodeId> = html.select(selector).map(|e| e.id()).collect();
        let walked = extract::walk(&html, extract::Strictness::Strict, &skip);
        let blocks = extract::blocks_within(&html, &walked, &containers);
        if blocks.is_empty() {
            missed("body", css, profile, *by_user);
            return None;
        }
        Some((walked, extract::Selection { containers, blocks }))
    });
    let by_profile = from_profile.is_some();
    let (walked, mut selection) = from_profile.unwrap_or_else(|| extract::extract(&html, &skip));
    let base = link_base(
        page_url.as_deref().or(input.base_url.as_deref()),
        meta.base_href.as_deref(),
    );
    let locator = Locator::new(&text);

    let profile_title = chosen.as_ref().and_then(|(p, by_user)| {
        let (css, selector) = p.field("title")?;
        let found = first_text(&html, selector, *by_user);
        if found.is_none() {
            missed("title", css, p, *by_user);
        }
        found
    });
    let title = profile_title.or_else(|| choose_title(&meta, &html));
    // Found once: the printed date is read under it, a standfirst between it and the
    // body, and the confidence weighs the text between it and the body.
    let headline = dates::printed::headline(
        &html,
        title.as_deref(),
        selection.blocks.first().map(|&i| walked.blocks[i].node),
    );
    let standfirst = !by_profile
        && headline.is_some_and(|headline| {
            standfirst::join_described_lead(
                &html,
                &walked,
                &mut selection,
                headline,
                meta.description.as_deref(),
            )
        });
    let content: Vec<&Block> = selection
        .blocks
        .iter()
        .map(|&i| &walked.blocks[i])
        .collect();
    let mut draft = Draft {
        title: title.clone(),
        language: meta.language.clone(),
        url: page_url.clone(),
        evidence: confidence::evidence(&html, &walked, &selection, by_profile, headline),
        ..Draft::default()
    };
    draft.map.title = title.as_deref().and_then(|t| locator.find(t, 0));
    read_comments(&html, &text, &locator, &mut draft);

    let header_date = body::take_body(
        &content,
        title.as_deref(),
        &locator,
        base.as_ref(),
        &meta,
        &mut draft,
    );
    // The joined lead opens the body, unless the body's reading dropped it.
    draft.standfirst = standfirst
        && draft
            .paragraphs
            .first()
            .zip(content.first())
            .is_some_and(|((paragraph, _), lead)| *paragraph == lead.text);

    let section = collect_related_sections(
        &html,
        &selection.containers,
        base.as_ref(),
        &mut draft.related,
    );
    if draft.map.related_section.is_none() {
        draft.map.related_section = section.and_then(|heading| locator.find(&heading, 0));
    }
    dedup_related(&mut draft.related);
    for position in &draft.related {
        let shown = position
            .title
            .as_deref()
            .or(position.url.as_deref())
            .unwrap_or("");
        draft
            .map
            .related
            .push(locator.find(shown, 0).unwrap_or_default());
    }

    let mut date_notes = Vec::new();
    let printed = page_date(
        &html,
        headline,
        &content,
        header_date,
        options
            .earliest_year
            .unwrap_or(crate::analyze::date::EARLIEST_YEAR),
    );
    let (mut published, mut runner_up) =
        choose_date(&meta, page_url.as_deref(), printed, &mut date_notes);
    if let Some((p, by_user)) = &chosen {
        if let Some((css, selector)) = p.field("date") {
            match first_text(&html, selector, *by_user)
                .and_then(|t| profile_date(&t, p.profile.date_format.as_deref()))
            {
                // The profile knows this portal: its date wins. When the other evidence agrees
                // on the day, that reading (with its time and zone) stands, credited to it.
                Some(date) => match published.as_mut() {
                    Some(current) if current.date == date.date => {
                        current.raw = date.raw;
                        current.source = DateEvidence::Profile;
                    }
                    _ => {
                        runner_up = published.take();
                        published = Some(date);
                    }
                },
                None => missed("date", css, p, *by_user),
            }
        }
        if let Some((css, selector)) = p.field("byline") {
            match first_text(&html, selector, *by_user) {
                Some(text) => {
                    let name = match classify_chrome(&text) {
                        Some(Chrome::Byline(name)) => name,
                        _ => strip_byline_label(&text),
                    };
                    if !name.is_empty() {
                        draft.byline = vec![name];
                    }
                }
                None => missed("byline", css, p, *by_user),
            }
        }
        if let Some((css, selector)) = p.field("related") {
            let matched: Vec<ElementRef> = html.select(selector).collect();
            if matched.is_empty() {
                missed("related", css, p, *by_user);
            }
            for element in matched {
                add_links_of(element, base.as_ref(), &mut draft.related);
            }
            dedup_related(&mut draft.related);
        }
    }
    let (published, runner_up) =
        without_explained_print(published, runner_up, title.as_deref(), &meta);
    draft.map.published = published.as_ref().and_then(|p| locator.find(&p.raw, 0));
    draft.published = published;
    draft.other_published = runner_up;

    if draft.byline.is_empty() {
        draft.byline = meta.authors.clone();
    }
    if draft.byline.is_empty() {
        draft.byline.extend(byline_from_markup(&html));
    }
    if draft.tags.is_empty() {
        draft.tags = meta.keywords.clone();
    }
    draft.images = images(
        &html,
        &walked.figures,
        &selection.containers,
        &meta,
        base.as_ref(),
    );
    // The tree goes before the quotations are found: on a page of tens of megabytes both
    // would otherwise be held at once.
    drop((walked, selection, html));
    let mut parsed = assemble(input, SourceFormat::Html, encoding, draft, text);
    notes.extend(date_notes);
    parsed.notes.extend(notes);
    Ok(parsed)
}
