//! `arsip convert`: read every input, write every article, report every failure.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::process::ExitCode;

use anyhow::{bail, Context};

use arsip::batch::{self, Units, Work};
use arsip::config::Loaded;
use arsip::read::{Parsed, ReadError, ReadOptions};
use arsip::report::headline;
use arsip::rules::{self, Finding, Severity};
use arsip::write::{writer_for, ArticleWriter, Layout};

use super::{load_rules, unit_sources};
use crate::cli::ConvertArgs;

pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.from.into(), &args.input)?;
    if let Some(out_dir) = &args.out_dir {
        return super::batch::run(args, out_dir, &options, &loaded);
    }
    if let Some(output) = &args.output {
        check_output_path(output, &args.inputs)?;
    }
    let sources = unit_sources(&args.inputs);
    let checks = Checks {
        loaded: &loaded,
        options: &options,
        args,
        several_inputs: sources.len() > 1,
    };
    let units = Units::new(sources, options.format, args.input.max_size);

    let outcome = match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            let outcome = convert_all(units, &checks, &mut buffer)?;
            // Nothing converted means nothing to write: no empty or partial file appears.
            if outcome.converted > 0 {
                arsip::output::write_atomically(path, &buffer)
                    .with_context(|| format!("{}: cannot write output", path.display()))?;
            }
            outcome
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            let outcome = convert_all(units, &checks, &mut out)?;
            out.flush()?;
            outcome
        }
    };
    Ok(if outcome.failed > 0 {
        ExitCode::from(2)
    } else if args.strict && outcome.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What every converted article goes through; findings go to stderr, never into the data
/// on stdout.
struct Checks<'a> {
    loaded: &'a Loaded,
    options: &'a ReadOptions,
    args: &'a ConvertArgs,
    several_inputs: bool,
}

struct Outcome {
    converted: usize,
    failed: usize,
    /// Error-level findings, for `--strict`.
    errors: usize,
}

/// What a worker hands back for one unit: its articles with their findings, or why it
/// could not be read.
type Converted = Result<Vec<Result<(Parsed, Vec<Finding>), ReadError>>, ReadError>;

/// Reads and checks one unit; run on the worker threads.
fn convert_unit(work: Work, checks: &Checks) -> Converted {
    let articles = super::read_unit(work, checks.options, &checks.args.input)?;
    Ok(articles
        .into_iter()
        .map(|parsed| {
            parsed.map(|parsed| {
                let path = parsed.article.source.path.clone();
                let settings = checks.loaded.settings_for(path.as_deref());
                let findings = rules::check(&parsed, &settings);
                (parsed, findings)
            })
        })
        .collect())
}

/// Converts every unit, in parallel, and writes them in input order; a unit that cannot be
/// read is reported and skipped, while an error writing the output stops the run.
fn convert_all(units: Units, checks: &Checks, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome {
        converted: 0,
        failed: 0,
        errors: 0,
    };
    let quiet = checks.args.quiet;
    // The layout is known once the first unit is read: one input may hold several
    // articles (JSON Lines, a YAML stream, a newsMessage, an archive), which makes the
    // output a stream.
    let mut writer: Option<Box<dyn ArticleWriter>> = None;
    let mut write_error = None;
    let jobs = checks
        .args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let items = units.map(|unit| (unit.origin, unit.work));
    batch::run_ordered(
        items,
        jobs,
        |work| convert_unit(work, checks),
        |origin, converted| {
            let name = origin.to_string();
            let articles = match converted {
                Ok(Ok(articles)) => articles,
                Ok(Err(err)) => {
                    eprintln!("arsip: {name}: {err}");
                    outcome.failed += 1;
                    return true;
                }
                Err(reason) => {
                    eprintln!("arsip: {name}: {reason}");
                    outcome.failed += 1;
                    return true;
                }
            };
            let writer = writer.get_or_insert_with(|| {
                let layout = Layout {
                    // Archive pages and JSON Lines records are streams even when one comes
                    // first: a line per article, for a pipe to split.
                    stream: checks.several_inputs
                        || articles.len() > 1
                        || origin.offset.is_some()
                        || origin.line.is_some(),
                    compact: checks.args.compact,
                };
                writer_for(checks.args.output_format(), layout)
            });
            for article in articles {
                let (parsed, findings) = match article {
                    Ok(found) => found,
                    Err(err) => {
                        eprintln!("arsip: {name}: {err}");
                        outcome.failed += 1;
                        continue;
                    }
                };
                if !quiet {
                    for note in &parsed.notes {
                        eprintln!("arsip: {name}: {note}");
                    }
                }
                for finding in &findings {
                    outcome.errors += usize::from(finding.severity == Severity::Error);
                    if !quiet {
                        eprintln!("{}", headline(finding, &name));
                    }
                }
                if let Err(e) = writer.write_article(&parsed.article, out) {
                    write_error = Some(e);
                    return false;
                }
                outcome.converted += 1;
            }
            true
        },
    );
    if let Some(e) = write_error {
        return Err(e.into());
    }
    if let Some(writer) = writer.as_mut() {
        writer.finish(out)?;
    }
    Ok(outcome)
}

/// Refuses an output path that would destroy an input or cannot be a file.
fn check_output_path(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if output.is_dir() {
        bail!("{}: is a directory; -o takes a file name", output.display());
    }
    if let Ok(target) = output.canonicalize() {
        for input in inputs {
            if input.canonicalize().is_ok_and(|i| i == target) {
                bail!(
                    "{}: is also an input; arsip never overwrites its input",
                    output.display()
                );
            }
        }
    }
    Ok(())
}
