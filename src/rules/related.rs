//! Related-link rules: empty sections, bad URLs, duplicates, self links.

use std::collections::BTreeMap;

use crate::analyze::text::normalize_space;

use super::{Checker, Family, Location, Rule, Severity};

pub static RELATED_EMPTY_SECTION: Rule = Rule {
    code: "R401",
    name: "related-empty-section",
    family: Family::Related,
    severity: Severity::Info,
    summary: "A related-articles section is present but lists nothing.",
    why: "An empty `Berita Terkait` heading is template residue: the links were lost when the page was scraped or the CMS dropped them.",
    example: "Berita Terkait\n\nBagikan Artikel :",
    fixed: "Berita Terkait\n- Festival Gandrung Sewu digelar https://portal.example/berita/123",
};

pub static RELATED_MALFORMED_URL: Rule = Rule {
    code: "R402",
    name: "related-malformed-url",
    family: Family::Related,
    severity: Severity::Warning,
    summary: "A related link's URL is malformed.",
    why: "A broken URL is a dead link in every migrated copy of the archive.",
    example: "Baca Juga: Pasar baru dibuka htp//portal.example/berita/12",
    fixed: "Baca Juga: Pasar baru dibuka https://portal.example/berita/12",
};

pub static RELATED_DUPLICATE: Rule = Rule {
    code: "R403",
    name: "related-duplicate",
    family: Family::Related,
    severity: Severity::Info,
    summary: "The same related link is listed twice.",
    why: "Duplicates waste the reader's attention and show a CMS that appended links twice. Info by default: on real pages a link listed twice was a teaser card (its image and its title) or two sidebar modules sharing a link every time it was judged (0 of 8), not a defect of the article.",
    example:
        "Baca Juga:\n- Pasar baru https://portal.example/12\n- Pasar baru https://portal.example/12",
    fixed: "Baca Juga:\n- Pasar baru https://portal.example/12",
};

pub static RELATED_SELF_LINK: Rule = Rule {
    code: "R404",
    name: "related-self-link",
    family: Family::Related,
    severity: Severity::Warning,
    summary: "A related link points at the article itself.",
    why: "A link to the page the reader is on is useless, and usually means the related list was filled automatically.",
    example: "Judul: Pasar Baru Dibuka … Baca Juga: Pasar Baru Dibuka",
    fixed: "Judul: Pasar Baru Dibuka … Baca Juga: Pedagang Pasar Lama Pindah",
};

pub static RELATED_RELATIVE_URL: Rule = Rule {
    code: "R405",
    name: "related-relative-url",
    family: Family::Related,
    severity: Severity::Warning,
    summary: "A related link's URL is relative and the article has no URL to resolve it against.",
    why: "Once the article leaves its portal, `/berita/12` points nowhere; give `--base-url` or the page's URL.",
    example: "Baca Juga: Pasar baru /berita/12",
    fixed: "Baca Juga: Pasar baru https://portal.example/berita/12",
};

pub static RELATED_NON_WEB_SCHEME: Rule = Rule {
    code: "R406",
    name: "related-non-web-scheme",
    family: Family::Related,
    severity: Severity::Warning,
    summary: "A related link uses a non-web scheme such as `javascript:` or `whatsapp:`.",
    why: "Share buttons and script links scraped into the related list are page chrome, not related articles. The HTML reader already leaves out script anchors (a back or print button is a control of the page), so on HTML the rule fires for app links such as `whatsapp:`; on text, Markdown and data sources for any link someone wrote that way.",
    example: "Baca Juga: Bagikan whatsapp://send?text=Pasar",
    fixed: "Baca Juga: Pasar baru https://portal.example/berita/12",
};

pub static RULES: &[&Rule] = &[
    &RELATED_EMPTY_SECTION,
    &RELATED_MALFORMED_URL,
    &RELATED_DUPLICATE,
    &RELATED_SELF_LINK,
    &RELATED_RELATIVE_URL,
    &RELATED_NON_WEB_SCHEME,
];

const NON_WEB_SCHEMES: &[&str] = &[
    "javascript",
    "whatsapp",
    "mailto",
    "tel",
    "sms",
    "data",
    "fb",
    "fb-messenger",
    "intent",
    "tg",
    "line",
    "file",
];

/// What a related URL is.
#[derive(Debug, PartialEq, Eq)]
enum UrlKind {
    Web(String),
    Relative,
    NonWeb(String),
    Malformed(Option<String>),
}

fn classify(url: &str) -> UrlKind {
    let trimmed = url.trim();
    if trimmed.starts_with('/') && !trimmed.starts_with("//")
        || trimmed.starts_with("./")
        || trimmed.starts_with("../")
    {
        return UrlKind::Relative;
    }
    if let Some(rest) = trimmed.strip_prefix("www.") {
        return UrlKind::Malformed(Some(format!("https://www.{rest}")));
    }
    match url::Url::parse(trimmed) {
        Ok(parsed) => match parsed.scheme() {
            "http" | "https" if parsed.host_str().is_some_and(|h| h.contains('.')) => {
                UrlKind::Web(normalise(&parsed))
            }
            "http" | "https" => UrlKind::Malformed(None),
            scheme if NON_WEB_SCHEMES.contains(&scheme) => UrlKind::NonWeb(scheme.to_string()),
            scheme => UrlKind::Malformed(fix_scheme(scheme, trimmed)),
        },
        Err(_) => {
            // `htp//portal/x`, `http//portal/x`: a scheme with its colon lost.
            let fixed = trimmed
                .split_once("//")
                .map(|(_, rest)| format!("https://{rest}"))
                .filter(|f| url::Url::parse(f).is_ok());
            UrlKind::Malformed(fixed)
        }
    }
}

/// `htp://x`, `htps://x`: a near miss of http(s).
fn fix_scheme(scheme: &str, url: &str) -> Option<String> {
    let near = ["http", "https"]
        .iter()
        .any(|s| crate::analyze::quote::edit_distance(scheme, s) == 1);
    near.then(|| format!("https{}", &url[scheme.len()..]))
}

/// The same page however it is written: lower-case host, no fragment, no trailing slash.
fn normalise(url: &url::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    let text = url.to_string();
    text.trim_end_matches('/').to_string()
}

fn fold_title(title: &str) -> String {
    normalize_space(title).to_lowercase()
}

pub fn check(c: &mut Checker) {
    if c.article.related.is_empty() {
        if let Some(position) = c.map.related_section {
            c.report(
                &RELATED_EMPTY_SECTION,
                Location {
                    position: Some(position),
                    field: "related".to_string(),
                },
                c.say("related-empty-section", &[]),
                None,
            );
        }
        return;
    }
    let own_url = c
        .article
        .source
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| normalise(&u));
    let own_title = c.article.title.as_deref().map(fold_title);
    // Each key with the index and title of the link it was last seen on.
    let mut seen: BTreeMap<String, (usize, Option<String>)> = BTreeMap::new();
    for index in 0..c.article.related.len() {
        let link = c.article.related[index].clone();
        let at = |field: &str| Location {
            position: c.map.related.get(index).copied(),
            field: format!("related[{index}]{field}"),
        };
        let mut key = link
            .title
            .as_deref()
            .map(|t| format!("title:{}", fold_title(t)));
        if let Some(url) = &link.url {
            match classify(url) {
                UrlKind::Web(normalised) => {
                    if own_url.as_ref() == Some(&normalised) {
                        c.report(
                            &RELATED_SELF_LINK,
                            at(".url"),
                            c.say("related-self-link", &[url]),
                            None,
                        );
                    }
                    key = Some(format!("url:{normalised}"));
                }
                UrlKind::Relative if own_url.is_none() => c.report(
                    &RELATED_RELATIVE_URL,
                    at(".url"),
                    c.say("related-relative-url", &[url]),
                    Some(c.say("related-relative-url.fix", &[])),
                ),
                UrlKind::Relative => {}
                // A press contact's address or phone number: a contact, not a broken link.
                UrlKind::NonWeb(scheme) if matches!(scheme.as_str(), "mailto" | "tel") => {}
                UrlKind::NonWeb(scheme) => c.report(
                    &RELATED_NON_WEB_SCHEME,
                    at(".url"),
                    c.say("related-non-web", &[&scheme]),
                    Some(c.say("related-non-web.fix", &[])),
                ),
                UrlKind::Malformed(fixed) => c.report(
                    &RELATED_MALFORMED_URL,
                    at(".url"),
                    c.say("related-malformed-url", &[url]),
                    fixed.map(|f| c.say("did-you-mean", &[&f])),
                ),
            }
        }
        if link.url.is_none()
            && link.title.as_deref().map(fold_title) == own_title
            && own_title.is_some()
        {
            c.report(
                &RELATED_SELF_LINK,
                at(".title"),
                c.say("related-self-title", &[]),
                None,
            );
        }
        if let Some(key) = key {
            let title = link.title.as_deref().map(fold_title);
            let previous = seen.insert(key, (index, title.clone()));
            // One teaser card is often two links to one page, an image and a headline (or
            // a date): the same URL within two links, under another title.
            let same_card = previous
                .as_ref()
                .is_some_and(|(at, other)| index - at <= 2 && *other != title);
            if previous.is_some() && !same_card {
                c.report(
                    &RELATED_DUPLICATE,
                    at(""),
                    c.say("related-duplicate", &[]),
                    Some(c.say("related-duplicate.fix", &[])),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_classified() {
        assert!(matches!(
            classify("https://portal.example/berita/1"),
            UrlKind::Web(_)
        ));
        assert_eq!(classify("/berita/1"), UrlKind::Relative);
        assert_eq!(
            classify("javascript:void(0)"),
            UrlKind::NonWeb("javascript".into())
        );
        assert_eq!(
            classify("htp//portal.example/x"),
            UrlKind::Malformed(Some("https://portal.example/x".into()))
        );
        assert_eq!(
            classify("htp://portal.example/x"),
            UrlKind::Malformed(Some("https://portal.example/x".into()))
        );
        assert!(matches!(
            classify("www.portal.example/x"),
            UrlKind::Malformed(Some(_))
        ));
    }
}
