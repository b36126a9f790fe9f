//! What every reader does once it has found the parts of a page: split the dateline off the
//! first paragraph and the end marker off the last, find quotations, detect the language,
//! and fill in the article's identity and source.

use crate::analyze::confidence::{assess, Evidence};
use crate::analyze::credit::split_end_marker;
use crate::analyze::dateline::split_dateline;
use crate::analyze::language::detect_language;
use crate::analyze::quote::find_quotes_in;
use crate::model::{
    Article, ExtractionMethod, Image, Published, RelatedLink, Source, SourceEncoding, SourceFormat,
};
use crate::rules::suppress::{Comment, Directive};

use super::{article_id_from, source_of, Input, ParagraphMap, Parsed, SourceMap};

/// The parts a reader found, before the shared analysis.
#[derive(Debug, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub published: Option<Published>,
    /// The date reading that lost, when a page gives its date twice; kept for the rules.
    pub other_published: Option<Published>,
    pub byline: Vec<String>,
    pub tags: Vec<String>,
    pub related: Vec<RelatedLink>,
    pub images: Vec<Image>,
    /// The language the page declares, if any; otherwise it is detected.
    pub language: Option<String>,
    /// The page's own URL (canonical link), when the input did not come with one.
    pub url: Option<String>,
    pub paragraphs: Vec<(String, ParagraphMap)>,
    pub map: SourceMap,
    /// What suppression comments and unchecked text silence, already placed.
    pub suppressions: Vec<Directive>,
    /// `arsip-ignore` comments and the paragraph of `paragraphs` each stands in or
    /// precedes, placed once the paragraphs are final.
    pub paragraph_comments: Vec<(usize, Comment)>,
    /// What the reader wants the user to know.
    pub notes: Vec<String>,
    /// What the reader saw of the page, for the extraction's confidence.
    pub evidence: Evidence,
    /// The first paragraph is a standfirst the reader found above the article's text,
    /// so the dateline, if any, opens the second.
    pub standfirst: bool,
}

/// Turns a reader's draft into the article.
pub fn assemble(
    input: &Input,
    format: SourceFormat,
    encoding: SourceEncoding,
    draft: Draft,
    text: String,
) -> Parsed {
    let Draft {
        title,
        published,
        other_published,
        byline,
        tags,
        related,
        images,
        language,
        url,
        mut paragraphs,
        mut map,
        mut suppressions,
        paragraph_comments,
        mut notes,
        evidence,
        standfirst: draft_standfirst,
    } = draft;

    // Pages often set the dateline in its own element (`<strong>Jakarta</strong> -`): it
    // belongs to the paragraph after it.
    let mut lead_merged = false;
    if paragraphs.len() >= 2 {
        let first = paragraphs[0].0.trim_end();
        if first.chars().count() <= 70 && first.ends_with(['-', '–', '—']) {
            let (lead, lead_map) = paragraphs.remove(0);
            let (next, next_map) = &mut paragraphs[0];
            *next = format!("{lead} {next}");
            *next_map = ParagraphMap::new(vec![(0, lead_map.start())]);
            lead_merged = true;
        }
    }

    let mut dateline = None;
    // The dateline opens the first paragraph, or the second when a standfirst stands
    // above it; there only a wire's shape counts (an agency, or the place in capitals:
    // `WASHINGTON (AP) —`, `Jakarta, Kompas -`), not any phrase before a dash.
    let wire_shaped = |p: &str| {
        split_dateline(p).is_some_and(|s| {
            s.dateline.agency.is_some()
                || s.dateline
                    .raw
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
        })
    };
    let opening = match paragraphs.get(..2) {
        Some([(first, _), (second, _)])
            if split_dateline(first).is_none()
                && (wire_shaped(second)
                    || (draft_standfirst && split_dateline(second).is_some())) =>
        {
            1
        }
        _ => 0,
    };
    if let Some((first, first_map)) = paragraphs.get_mut(opening) {
        if let Some(split) = split_dateline(first) {
            map.dateline = Some(first_map.start()).filter(|p| p.line > 0);
            dateline = Some(split.dateline);
            let prefix_len = split.prefix_len;
            first_map.drop_prefix(first, prefix_len);
            first.replace_range(..prefix_len, "");
        }
    }

    // A comment silences its paragraph from its first word to its last, end marker
    // included: the positions findings inside it are given.
    for (index, comment) in paragraph_comments {
        let index = if lead_merged {
            index.saturating_sub(1)
        } else {
            index
        };
        let Some((paragraph, paragraph_map)) = paragraphs.get(index) else {
            continue;
        };
        let start = paragraph_map.start();
        // A paragraph the reader could not place has no span to silence.
        if start.line > 0 {
            let end = paragraph_map.position(paragraph, paragraph.len());
            suppressions.push(Directive::between(&comment, start, end));
        }
    }

    let mut credit = None;
    if let Some((last, last_map)) = paragraphs.last_mut() {
        if let Some(marker) = split_end_marker(last) {
            map.credit = Some(last_map.position(last, marker.start));
            credit = Some(marker.credit.to_string());
            let keep = marker.before.len();
            last.truncate(keep);
        }
        if last.is_empty() {
            paragraphs.pop();
        }
    }

    let (body, body_map): (Vec<String>, Vec<ParagraphMap>) = paragraphs.into_iter().unzip();
    map.body = body_map;
    map.other_published = other_published;
    let language = language.or_else(|| {
        // The printed date is evidence too: `Senin, 8 April 2019` is Indonesian.
        let date = published.as_ref().map(|p| p.raw.as_str());
        detect_language(
            body.iter()
                .map(String::as_str)
                .chain(title.as_deref())
                .chain(date),
        )
        .map(str::to_string)
    });
    let published = published.map(|p| weekday_as_language_reads(p, language.as_deref()));
    map.other_published = map
        .other_published
        .take()
        .map(|p| weekday_as_language_reads(p, language.as_deref()));
    // Found once, in the article's language as the rules read them; the model keeps the
    // quotations, the map their spans.
    let (quotes, spans) = find_quotes_in(&body, language.as_deref());
    if quotes.len() >= crate::analyze::quote::MAX_QUOTES {
        notes.push(format!(
            "only the first {} quotations are listed and checked; the text goes on with more",
            crate::analyze::quote::MAX_QUOTES
        ));
    }
    map.quote_spans = spans;
    // The page's own URL (its canonical link) stands in for an input that came without one;
    // the input itself, megabytes perhaps, is not copied for that.
    let url = input.url.clone().or(url);
    let mut article = Article {
        id: article_id_from(
            url.as_deref(),
            input.relative.as_deref(),
            title.as_deref(),
            &input.bytes,
        ),
        source: Source {
            url,
            ..source_of(input, format, encoding)
        },
        language,
        title,
        published,
        dateline,
        byline: (!byline.is_empty()).then(|| byline.join(", ")),
        credit,
        body,
        quotes,
        related,
        tags,
        images,
        extraction: None,
    };
    let method = match format {
        SourceFormat::Html => ExtractionMethod::Heuristic,
        SourceFormat::Text | SourceFormat::Markdown => ExtractionMethod::Text,
        SourceFormat::Json | SourceFormat::Yaml | SourceFormat::Newsml => ExtractionMethod::Markup,
    };
    article.extraction = Some(assess(&article, method, &evidence));
    Parsed {
        article,
        map,
        text,
        notes,
        suppressions,
    }
}

/// A date whose weekday was read from another language's abbreviation (`Min.`, minutes
/// on a German page, is not Indonesian's Minggu) keeps no weekday.
fn weekday_as_language_reads(mut published: Published, language: Option<&str>) -> Published {
    if published.weekday.is_some() {
        let printed = crate::analyze::date::parse_date_line(&published.raw);
        if printed.is_some_and(|d| d.weekday.is_some() && d.weekday_in(language).is_none()) {
            published.weekday = None;
        }
    }
    published
}

/// Adds `item` to `list` unless it is empty or already there. `seen` holds what `list`
/// holds, so that a page listing thousands of names or tags stays linear.
pub(crate) fn push_distinct(
    list: &mut Vec<String>,
    seen: &mut std::collections::HashSet<String>,
    item: String,
) -> bool {
    if item.is_empty() || seen.contains(&item) {
        return false;
    }
    seen.insert(item.clone());
    list.push(item);
    true
}
