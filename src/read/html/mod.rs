//! The HTML reader: any article page, from a 2008 table-layout regency portal to a modern
//! news site, into the same Article the text reader produces.

pub mod depth;
pub mod extract;
pub mod meta;
pub mod profile;
pub mod sniff;

pub use sniff::sniff;

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use crate::analyze::chrome::{classify_chrome, related_heading, Chrome};
use crate::analyze::date::{find_dates, format_offset, parse_date_line, PrintedDate};
use crate::analyze::text::{is_blank, normalize_space};
use crate::model::{DateEvidence, Image, Published, RelatedLink, SourceFormat, Weekday};

use super::assemble::{assemble, Draft};
use super::decode::decode_html;
use super::{Input, ParagraphMap, Parsed, Position, ReadError, ReadOptions};
use extract::{Block, BlockKind};
use meta::{MetaDate, PageMeta};
use profile::Profile;

/// The profile in force: the user's, else one from the profile folder for the page's host,
/// else a built-in one for the page's CMS. The flag says whether the user chose it.
fn choose_profile(
    options: &ReadOptions,
    page_url: Option<&str>,
    html: &Html,
    meta: &PageMeta,
) -> Result<Option<(Profile, bool)>, ReadError> {
    if let Some(profile) = &options.profile {
        return Ok(Some((profile.clone(), true)));
    }
    if let (Some(dir), Some(url)) = (&options.profile_dir, page_url) {
        let found = profile::find_for_url(dir, url).map_err(|e| ReadError::Profile {
            reason: e.to_string(),
        })?;
        if let Some(profile) = found {
            return Ok(Some((profile, true)));
        }
    }
    Ok(profile::detect_builtin(html, meta.generator.as_deref()).map(|p| (p, false)))
}

/// Elements matching a selector; an invalid selector (checked when profiles load) matches
/// nothing.
fn select_all<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    Selector::parse(css)
        .map(|s| html.select(&s).collect())
        .unwrap_or_default()
}

fn first_text(html: &Html, css: Option<&str>) -> Option<String> {
    select_all(html, css?)
        .into_iter()
        .map(|e| normalize_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// A profile's date: by its format hint when it has one and it fits, else read like any
/// printed date (which knows Indonesian names that strftime formats do not).
fn profile_date(text: &str, format: Option<&str>) -> Option<Published> {
    format
        .and_then(|f| date_by_format(text, f))
        .or_else(|| date_in(text).map(|p| p.to_published(DateEvidence::Profile)))
}

fn date_by_format(text: &str, format: &str) -> Option<Published> {
    let parsed = jiff::fmt::strtime::parse(format, text).ok()?;
    let date = parsed.to_date().ok()?;
    let time = parsed.to_time().ok().filter(|_| parsed.hour().is_some());
    Some(Published {
        raw: text.to_string(),
        date: Some(date.to_string()),
        time: time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
        offset: parsed.offset().map(|o| format_offset(o.seconds())),
        timezone: None,
        weekday: None,
        source: DateEvidence::Profile,
    })
}

/// Parses a page, refusing markup nested past [`depth::MAX_DEPTH`] levels before
/// html5ever spends minutes on it.
pub fn parse_page(text: &str) -> Result<Html, ReadError> {
    let depth = depth::nesting_depth(text);
    if depth > depth::MAX_DEPTH {
        return Err(ReadError::TooDeep {
            depth,
            limit: depth::MAX_DEPTH,
        });
    }
    Ok(Html::parse_document(text))
}

/// Reads an HTML page.
pub fn read_html(input: &Input, options: &ReadOptions) -> Result<Parsed, ReadError> {
    let (text, encoding) = decode_html(&input.bytes, input.charset.as_deref());
    if is_blank(&text) {
        return Err(ReadError::Blank);
    }
    let html = parse_page(&text)?;
    let meta = meta::read_meta(&html);
    let page_url = input
        .url
        .clone()
        .or_else(|| meta.canonical.clone().filter(|c| c.starts_with("http")));
    let chosen = choose_profile(options, page_url.as_deref(), &html, &meta)?;
    let mut notes = Vec::new();
    // A user's profile that misses is worth saying; a built-in one that misses is not.
    let mut missed = |field: &str, css: &str, profile: &Profile, chosen_by_user: bool| {
        if chosen_by_user {
            notes.push(format!(
                "profile `{}`: {field} selector `{css}` matched nothing; read without it",
                profile.name
            ));
        }
    };
    let skip: HashSet<NodeId> = chosen
        .iter()
        .flat_map(|(p, _)| p.remove.iter())
        .flat_map(|css| select_all(&html, css))
        .map(|e| e.id())
        .collect();
    let from_profile = chosen.as_ref().and_then(|(profile, by_user)| {
        let css = profile.body.as_deref()?;
        let containers: Vec<NodeId> = select_all(&html, css).iter().map(|e| e.id()).collect();
        let walked = extract::walk(&html, extract::Strictness::Strict, &skip);
        let blocks = extract::blocks_within(&html, &walked, &containers);
        if blocks.is_empty() {
            missed("body", css, profile, *by_user);
            return None;
        }
        Some((walked, extract::Selection { containers, blocks }))
    });
    let (walked, selection) = from_profile.unwrap_or_else(|| extract::extract(&html, &skip));
    let base = link_base(
        page_url.as_deref().or(input.base_url.as_deref()),
        meta.base_href.as_deref(),
    );
    let locator = Locator::new(&text);

    let profile_title = chosen.as_ref().and_then(|(p, by_user)| {
        let css = p.title.as_deref()?;
        let found = first_text(&html, Some(css));
        if found.is_none() {
            missed("title", css, p, *by_user);
        }
        found
    });
    let title = profile_title.or_else(|| choose_title(&meta, &html));
    let mut draft = Draft {
        title: title.clone(),
        language: meta.language.clone(),
        url: page_url.clone(),
        ..Draft::default()
    };
    draft.map.title = title.as_deref().and_then(|t| locator.find(t, 0));

    let mut cursor = 0;
    let mut in_related = false;
    let content: Vec<&Block> = selection
        .blocks
        .iter()
        .map(|&i| &walked.blocks[i])
        .collect();
    let mut label: Option<String> = None;
    // Table-layout portals print the title and date inside the article's own cell: before
    // the first paragraph, they are the header, not the body.
    let mut header_date = None;
    let mut in_header = true;
    for block in &content {
        if in_header {
            if title
                .as_deref()
                .is_some_and(|t| repeats_title(t, &block.text))
            {
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
                    if !person.is_empty() && !draft.byline.contains(&person) {
                        draft.byline.push(person);
                    }
                }
                continue;
            }
        }
        if block.text.chars().count() <= 12
            && classify_chrome(&format!("{}: x", block.text.trim_end_matches([':', ' ']))).is_some()
        {
            label = Some(block.text.trim_end_matches([':', ' ']).to_string());
            continue;
        }
        if matches!(block.kind, BlockKind::Heading(1))
            && title
                .as_deref()
                .is_some_and(|t| repeats_title(t, &block.text))
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
                push_links(&mut draft.related, block, base.as_ref());
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
                push_links(&mut draft.related, block, base.as_ref());
                continue;
            }
            in_related = false;
        }
        match classify_chrome(&block.text) {
            Some(Chrome::Byline(name)) => {
                if !name.is_empty() && !draft.byline.contains(&name) {
                    draft.byline.push(name);
                }
                continue;
            }
            Some(Chrome::Tags(tags)) => {
                draft.tags.extend(tags);
                continue;
            }
            Some(Chrome::Copyright) => break,
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
        draft
            .paragraphs
            .push((block.text.clone(), ParagraphMap::new(anchors)));
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

    let (mut published, mut runner_up) = choose_date(
        &html,
        title.as_deref(),
        &meta,
        page_url.as_deref(),
        &content,
        header_date,
    );
    if let Some((p, by_user)) = &chosen {
        if let Some(css) = p.date.as_deref() {
            match first_text(&html, Some(css))
                .and_then(|t| profile_date(&t, p.date_format.as_deref()))
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
        if let Some(css) = p.byline.as_deref() {
            match first_text(&html, Some(css)) {
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
        if let Some(css) = p.related.as_deref() {
            let matched = select_all(&html, css);
            if matched.is_empty() {
                missed("related", css, p, *by_user);
            }
            for element in matched {
                add_links_of(element, base.as_ref(), &mut draft.related);
            }
            dedup_related(&mut draft.related);
        }
    }
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
    let mut parsed = assemble(input, SourceFormat::Html, encoding, draft, text);
    parsed.notes = notes;
    Ok(parsed)
}

/// Where relative links point from: `<base href>` (itself resolved against the page), else
/// the page's URL.
fn link_base(page_url: Option<&str>, base_href: Option<&str>) -> Option<url::Url> {
    let page = page_url.and_then(|u| url::Url::parse(u).ok());
    match (base_href, &page) {
        (Some(href), Some(page)) => page.join(href).ok().or(Some(page.clone())),
        (Some(href), None) => url::Url::parse(href).ok(),
        (None, page) => page.clone(),
    }
}

fn absolute(href: &str, base: Option<&url::Url>) -> String {
    match base {
        Some(base) => base
            .join(href)
            .map_or_else(|_| href.to_string(), |u| u.to_string()),
        None => href.to_string(),
    }
}

fn push_links(related: &mut Vec<RelatedLink>, block: &Block, base: Option<&url::Url>) {
    for link in &block.links {
        if link.href.is_empty() || link.href.starts_with('#') {
            continue;
        }
        related.push(RelatedLink {
            title: Some(link.text.clone()).filter(|t| !t.is_empty()),
            url: Some(absolute(&link.href, base)),
        });
    }
}

fn dedup_related(related: &mut Vec<RelatedLink>) {
    let mut seen = HashSet::new();
    related.retain(|link| seen.insert((link.url.clone(), link.title.clone())));
}

/// Headings whose section lists the article's own related links.
fn is_related_heading_text(text: &str) -> bool {
    related_heading(&normalize_space(text)).is_some_and(|inline| inline.is_none())
}

/// The article's own related-links block: a related heading followed by links, or an
/// element marked related, inside or right after the article; never a sidebar. Returns the
/// section's heading text when there is one, even if the section lists nothing.
fn collect_related_sections(
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
    let marked = Selector::parse(
        "[class*=related], [id*=related], [class*=terkait], [id*=terkait], [class*=baca-juga], [class*=bacajuga], a[rel~=related]",
    )
    .expect("valid selector");
    for element in scope.select(&marked) {
        if in_sidebar(element) {
            continue;
        }
        add_links_of(element, base, related);
    }
    let headings =
        Selector::parse("h2, h3, h4, h5, strong, b, span, div, p").expect("valid selector");
    for heading in scope.select(&headings) {
        let own: String = heading.text().collect();
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

fn in_sidebar(element: ElementRef) -> bool {
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

fn add_links_of(element: ElementRef, base: Option<&url::Url>, related: &mut Vec<RelatedLink>) {
    let anchors = Selector::parse("a[href]").expect("valid selector");
    let links: Vec<ElementRef> = if element.value().name() == "a" {
        vec![element]
    } else {
        element.select(&anchors).collect()
    };
    for a in links.into_iter().take(20) {
        let href = a.value().attr("href").unwrap_or("").trim();
        let text = normalize_space(&a.text().collect::<String>());
        if href.is_empty() || href.starts_with('#') || text.chars().count() < 10 {
            continue;
        }
        related.push(RelatedLink {
            title: Some(text),
            url: Some(absolute(href, base)),
        });
    }
}

/// The author as marked up: `rel=author`, microdata, or an author/byline element, with
/// labels such as `Penulis:`, `oleh` and `By` taken off.
fn byline_from_markup(html: &Html) -> Option<String> {
    let selector = Selector::parse(
        "[itemprop~=author] [itemprop~=name], [itemprop~=author], [rel~=author], .author .fn, \
         [class*=author], [class*=byline], [class*=penulis], [class*=reporter]",
    )
    .expect("valid selector");
    for element in html.select(&selector) {
        if in_sidebar(element) {
            continue;
        }
        let text = normalize_space(&element.text().collect::<String>());
        if text.is_empty() || text.chars().count() > 80 {
            continue;
        }
        let name = match classify_chrome(&text) {
            Some(Chrome::Byline(name)) => name,
            _ => strip_byline_label(&text),
        };
        let words = name.split_whitespace().count();
        if (1..=6).contains(&words) && name.chars().next().is_some_and(char::is_uppercase) {
            return Some(name);
        }
    }
    None
}

/// `Ditulis oleh Ani`, `By Ani`, `Penulis Ani` -> `Ani`.
fn strip_byline_label(text: &str) -> String {
    let lower = text.to_lowercase();
    for prefix in ["ditulis oleh", "oleh", "by", "penulis", "reporter"] {
        if lower.starts_with(prefix) {
            return text[prefix.len()..]
                .trim_start_matches([':', ' '])
                .to_string();
        }
    }
    text.to_string()
}

/// A block that is mostly links and short: a menu or a list of other articles.
fn is_link_list(block: &Block) -> bool {
    block.link_density() > 0.6 && block.text.chars().count() < 300
}

/// Short lines that pages print between paragraphs.
fn is_page_furniture(text: &str) -> bool {
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

/// Headlines as pages print them: the `<h1>`–`<h3>` that agrees with a declared title
/// (JSON-LD, OpenGraph, `<title>`), else the declared title without the site name, else a
/// lone `<h1>`.
fn choose_title(meta: &PageMeta, html: &Html) -> Option<String> {
    let selector = Selector::parse("h1, h2, h3").expect("valid selector");
    let headings: Vec<(String, String)> = html
        .select(&selector)
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| extract::is_furniture(a.value()) && a.value().name() != "header")
        })
        .map(|e| {
            (
                e.value().name().to_string(),
                normalize_space(&e.text().collect::<String>()),
            )
        })
        .filter(|(_, t)| t.split_whitespace().count() >= 3)
        .collect();
    let declared: Vec<String> = [
        meta.headline.clone(),
        meta.og_title.clone(),
        meta.html_title.as_deref().map(strip_site_name),
        meta.microdata_headline.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    for candidate in &declared {
        if let Some((_, h)) = headings.iter().find(|(_, h)| similar(h, candidate)) {
            // A heading left open swallows the article after it (`<h1>Judul<p>...`, as a
            // browser parses it): then the declared title is the headline.
            let words = |s: &str| s.split_whitespace().count();
            if words(h) > 2 * words(candidate) + 5 {
                return Some(candidate.clone());
            }
            return Some(h.clone());
        }
    }
    if let Some(title) = declared.first() {
        return Some(strip_site_name(title));
    }
    headings
        .iter()
        .find(|(tag, _)| tag == "h1")
        .map(|(_, h)| h.clone())
}

/// `29 penerbangan dibatalkan - ANTARA News` -> `29 penerbangan dibatalkan`.
fn strip_site_name(title: &str) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: ", " « ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Two headlines are the same when one contains the other, ignoring case and punctuation.
/// A block that is the title again (perhaps with a site name or a label), not a lead
/// paragraph that happens to start with the headline's words.
fn repeats_title(title: &str, block: &str) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    similar(title, block) && words(block) <= words(title) * 3 / 2 + 3
}

fn similar(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// The date printed near the headline: text after the headline element (the `<h1>`–`<h3>`
/// that shows the title, else the first `<h1>`) and before the article's first paragraph,
/// outside links and furniture such as sidebars and comments.
fn printed_date(html: &Html, title: Option<&str>, content: &[&Block]) -> Option<PrintedDate> {
    let headings = Selector::parse("h1, h2, h3").expect("valid selector");
    let headline = html
        .select(&headings)
        .find(|h| title.is_some_and(|t| similar(t, &h.text().collect::<String>())))
        .or_else(|| html.select(&Selector::parse("h1").expect("valid")).next())
        .map(|h| h.id());
    let mut scan = DateScan {
        headline,
        seen_headline: headline.is_none(),
        stop: content.first().map(|b| b.node),
        texts: 0,
        found: None,
    };
    scan.visit(html.tree.root());
    if scan.found.is_some() {
        return scan.found;
    }
    // Some portals print the date above the headline: look in the headline's own header
    // block (its parent and grandparent) as a whole.
    let headline = headline.and_then(|id| html.tree.get(id))?;
    for ancestor in headline.ancestors().take(2) {
        let mut around = DateScan {
            headline: None,
            seen_headline: true,
            stop: None,
            texts: 0,
            found: None,
        };
        around.visit(ancestor);
        if around.found.is_some() {
            return around.found;
        }
    }
    None
}

struct DateScan {
    headline: Option<NodeId>,
    seen_headline: bool,
    stop: Option<NodeId>,
    /// Text nodes read since the headline; the date is close to it or not there.
    texts: usize,
    found: Option<PrintedDate>,
}

impl DateScan {
    /// Returns true when the scan is over.
    fn visit(&mut self, node: ego_tree::NodeRef<scraper::Node>) -> bool {
        if self.found.is_some() || Some(node.id()) == self.stop || self.texts > 80 {
            return true;
        }
        match node.value() {
            scraper::Node::Element(element) => {
                let name = element.name();
                if matches!(
                    name,
                    "script" | "style" | "noscript" | "aside" | "nav" | "footer" | "head" | "a"
                ) {
                    return false;
                }
                // Class and id, lower-cased only where present: most elements have neither,
                // and this runs on every element before the headline.
                let named: Vec<String> = [element.attr("class"), element.attr("id")]
                    .into_iter()
                    .flatten()
                    .filter(|v| !v.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect();
                let mentions =
                    |words: &[&str]| named.iter().any(|v| words.iter().any(|w| v.contains(w)));
                if mentions(&[
                    "sidebar", "comment", "popular", "populer", "related", "terkait", "widget",
                    "footer", "menu",
                ]) {
                    return false;
                }
                if Some(node.id()) == self.headline {
                    self.seen_headline = true;
                    return false;
                }
                // A date split over elements (`<span>Rabu, 4 November 2015</span> <span>21:04
                // WIB</span>`) is read whole from its date-named container.
                if self.seen_headline
                    && mentions(&[
                        "date", "time", "tanggal", "waktu", "publish", "posted", "meta",
                    ])
                {
                    let text = ElementRef::wrap(node)
                        .map(|e| normalize_space(&e.text().collect::<String>()))
                        .unwrap_or_default();
                    if let Some(date) = date_in(&text) {
                        self.found = Some(date);
                        return true;
                    }
                }
                node.children().any(|child| self.visit(child))
            }
            scraper::Node::Text(text) if self.seen_headline && !text.trim().is_empty() => {
                self.texts += 1;
                if let Some(date) = date_in(&normalize_space(text)) {
                    self.found = Some(date);
                    return true;
                }
                false
            }
            _ => node.children().any(|child| self.visit(child)),
        }
    }
}

/// A date line, or a short text holding one date (`Selasa, 2 April 2019 | 13:45 WIB`).
fn date_in(text: &str) -> Option<PrintedDate> {
    if text.chars().count() > 120 {
        return None;
    }
    parse_date_line(text).or_else(|| find_dates(text).into_iter().next())
}

/// A date in the URL: `/2019/11/19/`, `/20191119`, `-2019-11-19`.
fn url_date(url: &str) -> Option<(jiff::civil::Date, String)> {
    let path = url.split(['?', '#']).next()?;
    let digits: Vec<(usize, char)> = path.char_indices().collect();
    for (i, &(start, c)) in digits.iter().enumerate() {
        if !(c == '1' || c == '2') || (i > 0 && digits[i - 1].1.is_ascii_digit()) {
            continue;
        }
        let rest: String = digits[i..].iter().map(|(_, c)| *c).take(10).collect();
        let candidates = [
            (rest.get(..10), [0..4, 5..7, 8..10]),
            (rest.get(..8), [0..4, 4..6, 6..8]),
        ];
        for (piece, ranges) in candidates {
            let Some(piece) = piece else { continue };
            let numbers: Vec<Option<i16>> = ranges
                .iter()
                .map(|r| piece.get(r.clone()).and_then(|s| s.parse().ok()))
                .collect();
            let separators_ok = piece.len() == 8
                && piece.chars().all(|c| c.is_ascii_digit())
                && digits.get(i + 8).is_none_or(|(_, c)| !c.is_ascii_digit())
                || piece.len() == 10 && {
                    let b = piece.as_bytes();
                    matches!(b[4], b'/' | b'-' | b'_') && b[7] == b[4]
                };
            if let [Some(y), Some(m), Some(d)] = numbers[..] {
                if separators_ok && (1995..=2100).contains(&y) {
                    if let Ok(date) = jiff::civil::Date::new(y, m as i8, d as i8) {
                        return Some((date, path[start..start + piece.len()].to_string()));
                    }
                }
            }
        }
    }
    None
}

/// The publication date from the best evidence, and the runner-up reading when printed and
/// metadata dates both exist (for the rule that compares them).
fn choose_date(
    html: &Html,
    title: Option<&str>,
    meta: &PageMeta,
    page_url: Option<&str>,
    content: &[&Block],
    header_date: Option<PrintedDate>,
) -> (Option<Published>, Option<Published>) {
    let printed = printed_date(html, title, content).or(header_date);
    let best_meta = meta.dates.first();
    let url_day = page_url.and_then(url_date).map(|(date, _)| date);
    match (best_meta, printed) {
        (Some(m), Some(p)) => {
            let from_meta = published_from_meta(
                m,
                p.zone.as_ref().map(|z| (z.offset_seconds, z.name.clone())),
            );
            let from_print = p.to_published(DateEvidence::Printed);
            let same_minute = match (&from_print.time, &from_meta.time) {
                (Some(a), Some(b)) => a.get(..5) == b.get(..5),
                _ => true,
            };
            let same_day = from_print.date.is_some() && from_print.date == from_meta.date;
            if same_day && same_minute {
                // They agree: the printed text is the raw value, the metadata the evidence.
                let published = Published {
                    raw: p.raw.clone(),
                    weekday: p.weekday,
                    time: from_meta.time.clone().or(from_print.time.clone()),
                    offset: from_meta.offset.clone().or(from_print.offset.clone()),
                    timezone: from_print.timezone.clone().or(from_meta.timezone.clone()),
                    ..from_meta.clone()
                };
                (Some(published), Some(from_print))
            } else if same_day || (local_date_of_instant(&from_print, m) && url_day != Some(m.date))
            {
                // Same day, another hour: metadata that labels local time as UTC (`10:08Z`
                // for 10:08 WIB) is a common CMS fault. Or an instant a day off a date
                // printed without a zone, which the URL does not side with. Either way,
                // what readers saw wins.
                (Some(from_print), Some(from_meta))
            } else {
                (Some(from_meta), Some(from_print))
            }
        }
        (Some(m), None) => {
            let from_meta = published_from_meta(m, None);
            // A UTC instant a day off the date in the page's own URL is that day in the
            // publisher's zone: the URL keeps the local date.
            match page_url.and_then(url_date) {
                Some((date, raw))
                    if m.offset.is_some() && (m.date - date).get_days().abs() == 1 =>
                {
                    (Some(published_from_url(date, raw)), Some(from_meta))
                }
                _ => (Some(from_meta), None),
            }
        }
        (None, Some(p)) => (Some(p.to_published(DateEvidence::Printed)), None),
        (None, None) => (
            page_url
                .and_then(url_date)
                .map(|(date, raw)| published_from_url(date, raw)),
            None,
        ),
    }
}

fn published_from_url(date: jiff::civil::Date, raw: String) -> Published {
    Published {
        raw,
        date: Some(date.to_string()),
        time: None,
        offset: None,
        timezone: None,
        weekday: None,
        source: DateEvidence::Url,
    }
}

/// A date printed without a zone and a metadata instant within a day of it: the instant,
/// seen from the publisher's unknown zone, is that printed day.
fn local_date_of_instant(printed: &Published, m: &MetaDate) -> bool {
    let Some(printed_date) = printed
        .date
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    else {
        return false;
    };
    printed.offset.is_none() && m.offset.is_some() && (m.date - printed_date).get_days().abs() <= 1
}

/// A metadata date in the model's terms; an instant is shown in the printed zone when the
/// page prints one (Liputan6 prints 09:10 WIB and stores 02:10Z: the same instant).
pub(crate) fn published_from_meta(m: &MetaDate, printed_zone: Option<(i32, String)>) -> Published {
    let (mut date, mut time, mut offset, mut zone_name) = (
        m.date,
        m.time,
        m.offset,
        m.offset.filter(|o| *o == 0).map(|_| "UTC".to_string()),
    );
    if let (Some(t), Some(from), Some((to, name))) = (m.time, m.offset, printed_zone) {
        let shifted = date.to_datetime(t) + jiff::SignedDuration::from_secs(i64::from(to - from));
        date = shifted.date();
        time = Some(shifted.time());
        offset = Some(to);
        zone_name = Some(name);
    }
    let time_text = time.map(|t| {
        if t.second() == 0 {
            format!("{:02}:{:02}", t.hour(), t.minute())
        } else {
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        }
    });
    Published {
        raw: m.raw.clone(),
        date: Some(date.to_string()),
        time: time_text,
        offset: offset.map(format_offset),
        timezone: zone_name,
        weekday: None::<Weekday>,
        source: m.evidence,
    }
}

/// Images of the article: figures inside the chosen containers, else the page's main image.
fn images(
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

/// Finds where text of the model stands in the decoded page, for findings' line numbers.
struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Bytes that searches past the window may still scan. Text that is not in the source
    /// as written (entities, markup inside words) misses, and a miss scans to the end: the
    /// budget keeps a page of many such paragraphs linear in its size.
    budget: std::cell::Cell<usize>,
}

/// How far past the cursor a search looks first: paragraphs follow each other closely.
const LOCATOR_WINDOW: usize = 16 * 1024;

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        // A line ends at LF, CRLF or a lone CR (old Mac files), as in the text reader.
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i + 1),
            )
            .collect();
        Locator {
            text,
            line_starts,
            budget: std::cell::Cell::new(4 * text.len() + 4 * LOCATOR_WINDOW),
        }
    }

    /// The position of the start of `needle`, searching from byte `from`.
    fn find(&self, needle: &str, from: usize) -> Option<Position> {
        self.find_offset(needle, from).map(|at| self.position(at))
    }

    /// Where `probe` starts in `text[from..to]`, charging what a search past the window
    /// scans to the budget; `None` once the budget is spent.
    fn search(&self, probe: &str, from: usize, to: usize, charged: bool) -> Option<usize> {
        let haystack = self.text.as_bytes().get(from..to)?;
        if charged {
            let left = self.budget.get();
            if left == 0 {
                return None;
            }
            self.budget.set(left.saturating_sub(haystack.len()));
        }
        memchr::memmem::find(haystack, probe.as_bytes()).map(|i| i + from)
    }

    /// The byte offset of the start of `needle` (its first words, as they survive entity
    /// encoding and markup), searching forward from `from`, then once from the start.
    fn find_offset(&self, needle: &str, from: usize) -> Option<usize> {
        // Markup and entities split text in the source (`<b>GENTENG</b> &ndash; Bupati`), so
        // shorter and shorter probes are tried: the text up to the first character that may
        // be encoded, its first three words, its first long word.
        let head: String = needle
            .chars()
            .take_while(|c| {
                !matches!(
                    c,
                    '&' | '<' | '>' | '"' | '\'' | '“' | '”' | '‘' | '’' | '–' | '—'
                )
            })
            .take(40)
            .collect();
        let words: Vec<&str> = needle
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let probes = [
            head.trim().to_string(),
            words.iter().take(3).copied().collect::<Vec<_>>().join(" "),
            words
                .iter()
                .find(|w| w.chars().count() >= 4)
                .map(|w| w.to_string())
                .unwrap_or_default(),
        ];
        let from = from.min(self.text.len());
        let near = (from + LOCATOR_WINDOW).min(self.text.len());
        let usable = || probes.iter().filter(|p| p.chars().count() >= 4);
        let forward = usable()
            .find_map(|probe| self.search(probe, from, near, false))
            .or_else(|| usable().find_map(|probe| self.search(probe, near, self.text.len(), true)));
        // Searching the whole page again costs a scan per probe: only the fullest probe
        // gets a second chance, for text that stands before the cursor (a title).
        forward.or_else(|| {
            (from > 0)
                .then(|| usable().next())
                .flatten()
                .and_then(|probe| self.search(probe, 0, from, true))
        })
    }

    fn position(&self, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        Position {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://example.com/2019/11/19/story-title").map(|d| d.0.to_string()),
            Some("2019-11-19".to_string())
        );
        assert_eq!(
            url_date("https://example.com/news/20191118-story").map(|d| d.0.to_string()),
            Some("2019-11-18".to_string())
        );
        assert_eq!(url_date("https://example.com/read/3062623/323"), None);
    }

    #[test]
    fn site_names_are_stripped_from_titles() {
        assert_eq!(
            strip_site_name("29 penerbangan Bandara Internasional Lombok dibatalkan - ANTARA News"),
            "29 penerbangan Bandara Internasional Lombok dibatalkan"
        );
        assert_eq!(strip_site_name("Jalan - Jalan"), "Jalan - Jalan");
    }

    #[test]
    fn profile_dates_follow_their_format_hint() {
        let p = profile_date("08-04-2019 10.15", Some("%d-%m-%Y %H.%M")).unwrap();
        assert_eq!(
            (p.date.as_deref(), p.time.as_deref()),
            (Some("2019-04-08"), Some("10:15"))
        );
        // Indonesian names are beyond strftime; the printed-date reader takes over.
        let p = profile_date("Senin, 8 April 2019", Some("%A, %d %B %Y")).unwrap();
        assert_eq!(p.date.as_deref(), Some("2019-04-08"));
        assert_eq!(p.source, DateEvidence::Profile);
    }

    #[test]
    fn metadata_instants_are_shown_in_the_printed_zone() {
        let m = meta::parse_meta_date("2019-11-19T02:10:00Z", DateEvidence::Meta).unwrap();
        let p = published_from_meta(&m, Some((25200, "WIB".to_string())));
        assert_eq!(p.date.as_deref(), Some("2019-11-19"));
        assert_eq!(p.time.as_deref(), Some("09:10"));
        assert_eq!(p.offset.as_deref(), Some("+07:00"));
        assert_eq!(p.timezone.as_deref(), Some("WIB"));
    }
}
