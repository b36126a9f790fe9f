//! Page metadata: JSON-LD, microdata, OpenGraph and other `<meta>` tags, `<time>`, the
//! canonical URL and `<base>`. Each fact keeps the evidence it came from, so that the reader
//! can take the best one first.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::analyze::meta_date::{parse_meta_date, MetaDate};
use crate::analyze::text::normalize_space;
use crate::model::DateEvidence;

/// What the page says about itself outside its visible text.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// JSON-LD `headline`.
    pub headline: Option<String>,
    /// Microdata `headline`, which some portals fill with the description.
    pub microdata_headline: Option<String>,
    pub og_title: Option<String>,
    pub html_title: Option<String>,
    /// `og:description` or `<meta name=description>`.
    pub description: Option<String>,
    /// Dates in order of evidence strength: JSON-LD, microdata, meta tags, `<time>`.
    pub dates: Vec<MetaDate>,
    /// Modification dates (`dateModified`, `article:modified_time`, `og:updated_time`):
    /// what a page prints as its date is often its last update.
    pub modified: Vec<MetaDate>,
    pub article_body: Option<String>,
    pub authors: Vec<String>,
    pub keywords: Vec<String>,
    pub canonical: Option<String>,
    pub base_href: Option<String>,
    pub language: Option<String>,
    pub image: Option<String>,
    pub generator: Option<String>,
}

fn attr(element: ElementRef, name: &str) -> Option<String> {
    element
        .value()
        .attr(name)
        .map(normalize_space)
        .filter(|v| !v.is_empty())
}

/// The elements metadata is read from, found in one walk of the page rather than one
/// selector pass each (a page has thousands of elements, and this runs on every page).
#[derive(Default)]
struct Marked<'a> {
    json_ld: Vec<ElementRef<'a>>,
    itemprop: Vec<ElementRef<'a>>,
    meta_tags: Vec<ElementRef<'a>>,
    first_time: Option<ElementRef<'a>>,
}

impl<'a> Marked<'a> {
    fn of(html: &'a Html) -> Self {
        let mut marked = Marked::default();
        for element in html
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            let value = element.value();
            match value.name() {
                "script"
                    if value
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    marked.json_ld.push(element)
                }
                "meta" if value.attr("content").is_some() => marked.meta_tags.push(element),
                "time" if marked.first_time.is_none() && value.attr("datetime").is_some() => {
                    marked.first_time = Some(element)
                }
                _ => {}
            }
            if value.attr("itemprop").is_some() {
                marked.itemprop.push(element);
            }
        }
        marked
    }

    /// Elements whose `itemprop` holds `property` (`[itemprop~=property]`).
    fn with_itemprop(&self, property: &'a str) -> impl Iterator<Item = ElementRef<'a>> + '_ {
        self.itemprop.iter().copied().filter(move |e| {
            e.value()
                .attr("itemprop")
                .is_some_and(|v| v.split_ascii_whitespace().any(|t| t == property))
        })
    }
}

/// Reads every kind of metadata the page has.
pub fn read_meta(html: &Html) -> PageMeta {
    let mut meta = PageMeta::default();
    let marked = Marked::of(html);
    read_json_ld(&marked, &mut meta);
    read_microdata(&marked, &mut meta);
    read_meta_tags(&marked, &mut meta);
    read_time_elements(&marked, &mut meta);
    // Title, canonical link and base live in <head>: looking there first spares a walk of
    // the whole page for each. The whole page when the head has none: text before the
    // doctype (a PHP warning printed ahead of the page) opens the body early, and html5ever
    // then builds the page's head elements inside it.
    let head = html.select(css!("head")).next();
    let scope = |selector: &Selector| -> Vec<ElementRef> {
        let in_head: Vec<ElementRef> = head
            .map(|head| head.select(selector).collect())
            .unwrap_or_default();
        if in_head.is_empty() {
            // HTML elements only: an icon's `<svg><title>` names the icon, not the page.
            html.select(selector)
                .filter(|e| &*e.value().name.ns == "http://www.w3.org/1999/xhtml")
                .collect()
        } else {
            in_head
        }
    };
    meta.html_title = scope(css!("title"))
        .first()
        .map(|t| normalize_space(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    meta.base_href = scope(css!("base[href]"))
        .into_iter()
        .find_map(|b| attr(b, "href"));
    // `<link rel=canonical>` first; `og:url`, read with the other meta tags, otherwise. A
    // relative canonical is resolved against an absolute `og:url` or `<base>`, so that the
    // page keeps an address its relative links can be resolved against.
    let og_url = meta.canonical.take();
    let link = scope(css!("link[rel~=canonical]"))
        .into_iter()
        .find_map(|l| attr(l, "href"));
    meta.canonical = match link {
        Some(link) if url::Url::parse(&link).is_err() => {
            [og_url.as_deref(), meta.base_href.as_deref()]
                .into_iter()
                .flatten()
                .find_map(|base| url::Url::parse(base).ok()?.join(&link).ok())
                .map(String::from)
                .or(Some(link))
        }
        link => link.or(og_url),
    };
    meta.language = attr(html.root_element(), "lang").and_then(|lang| primary_language(&lang));
    meta
}

/// `id-ID` -> `id`, `en_US` -> `en`; only tags that look like BCP 47 primary subtags.
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()))
        .then_some(primary)
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
];

fn is_article(object: &serde_json::Map<String, Value>) -> bool {
    match object.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(types)) => types
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

/// Article objects anywhere in a JSON-LD value: top level, arrays, `@graph`. The walks
/// over JSON-LD recurse: serde_json refuses a value nested past 128 levels, so a page
/// cannot make them deep.
fn collect_articles<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect_articles(v, out)),
        Value::Object(object) => {
            if is_article(object) {
                out.push(object);
            }
            if let Some(graph) = object.get("@graph") {
                collect_articles(graph, out);
            }
        }
        _ => {}
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(normalize_space(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(text_of),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

fn read_json_ld(marked: &Marked, meta: &mut PageMeta) {
    for &script in &marked.json_ld {
        let text: String = script.text().collect();
        // Some CMSs leave control characters or HTML comments around the JSON.
        let cleaned = text
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .replace(['\n', '\r', '\t'], " ");
        let Ok(value) = serde_json::from_str::<Value>(&cleaned) else {
            continue;
        };
        let mut articles = Vec::new();
        collect_articles(&value, &mut articles);
        if articles.is_empty() {
            // No article object: a WebPage's own `datePublished` (as Yoast writes it in its
            // `@graph`) dates the page; nested ones (comments, reviews) do not.
            let tops: Vec<&Value> = match &value {
                Value::Array(items) => items.iter().collect(),
                other => std::iter::once(other)
                    .chain(
                        other
                            .get("@graph")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten(),
                    )
                    .collect(),
            };
            // The page's own object first, then the work it presents (a `HowTo`, a
            // `Recipe`); an image's or a video's date is when that file was made.
            fn date_of<'v>(v: &&'v Value) -> Option<&'v str> {
                v.get("datePublished").and_then(Value::as_str)
            }
            fn type_of<'v>(v: &&'v Value) -> &'v str {
                v.get("@type").and_then(Value::as_str).unwrap_or("")
            }
            let page_date = tops
                .iter()
                .filter(|v| type_of(v) == "WebPage")
                .find_map(|v| date_of(v))
                .or_else(|| {
                    tops.iter()
                        .filter(|v| {
                            !matches!(
                                type_of(v),
                                "ImageObject" | "VideoObject" | "AudioObject" | "MediaObject"
                            )
                        })
                        .find_map(|v| date_of(v))
                })
                .and_then(|raw| parse_meta_date(raw, DateEvidence::JsonLd));
            meta.dates.extend(page_date);
        }
        collect_modified(&value, &mut meta.modified);
        for article in articles {
            if meta.headline.is_none() {
                meta.headline = article.get("headline").and_then(text_of);
            }
            if let Some(raw) = article.get("datePublished").and_then(Value::as_str) {
                if let Some(date) = parse_meta_date(raw, DateEvidence::JsonLd) {
                    meta.dates.push(date);
                }
            }
            if meta.article_body.is_none() {
                meta.article_body = article
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            if meta.authors.is_empty() {
                meta.authors = article.get("author").map(names_of).unwrap_or_default();
            }
            if meta.keywords.is_empty() {
                meta.keywords = match article.get("keywords") {
                    Some(Value::String(s)) => split_keywords(s),
                    Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
                    _ => Vec::new(),
                };
            }
            if meta.image.is_none() {
                meta.image = article.get("image").and_then(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("url").and_then(Value::as_str).map(str::to_string),
                    Value::Array(items) => items.first().and_then(|f| match f {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => {
                            o.get("url").and_then(Value::as_str).map(str::to_string)
                        }
                        _ => None,
                    }),
                    _ => None,
                });
            }
        }
    }
}

/// Every `dateModified` in a JSON-LD value, at any depth: an update stamp of the page or
/// of its article, only ever compared with what the page prints.
fn collect_modified(value: &Value, out: &mut Vec<MetaDate>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                match (key.as_str(), inner) {
                    ("dateModified", Value::String(raw)) => {
                        out.extend(parse_meta_date(raw, DateEvidence::JsonLd));
                    }
                    _ => collect_modified(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_modified(item, out)),
        _ => {}
    }
}

fn read_microdata(marked: &Marked, meta: &mut PageMeta) {
    for element in marked.with_itemprop("dateModified") {
        let raw = attr(element, "content").or_else(|| attr(element, "datetime"));
        meta.modified
            .extend(raw.and_then(|raw| parse_meta_date(&raw, DateEvidence::Microdata)));
    }
    for element in marked.with_itemprop("datePublished") {
        let raw = attr(element, "content")
            .or_else(|| attr(element, "datetime"))
            .unwrap_or_else(|| normalize_space(&element.text().collect::<String>()));
        if let Some(date) = parse_meta_date(&raw, DateEvidence::Microdata) {
            meta.dates.push(date);
        }
    }
    if meta.microdata_headline.is_none() {
        meta.microdata_headline = marked.with_itemprop("headline").find_map(|e| {
            attr(e, "content")
                .or_else(|| Some(normalize_space(&e.text().collect::<String>())))
                .filter(|t| !t.is_empty())
        });
    }
    if meta.article_body.is_none() {
        meta.article_body = marked
            .with_itemprop("articleBody")
            .next()
            .map(|e| e.text().collect::<String>())
            .filter(|t| !t.trim().is_empty());
    }
}

/// Date `<meta>` names in the order news CMSs use them.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published_time",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "content_publication_date",
    "article.published",
    "originalpublicationdate",
];

fn read_meta_tags(marked: &Marked, meta: &mut PageMeta) {
    let mut dated: Vec<(usize, MetaDate)> = Vec::new();
    for &tag in &marked.meta_tags {
        let key = tag
            .value()
            .attr("property")
            .or_else(|| tag.value().attr("name"))
            .or_else(|| tag.value().attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = attr(tag, "content") else {
            continue;
        };
        match key.as_str() {
            "og:title" | "twitter:title" if meta.og_title.is_none() => {
                meta.og_title = Some(content)
            }
            "og:url" if meta.canonical.is_none() => meta.canonical = Some(content),
            "og:description" | "description" if meta.description.is_none() => {
                meta.description = Some(content)
            }
            "og:image" if meta.image.is_none() => meta.image = Some(content),
            "author" | "article:author" | "dc.creator" if meta.authors.is_empty() => {
                if !content.starts_with("http") {
                    meta.authors = vec![content];
                }
            }
            "article:tag" => meta.keywords.push(content),
            "news_keywords" if meta.keywords.is_empty() => meta.keywords = split_keywords(&content),
            "generator" if meta.generator.is_none() => meta.generator = Some(content),
            "article:modified_time" | "og:updated_time" | "datemodified" | "last-modified" => {
                meta.modified
                    .extend(parse_meta_date(&content, DateEvidence::Meta));
            }
            _ => {
                if let Some(rank) = DATE_META.iter().position(|k| *k == key) {
                    if let Some(date) = parse_meta_date(&content, DateEvidence::Meta) {
                        dated.push((rank, date));
                    }
                }
            }
        }
    }
    dated.sort_by_key(|(rank, _)| *rank);
    meta.dates.extend(dated.into_iter().map(|(_, d)| d));
}

fn read_time_elements(marked: &Marked, meta: &mut PageMeta) {
    // Only the first: later ones are comments, related items and sidebars.
    if let Some(time) = marked.first_time {
        if let Some(raw) = attr(time, "datetime") {
            if let Some(date) = parse_meta_date(&raw, DateEvidence::TimeElement) {
                meta.dates.push(date);
            }
        }
    }
}

fn split_keywords(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(normalize_space)
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_inside_graph() {
        let page = Html::parse_document(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"Judul","datePublished":"2019-04-01T10:15:00+07:00","author":[{"@type":"Person","name":"Ani"}],"articleBody":"Isi."}]}</script>"#,
        );
        let meta = read_meta(&page);
        assert_eq!(meta.headline.as_deref(), Some("Judul"));
        assert_eq!(meta.dates[0].evidence, DateEvidence::JsonLd);
        assert_eq!(meta.authors, ["Ani"]);
        assert_eq!(meta.article_body.as_deref(), Some("Isi."));
    }

    #[test]
    fn a_title_pushed_out_of_the_head_is_still_the_title() {
        // A PHP warning before the doctype opens the body; the head's elements land in it.
        let page = Html::parse_document(
            "<b>Warning</b>: mysql_get_server_info()<br />\n<!DOCTYPE html><html><head>\
             <title>Alles Neue macht der Mai</title></head><body><p>Text.</p></body></html>",
        );
        assert_eq!(
            read_meta(&page).html_title.as_deref(),
            Some("Alles Neue macht der Mai")
        );
        // An icon's title is not the page's.
        let page = Html::parse_document("<p><svg><title>Facebook</title></svg></p>");
        assert_eq!(read_meta(&page).html_title, None);
    }

    #[test]
    fn a_relative_canonical_is_resolved_against_og_url_or_base() {
        let canonical = |head: &str| read_meta(&Html::parse_document(head)).canonical;
        let og = r#"<meta property="og:url" content="https://portal.example/berita/12">"#;
        assert_eq!(
            canonical(&format!(r#"<link rel="canonical" href="/berita/12">{og}"#)).as_deref(),
            Some("https://portal.example/berita/12")
        );
        assert_eq!(
            canonical(
                r#"<base href="https://portal.example/"><link rel="canonical" href="berita/12">"#
            )
            .as_deref(),
            Some("https://portal.example/berita/12")
        );
        // With nothing absolute to resolve against, the canonical stays as written.
        assert_eq!(
            canonical(r#"<link rel="canonical" href="/berita/12">"#).as_deref(),
            Some("/berita/12")
        );
    }
}
