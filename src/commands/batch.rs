//! `arsip convert --out-dir`: a batch, one output file per input, in parallel, resumable.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use globset::{Glob, GlobSetBuilder};

use arsip::batch::{self, BatchInput, BatchReport, Filter, Outcome};
use arsip::config::Loaded;
use arsip::read::{read_all, ReadOptions};
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
    let (mut inputs, listing_failures) = batch::expand(&args.inputs, &filter(args)?);
    if let Some((k, n)) = args.shard {
        inputs = batch::shard(inputs, k, n);
    }
    let format = args.output_format();
    let names = batch::output_names(&inputs, extension(format));
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = progress_bar(args, inputs.len());
    let failures = std::sync::atomic::AtomicUsize::new(0);
    let outcomes = batch::run_parallel(&inputs, jobs, |index, input| {
        let output = out_dir.join(&names[index]);
        let outcome = convert_one(input, &output, args, format, options, loaded);
        if let Some(bar) = &progress {
            if matches!(outcome, Outcome::Failed { .. }) {
                let failed = failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                bar.set_message(format!("{failed} failed"));
            }
            bar.inc(1);
        }
        outcome
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    for failure in &listing_failures {
        eprintln!("arsip: {}: {}", failure.path, failure.reason);
    }
    for (input, outcome) in inputs.iter().zip(&outcomes) {
        if let Outcome::Failed { reason } = outcome {
            eprintln!("arsip: {}: {reason}", input.path.display());
        }
    }
    let report = BatchReport::new(&inputs, &outcomes, listing_failures);
    if !args.quiet {
        eprintln!(
            "arsip: {} input(s): {} converted, {} skipped (already done), {} failed; findings: {} error(s), {} warning(s), {} info",
            report.inputs,
            report.converted,
            report.skipped,
            report.failed,
            report.findings.get("error").unwrap_or(&0),
            report.findings.get("warning").unwrap_or(&0),
            report.findings.get("info").unwrap_or(&0),
        );
    }
    if let Some(path) = &args.report {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        arsip::output::write_atomically(path, text.as_bytes())
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    let errors = *report.findings.get("error").unwrap_or(&0);
    Ok(if report.failed > 0 {
        ExitCode::from(2)
    } else if args.strict && errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
    input: &BatchInput,
    output: &Path,
    args: &ConvertArgs,
    format: OutputFormat,
    options: &ReadOptions,
    loaded: &Loaded,
) -> Outcome {
    let shown = output.display().to_string();
    if output.exists() && !args.force {
        return Outcome::Skipped { output: shown };
    }
    // An input inside the out-dir with the output's name is never overwritten.
    if let (Ok(a), Ok(b)) = (input.path.canonicalize(), output.canonicalize()) {
        if a == b {
            return Outcome::Failed {
                reason: "the output would overwrite this input".to_string(),
            };
        }
    }
    let loaded_input = super::Source::File(&input.path).load(&args.input);
    let articles = match loaded_input.and_then(|i| read_all(&i, options)) {
        Ok(articles) => articles,
        Err(err) => {
            return Outcome::Failed {
                reason: err.to_string(),
            }
        }
    };
    let mut counts = [0usize; 3];
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
        .and_then(|()| arsip::output::write_atomically(output, &bytes));
    match written {
        Ok(()) => Outcome::Converted {
            output: Some(shown),
            errors: counts[0],
            warnings: counts[1],
            infos: counts[2],
        },
        Err(e) => Outcome::Failed {
            reason: format!("{shown}: {}", arsip::read::describe_io_error(&e)),
        },
    }
}
