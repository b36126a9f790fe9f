//! Baselines: the findings a legacy archive already has, recorded so that a CI run fails
//! only on new ones (`arsip check --write-baseline FILE`, then `--baseline FILE`).
//!
//! The file is JSON:
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "arsip",
//!   "findings": [
//!     { "path": "content/a.md", "code": "Q304", "fingerprint": "3f9a0c…", "line": 12,
//!       "message": "quotation has no attribution" }
//!   ]
//! }
//! ```
//!
//! A finding is in the baseline when one entry has its path, its code and its fingerprint:
//! a hash of the code and the source text around the finding (up to 40 characters either
//! side of its column, whitespace collapsed), or for a finding with no place in the source
//! of the model field it is about. Lines are not compared, so editing another paragraph of
//! the file, or adding lines above, keeps old findings in the baseline; editing the words
//! a finding points at makes it new. An entry is used once: two equal findings need two
//! entries. `line` and `message` are only for people reading the file.

use std::collections::BTreeMap;

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
    #[error("baseline version {0} is not one this arsip reads (1)")]
    Version(u32),
}

/// How much text either side of a finding's column its fingerprint covers.
const CONTEXT: usize = 40;

/// The fingerprint of a finding in a report: its code and the source text around it.
pub fn fingerprint(finding: &Finding, report: &InputReport) -> String {
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
    let mut hash = Sha256::new();
    hash.update(finding.code.as_bytes());
    hash.update([0]);
    hash.update(context.as_bytes());
    let digest = hash.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

impl Baseline {
    /// The baseline of every finding in `reports`, in report order.
    pub fn of(reports: &[InputReport]) -> Self {
        let findings = reports
            .iter()
            .flat_map(|report| {
                report.findings.iter().map(move |f| Entry {
                    path: report.name.clone(),
                    code: f.code.clone(),
                    fingerprint: fingerprint(f, report),
                    line: f.line,
                    message: f.message.clone(),
                })
            })
            .collect();
        Baseline {
            version: 1,
            tool: "arsip".to_string(),
            findings,
        }
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, BaselineError> {
        let baseline: Baseline =
            serde_json::from_slice(bytes).map_err(|e| BaselineError::Format(e.to_string()))?;
        if baseline.version != 1 {
            return Err(BaselineError::Version(baseline.version));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Removes from `reports` the findings the baseline holds; returns how many.
    pub fn filter(&self, reports: &mut [InputReport]) -> usize {
        let mut left: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for e in &self.findings {
            *left
                .entry((e.path.clone(), e.code.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        let mut removed = 0;
        for report in reports.iter_mut() {
            let prints: Vec<String> = report
                .findings
                .iter()
                .map(|f| fingerprint(f, report))
                .collect();
            let mut keep = Vec::with_capacity(report.findings.len());
            for (finding, print) in report.findings.drain(..).zip(prints) {
                let key = (report.name.clone(), finding.code.clone(), print);
                match left.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                    }
                    _ => keep.push(finding),
                }
            }
            report.findings = keep;
        }
        removed
    }
}
