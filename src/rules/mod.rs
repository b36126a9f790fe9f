//! Validation rules: each has a code, a name, a family, a default severity and its docs in
//! one place (a [`Rule`] value next to the check that emits it). The registry, `arsip
//! rules`, `arsip explain` and `docs/rules.md` all read those same values.

pub mod confidence;
pub mod date;
pub mod dateline;
pub mod docs;
pub mod fix;
pub mod gazetteer;
pub mod messages;
pub mod phrases;
pub mod quote;
pub mod related;
pub mod structure;
pub mod suppress;

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analyze::quote::{find_quotes_in, QuoteSpan};
use crate::model::Article;
use crate::read::{Parsed, Position, SourceMap};

/// How much a finding matters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The part of an article a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Confidence,
    Date,
    Dateline,
    Quote,
    Related,
    Structure,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Confidence,
        Family::Date,
        Family::Dateline,
        Family::Quote,
        Family::Related,
        Family::Structure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Confidence => "confidence",
            Family::Date => "date",
            Family::Dateline => "dateline",
            Family::Quote => "quote",
            Family::Related => "related",
            Family::Structure => "structure",
        }
    }
}

/// A rule and its documentation.
#[derive(Debug, Serialize)]
pub struct Rule {
    /// Stable code, such as `D104`.
    pub code: &'static str,
    /// Kebab-case name, such as `date-weekday-mismatch`.
    pub name: &'static str,
    pub family: Family,
    /// Severity unless the configuration overrides it.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Input that triggers the rule.
    pub example: &'static str,
    /// The same input, fixed.
    pub fixed: &'static str,
}

/// Every rule, ordered by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = [
        confidence::RULES,
        date::RULES,
        dateline::RULES,
        quote::RULES,
        related::RULES,
        structure::RULES,
    ]
    .concat();
    all.sort_by_key(|r| r.code);
    all
}

/// A rule by code or name, case-insensitively.
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    registry()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// The rules a selector names (in `arsip.yaml` and in suppression comments): a code, a name, a family, or a code prefix (`D1`).
pub fn rules_named(selector: &str) -> Result<Vec<&'static Rule>, String> {
    let all = registry();
    if let Some(family) = Family::ALL
        .iter()
        .find(|f| f.as_str().eq_ignore_ascii_case(selector))
    {
        return Ok(all.into_iter().filter(|r| r.family == *family).collect());
    }
    let matched: Vec<&'static Rule> = all
        .into_iter()
        .filter(|r| {
            r.name.eq_ignore_ascii_case(selector)
                || r.code
                    .to_ascii_lowercase()
                    .starts_with(&selector.to_ascii_lowercase())
        })
        .collect();
    if matched.is_empty() {
        Err(format!(
            "no rule, family or code prefix `{selector}` (see `arsip rules`)"
        ))
    } else {
        Ok(matched)
    }
}

/// One problem found in one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// The input path; `null` for standard input.
    pub path: Option<String>,
    /// 1-based line in the original input; `null` when the input format keeps no lines.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The model field the finding is about: `published`, `quotes[3]`, `body[0]`.
    pub field: String,
    /// A concrete fix, when there is one.
    pub suggestion: Option<String>,
}

/// What the rules need to know beyond the article.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Today, for dates in the future.
    pub now: jiff::civil::Date,
    /// Dates before this year are implausible for the archive.
    pub min_year: i16,
    /// Titles longer than this (in characters) are reported.
    pub max_title_length: usize,
    /// Places known in addition to the built-in gazetteer, with aliases.
    pub places: gazetteer::Gazetteer,
    /// Rules that run, and their severities.
    pub selection: Selection,
    /// The language every finding is told in (a BCP 47 tag with a message table, see
    /// [`messages`]); `None` tells each in its article's language.
    pub message_language: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            now: jiff::Zoned::now().date(),
            min_year: crate::analyze::date::EARLIEST_YEAR,
            max_title_length: 150,
            places: gazetteer::Gazetteer::builtin(),
            selection: Selection::default(),
            message_language: None,
        }
    }
}

/// Which rules are on and at which severity.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Codes of rules turned off.
    pub disabled: std::collections::BTreeSet<&'static str>,
    /// Severity overrides by code.
    pub severity: BTreeMap<&'static str, Severity>,
}

impl Selection {
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        !self.disabled.contains(rule.code)
    }

    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severity
            .get(rule.code)
            .copied()
            .unwrap_or(rule.severity)
    }
}

/// Collects findings for one article; rule families call [`Checker::report`].
pub struct Checker<'a> {
    pub article: &'a Article,
    pub map: &'a SourceMap,
    pub settings: &'a Settings,
    /// The quotations the rules read: the model's when the reader recorded where they
    /// stand, else found again in the body (an article read back from JSON, whose map has
    /// none).
    pub quotes: std::borrow::Cow<'a, [crate::model::Quote]>,
    /// Where each of `quotes` stands in its paragraph (same index).
    pub quote_spans: std::borrow::Cow<'a, [QuoteSpan]>,
    /// The decoded input, for rules that look past what the reader took (a printed date
    /// it missed).
    pub text: &'a str,
    findings: Vec<Finding>,
    /// Per long paragraph, the characters before each byte, built on first use.
    char_counts: Vec<std::cell::OnceCell<Vec<u32>>>,
}

/// Paragraphs longer than this get a table of character counts: findings in them are
/// placed by lookup, not by counting from the paragraph's anchor each time (which made a
/// paragraph of thousands of quotation marks quadratic).
const COUNT_TABLE_FROM: usize = 4096;

/// Where a finding points: a position and the model field.
pub struct Location {
    pub position: Option<Position>,
    pub field: String,
}

impl<'a> Checker<'a> {
    pub fn new(parsed: &'a Parsed, settings: &'a Settings) -> Self {
        let recorded = !parsed.map.quote_spans.is_empty()
            && parsed.map.quote_spans.len() == parsed.article.quotes.len();
        let (quotes, quote_spans) = if recorded {
            (
                parsed.article.quotes.as_slice().into(),
                parsed.map.quote_spans.as_slice().into(),
            )
        } else {
            let (quotes, spans) =
                find_quotes_in(&parsed.article.body, parsed.article.language.as_deref());
            (quotes.into(), spans.into())
        };
        Checker {
            article: &parsed.article,
            map: &parsed.map,
            settings,
            quotes,
            quote_spans,
            text: &parsed.text,
            findings: Vec::new(),
            char_counts: vec![std::cell::OnceCell::new(); parsed.article.body.len()],
        }
    }

    /// The language findings about this article are told in: the configured one, else
    /// the article's.
    pub fn told_in(&self) -> Option<&str> {
        self.settings
            .message_language
            .as_deref()
            .or(self.article.language.as_deref())
    }

    /// Message `key` in the language findings are told in (see [`messages`]).
    pub fn say(&self, key: &str, args: &[&dyn fmt::Display]) -> String {
        messages::say_in(key, self.told_in(), args)
    }

    /// A weekday's name in the language findings are told in.
    pub fn weekday_name(&self, day: crate::model::Weekday) -> &'static str {
        messages::weekday_in(day, self.told_in())
    }

    /// Records a finding of `rule` unless the rule is turned off.
    pub fn report(
        &mut self,
        rule: &Rule,
        at: Location,
        message: impl Into<String>,
        suggestion: Option<String>,
    ) {
        let severity = self.settings.selection.severity_of(rule);
        self.report_as(rule, severity, at, message, suggestion);
    }

    /// Records a finding of `rule` at `severity` (a rule that knows it is less sure this
    /// time), unless the rule is off; a severity the configuration sets wins.
    pub fn report_as(
        &mut self,
        rule: &Rule,
        severity: Severity,
        at: Location,
        message: impl Into<String>,
        suggestion: Option<String>,
    ) {
        let severity = self
            .settings
            .selection
            .severity
            .get(rule.code)
            .copied()
            .unwrap_or(severity);
        if !self.settings.selection.is_enabled(rule) {
            return;
        }
        // Line 0 marks a part the reader could not place in the input.
        let at = Location {
            position: at.position.filter(|p| p.line > 0),
            ..at
        };
        self.findings.push(Finding {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity,
            message: message.into(),
            path: self.article.source.path.clone(),
            line: at.position.map(|p| p.line),
            column: at.position.map(|p| p.column),
            field: at.field,
            suggestion,
        });
    }

    /// The position of byte `offset` of body paragraph `index`.
    pub fn body_position(&self, index: usize, offset: usize) -> Option<Position> {
        let paragraph = self.article.body.get(index)?;
        let map = self.map.body.get(index)?;
        if paragraph.len() < COUNT_TABLE_FROM {
            return Some(map.position(paragraph, offset));
        }
        let table = self.char_counts.get(index)?.get_or_init(|| {
            let mut before = Vec::with_capacity(paragraph.len() + 1);
            let mut chars = 0u32;
            for byte in paragraph.bytes() {
                before.push(chars);
                // Every byte but a UTF-8 continuation byte starts a character.
                chars += u32::from(byte & 0xC0 != 0x80);
            }
            before.push(chars);
            before
        });
        let at = |i: usize| table.get(i.min(paragraph.len())).copied().unwrap_or(0) as usize;
        Some(map.position_counting(paragraph, offset, |from, to| at(to) - at(from)))
    }

    /// Where quotation `index` opens.
    pub fn quote_position(&self, index: usize) -> Option<Position> {
        let quote = self.quotes.get(index)?;
        let span = self.quote_spans.get(index)?;
        self.body_position(quote.paragraph, span.span.start)
    }
}

/// Runs every enabled rule on one article. Findings come out in a fixed order: by line,
/// column and code.
pub fn check(parsed: &Parsed, settings: &Settings) -> Vec<Finding> {
    let mut checker = Checker::new(parsed, settings);
    confidence::check(&mut checker);
    date::check(&mut checker);
    dateline::check(&mut checker);
    quote::check(&mut checker);
    related::check(&mut checker);
    structure::check(&mut checker);
    let mut findings = checker.findings;
    sort_findings(&mut findings);
    findings
}

/// The order findings are reported in, whatever order rules ran in.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, &b.code, &b.message))
    });
}

pub use dateline::{HouseStyle, HouseStyles};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = registry();
        let mut codes = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for rule in &rules {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(rule
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(rule.code.len() == 4 && rule.code[1..].chars().all(|c| c.is_ascii_digit()));
            assert!(!rule.why.is_empty() && !rule.example.is_empty() && !rule.fixed.is_empty());
            assert_ne!(rule.example, rule.fixed, "{}", rule.code);
        }
    }

    #[test]
    fn rules_are_found_by_code_or_name() {
        assert_eq!(
            find_rule("d104").map(|r| r.name),
            Some("date-weekday-mismatch")
        );
        assert_eq!(
            find_rule("date-weekday-mismatch").map(|r| r.code),
            Some("D104")
        );
        assert!(find_rule("nope").is_none());
    }
}
