//! `arsip convert`: read every input, write every article, report every failure.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::process::ExitCode;

use anyhow::{bail, Context};

use arsip::config::Loaded;
use arsip::read::{read_each, ReadOptions};
use arsip::report::headline;
use arsip::rules::{self, Severity};
use arsip::write::{writer_for, ArticleWriter, Layout, OutputFormat};

use super::{load_rules, sources, Source};
use crate::cli::ConvertArgs;

pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.from.into(), &args.input)?;
    if let Some(out_dir) = &args.out_dir {
        return super::batch::run(args, out_dir, &options, &loaded);
    }
    let sources = sources(&args.inputs);
    if let Some(output) = &args.output {
        check_output_path(output, &args.inputs)?;
    }
    let checks = Checks {
        loaded: &loaded,
        quiet: args.quiet,
        input: &args.input,
        format: args.output_format(),
        compact: args.compact,
        several_inputs: sources.len() > 1,
    };

    let outcome = match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            let outcome = convert_all(&sources, &options, &checks, &mut buffer)?;
            // Nothing converted means nothing to write: no empty or partial file appears.
            if outcome.converted > 0 {
                arsip::output::write_atomically(path, &buffer)
                    .with_context(|| format!("{}: cannot write output", path.display()))?;
            }
            outcome
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            let outcome = convert_all(&sources, &options, &checks, &mut out)?;
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

/// The rules every converted article goes through; findings go to stderr, never into the
/// data on stdout.
struct Checks<'a> {
    loaded: &'a Loaded,
    quiet: bool,
    input: &'a crate::cli::InputOptions,
    format: OutputFormat,
    compact: bool,
    several_inputs: bool,
}

struct Outcome {
    converted: usize,
    failed: usize,
    /// Error-level findings, for `--strict`.
    errors: usize,
}

/// Converts every source in order; a source that cannot be read is reported and skipped,
/// while an error writing the output stops the run.
fn convert_all(
    sources: &[Source],
    options: &ReadOptions,
    checks: &Checks,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome {
        converted: 0,
        failed: 0,
        errors: 0,
    };
    // The layout is known once the first input is read: one input may hold several
    // articles (JSON Lines, a YAML stream, a newsMessage), which makes the output a stream.
    let mut writer: Option<Box<dyn ArticleWriter>> = None;
    for source in sources {
        let name = source.name();
        match source
            .load(checks.input)
            .and_then(|input| read_each(&input, options))
        {
            Ok(articles) => {
                let writer = writer.get_or_insert_with(|| {
                    let layout = Layout {
                        stream: checks.several_inputs || articles.len() > 1,
                        compact: checks.compact,
                    };
                    writer_for(checks.format, layout)
                });
                for parsed in articles {
                    let parsed = match parsed {
                        Ok(parsed) => parsed,
                        Err(err) => {
                            eprintln!("arsip: {name}: {err}");
                            outcome.failed += 1;
                            continue;
                        }
                    };
                    if !checks.quiet {
                        for note in &parsed.notes {
                            eprintln!("arsip: {name}: {note}");
                        }
                    }
                    let path = parsed.article.source.path.clone();
                    let settings = checks.loaded.settings_for(path.as_deref());
                    for finding in rules::check(&parsed, &settings) {
                        outcome.errors += usize::from(finding.severity == Severity::Error);
                        if !checks.quiet {
                            eprintln!("{}", headline(&finding, &name));
                        }
                    }
                    writer.write_article(&parsed.article, out)?;
                    outcome.converted += 1;
                }
            }
            Err(err) => {
                eprintln!("arsip: {name}: {err}");
                outcome.failed += 1;
            }
        }
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
