//! What a batch shows while and after it runs: a progress bar on a terminal, and the
//! summary on standard error (timings live here, never in the report, which must not vary
//! from run to run).

use std::time::Duration;

use arsip::batch::BatchReport;
use arsip::source::Origin;

use crate::cli::ConvertArgs;

/// The end-of-run summary: counts, findings by severity and by rule, duplicate ids, and
/// the slowest inputs.
pub fn print_summary(report: &BatchReport, timings: &Slowest) {
    let count = |key: &str| report.findings.get(key).copied().unwrap_or(0);
    say!(
        "arsip: {} input(s): {} converted, {} skipped (already done), {} failed; findings: {} error(s), {} warning(s), {} info",
        report.inputs,
        report.converted,
        report.skipped,
        report.failed,
        count("error"),
        count("warning"),
        count("info"),
    );
    if report.ignored_records > 0 {
        say!(
            "arsip: {} archive record(s) were not pages (requests, redirects, images, errors)",
            report.ignored_records
        );
    }
    print_duplicate_ids(report);
    if !report.rules.is_empty() {
        let mut by_count: Vec<_> = report.rules.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rules: Vec<String> = by_count
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        say!("arsip: findings by rule: {}", rules.join(", "));
    }
    print_least_confident(report);
    if report.converted > 1 {
        for (took, origin) in timings.slowest() {
            say!(
                "arsip: slow: {:>8.1} ms  {origin}",
                took.as_secs_f64() * 1000.0
            );
        }
    }
}

/// The inputs arsip is least sure of, with their score and the signal that cost most: the
/// pages a migrator reviews first, and the sites where a profile pays off. Only those that
/// scored below full marks, and only when the run had more than one input to rank.
pub fn print_least_confident(report: &BatchReport) {
    if report.converted < 2 {
        return;
    }
    for low in report
        .least_confident
        .iter()
        .filter(|l| l.confidence.score < 100)
        .take(SUMMARY_LEAST_CONFIDENT)
    {
        let signal = low
            .confidence
            .signal
            .map(|s| format!("  {}", s.name()))
            .unwrap_or_default();
        say!(
            "arsip: least confident: {:>3}{signal}  {}",
            low.confidence.score,
            low.input
        );
    }
}

/// How many of the least confident inputs the summary names (the report keeps more).
const SUMMARY_LEAST_CONFIDENT: usize = 5;

/// The ids more than one article gave, a few by name.
pub fn print_duplicate_ids(report: &BatchReport) {
    if !report.duplicate_ids.is_empty() {
        let shown: Vec<String> = report
            .duplicate_ids
            .iter()
            .take(5)
            .map(|d| format!("{} ({}x)", d.id, d.count))
            .collect();
        let more = report.duplicate_ids.len().saturating_sub(shown.len());
        say!(
            "arsip: {} id(s) given by more than one article: {}{}",
            report.duplicate_ids.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more (see --report)")
            } else {
                String::new()
            }
        );
    }
}

/// The few slowest units, kept while the batch runs.
pub struct Slowest {
    keep: usize,
    entries: Vec<(Duration, String)>,
}

impl Slowest {
    pub fn new(keep: usize) -> Self {
        Slowest {
            keep,
            entries: Vec::new(),
        }
    }

    pub fn push(&mut self, took: Duration, origin: &Origin) {
        if took.is_zero() {
            return;
        }
        if self.entries.len() < self.keep || self.entries.last().is_some_and(|(t, _)| took > *t) {
            self.entries.push((took, origin.to_string()));
            self.entries.sort_by_key(|e| std::cmp::Reverse(e.0));
            self.entries.truncate(self.keep);
        }
    }

    fn slowest(&self) -> &[(Duration, String)] {
        &self.entries
    }
}

/// A bar on standard error when it is a terminal: done/total, rate, ETA, failures so far.
/// Nothing at all otherwise, or with --quiet or --no-progress, so logs stay clean.
pub fn progress_bar(args: &ConvertArgs, total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if args.quiet || args.no_progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} inputs  {per_sec}  ETA {eta}  {msg}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}
