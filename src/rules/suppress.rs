//! Inline suppression: comments in Markdown and HTML sources that silence findings.
//!
//! - `<!-- arsip-ignore Q304 -->` silences `Q304` in one paragraph: the paragraph the
//!   comment stands in, or, when it stands between paragraphs (alone on its lines in
//!   Markdown, between blocks or `<br><br>` breaks in HTML), the next one.
//! - `<!-- arsip-ignore-file Q304 -->` anywhere silences `Q304` in the whole file.
//! - Codes, names, families or code prefixes, as `arsip.yaml` takes them, several separated
//!   by spaces or commas (`Q304, quote-doubled-punctuation`); none at all silences every
//!   rule. A reason may follow `--` and is not read:
//!   `<!-- arsip-ignore Q304 -- the quote is a song title -->`. A word that names no rule
//!   silences nothing and is told on stderr with the comment's line.
//!
//! Only comments count, as the readers' parsers find them: pulldown-cmark's HTML blocks and
//! inline HTML, html5ever's comment nodes. The same characters in code, front matter, a
//! `<script>`, a `<textarea>` or an attribute are text, not comments, and silence nothing.
//!
//! Plain text has no comment syntax (a comment line would be read as a paragraph), so
//! text sources are not read for comments; a baseline silences findings there.

use super::Finding;
use crate::read::Position;

/// One suppression comment as written: whether it covers the file, the rule codes it
/// names, and the words that name no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub file: bool,
    /// Every rule, when the comment names none.
    pub all: bool,
    /// Codes of the rules named, by code, name, family or prefix.
    pub codes: Vec<&'static str>,
    /// Words that name no rule, family or code prefix.
    pub unknown: Vec<String>,
    /// Line breaks in the comment before the first of them: a comment can span lines.
    unknown_line: usize,
}

impl Comment {
    /// Reads the text of an HTML comment (between `<!--` and `-->`); `None` when it is no
    /// `arsip-ignore` comment.
    pub fn parse(written: &str) -> Option<Comment> {
        let inner = written.trim();
        // In any case, and with a colon as linters' directives often have
        // (`ARSIP-IGNORE Q306`, `arsip-ignore: Q306`).
        let keyword = |word: &str| {
            inner
                .get(..word.len())
                .filter(|head| head.eq_ignore_ascii_case(word))
                .map(|_| &inner[word.len()..])
        };
        let (file, rest) = if let Some(rest) = keyword("arsip-ignore-file") {
            (true, rest)
        } else if let Some(rest) = keyword("arsip-ignore") {
            (false, rest)
        } else {
            return None;
        };
        let (colon, rest) = match rest.strip_prefix(':') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if !(colon || rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        let rest = rest.split("--").next().unwrap_or("");
        let mut comment = Comment {
            file,
            all: true,
            codes: Vec::new(),
            unknown: Vec::new(),
            unknown_line: 0,
        };
        for word in rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
        {
            comment.all = false;
            match super::rules_named(word) {
                Ok(rules) => comment.codes.extend(rules.into_iter().map(|r| r.code)),
                Err(_) => {
                    if comment.unknown.is_empty() {
                        // The word is a slice of `written`: where it stands is its offset.
                        let at = word.as_ptr() as usize - written.as_ptr() as usize;
                        comment.unknown_line = written[..at].matches('\n').count();
                    }
                    comment.unknown.push(word.to_string());
                }
            }
        }
        Some(comment)
    }

    /// What to tell the user about the words that name no rule, for a comment that opens
    /// (`<!--`) on `line`: the note names the line of the first such word.
    pub fn unknown_note(&self, line: Option<usize>) -> Option<String> {
        if self.unknown.is_empty() {
            return None;
        }
        let words: Vec<String> = self.unknown.iter().map(|w| format!("`{w}`")).collect();
        let at = line
            .map(|l| format!("line {}: ", l + self.unknown_line))
            .unwrap_or_default();
        let which = if self.file {
            "arsip-ignore-file"
        } else {
            "arsip-ignore"
        };
        Some(format!(
            "{at}`{which}` names no rule, family or code prefix {} (see `arsip rules`); it silences nothing for it",
            words.join(", ")
        ))
    }
}

/// What a comment silences once placed: its rules, in the whole file or between two
/// positions (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Directive {
    all: bool,
    #[serde(deserialize_with = "registry_codes")]
    codes: Vec<&'static str>,
    /// `None` for the whole file.
    span: Option<(Position, Position)>,
}

/// Rule codes read back (from the report spool) as the registry's own.
fn registry_codes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<&'static str>, D::Error> {
    use serde::de::Error;
    let codes: Vec<String> = serde::Deserialize::deserialize(deserializer)?;
    codes
        .iter()
        .map(|code| {
            super::find_rule(code)
                .map(|rule| rule.code)
                .ok_or_else(|| D::Error::custom(format!("no rule {code}")))
        })
        .collect()
}

impl Directive {
    /// The directive of a comment that covers the file.
    pub fn file(comment: &Comment) -> Directive {
        Directive {
            all: comment.all,
            codes: comment.codes.clone(),
            span: None,
        }
    }

    /// The directive of a comment that covers `from..=to`.
    pub fn between(comment: &Comment, from: Position, to: Position) -> Directive {
        Directive {
            all: comment.all,
            codes: comment.codes.clone(),
            span: Some((from, to)),
        }
    }

    /// Every rule between two positions: text that is not checked (Markdown code).
    pub fn unchecked(from: Position, to: Position) -> Directive {
        Directive {
            all: true,
            codes: Vec::new(),
            span: Some((from, to)),
        }
    }
}

/// The rules a set of directives silences at one place.
#[derive(Default)]
struct Rules {
    all: bool,
    codes: Vec<&'static str>,
}

impl Rules {
    fn add(&mut self, directive: &Directive) {
        self.all |= directive.all;
        self.codes.extend(&directive.codes);
    }

    /// Each code once: a file of thousands of comments naming one rule checks it once.
    fn settle(&mut self) {
        self.codes.sort_unstable();
        self.codes.dedup();
    }

    fn cover(&self, code: &str) -> bool {
        self.all || self.codes.iter().any(|c| c.eq_ignore_ascii_case(code))
    }
}

/// Drops the findings that `directives` silence; returns how many were dropped.
///
/// Findings and spans are swept once in the order of their positions, with the spans
/// open at a finding's position at hand (a paragraph, a code span inside it), and
/// directives of one span are merged first: the cost grows with the findings and comments,
/// not with their product.
pub fn silence(findings: &mut Vec<Finding>, directives: &[Directive]) -> usize {
    use std::cmp::Reverse;
    use std::collections::{BTreeMap, BinaryHeap};

    let mut file = Rules::default();
    let mut spans: BTreeMap<(Position, Position), Rules> = BTreeMap::new();
    for directive in directives {
        match directive.span {
            None => file.add(directive),
            Some(span) => spans.entry(span).or_default().add(directive),
        }
    }
    file.settle();
    let spans: Vec<((Position, Position), Rules)> = spans
        .into_iter()
        .map(|(span, mut rules)| {
            rules.settle();
            (span, rules)
        })
        .collect();

    let at = |f: &Finding| {
        f.line.map(|line| Position {
            line,
            column: f.column.unwrap_or(1),
        })
    };
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| at(&findings[i]));
    let mut silenced = vec![false; findings.len()];
    let mut next_span = 0;
    // Spans begun at or before the current position, by where they end.
    let mut open: BinaryHeap<Reverse<(Position, usize)>> = BinaryHeap::new();
    for i in order {
        let finding = &findings[i];
        if file.cover(&finding.code) {
            silenced[i] = true;
            continue;
        }
        let Some(position) = at(finding) else {
            continue;
        };
        while let Some(((from, to), _)) = spans.get(next_span) {
            if *from > position {
                break;
            }
            open.push(Reverse((*to, next_span)));
            next_span += 1;
        }
        while open.peek().is_some_and(|Reverse((to, _))| *to < position) {
            open.pop();
        }
        silenced[i] = open
            .iter()
            .any(|Reverse((_, span))| spans[*span].1.cover(&finding.code));
    }
    let before = findings.len();
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !silenced[index - 1]
    });
    before - findings.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn finding(code: &str, line: usize) -> Finding {
        Finding {
            code: code.into(),
            name: "x".into(),
            severity: Severity::Warning,
            message: String::new(),
            path: None,
            line: Some(line),
            column: Some(3),
            field: String::new(),
            suggestion: None,
        }
    }

    #[test]
    fn comments_name_codes_names_families_and_prefixes_and_tell_the_rest() {
        let comment = Comment::parse(" arsip-ignore Q306, quote-reversed-open -- why ").unwrap();
        assert!(!comment.file && !comment.all);
        assert!(comment.codes.contains(&"Q306") && comment.codes.contains(&"Q303"));
        let family = Comment::parse("arsip-ignore-file quote").unwrap();
        assert!(family.file && family.codes.contains(&"Q306"));
        let typo = Comment::parse("arsip-ignore Q036, quote-dubled").unwrap();
        assert!(!typo.all && typo.codes.is_empty());
        assert_eq!(typo.unknown, ["Q036", "quote-dubled"]);
        let note = typo.unknown_note(Some(9)).unwrap();
        assert!(note.starts_with("line 9: ") && note.contains("`Q036`, `quote-dubled`"));
        // Over several lines, the note names the line of the word, not of the `<!--`.
        let spread = Comment::parse("\n arsip-ignore Q304,\n  Q304\n  NOPE999\n -- why\n").unwrap();
        assert!(spread
            .unknown_note(Some(5))
            .unwrap()
            .starts_with("line 8: "));
        assert!(Comment::parse("arsip-ignore").unwrap().all);
        assert!(Comment::parse("arsip-ignored").is_none());
        for spelled in [
            "ARSIP-IGNORE Q306",
            "arsip-ignore: Q306",
            "Arsip-Ignore:Q306",
        ] {
            let comment = Comment::parse(spelled).unwrap_or_else(|| panic!("{spelled}"));
            assert_eq!(comment.codes, ["Q306"], "{spelled}");
        }
        assert!(Comment::parse("a note").is_none());
    }

    #[test]
    fn a_comment_naming_only_unknown_rules_silences_nothing() {
        let typo = Comment::parse("arsip-ignore-file Q036").unwrap();
        let mut f = vec![finding("Q306", 2)];
        assert_eq!(silence(&mut f, &[Directive::file(&typo)]), 0);
    }

    #[test]
    fn spans_silence_their_rules_between_their_positions() {
        let comment = Comment::parse("arsip-ignore Q304").unwrap();
        let at = |line, column| Position { line, column };
        let directive = Directive::between(&comment, at(2, 1), at(3, 9));
        let mut f = vec![
            finding("Q304", 1),
            finding("Q304", 2),
            finding("Q304", 3),
            finding("Q305", 2),
        ];
        f[2].column = Some(10);
        assert_eq!(silence(&mut f, &[directive]), 1);
        let left: Vec<_> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
        assert_eq!(
            left,
            [("Q304", Some(1)), ("Q304", Some(3)), ("Q305", Some(2))]
        );
        let mut f = vec![finding("Q305", 2)];
        assert_eq!(
            silence(&mut f, &[Directive::unchecked(at(2, 3), at(2, 3))]),
            1
        );
    }
}
