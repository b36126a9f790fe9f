//! Structure rules: title, body, boilerplate and the end marker.

use crate::analyze::credit::split_end_marker;

use super::{Checker, Family, Location, Rule, Severity};

pub static TITLE_MISSING: Rule = Rule {
    code: "S501",
    name: "title-missing",
    family: Family::Structure,
    severity: Severity::Error,
    summary: "The article has no title.",
    why: "Every index, feed and search result shows the title first; an article without one cannot be listed.",
    example: "Senin, 1 April 2019\n\nBANYUWANGI – Isi berita.",
    fixed: "Pasar Baru Dibuka\n\nSenin, 1 April 2019\n\nBANYUWANGI – Isi berita.",
};

pub static TITLE_TOO_LONG: Rule = Rule {
    code: "S502",
    name: "title-too-long",
    family: Family::Structure,
    severity: Severity::Warning,
    summary: "The title is longer than the configured limit (150 characters by default).",
    why: "An over-long title is usually a first paragraph scraped into the title, or a title and subtitle run together.",
    example: "Bupati Meresmikan Pasar Baru yang Dibangun dengan Anggaran Daerah Selama Dua Tahun dan Diharapkan Menjadi Pusat Ekonomi Warga di Seluruh Kecamatan Sekitarnya",
    fixed: "Bupati Resmikan Pasar Baru, Pusat Ekonomi Warga",
};

pub static BODY_EMPTY: Rule = Rule {
    code: "S503",
    name: "body-empty",
    family: Family::Structure,
    severity: Severity::Error,
    summary: "The article has no body text.",
    why: "A title without a body is a lost article: the scrape or the extraction failed.",
    example: "Pasar Baru Dibuka\n\nSenin, 1 April 2019",
    fixed: "Pasar Baru Dibuka\n\nSenin, 1 April 2019\n\nBANYUWANGI – Pasar baru dibuka.",
};

pub static BODY_BOILERPLATE: Rule = Rule {
    code: "S504",
    name: "body-boilerplate",
    family: Family::Structure,
    severity: Severity::Warning,
    summary: "A body paragraph is page furniture: a share bar, `Baca juga`, an editor line.",
    why: "Furniture in the body is repeated in every migrated copy and read aloud by screen readers as if it were news. A line opening with a share verb (`Share on Facebook`, `Bagikan`) is reported as info: on real pages such lines were more often headings and content (`Share Your Media`, `Share-based payments`) than share bars (1 of 7 judged).",
    example: "Pedagang menyambut gembira. Baca juga: Pasar lama dibongkar",
    fixed: "Pedagang menyambut gembira.",
};

pub static CREDIT_NOT_AT_END: Rule = Rule {
    code: "S505",
    name: "credit-not-at-end",
    family: Family::Structure,
    severity: Severity::Info,
    summary: "An end marker such as `(*)` stands before the last paragraph.",
    why: "The end marker closes the article; text after it is usually page chrome or the start of another article. Info by default: a reporter's sign-off, a caption or a bracketed label (`(Oficial)`) after the marker is house style, and on the labelled real pages (bench/findings) none of 7 such findings was a defect.",
    example: "… kata Anas. (*)\n\nBaca berita lainnya di portal kami.",
    fixed: "… kata Anas. (*)",
};

pub static RULES: &[&Rule] = &[
    &TITLE_MISSING,
    &TITLE_TOO_LONG,
    &BODY_EMPTY,
    &BODY_BOILERPLATE,
    &CREDIT_NOT_AT_END,
];

/// Openings of furniture lines, lower case.
const BOILERPLATE_STARTS: &[&str] = &[
    "bagikan",
    "baca juga",
    "baca selengkapnya",
    "berita terkait",
    "editor:",
    "penulis:",
    "pewarta:",
    "share",
    "copyright",
    "hak cipta",
    "tags:",
    "simak juga",
    "lihat juga",
];

/// Furniture openings that are verbs: a line is a share bar when nothing but a mark, a
/// platform or the thing shared follows (`Share`, `Share this:`, `Bagikan ke WhatsApp`), not
/// when they open a heading (`Share Your Media`, a listicle's section).
const SHARE_VERBS: &[&str] = &["share", "bagikan"];
const SHARED_OBJECTS: &[&str] = &[
    "this", "on", "via", "to", "article", "story", "post", "facebook", "twitter", "whatsapp",
    "email", "artikel", "berita", "ke", "lewat", "melalui", "di",
];

fn shares_something(rest: &str) -> bool {
    // `Share-based payments`, `Share-option plans`: a compound word, content.
    if rest.starts_with('-') && rest[1..].chars().next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let rest = rest.trim_start();
    match rest.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            SHARED_OBJECTS.contains(&word.as_str())
        }
    }
}

/// Furniture inside a paragraph.
const BOILERPLATE_INLINE: &[&str] = &["baca juga:", "baca juga :", "simak juga:", "lihat juga:"];

/// Where an ASCII `needle` first occurs in `haystack`, ignoring ASCII case: a byte offset
/// into `haystack` itself, always at a character boundary (an ASCII byte never continues
/// a UTF-8 sequence).
fn find_ascii_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    (0..=hay.len().checked_sub(needle.len())?)
        .find(|&at| hay[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

pub fn check(c: &mut Checker) {
    match &c.article.title {
        None => c.report(
            &TITLE_MISSING,
            Location {
                position: None,
                field: "title".to_string(),
            },
            c.say("title-missing", &[]),
            None,
        ),
        Some(title) => {
            let length = title.chars().count();
            if length > c.settings.max_title_length {
                c.report(
                    &TITLE_TOO_LONG,
                    Location {
                        position: c.map.title,
                        field: "title".to_string(),
                    },
                    c.say("title-too-long", &[&length, &c.settings.max_title_length]),
                    None,
                );
            }
        }
    }
    if c.article.body.is_empty() {
        c.report(
            &BODY_EMPTY,
            Location {
                position: c.map.title,
                field: "body".to_string(),
            },
            c.say("body-empty", &[]),
            None,
        );
        return;
    }
    let last = c.article.body.len() - 1;
    for index in 0..=last {
        let paragraph = c.article.body[index].clone();
        // A furniture line is short and its opening is a whole word (`Share`, not `Shares
        // of Central Bank`). The words are ASCII and matched on the paragraph itself, so
        // offsets are the paragraph's (a lower-cased copy has other byte lengths).
        let short = paragraph.split_whitespace().count() <= 12;
        let furniture = BOILERPLATE_STARTS
            .iter()
            .find(|s| {
                short
                    && paragraph
                        .get(..s.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(s))
                    && paragraph[s.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                    && (!SHARE_VERBS.contains(s) || shares_something(&paragraph[s.len()..]))
            })
            .map(|s| (0, *s))
            .or_else(|| {
                BOILERPLATE_INLINE
                    .iter()
                    .find_map(|s| find_ascii_ignoring_case(&paragraph, s).map(|at| (at, *s)))
            });
        if let Some((at, what)) = furniture {
            // A share verb also opens headings and content (`Share Your Media`, a statement's
            // `Share-based payments`): on real pages most such lines were content, so they
            // are info; the other openings (`Baca juga`, `Editor:`) name furniture.
            let severity = if SHARE_VERBS.contains(&what) {
                Severity::Info
            } else {
                c.settings.selection.severity_of(&BODY_BOILERPLATE)
            };
            c.report_as(
                &BODY_BOILERPLATE,
                severity,
                Location {
                    position: c.body_position(index, at),
                    field: format!("body[{index}]"),
                },
                c.say("body-boilerplate", &[&what.trim_end_matches(':')]),
                Some(c.say("body-boilerplate.fix", &[])),
            );
        }
        if index < last {
            if let Some(marker) = split_end_marker(&paragraph) {
                c.report(
                    &CREDIT_NOT_AT_END,
                    Location {
                        position: c.body_position(index, marker.start),
                        field: format!("body[{index}]"),
                    },
                    c.say("credit-not-at-end", &[&marker.credit, &(last - index)]),
                    None,
                );
            }
        }
    }
}
