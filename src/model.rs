//! The Article model: the one shape every reader produces and every writer consumes.
//!
//! Field names and order are a public contract (users `jq` against them), so every field is
//! always serialised: an absent value is `null`, an absent list is `[]`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One news article, as read from any input format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable slug: from the URL's last path segment, else the file stem, else the title.
    pub id: String,
    /// Where the article came from and how its bytes were decoded.
    pub source: Source,
    /// BCP 47 language tag (`id`, `en`), declared by the input or detected from the body.
    pub language: Option<String>,
    /// The headline, as written.
    pub title: Option<String>,
    /// The publication date as printed, with its normalised parts.
    pub published: Option<Published>,
    /// The place (and agency) prefix of the first paragraph, removed from `body`.
    pub dateline: Option<Dateline>,
    /// The author or editor names given by the page (`Penulis:`, `Editor:`, `Pewarta:`).
    pub byline: Option<String>,
    /// The content of the end marker: `*` for `(*)`, `fyk/ash` for `(fyk/ash)`.
    pub credit: Option<String>,
    /// Body paragraphs, text kept as written (whitespace normalised).
    pub body: Vec<String>,
    /// Direct quotations found in the body.
    pub quotes: Vec<Quote>,
    /// Links to related articles from the article's own related section.
    pub related: Vec<RelatedLink>,
    /// Tags or keywords given by the page.
    pub tags: Vec<String>,
    /// Images with their captions.
    pub images: Vec<Image>,
    /// How the body was found and how sure arsip is of it; `null` in articles read back
    /// from output written before arsip reported it.
    #[serde(default)]
    pub extraction: Option<Extraction>,
}

/// How the body was found and how sure arsip is of it: review the lowest scores first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// Where the body came from.
    pub method: ExtractionMethod,
    /// 0 to 100: 100 less the penalties of `signals`. Below 50, review the article.
    pub score: u8,
    /// What lowered the score, worst first.
    pub signals: Vec<Signal>,
}

/// Where an article's body came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExtractionMethod {
    /// A site profile's body selector.
    Profile,
    /// The publisher's own structure: a NewsML-G2 item, or arsip's JSON/YAML.
    Markup,
    /// Chosen from the page by arsip's scoring of its blocks.
    Heuristic,
    /// Plain text, read as a whole.
    Text,
}

/// One reason to doubt an extraction, and what it cost the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub kind: SignalKind,
    /// Points taken off the score.
    pub penalty: u8,
}

/// The reasons to doubt an extraction.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// No body at all.
    NoBody,
    /// The body is short (the fewer characters, the larger the penalty).
    ShortBody,
    /// The extraction left out more paragraphs of prose (long blocks, few links) than it
    /// kept.
    TextOutsideBody,
    /// The body is one paragraph.
    OneParagraph,
    /// The body was found only once class names stopped counting as furniture.
    LooseRetry,
    /// No title.
    NoTitle,
    /// The title still carries the site's name (`Headline | Site`).
    TitleHasSiteName,
    /// The first paragraph reads like an image caption or photo credit.
    CaptionFirst,
    /// The last paragraph reads like a list of links or a sign-off.
    LinksLast,
    /// No publication date.
    NoDate,
    /// The only date is the one in the URL.
    DateFromUrl,
    /// The only date is the page's last modification.
    DateFromModified,
    /// Paragraphs of prose stand between the headline and the body's start.
    TextBeforeBody,
}

impl SignalKind {
    /// The signal's name as the JSON output spells it (`short-body`).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// Provenance of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The input path as given, or `null` for standard input.
    pub path: Option<String>,
    /// The page's URL when known (canonical link, WARC record, `--base-url`).
    pub url: Option<String>,
    /// The reader that produced the article.
    pub format: SourceFormat,
    /// How the bytes were turned into text.
    pub encoding: SourceEncoding,
    /// SHA-256 of the input bytes, lower-case hex.
    pub sha256: String,
    /// When the page was fetched, as its archive says (a WARC record's date, an NDJSON
    /// record's `fetched_at`); `null` for a file read from disk.
    pub fetched_at: Option<String>,
}

/// The input formats arsip reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain scraped text.
    Text,
    /// An HTML page.
    Html,
    /// arsip's own JSON output.
    Json,
    /// arsip's own YAML output.
    Yaml,
    /// A NewsML-G2 newsItem.
    Newsml,
    /// Markdown with YAML or TOML front matter (Hugo, Jekyll, arsip's own).
    Markdown,
}

/// The character encoding of the input and the evidence that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEncoding {
    /// WHATWG encoding name, lower case (`utf-8`, `windows-1252`).
    pub name: String,
    /// What decided the encoding.
    pub decided_by: EncodingEvidence,
    /// Anything worth knowing about the decoding, such as a fallback.
    pub note: Option<String>,
}

/// The evidence an encoding was chosen on, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingEvidence {
    /// A byte order mark.
    Bom,
    /// Given from outside: an HTTP or WARC header, or `--encoding`.
    External,
    /// Declared in the document (`<meta charset>`).
    Declared,
    /// Guessed from the bytes.
    Detected,
    /// The bytes are valid UTF-8.
    Valid,
    /// The bytes are not valid UTF-8 and nothing declared an encoding.
    Fallback,
}

/// A publication date: the printed text and its normalised parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// The date exactly as printed, noise such as view counters removed.
    pub raw: String,
    /// ISO 8601 calendar date (`2019-04-01`), or `null` when the printed date is impossible.
    pub date: Option<String>,
    /// Local time as printed, 24-hour (`10:15`, `10:15:30`).
    pub time: Option<String>,
    /// UTC offset of the printed zone (`+07:00`).
    pub offset: Option<String>,
    /// The zone as printed, normalised to upper case (`WIB`, `WITA`, `WIT`, `UTC`).
    pub timezone: Option<String>,
    /// The weekday as printed, in English lower case; `null` when none is printed.
    pub weekday: Option<Weekday>,
    /// The evidence the date was read from.
    pub source: DateEvidence,
}

impl Published {
    /// The instant as RFC 3339 (`2019-04-01T10:15:00+07:00`), for formats whose dates are
    /// date-times: a date without a time is midnight in its zone, in UTC when none is known.
    pub fn date_time(&self) -> Option<String> {
        let date = self.date.as_deref()?;
        let time = self.time.as_deref().unwrap_or("00:00");
        let seconds = if time.len() == 5 { ":00" } else { "" };
        let offset = self.offset.as_deref().unwrap_or("Z");
        Some(format!("{date}T{time}{seconds}{offset}"))
    }
}

/// Days of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// The weekday in jiff's terms, for comparing with a calendar date.
    pub fn to_jiff(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as J;
        match self {
            Weekday::Monday => J::Monday,
            Weekday::Tuesday => J::Tuesday,
            Weekday::Wednesday => J::Wednesday,
            Weekday::Thursday => J::Thursday,
            Weekday::Friday => J::Friday,
            Weekday::Saturday => J::Saturday,
            Weekday::Sunday => J::Sunday,
        }
    }

    /// The weekday of a calendar date.
    pub fn from_jiff(day: jiff::civil::Weekday) -> Self {
        use jiff::civil::Weekday as J;
        match day {
            J::Monday => Weekday::Monday,
            J::Tuesday => Weekday::Tuesday,
            J::Wednesday => Weekday::Wednesday,
            J::Thursday => Weekday::Thursday,
            J::Friday => Weekday::Friday,
            J::Saturday => Weekday::Saturday,
            J::Sunday => Weekday::Sunday,
        }
    }
}

/// Where a publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateEvidence {
    /// A date line of plain text.
    Text,
    /// A site profile's date selector.
    Profile,
    /// JSON-LD `datePublished`.
    JsonLd,
    /// Microdata `datePublished`.
    Microdata,
    /// OpenGraph or `article:published_time` meta.
    Meta,
    /// A `<time datetime>` element.
    TimeElement,
    /// The date printed near the headline of a page.
    Printed,
    /// A date in the URL.
    Url,
    /// The page's last modification (`dateModified`, `article:modified_time`), given only
    /// when the page carries no publication date, printed or in metadata, and none in its
    /// URL: when the article last changed, not when it went out.
    Modified,
}

/// The place/agency prefix of the first paragraph, such as `BANYUWANGI –`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dateline {
    /// The prefix exactly as printed, separator included.
    pub raw: String,
    /// The place, in title case when printed in capitals.
    pub place: Option<String>,
    /// A region after the place (`NTB` in `Mataram, NTB (ANTARA News) -`).
    pub region: Option<String>,
    /// The news agency or outlet (`ANTARA News`, `KOMPAS.com`).
    pub agency: Option<String>,
    /// The separator as printed: `-`, `–`, `—` or `--`.
    pub separator: String,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The quoted words, without their marks.
    pub text: String,
    /// Who said it, as written; `null` when unattributed.
    pub speaker: Option<String>,
    /// The attribution verb as written (`ujar`, `imbuhnya`, `said`).
    pub verb: Option<String>,
    /// 0-based index into `body`.
    pub paragraph: usize,
    /// The opening mark as found.
    pub open: Option<String>,
    /// The closing mark as found; `null` when the quotation is never closed.
    pub close: Option<String>,
}

/// A link to a related article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedLink {
    pub title: Option<String>,
    pub url: Option<String>,
}

/// An image and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: Option<String>,
    pub caption: Option<String>,
}
