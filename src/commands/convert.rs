//! `arsip convert`: read every input, write every article, report every failure.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};

use arsip::read::{read, Input, InputFormat, ReadError};
use arsip::write::{writer_for, ArticleWriter, Layout};

use crate::cli::ConvertArgs;

/// Where one input comes from.
enum Source<'a> {
    Stdin,
    File(&'a Path),
}

pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let sources: Vec<Source> = if args.inputs.is_empty() {
        vec![Source::Stdin]
    } else {
        args.inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::File(p)
                }
            })
            .collect()
    };
    if let Some(output) = &args.output {
        check_output_path(output, &args.inputs)?;
    }
    let layout = Layout {
        stream: sources.len() > 1,
        compact: args.compact,
    };
    let mut writer = writer_for(args.to.into(), layout);
    let from: InputFormat = args.from.into();

    let outcome = match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            let outcome = convert_all(&sources, from, writer.as_mut(), &mut buffer)?;
            // Nothing converted means nothing to write: no empty or partial file appears.
            if outcome.converted > 0 {
                arsip::output::write_atomically(path, &buffer)
                    .with_context(|| format!("{}: cannot write output", path.display()))?;
            }
            outcome
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            let outcome = convert_all(&sources, from, writer.as_mut(), &mut out)?;
            out.flush()?;
            outcome
        }
    };
    Ok(if outcome.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

struct Outcome {
    converted: usize,
    failed: usize,
}

/// Converts every source in order; a source that cannot be read is reported and skipped,
/// while an error writing the output stops the run.
fn convert_all(
    sources: &[Source],
    from: InputFormat,
    writer: &mut dyn ArticleWriter,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome {
        converted: 0,
        failed: 0,
    };
    for source in sources {
        let (name, parsed) = match source {
            Source::Stdin => ("<stdin>".to_string(), Input::from_stdin()),
            Source::File(path) => (path.display().to_string(), Input::from_path(path)),
        };
        match parsed.and_then(|input| read(&input, from)) {
            Ok(parsed) => {
                writer.write_article(&parsed.article, out)?;
                outcome.converted += 1;
            }
            Err(err) => {
                report(&name, &err);
                outcome.failed += 1;
            }
        }
    }
    writer.finish(out)?;
    Ok(outcome)
}

fn report(name: &str, err: &ReadError) {
    eprintln!("arsip: {name}: {err}");
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
