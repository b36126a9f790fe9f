//! Fixes: edits of the source that resolve a finding, for `arsip check --fix`, `--diff`
//! and SARIF `fixes`.
//!
//! A fix replaces the text a finding points at: the marked text its message names (in
//! backticks) at the finding's line and column, by the text its suggestion names. A fix
//! is made only when the source there reads exactly what the message says, so a fix never
//! lands on other words. Which rules have fixes, and how safe they are:
//!
//! | rule | fix | safety |
//! | --- | --- | --- |
//! | Q302 `quote-mismatched-marks` | the closing mark that pairs with the opening one | safe |
//! | Q303 `quote-reversed-open` | the opening mark instead of the closing one | safe |
//! | Q306 `quote-doubled-punctuation` | one mark instead of two | safe |
//! | Q305 `quote-verb-misspelt` | the near-miss verb of the lexicon (`tandasmya` -> `tandasnya`) | unsafe: it changes a word |
//!
//! Safe fixes change punctuation only; `--unsafe-fixes` adds the ones that change words.
//! Fixes are applied to text and Markdown sources only, never to HTML or other formats,
//! whose text arsip does not own.

use super::Finding;
use crate::analyze::text::Columns;

/// How far a fix may be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Changes punctuation only; `--fix` applies it.
    Safe,
    /// Changes words; only `--unsafe-fixes` applies it.
    Unsafe,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// The safety of a rule's fix; `None` for a rule with no fix.
pub fn safety_of(code: &str) -> Option<Safety> {
    match code {
        "Q302" | "Q303" | "Q306" => Some(Safety::Safe),
        "Q305" => Some(Safety::Unsafe),
        _ => None,
    }
}

/// One edit within one line: the characters `column..end_column` (1-based, end exclusive)
/// of `line` become `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    /// The text replaced, as the source has it.
    pub original: String,
    pub replacement: String,
    pub safety: Safety,
}

impl Fix {
    /// What the fix does, for people: "replace `’` with `”`".
    pub fn description(&self) -> String {
        format!(
            "replace `{}` with `{}`",
            self.original.replace('`', "'"),
            self.replacement.replace('`', "'")
        )
    }
}

/// The backticked parts of a message.
fn ticked(text: &str) -> Vec<&str> {
    text.split('`')
        .enumerate()
        .filter(|(i, part)| i % 2 == 1 && !part.is_empty())
        .map(|(_, part)| part)
        .collect()
}

/// The fix of a finding whose line of source is `line_text`, if its rule has one and the
/// source reads, at the finding's column, what the message names.
pub fn fix_of(finding: &Finding, line_text: &Columns) -> Option<Fix> {
    let safety = safety_of(&finding.code)?;
    let (line, column) = (finding.line?, finding.column?);
    let suggestion = finding.suggestion.as_deref()?;
    let replacement = *ticked(suggestion).first()?;
    let at = line_text.byte_at(1, column)?;
    let rest = &line_text.source()[at..];
    // The longest marked text of the message that the source reads at the column.
    let original = ticked(&finding.message)
        .into_iter()
        .filter(|found| rest.starts_with(found) && *found != replacement)
        .max_by_key(|found| found.len())?;
    let mut replacement = replacement.to_string();
    if safety == Safety::Unsafe {
        // A word is replaced whole, never a part of a longer one.
        let next = rest[original.len()..].chars().next();
        if next.is_some_and(char::is_alphanumeric) {
            return None;
        }
        replacement = in_case_of(original, &replacement);
    }
    Some(Fix {
        line,
        column,
        end_column: column + original.chars().count(),
        original: original.to_string(),
        replacement,
        safety,
    })
}

/// `word` written in the case of `model`: capitals (`UJARMYA` -> `UJARNYA`), a capital
/// first letter (`Ujarmya` -> `Ujarnya`), else as it is.
fn in_case_of(model: &str, word: &str) -> String {
    let letters = || model.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return word.to_uppercase();
    }
    if model.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = word.chars();
        return chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    word.to_string()
}

/// `text` with `fixes` applied; fixes that overlap an earlier one are left out. Lines
/// are counted as the readers count them (`\r\n`, `\n`, a lone `\r`). Returns the new
/// text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[Fix]) -> (String, usize) {
    let columns = Columns::new(text);
    let byte_of = |line: usize, column: usize| columns.byte_at(line, column);
    let mut edits: Vec<(usize, usize, &Fix)> = fixes
        .iter()
        .filter_map(|f| {
            let from = byte_of(f.line, f.column)?;
            let to = byte_of(f.line, f.end_column)?;
            (text.get(from..to) == Some(f.original.as_str())).then_some((from, to, f))
        })
        .collect();
    edits.sort_by_key(|(from, to, _)| (*from, *to));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for (from, to, fix) in edits {
        if from < at {
            continue;
        }
        out.push_str(&text[at..from]);
        out.push_str(&fix.replacement);
        at = to;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// How many rounds of fixes [`settle`] makes at the most. Each round mends what the last
/// one's text still shows; real articles settle in one or two, and a text that has not
/// settled after this many is one whose fixes feed each other.
pub const MAX_FIX_ROUNDS: usize = 8;

/// A text after [`settle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Fixes still to apply when [`MAX_FIX_ROUNDS`] was reached; 0 when the text settled.
    pub left: usize,
}

/// `text` with fixes applied round after round until checking it again finds none that
/// applies. Fixes are made from one reading of the text, and mending one defect can leave
/// or reveal another (`”“`: once the reversed opening mark is mended, the closing mark no
/// longer pairs with it; `,,,` loses one doubled comma at a time), so one round does not
/// reach the text a second run would leave alone. `first` are the fixes of the findings
/// already made on `text`; `recheck` gives the fixes of a text. Overlapping fixes are
/// applied one per round, as [`apply`] does.
pub fn settle(text: &str, first: &[Fix], mut recheck: impl FnMut(&str) -> Vec<Fix>) -> Settled {
    let mut current = text.to_string();
    let mut fixes = first.to_vec();
    let mut applied = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let (next, n) = apply(&current, &fixes);
        if n == 0 || next == current {
            return Settled {
                text: current,
                applied,
                left: 0,
            };
        }
        applied += n;
        current = next;
        fixes = recheck(&current);
    }
    let left = apply(&current, &fixes).1;
    Settled {
        text: current,
        applied,
        left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn finding(code: &str, column: usize, message: &str, suggestion: &str) -> Finding {
        Finding {
            code: code.into(),
            name: String::new(),
            severity: Severity::Warning,
            message: message.into(),
            path: None,
            line: Some(1),
            column: Some(column),
            field: String::new(),
            suggestion: Some(suggestion.into()),
        }
    }

    #[test]
    fn fixes_land_only_where_the_source_reads_what_the_message_says() {
        let line = "desa “Smart Kampung’. Lalu ”Dengan,, kata tandasmyaa.";
        let f = finding(
            "Q302",
            20,
            "quotation opened with `“` is closed with `’`",
            "close it with `”`",
        );
        let text = line;
        let line = &Columns::new(text);
        let fix = fix_of(&f, line).unwrap();
        assert_eq!(
            (fix.original.as_str(), fix.replacement.as_str()),
            ("’", "”")
        );
        assert_eq!(fix.end_column, 21);
        let wrong_place = finding("Q302", 19, &f.message, "close it with `”`");
        assert_eq!(fix_of(&wrong_place, line), None);
        let verb = finding(
            "Q305",
            44,
            "attribution verb `tandasmya` is not in the lexicon",
            "did you mean `tandasnya`?",
        );
        assert_eq!(fix_of(&verb, line), None, "part of a longer word");
        let other = finding("Q307", 1, "`a` and `b`", "`c`");
        assert_eq!(fix_of(&other, line), None, "no fix for this rule");
        let (fixed, n) = apply(text, &[fix.clone(), fix]);
        assert_eq!(n, 1);
        assert_eq!(
            fixed,
            "desa “Smart Kampung”. Lalu ”Dengan,, kata tandasmyaa."
        );
    }

    #[test]
    fn a_word_fix_keeps_the_case_of_the_word_it_replaces() {
        for (written, fixed) in [
            ("Ujarmya", "Ujarnya"),
            ("UJARMYA", "UJARNYA"),
            ("ujarmya", "ujarnya"),
        ] {
            let text = format!("“Kami menang,” {written}.");
            let line = Columns::new(&text);
            let verb = finding(
                "Q305",
                16,
                &format!("attribution verb `{written}` is not in the lexicon"),
                "did you mean `ujarnya`?",
            );
            let fix = fix_of(&verb, &line).expect("a fix");
            assert_eq!(fix.replacement, fixed);
        }
    }

    #[test]
    fn apply_counts_lines_as_readers_do() {
        let fix = Fix {
            line: 3,
            column: 2,
            end_column: 4,
            original: ",,".into(),
            replacement: ",".into(),
            safety: Safety::Safe,
        };
        let (out, n) = apply("a\r\nb\rc,,d\n", &[fix]);
        assert_eq!((out.as_str(), n), ("a\r\nb\rc,d\n", 1));
    }

    fn comma_fix(text: &str) -> Vec<Fix> {
        text.find(",,")
            .map(|at| Fix {
                line: 1,
                column: text[..at].chars().count() + 1,
                end_column: text[..at].chars().count() + 3,
                original: ",,".into(),
                replacement: ",".into(),
                safety: Safety::Safe,
            })
            .into_iter()
            .collect()
    }

    #[test]
    fn settling_applies_fixes_until_none_is_left() {
        let settled = settle("a,,,,b", &comma_fix("a,,,,b"), comma_fix);
        assert_eq!(
            settled,
            Settled {
                text: "a,b".into(),
                applied: 3,
                left: 0
            }
        );
    }

    #[test]
    fn fixes_that_never_settle_stop_at_the_bound_and_say_what_is_left() {
        let long = format!("a{}b", ",".repeat(MAX_FIX_ROUNDS + 4));
        let settled = settle(&long, &comma_fix(&long), comma_fix);
        assert_eq!(settled.applied, MAX_FIX_ROUNDS);
        assert_eq!(settled.left, 1);
        assert_eq!(settled.text, format!("a{}b", ",".repeat(4)));
    }
}
