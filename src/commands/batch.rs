//! `arsip convert --out-dir`: a batch, one output file per input, in parallel, resumable.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use globset::{Glob, GlobSetBuilder};

use arsip::batch::{
    self, BatchReport, Filter, InputOutcome, Naming, Outcome, UnitSource, Units, Work,
};
use arsip::config::Loaded;
use arsip::read::ReadOptions;
use arsip::rules::{self, Severity};
use arsip::write::{writer_for, Layout, OutputFormat};

use crate::cli::ConvertArgs;

/// The file extension of each output format.
fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json | OutputFormat::Ninjs(_) | OutputFormat::JsonLd => "json",
        OutputFormat::Yaml => "yaml",
        OutputFormat::Newsml => "xml",
        OutputFormat::Markdown => "md",
    }
}

/// Globs from the command line, checked once.
pub fn filter(args: &ConvertArgs) -> anyhow::Result<Filter> {
    let build = |patterns: &[String], flag: &str| -> anyhow::Result<Option<globset::GlobSet>> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            builder.add(Glob::new(pattern).with_context(|| format!("{flag} {pattern}"))?);
        }
        Ok(Some(builder.build()?))
    };
    Ok(Filter {
        include: build(&args.include, "--include")?,
        exclude: build(&args.exclude, "--exclude")?,
    })
}

pub fn run(
    args: &ConvertArgs,
    out_dir: &Path,
    options: &ReadOptions,
    loaded: &Loaded,
) -> anyhow::Result<ExitCode> {
    if out_dir.exists() && !out_dir.is_dir() {
        anyhow::bail!("{}: exists and is not a folder", out_dir.display());
    }
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("{}: cannot create the output folder", out_dir.display()))?;
    let (inputs, listing_failures) = batch::expand(&args.inputs, &filter(args)?);
    let format = args.output_format();
    // Names are given over the whole set before sharding, so that shards writing into one
    // out-dir agree on every name and never collide.
    let names = batch::output_names(&inputs, extension(format));
    let mut named: Vec<_> = inputs.into_iter().zip(names).collect();
    if let Some((k, n)) = args.shard {
        // Archives are sharded page by page, by URL; other files by path.
        named.retain(|(input, _)| {
            batch::is_archive_name(&input.path) || batch::in_shard(&input.path, k, n)
        });
    }
    let sources = named
        .iter()
        .map(|(input, name)| UnitSource::File {
            path: input.path.clone(),
            output: Some(name.clone()),
        })
        .collect();
    let units = Units::new(sources, options.format, args.input.max_size)
        .with_naming(Naming {
            out_dir: out_dir.to_path_buf(),
            extension: extension(format),
            force: args.force,
        })
        .with_shard(args.shard);
    let ignored = units.ignored_records();
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let files = named
        .iter()
        .filter(|(input, _)| !batch::is_archive_name(&input.path))
        .count();
    let progress = progress_bar(args, files);
    let mut failures = 0usize;
    let mut results = Vec::new();
    let mut timings = Slowest::new(5);
    let items = units.map(|unit| (unit.origin, (unit.output, unit.work)));
    batch::run_ordered(
        items,
        jobs,
        |(output, work)| {
            let started = Instant::now();
            let outcome = convert_one(
                work,
                output.as_deref(),
                out_dir,
                args,
                format,
                options,
                loaded,
            );
            (outcome, started.elapsed())
        },
        |origin, result| {
            let (outcome, took) =
                result.unwrap_or_else(|reason| (Outcome::Failed { reason }, Duration::ZERO));
            if let Outcome::Failed { reason } = &outcome {
                failures += 1;
                let line = format!("arsip: {origin}: {reason}");
                match &progress {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
            if let Some(bar) = &progress {
                if failures > 0 {
                    bar.set_message(format!("{failures} failed"));
                }
                // An archive's pages are not known in advance: each adds to the total.
                if origin.offset.is_some() {
                    bar.inc_length(1);
                }
                bar.inc(1);
            }
            timings.push(took, &origin);
            results.push(InputOutcome { origin, outcome });
            true
        },
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    for failure in &listing_failures {
        eprintln!("arsip: {}: {}", failure.path, failure.reason);
    }
    let report = BatchReport::new(
        results,
        listing_failures,
        ignored.load(std::sync::atomic::Ordering::Relaxed),
    );
    if !args.quiet {
        print_summary(&report, &timings);
    }
    if let Some(path) = &args.report {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        arsip::output::write_atomically(path, text.as_bytes())
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    let errors = report.findings.get("error").copied().unwrap_or(0);
    Ok(if report.failed > 0 {
        ExitCode::from(2)
    } else if args.strict && errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The end-of-run summary on stderr: counts, findings by severity and by rule, and the
/// slowest inputs (timings live here, never in the report, which must not vary by run).
fn print_summary(report: &BatchReport, timings: &Slowest) {
    let count = |key: &str| report.findings.get(key).copied().unwrap_or(0);
    eprintln!(
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
        eprintln!(
            "arsip: {} archive record(s) were not pages (requests, redirects, images, errors)",
            report.ignored_records
        );
    }
    if !report.rules.is_empty() {
        let mut by_count: Vec<_> = report.rules.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rules: Vec<String> = by_count
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        eprintln!("arsip: findings by rule: {}", rules.join(", "));
    }
    if report.converted > 1 {
        for (took, origin) in timings.slowest() {
            eprintln!(
                "arsip: slow: {:>8.1} ms  {origin}",
                took.as_secs_f64() * 1000.0
            );
        }
    }
}

/// The few slowest units, kept while the batch runs.
struct Slowest {
    keep: usize,
    entries: Vec<(Duration, String)>,
}

impl Slowest {
    fn new(keep: usize) -> Self {
        Slowest {
            keep,
            entries: Vec::new(),
        }
    }

    fn push(&mut self, took: Duration, origin: &batch::Origin) {
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
fn progress_bar(args: &ConvertArgs, total: usize) -> Option<indicatif::ProgressBar> {
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

fn convert_one(
    work: Work,
    output: Option<&Path>,
    out_dir: &Path,
    args: &ConvertArgs,
    format: OutputFormat,
    options: &ReadOptions,
    loaded: &Loaded,
) -> Outcome {
    let Some(output) = output.map(|o| out_dir.join(o)) else {
        return Outcome::Failed {
            reason: "no output name".to_string(),
        };
    };
    let shown = output.display().to_string();
    if let Work::Skipped = work {
        return Outcome::Skipped { output: shown };
    }
    // An input inside the out-dir with the output's name is never overwritten.
    let input_path = match &work {
        Work::File(path) => Some(path.clone()),
        Work::Read(input) => input.path.as_ref().map(std::path::PathBuf::from),
        _ => None,
    };
    if let (Some(path), Ok(target)) = (input_path, output.canonicalize()) {
        if path.canonicalize().is_ok_and(|p| p == target) {
            return Outcome::Failed {
                reason: "the output would overwrite this input".to_string(),
            };
        }
    }
    let read = super::read_unit(work, options, &args.input)
        .and_then(|articles| articles.into_iter().collect::<Result<Vec<_>, _>>());
    let articles = match read {
        Ok(articles) => articles,
        Err(err) => {
            return Outcome::Failed {
                reason: err.to_string(),
            }
        }
    };
    let mut counts = [0usize; 3];
    let mut by_rule = std::collections::BTreeMap::new();
    let mut bytes = Vec::new();
    let mut writer = writer_for(
        format,
        Layout {
            stream: articles.len() > 1,
            compact: args.compact,
        },
    );
    for parsed in &articles {
        let settings = loaded.settings_for(parsed.article.source.path.as_deref());
        for finding in rules::check(parsed, &settings) {
            counts[match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
            *by_rule.entry(finding.code.to_string()).or_default() += 1;
        }
        if let Err(e) = writer.write_article(&parsed.article, &mut bytes) {
            return Outcome::Failed {
                reason: e.to_string(),
            };
        }
    }
    if let Err(e) = writer.finish(&mut bytes) {
        return Outcome::Failed {
            reason: e.to_string(),
        };
    }
    let written = output
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| arsip::output::write_atomically_with(&output, &bytes, args.fsync));
    match written {
        Ok(()) => Outcome::Converted {
            output: Some(shown),
            errors: counts[0],
            warnings: counts[1],
            infos: counts[2],
            rules: by_rule,
        },
        Err(e) => Outcome::Failed {
            reason: format!("{shown}: {}", arsip::read::describe_io_error(&e)),
        },
    }
}
