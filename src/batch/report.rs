//! The batch report (`--report FILE`): every input and what became of it, the same bytes
//! for every `--jobs`, since it holds no timings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::expand::ListingFailure;
use crate::source::Origin;

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase", tag = "status")]
pub enum Outcome {
    /// Written to `output`.
    Converted {
        output: Option<String>,
        /// The ids of the articles written (a stream holds several).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ids: Vec<String>,
        errors: usize,
        warnings: usize,
        infos: usize,
        /// Findings by rule code.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        rules: BTreeMap<String, usize>,
    },
    /// Its output already existed (a resumed run); not converted again.
    Skipped { output: String },
    /// Could not be read, converted or written.
    Failed { reason: String },
}

/// One input's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputOutcome {
    #[serde(flatten)]
    pub origin: Origin,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The batch report (`--report FILE`): every input and what became of it. It holds no
/// timings, so it is the same bytes for every `--jobs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BatchReport {
    /// Units of work: files, and each page of an archive.
    pub inputs: usize,
    pub converted: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Findings by severity, over the converted inputs.
    pub findings: BTreeMap<String, usize>,
    /// Findings by rule code, over the converted inputs.
    pub rules: BTreeMap<String, usize>,
    /// Archive records that are not pages: requests, metadata, redirects, images, errors.
    pub ignored_records: usize,
    /// Inputs that could not even be listed (unreadable folders, symlink loops).
    pub listing_failures: Vec<ListingFailure>,
    /// Article ids that more than one input gave (a crawl that fetched `?share=`
    /// variants of one page, two copies of a file), with the inputs that gave each.
    pub duplicate_ids: Vec<DuplicateId>,
    pub results: Vec<InputOutcome>,
}

/// An id given by more than one article of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DuplicateId {
    pub id: String,
    /// Where each article came from, in input order.
    pub inputs: Vec<String>,
}

impl BatchReport {
    pub fn new(
        results: Vec<InputOutcome>,
        listing_failures: Vec<ListingFailure>,
        ignored_records: usize,
    ) -> Self {
        let mut findings: BTreeMap<String, usize> = ["error", "warning", "info"]
            .iter()
            .map(|s| (s.to_string(), 0))
            .collect();
        let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
        let (mut converted, mut skipped, mut failed) = (0, 0, 0);
        for result in &results {
            match &result.outcome {
                Outcome::Converted {
                    errors,
                    warnings,
                    infos,
                    rules,
                    ..
                } => {
                    converted += 1;
                    *findings.entry("error".to_string()).or_default() += errors;
                    *findings.entry("warning".to_string()).or_default() += warnings;
                    *findings.entry("info".to_string()).or_default() += infos;
                    for (code, n) in rules {
                        *by_rule.entry(code.clone()).or_default() += n;
                    }
                }
                Outcome::Skipped { .. } => skipped += 1,
                Outcome::Failed { .. } => failed += 1,
            }
        }
        BatchReport {
            inputs: results.len() + listing_failures.len(),
            converted,
            skipped,
            failed: failed + listing_failures.len(),
            findings,
            rules: by_rule,
            ignored_records,
            listing_failures,
            duplicate_ids: duplicate_ids(&results),
            results,
        }
    }
}

/// The ids that more than one converted article gave.
fn duplicate_ids(results: &[InputOutcome]) -> Vec<DuplicateId> {
    let mut by_id: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for result in results {
        if let Outcome::Converted { ids, .. } = &result.outcome {
            for id in ids {
                by_id.entry(id).or_default().push(result.origin.to_string());
            }
        }
    }
    by_id
        .into_iter()
        .filter(|(_, inputs)| inputs.len() > 1)
        .map(|(id, inputs)| DuplicateId {
            id: id.to_string(),
            inputs,
        })
        .collect()
}
