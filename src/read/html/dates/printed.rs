//! Dates printed on the page: under the headline, in the article's header, in the body.

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use crate::analyze::date::{dates_in, parse_date_line, PrintedDate};
use crate::analyze::text::normalize_space;

use crate::read::html::extract::{is_hidden, Block};
use crate::read::html::title::{is_masthead, similar};

/// The date printed near the headline: text after the headline element (the `<h1>`–`<h3>`
/// that shows the title, else the first `<h1>`) and before the article's first paragraph,
/// outside links and furniture such as sidebars and comments.
#[cfg(test)]
fn printed_date(
    html: &Html,
    title: Option<&str>,
    content: &[&Block],
    earliest_year: i16,
) -> Option<PrintedDate> {
    let headline = headline(html, title, content.first().map(|b| b.node));
    printed_under(html, headline, content, earliest_year)
}

/// [`printed_date`] under a headline already found (see [`headline`]).
pub(in crate::read::html) fn printed_under(
    html: &Html,
    headline: Option<NodeId>,
    content: &[&Block],
    earliest_year: i16,
) -> Option<PrintedDate> {
    let stop = content.first().map(|b| b.node);
    let mut scan = DateScan {
        headline,
        seen_headline: headline.is_none(),
        stop,
        texts: 0,
        earliest_year,
        found: None,
    };
    scan.scan(html.tree.root());
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
            earliest_year,
            found: None,
        };
        around.scan(ancestor);
        if around.found.is_some() {
            return around.found;
        }
    }
    None
}

/// The headline element: the `<h1>` that shows the title (an `<h2>` or `<h3>` copy of it
/// may sit in a sticky bar or a teaser above the masthead), else the first `<h1>`. Of
/// several `<h1>` that show it (a sticky bar's copy, then the article's own), the last
/// before `stop`, the article's first block: the sticky bar's is followed by the masthead's
/// date of today.
pub(in crate::read::html) fn headline(
    html: &Html,
    title: Option<&str>,
    stop: Option<NodeId>,
) -> Option<NodeId> {
    let shows_title = |h: &ElementRef| {
        !is_masthead(*h) && title.is_some_and(|t| similar(t, &h.text().collect::<String>()))
    };
    let before_content = html
        .tree
        .root()
        .descendants()
        .take_while(|n| Some(n.id()) != stop)
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "h1" && shows_title(e))
        .last();
    before_content
        .or_else(|| html.select(css!("h1")).find(shows_title))
        .or_else(|| html.select(css!("h2, h3")).find(shows_title))
        .or_else(|| html.select(css!("h1")).find(|h| !is_masthead(*h)))
        .map(|h| h.id())
}

pub(in crate::read::html) struct DateScan {
    headline: Option<NodeId>,
    seen_headline: bool,
    stop: Option<NodeId>,
    /// Text nodes read since the headline; the date is close to it or not there.
    texts: usize,
    /// A date before this year is one the text mentions; the scan goes on past it.
    earliest_year: i16,
    found: Option<PrintedDate>,
}

/// Where a scan goes after a node.
enum Visit {
    /// The scan is over: found, or past where a date could be.
    Over,
    /// Not into this node's children.
    Skip,
    /// On into this node's children.
    Descend,
}

impl DateScan {
    /// Reads `from` and what is inside it in document order, until the scan is over. An
    /// explicit stack, as the page decides how deep its tree is.
    fn scan(&mut self, from: ego_tree::NodeRef<scraper::Node>) {
        let mut pending = vec![from];
        while let Some(node) = pending.pop() {
            match self.visit(node) {
                Visit::Over => return,
                Visit::Skip => {}
                Visit::Descend => pending.extend(node.children().rev()),
            }
        }
    }

    fn plausible(&self, date: &PrintedDate) -> bool {
        date.year >= i32::from(self.earliest_year)
    }

    /// What reading `node` itself says about the scan and its children.
    fn visit(&mut self, node: ego_tree::NodeRef<scraper::Node>) -> Visit {
        if self.found.is_some() || self.texts > 80 {
            return Visit::Over;
        }
        if Some(node.id()) == self.stop {
            // The article's first paragraph may open with its date (`27.1.2022 - Bei der
            // Erinnerung …`, `(18.01.2018) Deutschlands Landwirte …`): a dateline, not a
            // date the text mentions.
            if self.seen_headline {
                self.found = ElementRef::wrap(node)
                    .and_then(|e| leading_date(&normalize_space(&e.text().collect::<String>())))
                    .filter(|d| self.plausible(d));
            }
            return Visit::Over;
        }
        match node.value() {
            scraper::Node::Element(element) => {
                let name = element.name();
                if matches!(
                    name,
                    "script" | "style" | "noscript" | "aside" | "nav" | "footer" | "head"
                ) || is_hidden(element)
                {
                    return Visit::Skip;
                }
                if name == "a" {
                    // Links lead elsewhere, but a link that is only a date (`Posted on <a
                    // href=permalink>3. März 2020</a>`, `Veröffentlichung: <a>04.02.2022</a>`)
                    // is the post's own date, linked to its permalink or its day's archive.
                    if self.seen_headline {
                        let text = ElementRef::wrap(node)
                            .map(|e| normalize_space(&e.text().collect::<String>()))
                            .unwrap_or_default();
                        if text.chars().count() <= LINKED_DATE_CHARS {
                            self.found = parse_date_line(&text).filter(|d| self.plausible(d));
                        }
                    }
                    return if self.found.is_some() {
                        Visit::Over
                    } else {
                        Visit::Skip
                    };
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
                    "sidebar",
                    "comment",
                    "popular",
                    "populer",
                    "related",
                    "terkait",
                    "widget",
                    "footer",
                    "menu",
                    "site-header",
                    "masthead",
                    "topbar",
                    "top-bar",
                    "navbar",
                ]) {
                    return Visit::Skip;
                }
                if Some(node.id()) == self.headline {
                    self.seen_headline = true;
                    return Visit::Skip;
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
                    if let Some(date) = date_in(&text).filter(|d| self.plausible(d)) {
                        self.found = Some(date);
                        return Visit::Over;
                    }
                }
                Visit::Descend
            }
            scraper::Node::Text(text) if self.seen_headline && !text.trim().is_empty() => {
                self.texts += 1;
                if let Some(date) = date_in(&normalize_space(text)).filter(|d| self.plausible(d)) {
                    self.found = Some(date);
                    return Visit::Over;
                }
                Visit::Skip
            }
            _ => Visit::Descend,
        }
    }
}

/// The longest link text read as a date: a date with a weekday and a time, no more.
const LINKED_DATE_CHARS: usize = 48;

/// A date line, or a short text holding one date (`Selasa, 2 April 2019 | 13:45 WIB`), or a
/// longer text that opens with its date.
pub(in crate::read::html) fn date_in(text: &str) -> Option<PrintedDate> {
    if text.chars().count() > 120 {
        return leading_date(text);
    }
    parse_date_line(text).or_else(|| dates_in(text).next())
}

/// A date that opens a text, before anything but an opening bracket: `27.1.2022 - Bei
/// der …`, `(18.01.2018) Deutschlands …`. A date later in a paragraph is one it mentions.
fn leading_date(text: &str) -> Option<PrintedDate> {
    let end = text
        .char_indices()
        .nth(LINKED_DATE_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let opening = &text[..end];
    dates_in(opening).next().filter(|d| {
        opening[..d.span.start]
            .trim_matches(['(', '[', ' '])
            .is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::html::extract::tests::{nested_document, on_small_stack};

    fn date_of(page: &str) -> Option<String> {
        let html = Html::parse_document(page);
        printed_date(&html, Some("Neue Hoffnung"), &[], 1990)
            .and_then(|d| d.civil_date())
            .map(|d| d.to_string())
    }

    #[test]
    fn a_logo_headline_is_the_masthead_and_its_date_is_today() {
        // The page's title is not shown in any heading; the first `<h1>` is the logo.
        let page = r#"<div class="hidden-logo"><h1><a href="/letters/">Letters</a></h1>
            <div class="date">Friday, January 20th 2023</div></div>
            <h1>Letters: undermining the road</h1><p class="date">Monday, January 16, 2023</p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2023-01-16"));
        let page = r#"<h1><a href="/">Radio</a></h1><span>Wednesday, 26 February 2020</span>
            <h1>Anderes</h1><p>Monday, 1 May 2017</p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2017-05-01"));
        // A copy of the headline in a sticky bar, above the masthead's date.
        let page = r#"<div class="bar"><h2>Neue Hoffnung</h2></div>
            <header><div class="date">Friday, January 20th 2023</div></header>
            <h1>Neue Hoffnung</h1><p>Monday, January 16, 2023</p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2023-01-16"));
    }

    #[test]
    fn a_date_before_the_earliest_year_is_one_the_text_mentions() {
        // An encyclopedia's infobox under the headline (`Self-government 7 May 1856`).
        let page = r#"<h1>Neue Hoffnung</h1><table><tr><td>Self-government</td><td>7 May 1856</td></tr></table>
            <p>Last edited on 3 March 2020</p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2020-03-03"));
        let html = Html::parse_document(page);
        let archive = printed_date(&html, Some("Neue Hoffnung"), &[], 1800);
        assert_eq!(
            archive.map(|d| d.year),
            Some(1856),
            "a configured floor lets it through"
        );
    }

    #[test]
    fn a_hidden_element_prints_no_date() {
        // A plugin's version in a hidden marker (`3.2.1199`) is not shown, so not printed.
        let page = r#"<h1>Neue Hoffnung</h1><div class="end" style="display: none">3.2.1199</div>
            <p>Monday, January 16, 2023</p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2023-01-16"));
    }

    #[test]
    fn a_link_that_is_only_a_date_dates_the_post() {
        let page =
            r#"<h1>Neue Hoffnung</h1><p>Veröffentlichung: <a href="/music/">04.02.2022</a></p>"#;
        assert_eq!(date_of(page).as_deref(), Some("2022-02-04"));
        // A link that mentions a date among other words leads elsewhere.
        let page = r#"<h1>Neue Hoffnung</h1><p><a href="/x">Alle News vom 28.09.2019 und mehr davon</a></p>"#;
        assert_eq!(date_of(page), None);
    }

    #[test]
    fn a_text_that_opens_with_its_date() {
        let long = "Deutschlands Landwirte zittern vor der Afrikanischen Schweinepest, die sich von Osten her ausbreitet und Hausschweine bedroht.";
        let page = format!("<h1>Neue Hoffnung</h1><p>(18.01.2018) {long}</p>");
        assert_eq!(date_of(&page).as_deref(), Some("2018-01-18"));
        let page = format!("<h1>Neue Hoffnung</h1><p>{long} Seit dem 18.01.2018 gilt das.</p>");
        assert_eq!(date_of(&page), None);
    }

    #[test]
    fn a_date_deeper_than_the_stack_allows_is_found_without_overflow() {
        let date = on_small_stack(|| {
            let html = nested_document(100_000, &["div", "span"], "Rabu, 4 November 2015");
            printed_date(&html, None, &[], 1990).map(|d| d.raw)
        });
        assert_eq!(date.as_deref(), Some("Rabu, 4 November 2015"));
    }
}
