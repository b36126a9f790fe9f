//! `arsip convert`: read every input, write every article, account for every input.
//!
//! Without `--out-dir` the articles go to one stream (stdout or `-o FILE`), in input
//! order; with it, one file per input (per page of an archive). Either way every unit ends
//! as an output or a reported failure, and `--report` says which.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use arsip::batch::journal::Journal;
use arsip::batch::{self, Confidence, InputOutcome, Naming, Outcome, Tally};
use arsip::config::Loaded;
use arsip::output::Target;
use arsip::read::{Parsed, ReadError, ReadOptions};
use arsip::report::headline;
use arsip::rules::{self, Finding, Severity};
use arsip::source::expand::Located;
use arsip::source::units::Identity;
use arsip::source::{Origin, Work};
use arsip::write::{writer_for, ArticleWriter, Layout};

use super::batch::{print_duplicate_ids, print_summary, progress_bar, Slowest};
use super::{load_rules, locate, read_unit, refuse_inputs, same_file, say};
use crate::cli::ConvertArgs;

pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.inputs.from, &args.input, loaded.settings.min_year)?;
    let target = args.output.as_deref().map(Target::from_arg);
    let out_dir = args.out_dir.as_deref();
    let output_file = match &target {
        Some(Target::Path(path)) => Some(path.as_path()),
        _ => None,
    };
    // What the run writes is never read by it, even from inside a folder it walks.
    let written: Vec<&Path> = [out_dir, args.report.as_deref(), output_file]
        .into_iter()
        .flatten()
        .collect();
    let (mut located, mut listing_failures) = locate(&args.inputs, &written)?;
    let lists = super::list_files(&args.inputs);
    if let Some(output) = output_file {
        refuse_inputs(output, "-o", &located, &lists)?;
    }
    if let Some(report) = &args.report {
        refuse_inputs(report, "--report", &located, &lists)?;
        if output_file.is_some_and(|o| same_file(o, report) || resolved(o) == resolved(report)) {
            bail!("{}: is both -o and --report", report.display());
        }
        // Found out now, not after hours of converting.
        refuse_unwritable(report, out_dir).context("--report")?;
    }
    if let (Some(dir), Some(report)) = (out_dir, &args.report) {
        if args.shard.is_some() && within_lexically(dir, report) {
            bail!(
                "{}: a shard's --report inside --out-dir is a name the other shards may give an output; write shard reports outside the out-dir",
                report.display()
            );
        }
    }
    if let Some(dir) = out_dir {
        let folders: Vec<&Path> = args
            .inputs
            .paths
            .iter()
            .map(|p| p.as_path())
            .filter(|p| p.is_dir())
            .collect();
        refuse_out_dir_over_inputs(dir, &folders)?;
        if dir.exists() && !dir.is_dir() {
            bail!("{}: exists and is not a folder", dir.display());
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
        // What an earlier run on this host left half-written when it was killed.
        arsip::output::remove_stale_temporaries(dir);
    }
    // Names are given over the whole input set, before sharding, so that shards writing
    // into one out-dir agree on every name and never collide.
    // A report written into the out-dir keeps its name from every output.
    let reserved: Vec<std::path::PathBuf> = match (out_dir, &args.report) {
        (Some(dir), Some(report)) => within(dir, report).into_iter().collect(),
        _ => Vec::new(),
    };
    let naming = out_dir.map(|_| Naming::new(&located, args.to.writer().extension, &reserved));
    if let Some(shard) = args.shard {
        // Files are sharded by path before they are opened; archives page by page, by URL
        // (a file is taken for an archive here by its name: one that is not named so is
        // still converted whole, in one shard).
        located.retain(|l| match l {
            Located::File(file) => {
                looks_like_archive(&file.path)
                    || batch::in_shard(&batch::shard_key(&identity_of(file)), shard)
            }
            Located::Stdin => true,
        });
        listing_failures.retain(|f| batch::in_shard(&f.path, shard));
    }
    let files = located.len();
    let units = super::units_of_shard(
        located,
        options.format,
        args.input.max_size,
        out_dir.is_none(),
        args.shard,
    );
    let ignored = units.ignored_records();
    let context = Conversion {
        loaded: &loaded,
        options: &options,
        args,
    };
    let run = match out_dir {
        Some(dir) => convert_to_dir(units, naming.expect("named"), dir, &context, files),
        None => convert_to_stream(units, &context, target.as_ref())?,
    };
    for failure in &listing_failures {
        say!("{}", super::failure_line(&failure.path, &failure.reason));
    }
    let report = run.tally.finish(
        listing_failures,
        ignored.load(std::sync::atomic::Ordering::Relaxed),
    );
    if !args.quiet {
        match out_dir {
            Some(_) => print_summary(&report, &run.timings),
            // A stream says only what a pipe's user would otherwise miss.
            None => print_duplicate_ids(&report),
        }
    }
    if let Some(path) = &args.report {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        arsip::output::write_file(path, text.as_bytes(), false)
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    if let Some(e) = run.stopped {
        return Err(anyhow::Error::new(e).context("cannot write output"));
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

/// Why a report could never be written at `path`: it is a folder, or its folder does not
/// exist (and is not the out-dir, which the run creates) or is no folder.
fn refuse_unwritable(path: &Path, out_dir: Option<&Path>) -> anyhow::Result<()> {
    if path.is_dir() {
        bail!("{}: is a folder", path.display());
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => return Ok(()),
    };
    let made_by_run = out_dir.is_some_and(|dir| parent.starts_with(dir));
    if !parent.is_dir() && !made_by_run {
        bail!(
            "{}: its folder {} does not exist",
            path.display(),
            parent.display()
        );
    }
    if parent.is_dir() {
        // A read-only file system or folder shows only on writing: try now.
        tempfile::Builder::new()
            .prefix(".arsip-probe")
            .tempfile_in(parent)
            .with_context(|| format!("{}: cannot write in {}", path.display(), parent.display()))?;
    }
    Ok(())
}

/// Refuses an out-dir that holds a folder it walks (`--out-dir d d`, `--out-dir . dump`):
/// the next run would read this run's outputs as inputs, and nest them deeper each time.
/// (An out-dir inside an input folder is fine: the walk leaves it out.)
fn refuse_out_dir_over_inputs(out_dir: &Path, folders: &[&Path]) -> anyhow::Result<()> {
    let Ok(out) = out_dir.canonicalize() else {
        return Ok(());
    };
    for folder in folders {
        if folder.canonicalize().is_ok_and(|f| f.starts_with(&out)) {
            bail!(
                "{}: the out-dir holds the input folder {}, so a later run would read the outputs as inputs; choose an out-dir outside it",
                out_dir.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

/// The identity naming and sharding give a file, as the units will.
fn identity_of(file: &arsip::source::expand::LocatedFile) -> Identity {
    Identity::File {
        path: file.path.clone(),
        mirrored: file.mirrored.clone(),
    }
}

/// Whether a file's name says it is a web archive.
fn looks_like_archive(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".warc") || name.ends_with(".arc")
}

/// Whether a unit is this shard's: pages of an archive are sharded one by one, by URL;
/// files were sharded (by path) before they were opened.
fn unit_in_shard(identity: &Identity, origin: &Origin, shard: Option<(u64, u64)>) -> bool {
    let Some(shard) = shard else {
        return true;
    };
    match identity {
        Identity::Page { .. } => batch::in_shard(&batch::shard_key(identity), shard),
        // Standard input was not sharded before it was read: its documents are, by line
        // (each shard reading the same stream takes its own share), and a whole input
        // falls in one shard.
        Identity::Document { line } if origin.input == "<stdin>" => {
            batch::in_shard(&format!("<stdin>:{line}"), shard)
        }
        Identity::Stdin => batch::in_shard("<stdin>", shard),
        Identity::File { .. } | Identity::Document { .. } => true,
    }
}

/// What every unit goes through.
struct Conversion<'a> {
    loaded: &'a Loaded,
    options: &'a ReadOptions,
    args: &'a ConvertArgs,
}

/// What a run gathered for its report.
struct RunResults {
    tally: Tally,
    timings: Slowest,
    /// Writing the output failed (a closed pipe, a full disk): the run stopped there, and
    /// is an error once the report says how far it got.
    stopped: Option<io::Error>,
}

/// The articles of a unit with their findings; run on the worker threads.
fn read_and_check(
    work: Work,
    identity: &Identity,
    context: &Conversion,
) -> Result<Vec<(Parsed, Vec<Finding>)>, ReadError> {
    let articles = read_unit(work, identity, context.options, &context.args.input)?;
    Ok(articles
        .into_iter()
        .map(|parsed| {
            let settings = context
                .loaded
                .settings_for(parsed.article.source.path.as_deref());
            let findings = rules::check(&parsed, &settings);
            (parsed, findings)
        })
        .collect())
}

/// The articles of a unit with their findings, a document at a time.
fn documents_checked<'a>(
    mut input: arsip::read::Input,
    identity: &Identity,
    context: &'a Conversion,
) -> Result<impl Iterator<Item = Result<(Parsed, Vec<Finding>), ReadError>> + 'a, ReadError> {
    let options = context.options;
    if input.charset.is_none() {
        input.charset = context.args.input.encoding.clone();
    }
    input.base_url = context.args.input.base_url.clone();
    let documents = match identity {
        Identity::Page { .. } => {
            let parsed = super::read_page(&input, options)?;
            Box::new(parsed.into_iter().map(Ok)) as Box<dyn Iterator<Item = _>>
        }
        _ => arsip::read::read_documents(input, options)?,
    };
    Ok(documents.map(move |parsed| {
        parsed.map(|parsed| {
            let settings = context
                .loaded
                .settings_for(parsed.article.source.path.as_deref());
            let findings = rules::check(&parsed, &settings);
            (parsed, findings)
        })
    }))
}

/// Findings counted for the report.
#[derive(Default)]
struct Counts {
    by_severity: [usize; 3],
    by_rule: BTreeMap<String, usize>,
    ids: Vec<String>,
    /// The least certain article's confidence so far.
    confidence: Option<Confidence>,
}

impl Counts {
    fn add(&mut self, parsed: &Parsed, findings: &[Finding]) {
        for finding in findings {
            self.by_severity[match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
            *self.by_rule.entry(finding.code.to_string()).or_default() += 1;
        }
        self.ids.push(parsed.article.id.clone());
        let this = Confidence::least_of(parsed.article.extraction.as_ref());
        // The input is as doubtful as its least certain article (the first of equals).
        if this.as_ref().is_some_and(|t| {
            self.confidence
                .as_ref()
                .is_none_or(|kept| t.score < kept.score)
        }) {
            self.confidence = this;
        }
    }

    fn converted(self, output: Option<String>) -> Outcome {
        Outcome::Converted {
            output,
            ids: self.ids,
            errors: self.by_severity[0],
            warnings: self.by_severity[1],
            infos: self.by_severity[2],
            rules: self.by_rule,
            confidence: self.confidence,
        }
    }
}

/// Every article to one stream, in input order; a unit that cannot be read is reported
/// and passed over, while an error writing the output stops the run.
fn convert_to_stream(
    units: arsip::source::Units,
    context: &Conversion,
    target: Option<&Target>,
) -> anyhow::Result<RunResults> {
    let Some(Target::Path(path)) = target else {
        let mut out = arsip::output::stdout().context("cannot write output")?;
        let streamed = stream_into(units, context, &mut out);
        return Ok(streamed.results());
    };
    // Straight into the temporary file beside the output, renamed into place once the
    // stream is whole: memory does not grow with the output. Nothing converted means
    // nothing to write: no empty or partial file appears.
    let mut streamed = None;
    let written = arsip::output::write_with(path, true, |out| {
        let run = stream_into(units, context, out);
        let outcome = match &run.write_error {
            Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
            None if run.converted == 0 => Err(io::Error::other(NOTHING_TO_WRITE)),
            None => Ok(()),
        };
        streamed = Some(run);
        outcome
    });
    match (written, streamed) {
        (Ok(()), Some(run)) => Ok(run.results()),
        // The stream failed: the run stopped there, as on standard output.
        (Err(_), Some(run)) if run.write_error.is_some() || run.converted == 0 => Ok(run.results()),
        (Err(e), _) => Err(e).with_context(|| format!("{}: cannot write output", path.display())),
        (Ok(()), None) => unreachable!("write_with calls its writer or fails"),
    }
}

/// Why a stream to a file is discarded when no input converted.
const NOTHING_TO_WRITE: &str = "no article converted";

/// What streaming the inputs into one output did.
struct Streamed {
    tally: Tally,
    timings: Slowest,
    converted: usize,
    write_error: Option<io::Error>,
}

impl Streamed {
    fn results(self) -> RunResults {
        RunResults {
            tally: self.tally,
            timings: self.timings,
            stopped: self.write_error,
        }
    }
}

/// Converts `units` in order into one stream of articles on `out`.
fn stream_into(units: arsip::source::Units, context: &Conversion, out: &mut dyn Write) -> Streamed {
    let args = context.args;
    let quiet = args.quiet;
    // A stream keeps no line per input unless a report asks for them (a Hadoop split of
    // millions of records must not grow with them).
    let mut results = Tally::new(args.report.is_some(), args.report.is_some());
    let mut timings = Slowest::new(5);
    // The layout is known once the first unit is read: several inputs, or one input that
    // holds several articles (JSON Lines, a YAML stream, a newsMessage, an archive), make
    // the output a stream.
    let mut writer: Option<Box<dyn ArticleWriter>> = None;
    let mut write_error = None;
    let mut out = BufWriter::new(out);
    let shard = args.shard;
    let items = units
        .filter(move |unit| unit_in_shard(&unit.identity, &unit.origin, shard))
        .map(|unit| (unit.origin, (unit.identity, unit.work)));
    let mut converted = 0usize;
    // Inputs after a failed write (a closed pipe, a full disk) are each reported as not
    // written: the report accounts for every input, in order.
    let untaken = std::cell::RefCell::new(Vec::new());
    batch::run_ordered_accounting(
        items,
        args.inputs.jobs(),
        |(identity, work)| {
            let started = Instant::now();
            let read = read_and_check(work, &identity, context);
            (identity, read, started.elapsed())
        },
        |origin, result| {
            let (identity, read, took) = match result {
                Ok(done) => done,
                Err(reason) => {
                    return record_failure(&mut results, origin, reason);
                }
            };
            timings.push(took, &origin);
            let articles = match read {
                Ok(articles) => articles,
                Err(err) => return record_failure(&mut results, origin, err.to_string()),
            };
            let writer = writer.get_or_insert_with(|| {
                let layout = Layout {
                    // Archive pages and documents of a stream are a stream even when one
                    // comes first: a line per article, for a pipe to split.
                    stream: context.several_inputs()
                        || articles.len() > 1
                        || matches!(identity, Identity::Page { .. } | Identity::Document { .. }),
                    compact: args.compact,
                };
                writer_for(args.to, layout, &args.write_options())
            });
            let name = origin.to_string();
            let mut counts = Counts::default();
            for (parsed, findings) in &articles {
                if !quiet {
                    for note in &parsed.notes {
                        say!("{}", super::failure_line(&name, note));
                    }
                    for finding in findings {
                        say!("{}", headline(finding, &name));
                    }
                }
                counts.add(parsed, findings);
                if let Err(e) = writer.write_article(&parsed.article, &mut out) {
                    let reason = format!("not written: the output failed ({e})");
                    write_error = Some(e);
                    results.add(InputOutcome {
                        origin,
                        outcome: Outcome::Failed { reason },
                    });
                    return false;
                }
                converted += 1;
            }
            results.add(InputOutcome {
                origin,
                outcome: counts.converted(None),
            });
            true
        },
        Some(|origin| untaken.borrow_mut().push(origin)),
    );
    for origin in untaken.into_inner() {
        results.add(InputOutcome {
            origin,
            outcome: Outcome::Failed {
                reason: "not written: the output had already failed".to_string(),
            },
        });
    }
    if write_error.is_none() {
        let finished = match writer.as_mut() {
            Some(writer) => writer.finish(&mut out),
            None => Ok(()),
        };
        write_error = finished.and_then(|()| out.flush()).err();
    }
    drop(out);
    Streamed {
        tally: results,
        timings,
        converted,
        write_error,
    }
}

fn record_failure(results: &mut Tally, origin: Origin, reason: String) -> bool {
    say!("{}", super::failure_line(&origin, &reason));
    results.add(InputOutcome {
        origin,
        outcome: Outcome::Failed { reason },
    });
    true
}

impl Conversion<'_> {
    /// Whether the command line named several inputs (or folders, lists, globs).
    fn several_inputs(&self) -> bool {
        let paths = &self.args.inputs.paths;
        paths.len() > 1
            || paths.iter().any(|p| {
                p.is_dir()
                    || p.to_string_lossy().starts_with('@')
                    || !p.exists() && p.to_string_lossy().contains(['*', '?', '['])
            })
    }
}

/// One file per unit into the out-dir, in parallel; a rerun resumes.
fn convert_to_dir(
    units: arsip::source::Units,
    mut naming: Naming,
    out_dir: &Path,
    context: &Conversion,
    files: usize,
) -> RunResults {
    let args = context.args;
    let out = OutDir {
        dir: out_dir.to_path_buf(),
        journal: Journal::open(out_dir),
    };
    let progress = progress_bar(args, files);
    let mut failures = 0usize;
    let mut results = Tally::new(args.report.is_some(), true);
    let mut timings = Slowest::new(5);
    let shard = args.shard;
    let items = units.filter_map(move |unit| {
        let name = naming.name(&unit.identity);
        // Pages are sharded here, after naming, so that every shard names them alike.
        unit_in_shard(&unit.identity, &unit.origin, shard)
            .then_some((unit.origin, (unit.identity, unit.work, name)))
    });
    batch::run_ordered(
        items,
        args.inputs.jobs(),
        |(identity, work, name)| {
            let started = Instant::now();
            let outcome = convert_one(work, &identity, &name, &out, context);
            (outcome, started.elapsed())
        },
        |origin, result| {
            let (outcome, took) =
                result.unwrap_or_else(|reason| (Outcome::Failed { reason }, Duration::ZERO));
            if let Outcome::Failed { reason } = &outcome {
                failures += 1;
                say(progress.as_ref(), super::failure_line(&origin, reason));
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
            results.add(InputOutcome { origin, outcome });
            true
        },
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    RunResults {
        tally: results,
        timings,
        stopped: None,
    }
}

/// Converts one unit into its output file.
fn convert_one(
    work: Work,
    identity: &Identity,
    name: &Path,
    out: &OutDir,
    context: &Conversion,
) -> Outcome {
    let args = context.args;
    let mut input = match work.load(args.input.max_size) {
        Ok(input) => input,
        Err(err) => {
            return Outcome::Failed {
                reason: err.to_string(),
            }
        }
    };
    let hash = arsip::source::sha256_hex(&input.bytes);
    // Hashed once: the readers take `source.sha256` from here.
    input.sha256 = Some(hash.clone());
    let source = journal_input(identity);
    let name = match out.claim(name, &hash, source.as_deref(), args.force) {
        Claim::Write(name) => name,
        Claim::Done(name) => {
            return Outcome::Skipped {
                output: out.dir.join(name).display().to_string(),
            }
        }
        Claim::Taken(reason) => return Outcome::Failed { reason },
    };
    let output = out.dir.join(&name);
    let output = output.as_path();
    let shown = output.display().to_string();
    // Inside an out-dir arsip owns the names: a link there (to an input, to another
    // folder) is never written through.
    if let Some(link) = link_inside(&out.dir, &name) {
        return Outcome::Failed {
            reason: format!(
                "{}: is a symbolic link; arsip does not write through links inside an out-dir",
                link.display()
            ),
        };
    }
    // An input inside the out-dir with the output's name is never overwritten.
    if let (Identity::File { path, .. }, Ok(target)) = (identity, output.canonicalize()) {
        if path.canonicalize().is_ok_and(|p| p == target) {
            return Outcome::Failed {
                reason: "the output would overwrite this input".to_string(),
            };
        }
    }
    // The input's articles are written as they are read, a document at a time where the
    // format splits: a file of a hundred thousand records costs one record's memory.
    let mut documents = match documents_checked(input, identity, context) {
        Ok(documents) => documents.peekable(),
        Err(err) => {
            return Outcome::Failed {
                reason: err.to_string(),
            }
        }
    };
    let first = match documents.next() {
        Some(Ok(first)) => first,
        Some(Err(err)) => {
            return Outcome::Failed {
                reason: err.to_string(),
            }
        }
        None => {
            return Outcome::Failed {
                reason: "holds no article".to_string(),
            }
        }
    };
    let mut counts = Counts::default();
    let mut failure = None;
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        let mut writer = writer_for(
            args.to,
            Layout {
                stream: documents.peek().is_some(),
                compact: args.compact,
            },
            &args.write_options(),
        );
        for document in std::iter::once(Ok(first)).chain(documents) {
            match document {
                Ok((parsed, findings)) => {
                    counts.add(&parsed, &findings);
                    writer.write_article(&parsed.article, out)?;
                }
                Err(err) => {
                    // Nothing of this input appears: the temporary file is dropped.
                    failure = Some(err.to_string());
                    return Err(std::io::Error::other("a document could not be read"));
                }
            }
        }
        writer.finish(out)
    };
    let written = output
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            // Said before the file appears, so that a run killed in between leaves no
            // output a rerun would not know; a file replaced (--force) is said after.
            let replacing = output.exists();
            if !replacing {
                out.journal.record(&name, &hash, source.as_deref())?;
            }
            arsip::output::write_batch_output(output, args.fsync, write)?;
            if replacing {
                out.journal.record(&name, &hash, source.as_deref())?;
            }
            Ok(())
        });
    if let Some(reason) = failure {
        return Outcome::Failed { reason };
    }
    match written {
        Ok(()) => counts.converted(Some(shown)),
        Err(e) => Outcome::Failed {
            reason: format!("{shown}: {}", arsip::read::describe_io_error(&e)),
        },
    }
}

/// An out-dir and what its journals say each output was made from.
struct OutDir {
    dir: std::path::PathBuf,
    journal: Journal,
}

/// What becomes of an output name.
enum Claim {
    /// Write the output under this name.
    Write(std::path::PathBuf),
    /// An earlier run made this output from these very bytes.
    Done(std::path::PathBuf),
    /// Both names are outputs of other inputs.
    Taken(String),
}

impl OutDir {
    /// The name to write under: the unit's own, unless an earlier run wrote an output of
    /// that name from other bytes (another file of one name, a later crawl of a site):
    /// then the name with a suffix from these bytes' hash, so nothing is lost or clobbered.
    ///
    /// An output the journal says was made from this same input, from other bytes, is
    /// this input's output gone stale (the file was edited since): it is replaced, so that
    /// one input never ends as two outputs.
    fn claim(&self, name: &Path, hash: &str, input: Option<&str>, force: bool) -> Claim {
        if force {
            return Claim::Write(name.to_path_buf());
        }
        let alternative = batch::naming::with_suffix(name, &hash[..8]);
        for candidate in [name.to_path_buf(), alternative] {
            let path = self.dir.join(&candidate);
            if std::fs::symlink_metadata(&path).is_err() {
                return Claim::Write(candidate);
            }
            match self.journal.recorded(&candidate) {
                Some(made) if made.hash == hash => return Claim::Done(candidate),
                Some(made) if input.is_some() && made.input.as_deref() == input => {
                    return Claim::Write(candidate)
                }
                // In an out-dir no journal speaks for (a Hugo `content/`, an earlier
                // arsip's), a file is taken for done only when it says it was made from
                // these bytes (JSON and YAML carry `source.sha256`); anything else there
                // is someone's file: the output goes beside it, never lost, never over it.
                None if self.journal.is_empty() && made_from(&path, hash) => {
                    return Claim::Done(candidate)
                }
                _ => continue,
            }
        }
        Claim::Taken(format!(
            "{} exists, made in an earlier run from other bytes; --force replaces it",
            self.dir.join(name).display()
        ))
    }
}

/// The input as the journal knows it: a file by its absolute path (the same file whatever
/// folder arsip runs from), an archive's page by the archive and the page's URL (or offset).
/// Standard input and stream documents have no lasting name.
fn journal_input(identity: &Identity) -> Option<String> {
    let absolute = |path: &Path| {
        path.canonicalize()
            .unwrap_or_else(|_| path.to_path_buf())
            .to_string_lossy()
            .into_owned()
    };
    match identity {
        Identity::File { path, .. } => Some(absolute(path)),
        Identity::Page {
            archive: Some(archive),
            url,
            offset,
        } => Some(match url {
            Some(url) => format!("{}#{url}", absolute(archive)),
            None => format!("{}@{offset}", absolute(archive)),
        }),
        Identity::Page { archive: None, .. } | Identity::Stdin | Identity::Document { .. } => None,
    }
}

/// Whether a regular file (not a link) names `hash` as the bytes it was made from, in its
/// first megabytes, where arsip's JSON and YAML put `source.sha256`.
fn made_from(path: &Path, hash: &str) -> bool {
    use std::io::Read as _;
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4 << 20).read_to_end(&mut head));
    read.is_ok() && memchr::memmem::find(&head, hash.as_bytes()).is_some()
}

/// The first link on the way from the out-dir to one of its outputs, if any.
fn link_inside(dir: &Path, name: &Path) -> Option<std::path::PathBuf> {
    let mut path = dir.to_path_buf();
    for part in name.components() {
        path.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(path);
        }
    }
    None
}

/// Where a path points, whether the file exists yet or not: its folder's real path and
/// its name.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Whether `path` lies inside `dir`, resolved as far as both exist.
fn within_lexically(dir: &Path, path: &Path) -> bool {
    within(dir, path).is_some() || path.starts_with(dir)
}

/// `path` relative to `dir` when it lies inside it.
fn within(dir: &Path, path: &Path) -> Option<std::path::PathBuf> {
    let dir = dir.canonicalize().ok()?;
    resolved(path)?
        .strip_prefix(&dir)
        .ok()
        .map(Path::to_path_buf)
}
