//! The batch report (`--report FILE`): every input and what became of it, the same bytes
//! for every `--jobs`, since it holds no timings.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Extraction, SignalKind};
use crate::source::expand::ListingFailure;
use crate::source::Origin;

/// How many of the least confident inputs a report names.
pub const LEAST_CONFIDENT: usize = 10;

/// The extraction score of an input: its least certain article's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Confidence {
    /// 0 to 100, as the article's `extraction.score`.
    pub score: u8,
    /// The signal that cost the most points, if any did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<SignalKind>,
}

impl Confidence {
    /// The least certain of the extractions given (`None` when none carries a score).
    pub fn least_of<'a>(extractions: impl IntoIterator<Item = &'a Extraction>) -> Option<Self> {
        extractions
            .into_iter()
            .min_by_key(|e| e.score)
            .map(|e| Confidence {
                score: e.score,
                signal: e.signals.iter().max_by_key(|s| s.penalty).map(|s| s.kind),
            })
    }
}

/// One of the least confident inputs of a run: where to look first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LowConfidence {
    pub input: String,
    #[serde(flatten)]
    pub confidence: Confidence,
}

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
        /// How sure arsip is of the input's least certain article; absent when no article
        /// says (read back from output written before arsip scored extractions).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confidence: Option<Confidence>,
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
    /// The least confident converted inputs, lowest score first (ties in input order), at
    /// most [`LEAST_CONFIDENT`]: the pages to review first.
    #[serde(default)]
    pub least_confident: Vec<LowConfidence>,
    pub results: Vec<InputOutcome>,
}

/// Adds an input to the least confident kept so far, when it is among them: bounded, so a
/// stream of millions of records keeps [`LEAST_CONFIDENT`] lines, and stable, so that
/// inputs of equal score stay in input order whatever `--jobs` is.
fn keep_least_confident(kept: &mut Vec<LowConfidence>, origin: &Origin, confidence: &Confidence) {
    if kept.len() == LEAST_CONFIDENT
        && kept
            .last()
            .is_some_and(|surest_kept| surest_kept.confidence.score <= confidence.score)
    {
        return;
    }
    let at = kept.partition_point(|k| k.confidence.score <= confidence.score);
    kept.insert(
        at,
        LowConfidence {
            input: origin.to_string(),
            confidence: confidence.clone(),
        },
    );
    kept.truncate(LEAST_CONFIDENT);
}

/// An id given by more than one article of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DuplicateId {
    pub id: String,
    /// How many articles gave it.
    pub count: usize,
    /// Where each article came from, in input order (in the report file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
}

impl BatchReport {
    /// The report of a run whose every result was kept.
    pub fn new(
        results: Vec<InputOutcome>,
        listing_failures: Vec<ListingFailure>,
        ignored_records: usize,
    ) -> Self {
        let mut tally = Tally::new(true, true);
        for result in results {
            tally.add(result);
        }
        tally.finish(listing_failures, ignored_records)
    }
}

/// A report built while a run goes on. It keeps every input's line only when the report
/// is to be written, so that a stream of millions of records costs no memory by their
/// number; ids are kept only to find those given twice.
pub struct Tally {
    report: BatchReport,
    keep_results: bool,
    /// Each id and the inputs that gave it (their names only when results are kept).
    ids: Option<HashMap<String, (usize, Vec<String>)>>,
}

impl Tally {
    pub fn new(keep_results: bool, track_ids: bool) -> Self {
        Tally {
            report: BatchReport {
                inputs: 0,
                converted: 0,
                skipped: 0,
                failed: 0,
                findings: ["error", "warning", "info"]
                    .iter()
                    .map(|s| (s.to_string(), 0))
                    .collect(),
                rules: BTreeMap::new(),
                ignored_records: 0,
                listing_failures: Vec::new(),
                duplicate_ids: Vec::new(),
                least_confident: Vec::new(),
                results: Vec::new(),
            },
            keep_results,
            ids: (track_ids || keep_results).then(HashMap::new),
        }
    }

    pub fn add(&mut self, result: InputOutcome) {
        let report = &mut self.report;
        report.inputs += 1;
        match &result.outcome {
            Outcome::Converted {
                errors,
                warnings,
                infos,
                rules,
                ids,
                confidence,
                ..
            } => {
                report.converted += 1;
                if let Some(confidence) = confidence {
                    keep_least_confident(&mut report.least_confident, &result.origin, confidence);
                }
                for (severity, n) in [("error", errors), ("warning", warnings), ("info", infos)] {
                    *report.findings.entry(severity.to_string()).or_default() += n;
                }
                for (code, n) in rules {
                    *report.rules.entry(code.clone()).or_default() += n;
                }
                if let Some(seen) = &mut self.ids {
                    for (n, id) in ids.iter().enumerate() {
                        let entry = seen.entry(id.clone()).or_default();
                        entry.0 += 1;
                        if self.keep_results {
                            // Articles of one input (a JSON Lines file written whole to
                            // one output) are told apart by their place in it.
                            let origin = result.origin.to_string();
                            entry.1.push(if ids.len() > 1 {
                                format!("{origin}: article {}", n + 1)
                            } else {
                                origin
                            });
                        }
                    }
                }
            }
            Outcome::Skipped { .. } => report.skipped += 1,
            Outcome::Failed { .. } => report.failed += 1,
        }
        if self.keep_results {
            report.results.push(result);
        }
    }

    /// Whether results are kept for a report file.
    pub fn keeps_results(&self) -> bool {
        self.keep_results
    }

    pub fn finish(
        self,
        listing_failures: Vec<ListingFailure>,
        ignored_records: usize,
    ) -> BatchReport {
        let mut report = self.report;
        report.inputs += listing_failures.len();
        report.failed += listing_failures.len();
        report.listing_failures = listing_failures;
        report.ignored_records = ignored_records;
        let mut duplicates: Vec<DuplicateId> = self
            .ids
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, (count, _))| *count > 1)
            .map(|(id, (count, inputs))| DuplicateId { id, count, inputs })
            .collect();
        duplicates.sort_by(|a, b| a.id.cmp(&b.id));
        report.duplicate_ids = duplicates;
        report
    }
}
