//! Baselines: the findings a legacy archive already has, recorded so that a CI run fails
//! only on new ones (`arsip check --write-baseline FILE`, then `--baseline FILE`).
//!
//! The file is JSON:
//!
//! ```json
//! {
//!   "version": 2,
//!   "tool": "arsip",
//!   "findings": [
//!     { "path": "content/a.md", "code": "Q304", "fingerprint": "3f9a0c…", "line": 12,
//!       "message": "quotation has no attribution" }
//!   ]
//! }
//! ```
//!
//! A finding is in the baseline when one entry has its path, its code and its fingerprint.
//! Paths are relative to the baseline file's folder, whatever way the run named the input
//! (`content/a.md`, `./content/a.md`, an absolute path, `.` from inside `content/`). The
//! fingerprint is a hash of the code and the words around the finding (five before its
//! column, six from it), with quotation marks made one and runs of `.,;:` one mark, so the
//! safe fixes (marks, doubled punctuation) leave every fingerprint as it was; for a finding
//! with no place in the source, of the model field it is about. Lines are not compared, so
//! editing another paragraph of the file, or adding lines above, keeps old findings in the
//! baseline; editing the words a finding points at makes it new. An entry is used once:
//! two equal findings need two entries. `line` and `message` are only for people reading
//! the file. Version 1 files (paths as typed, 40 characters either side) are still read.

use std::collections::BTreeMap;
use std::path::Path;

use crate::source::names::relative_name;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::InputReport;
use crate::rules::Finding;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    #[serde(default)]
    pub line: Option<usize>,
    #[serde(default)]
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

/// Why a baseline file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("not an arsip baseline: {0}")]
    Format(String),
    #[error("baseline version {0} is not one this arsip reads (1 or 2)")]
    Version(u32),
}

/// How much text either side of a finding's column a version 1 fingerprint covers.
const CONTEXT: usize = 40;
/// The words before a finding's and from it that a fingerprint covers.
const WORDS_BEFORE: usize = 5;
const WORDS_FROM: usize = 6;

/// The version this arsip writes; it reads 1 too.
const VERSION: u32 = 2;

/// The fingerprint of a finding in a report: its code and the words around it.
pub fn fingerprint(finding: &Finding, report: &InputReport) -> String {
    let context = match (finding.line, report.lines.get(&finding.line.unwrap_or(0))) {
        (Some(_), Some(line)) => {
            let at = finding.column.unwrap_or(1).saturating_sub(1);
            // Words with the column they end at, counted once along the line.
            let mut words: Vec<&str> = Vec::new();
            let mut found = None;
            let mut start: Option<usize> = None;
            let ends = line
                .char_indices()
                .chain(std::iter::once((line.len(), ' ')));
            for (column, (byte, c)) in ends.enumerate() {
                if c.is_whitespace() {
                    if let Some(from) = start.take() {
                        if found.is_none() && at < column {
                            found = Some(words.len());
                        }
                        words.push(&line[from..byte]);
                    }
                } else if start.is_none() {
                    start = Some(byte);
                }
            }
            let i = found.unwrap_or(words.len());
            let from = i.saturating_sub(WORDS_BEFORE);
            let to = (i + WORDS_FROM).min(words.len());
            words[from..to]
                .iter()
                .map(|w| fix_invariant(w))
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => format!("field:{}", finding.field),
    };
    digest(&finding.code, &context)
}

/// A word as the safe fixes leave it: every quotation mark one, a run of `.,;:` one.
fn fix_invariant(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last_stop = false;
    for c in word.chars() {
        let mark = crate::analyze::quote::is_quotation_mark(c);
        let stop = matches!(c, '.' | ',' | ';' | ':');
        if mark {
            out.push('"');
        } else if stop {
            if !last_stop {
                out.push('.');
            }
        } else {
            out.push(c);
        }
        last_stop = stop;
    }
    out
}

/// A version 1 fingerprint: up to 40 characters either side of the column.
fn fingerprint_v1(finding: &Finding, report: &InputReport) -> String {
    let context = match (finding.line, report.lines.get(&finding.line.unwrap_or(0))) {
        (Some(_), Some(line)) => {
            let chars: Vec<char> = line.chars().collect();
            let at = finding
                .column
                .unwrap_or(1)
                .saturating_sub(1)
                .min(chars.len());
            let from = at.saturating_sub(CONTEXT);
            let to = (at + CONTEXT).min(chars.len());
            let window: String = chars[from..to].iter().collect();
            crate::analyze::text::normalize_space(&window)
        }
        _ => format!("field:{}", finding.field),
    };
    digest(&finding.code, &context)
}

fn digest(code: &str, context: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(code.as_bytes());
    hash.update([0]);
    hash.update(context.as_bytes());
    let digest = hash.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

impl Baseline {
    /// The baseline of every finding in `reports`, in report order, for a file in the
    /// folder `base`.
    /// `known` are findings an earlier baseline held (what [`Baseline::filter`] took out),
    /// recorded after those of their report.
    pub fn of(
        reports: &super::ReportSpool,
        known: &[(usize, Finding)],
        base: &Path,
    ) -> std::io::Result<Self> {
        let entry = |report: &InputReport, f: &Finding| Entry {
            path: relative_name(&report.name, base),
            code: f.code.clone(),
            fingerprint: fingerprint(f, report),
            line: f.line,
            message: f.message.clone(),
        };
        let mut known_of: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
        for (index, finding) in known {
            known_of.entry(*index).or_default().push(finding);
        }
        let mut findings = Vec::new();
        reports.for_each(|index, report| {
            let old = known_of.get(&index).into_iter().flatten().copied();
            findings.extend(report.findings.iter().chain(old).map(|f| entry(report, f)));
            Ok(())
        })?;
        Ok(Baseline {
            version: VERSION,
            tool: "arsip".to_string(),
            findings,
        })
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, BaselineError> {
        let baseline: Baseline =
            serde_json::from_slice(bytes).map_err(|e| BaselineError::Format(e.to_string()))?;
        if !(1..=VERSION).contains(&baseline.version) {
            return Err(BaselineError::Version(baseline.version));
        }
        if baseline.tool != "arsip" {
            return Err(BaselineError::Format(format!(
                "written by `{}`, not arsip",
                baseline.tool
            )));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Removes from `reports` the findings the baseline (a file in the folder `base`)
    /// holds, and returns them with the index of their report.
    pub fn filter(&self, reports: &mut [InputReport], base: &Path) -> Vec<(usize, Finding)> {
        let mut matcher = self.matcher(base);
        let mut matched = Vec::new();
        for (index, report) in reports.iter_mut().enumerate() {
            matched.extend(matcher.take(report).into_iter().map(|f| (index, f)));
        }
        matched
    }

    /// What takes the baseline's findings out of reports given one at a time, in order;
    /// each entry matches one finding.
    pub fn matcher<'a>(&'a self, base: &'a Path) -> Matcher<'a> {
        let mut left: BTreeMap<(String, String, String), Vec<&Entry>> = BTreeMap::new();
        for e in self.findings.iter().rev() {
            left.entry((e.path.clone(), e.code.clone(), e.fingerprint.clone()))
                .or_default()
                .push(e);
        }
        Matcher {
            left,
            version: self.version,
            base,
        }
    }
}

/// The entries of a baseline not yet matched; see [`Baseline::matcher`].
pub struct Matcher<'a> {
    left: BTreeMap<(String, String, String), Vec<&'a Entry>>,
    version: u32,
    base: &'a Path,
}

impl Matcher<'_> {
    /// Removes from `report` the findings the baseline holds, and returns them.
    pub fn take(&mut self, report: &mut InputReport) -> Vec<Finding> {
        let (path, print): (String, fn(&Finding, &InputReport) -> String) = if self.version == 1 {
            (report.name.clone(), fingerprint_v1)
        } else {
            (relative_name(&report.name, self.base), fingerprint)
        };
        let prints: Vec<String> = report.findings.iter().map(|f| print(f, report)).collect();
        let mut keep = Vec::with_capacity(report.findings.len());
        let mut matched = Vec::new();
        for (finding, print) in report.findings.drain(..).zip(prints) {
            let key = (path.clone(), finding.code.clone(), print);
            match self.left.get_mut(&key).and_then(Vec::pop) {
                Some(_) => matched.push(finding),
                None => keep.push(finding),
            }
        }
        report.findings = keep;
        matched
    }
}
