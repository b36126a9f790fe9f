//! Links: where relative hrefs point from, and resolving them.

/// Where relative links point from: `<base href>` (itself resolved against the page), else
/// the page's URL.
pub(super) fn link_base(page_url: Option<&str>, base_href: Option<&str>) -> Option<url::Url> {
    let page = page_url.and_then(|u| url::Url::parse(u).ok());
    match (base_href, &page) {
        (Some(href), Some(page)) => page.join(href).ok().or(Some(page.clone())),
        (Some(href), None) => url::Url::parse(href).ok(),
        (None, page) => page.clone(),
    }
}

pub(super) fn absolute(href: &str, base: Option<&url::Url>) -> String {
    match base {
        Some(base) => base
            .join(href)
            .map_or_else(|_| href.to_string(), |u| u.to_string()),
        None => href.to_string(),
    }
}

/// An anchor that works the page rather than pointing to another one: empty, a fragment of
/// this page (`#top`), or a script (`javascript:history.go(-1)`, a back or print button).
/// Such anchors are controls, never related articles, whatever block holds them.
pub(super) fn is_page_control(href: &str) -> bool {
    let href = href.trim();
    href.is_empty()
        || href.starts_with('#')
        || href
            .get(..11)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("javascript:"))
}
