//! `arsip check`: read every input, run the rules, report findings in the chosen format.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use arsip::model::SourceFormat;
use arsip::read::{Input, InputFormat, ReadOptions};
use arsip::report::baseline::Baseline;
use arsip::report::{write_report, InputReport, ReportSpool, Style};
use arsip::rules::{self, sort_findings, Severity};
use arsip::source::units::Identity;

use super::{load_rules, locate_honouring, read_unit};
use crate::cli::{CheckArgs, ColorChoice};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    if args.diff && args.write_baseline.is_some() {
        // A diff writes nothing, and the baseline would not be of what --fix leaves.
        anyhow::bail!("--diff writes nothing: give --write-baseline without it (with --fix to record what fixing leaves)");
    }
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.inputs.from, &args.input, loaded.settings.min_year)?;
    let (located, listing_failures) = locate_honouring(&args.inputs, &[], !args.no_ignore, true)?;
    if let Some(path) = &args.write_baseline {
        let lists = super::list_files(&args.inputs);
        super::refuse_inputs(path, "--write-baseline", &located, &lists)?;
    }
    let units = super::units(located, options.format, args.input.max_size, true);
    // Past a few megabytes the reports wait in a file of the temporary folder: a failure
    // names the folder, which TMPDIR moves.
    let spool_failed = |err: io::Error| {
        anyhow::anyhow!(
            "cannot keep the reports in the temporary folder {} (set TMPDIR to a writable one): {err}",
            std::env::temp_dir().display()
        )
    };
    let mut reports = ReportSpool::new();
    // What the batch's rules learn from its articles.
    let mut house = rules::HouseStyles::default();
    for failure in &listing_failures {
        say!("{}", super::failure_line(&failure.path, &failure.reason));
        reports
            .push(InputReport {
                name: failure.path.clone(),
                failure: Some(failure.reason.clone()),
                ..InputReport::default()
            })
            .map_err(spool_failed)?;
    }
    // A report that could not be kept (the disk full) stops the run.
    let mut kept = Ok(());
    let items = units.map(|unit| (unit.origin, (unit.identity, unit.work)));
    // Each unit is read and checked on a worker, a panic there its own failure; the
    // reports come back in input order.
    arsip::batch::run_ordered(
        items,
        args.inputs.jobs(),
        |(identity, work)| {
            read_unit(work, &identity, &options, &args.input).map(|articles| {
                articles
                    .into_iter()
                    .map(|parsed| {
                        let settings = loaded.settings_for(parsed.article.source.path.as_deref());
                        let mut findings = rules::check(&parsed, &settings);
                        let format = parsed.article.source.format;
                        let suppressions = parsed.suppressions.clone();
                        rules::suppress::silence(&mut findings, &suppressions);
                        let source = &parsed.article.source;
                        let editable =
                            matches!(format, SourceFormat::Text | SourceFormat::Markdown)
                                && source.encoding.name == "utf-8"
                                && matches!(&identity, Identity::File { path, .. }
                                if path.extension().is_none_or(|e| e != "gz"));
                        let path = match &identity {
                            Identity::File { path, .. } => Some(path.clone()),
                            _ => None,
                        };
                        let mut report = InputReport {
                            findings,
                            format: Some(format),
                            suppressions,
                            editable,
                            path,
                            ..InputReport::default()
                        };
                        // The batch rule may point at the dateline's line later.
                        let dateline_line: Vec<usize> =
                            parsed.map.dateline.map(|p| p.line).into_iter().collect();
                        report.keep_lines(&parsed.text, &dateline_line);
                        report.house_style =
                            Some(rules::HouseStyle::of(&parsed.article, parsed.map.dateline));
                        (report, parsed.notes)
                    })
                    .collect::<Vec<_>>()
            })
        },
        |origin, result| {
            let name = origin.to_string();
            let failure = match result {
                Ok(Ok(articles)) => {
                    for (mut report, notes) in articles {
                        for note in &notes {
                            say!("{}", super::failure_line(&name, note));
                        }
                        report.name = name.clone();
                        if let Some(style) = &report.house_style {
                            house.learn(style);
                        }
                        if !keep(&mut reports, report, &mut kept) {
                            return false;
                        }
                    }
                    return true;
                }
                Ok(Err(err)) => err.to_string(),
                Err(reason) => reason,
            };
            say!("{}", super::failure_line(&name, &failure));
            let report = InputReport {
                name,
                failure: Some(failure),
                ..InputReport::default()
            };
            keep(&mut reports, report, &mut kept)
        },
    );
    kept.map_err(spool_failed)?;
    let baseline = match &args.baseline {
        Some(path) => {
            // Read within the size limit: `--baseline /dev/zero` is refused, not read forever.
            let bytes = arsip::source::open::read_small_file(path, args.input.max_size)
                .with_context(|| format!("--baseline {}", path.display()))?;
            let baseline = Baseline::parse(&bytes)
                .with_context(|| format!("--baseline {}", path.display()))?;
            Some((baseline, folder_of(path)))
        }
        None => None,
    };
    // The entries of `--baseline` that findings matched: still there, so a baseline
    // written in the same run keeps them.
    let mut known_entries = Vec::new();
    let mut matcher = baseline.as_ref().map(|(b, folder)| b.matcher(folder));
    reports
        .update(|index, report| {
            if let Some(style) = &report.house_style {
                if house.apply(style, &report.name, &mut report.findings, &loaded.settings) {
                    rules::suppress::silence(&mut report.findings, &report.suppressions);
                }
            }
            sort_findings(&mut report.findings);
            if let Some(matcher) = &mut matcher {
                known_entries.extend(matcher.take(report).into_iter().map(|f| (index, f)));
            }
        })
        .map_err(spool_failed)?;
    drop(matcher);
    if !known_entries.is_empty() {
        say!(
            "{} finding(s) are in the baseline and not reported",
            known_entries.len()
        );
    }
    // A fixed text is checked again as the run checked it: same reader, rules, comments
    // and baseline.
    let recheck = |name: &str, format: SourceFormat, text: &str| {
        let from = match format {
            SourceFormat::Markdown => InputFormat::Markdown,
            _ => InputFormat::Text,
        };
        let input = Input::from_bytes(text.as_bytes().to_vec(), Some(name));
        let read = ReadOptions {
            format: from,
            ..options.clone()
        };
        let mut report = InputReport {
            name: name.to_string(),
            format: Some(format),
            // Only the files fixes were made to are checked again.
            editable: true,
            ..InputReport::default()
        };
        for parsed in arsip::read::read_all(&input, &read).unwrap_or_default() {
            let settings = loaded.settings_for(parsed.article.source.path.as_deref());
            let mut findings = rules::check(&parsed, &settings);
            rules::suppress::silence(&mut findings, &parsed.suppressions);
            report.findings.extend(findings);
        }
        report.keep_lines(text, &[]);
        if let Some((baseline, folder)) = &baseline {
            baseline.filter(std::slice::from_mut(&mut report), folder);
        }
        report
    };
    let unsafe_fixes = args.unsafe_fixes;
    if args.diff {
        let (edits, _) = fix_files(&reports, unsafe_fixes, &args.inputs.paths, &recheck)
            .map_err(spool_failed)?;
        let mut out = BufWriter::new(
            arsip::output::stdout().context("cannot write the diff to standard output")?,
        );
        for edit in &edits {
            // Lines as `patch` and `git apply` count them, ended by `\n` only (a file of
            // lone `\r` is one line to them), and the first with its byte order mark,
            // which the file keeps.
            let bom = if edit.bom { "\u{feff}" } else { "" };
            let (before, after) = (
                format!("{bom}{}", edit.before),
                format!("{bom}{}", edit.after),
            );
            let (old, new) = (diff_lines(&before), diff_lines(&after));
            let old: Vec<&str> = old.iter().map(String::as_str).collect();
            let new: Vec<&str> = new.iter().map(String::as_str).collect();
            let diff = similar::TextDiff::configure()
                .newline_terminated(true)
                .diff_slices(&old, &new);
            write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(1)
                    .header(&diff_name("a", &edit.name), &diff_name("b", &edit.name))
            )
            .context("cannot write the diff to standard output")?;
        }
        out.flush()
            .context("cannot write the diff to standard output")?;
        let fixes: usize = edits.iter().map(|e| e.applied).sum();
        say!(
            "{fixes} fix(es) in {} file(s) would be applied",
            edits.len()
        );
        return Ok(ExitCode::from(u8::from(
            !edits.is_empty() && !args.exit_zero,
        )));
    }
    // A file that cannot be written back (read-only, say) keeps its findings, is named,
    // and makes the run exit 2; the other files are still fixed.
    let mut unwritten = false;
    if args.fix || unsafe_fixes {
        let (edits, read_only) = fix_files(&reports, unsafe_fixes, &args.inputs.paths, &recheck)
            .map_err(spool_failed)?;
        unwritten |= read_only;
        let (mut fixes, mut files) = (0, 0);
        let mut fixed = std::collections::BTreeMap::new();
        for edit in edits {
            let mut bytes = Vec::with_capacity(edit.after.len() + 3);
            if edit.bom {
                bytes.extend_from_slice(b"\xef\xbb\xbf");
            }
            bytes.extend_from_slice(edit.after.as_bytes());
            if let Err(err) = arsip::output::write_file(&edit.path, &bytes, false) {
                say!(
                    "{}",
                    super::failure_line(&edit.name, &format!("not fixed: {err}"))
                );
                unwritten = true;
                continue;
            }
            fixes += edit.applied;
            files += 1;
            fixed.insert(edit.report, (edit.findings, edit.lines));
        }
        reports
            .update(|index, report| {
                if let Some((findings, lines)) = fixed.remove(&index) {
                    report.findings = findings;
                    report.lines = lines;
                }
            })
            .map_err(spool_failed)?;
        say!("fixed {fixes} finding(s) in {files} file(s)");
    }
    // Written once the fixes are made: what they fixed is not left to hide its return.
    if let Some(path) = &args.write_baseline {
        let baseline =
            Baseline::of(&reports, &known_entries, folder_of(path)).map_err(spool_failed)?;
        arsip::output::write_file(path, baseline.to_json().as_bytes(), false)
            .with_context(|| format!("--write-baseline {}", path.display()))?;
        say!(
            "wrote {} finding(s) to the baseline {}",
            baseline.findings.len(),
            path.display()
        );
    }

    let fail_on: Severity = args.fail_on;
    let style = Style {
        color: use_color(args.color),
        fail_on: Some(fail_on),
    };
    let mut out = BufWriter::new(
        arsip::output::stdout().context("cannot write the report to standard output")?,
    );
    let summary = write_report(args.format, &reports, style, &mut out)
        .and_then(|summary| out.flush().map(|()| summary))
        .context("cannot write the report to standard output")?;

    let failed = unwritten || summary.failed > 0;
    let failing = summary.at_or_above(fail_on) > 0;
    Ok(if failed {
        ExitCode::from(2)
    } else if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Adds `report` to `reports`; false, with the error in `kept`, when it could not be
/// kept: the run then stops.
fn keep(reports: &mut ReportSpool, report: InputReport, kept: &mut io::Result<()>) -> bool {
    match reports.push(report) {
        Ok(()) => true,
        Err(err) => {
            *kept = Err(err);
            false
        }
    }
}

/// A file's name in a diff header: a tab ends a name holding a space, as `patch` reads a
/// header's name up to a tab (`--- a/Berita Baru.md\t`).
fn diff_name(side: &str, name: &str) -> String {
    if name.contains(char::is_whitespace) {
        format!("{side}/{name}\t")
    } else {
        format!("{side}/{name}")
    }
}

/// A text's lines for a unified diff, each ended by `\n`; a last line without one carries
/// the marker `patch` expects after it.
fn diff_lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n')
        .map(|line| {
            if line.ends_with('\n') {
                line.to_string()
            } else {
                format!("{line}\n\\ No newline at end of file\n")
            }
        })
        .collect()
}

/// The folder a baseline file is in, against which its paths are relative.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A file that fixes change: its text before and after, and the findings of its report
/// once fixed.
struct Edit {
    /// The index of its report.
    report: usize,
    name: String,
    /// The file written.
    path: PathBuf,
    before: String,
    after: String,
    bom: bool,
    applied: usize,
    findings: Vec<arsip::rules::Finding>,
    lines: std::collections::BTreeMap<usize, String>,
}

/// The edits the fixes of `reports` make to their files (text and Markdown files only,
/// UTF-8 and read as they are on disk), fixed until a second run would change nothing.
/// A fixed file's findings of rules with fixes are those of its fixed text; the others
/// (and what the whole batch added) stand as found.
fn fix_files(
    reports: &ReportSpool,
    unsafe_fixes: bool,
    named: &[PathBuf],
    recheck: &dyn Fn(&str, SourceFormat, &str) -> InputReport,
) -> io::Result<(Vec<Edit>, bool)> {
    use arsip::rules::fix::{self, Safety};
    let allowed = |f: &fix::Fix| f.safety == Safety::Safe || unsafe_fixes;
    let mut read_only = false;
    let mut edits = Vec::new();
    reports.for_each(|index, report| {
        let Some(format @ (SourceFormat::Text | SourceFormat::Markdown)) = report.format else {
            return Ok(());
        };
        let first: Vec<fix::Fix> = report
            .fixes()
            .into_iter()
            .flatten()
            .filter(allowed)
            .collect();
        if first.is_empty() {
            return Ok(());
        }
        let path = report.path.as_deref().unwrap_or(Path::new(&report.name));
        if let Some(reason) = not_to_edit(path, named) {
            // A read-only file fails the run, as a shell's `>` would; the others are
            // left alone by design.
            read_only |= matches!(reason, Refusal::ReadOnly);
            say!(
                "{}",
                super::failure_line(&report.name, &format!("not fixed: {reason}"))
            );
            return Ok(());
        }
        let Some(before) = on_disk_as_read(path, report) else {
            let reason = if path.is_file() && !report.name.ends_with(".gz") {
                "not fixed: the file is not UTF-8, or changed since it was read"
            } else {
                "not fixed: not a file arsip edits (standard input, a compressed file, an archive's record)"
            };
            say!("{}", super::failure_line(&report.name, reason));
            return Ok(());
        };
        let (text, bom) = match before.strip_prefix('\u{feff}') {
            Some(text) => (text.to_string(), true),
            None => (before, false),
        };
        let settled = fix::settle(&text, &first, |fixed| {
            let again = recheck(&report.name, format, fixed);
            again
                .fixes()
                .into_iter()
                .flatten()
                .filter(allowed)
                .collect()
        });
        if settled.applied == 0 || settled.text == text {
            return Ok(());
        }
        if settled.left > 0 {
            say!(
                "{}",
                super::failure_line(
                    &report.name,
                    &format!(
                        "fixes did not settle after {} rounds; {} fix(es) not applied",
                        fix::MAX_FIX_ROUNDS,
                        settled.left
                    )
                )
            );
        }
        let again = recheck(&report.name, format, &settled.text);
        let mut fixed = InputReport {
            findings: report
                .findings
                .iter()
                .filter(|f| fix::safety_of(&f.code).is_none())
                .cloned()
                .chain(
                    again
                        .findings
                        .into_iter()
                        .filter(|f| fix::safety_of(&f.code).is_some()),
                )
                .collect(),
            ..InputReport::default()
        };
        sort_findings(&mut fixed.findings);
        fixed.keep_lines(&settled.text, &[]);
        edits.push(Edit {
            report: index,
            name: report.name.clone(),
            path: path.to_path_buf(),
            before: text,
            after: settled.text,
            bom,
            applied: settled.applied,
            findings: fixed.findings,
            lines: fixed.lines,
        });
        Ok(())
    })?;
    Ok((edits, read_only))
}

/// The file's text when it is a regular UTF-8 file whose lines are those the report
/// kept: the bytes the findings point into, not a gzip file or an archive's record.
/// Why `--fix` leaves a file alone.
enum Refusal {
    /// An HTML source by its name, whatever its bytes read as: HTML is never edited.
    Html,
    /// Marked read-only, even for a user the mode does not stop (root, in CI containers).
    ReadOnly,
    /// A symbolic link, found in a folder, to a file outside the folders named.
    LinkOut(PathBuf),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Html => write!(f, "an HTML file by its name; HTML sources are never edited"),
            Refusal::ReadOnly => write!(f, "is read-only"),
            Refusal::LinkOut(real) => write!(
                f,
                "a symbolic link to {}, outside the folders checked",
                real.display()
            ),
        }
    }
}

/// Whether `--fix` may edit `path`; `named` are the command line's inputs.
fn not_to_edit(path: &Path, named: &[PathBuf]) -> Option<Refusal> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(
        extension.as_deref(),
        Some("html" | "htm" | "xhtml" | "shtml")
    ) {
        return Some(Refusal::Html);
    }
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Some(Refusal::ReadOnly);
    }
    let real = std::fs::canonicalize(path).ok()?;
    let absolute = std::path::absolute(path).ok()?;
    if real == absolute || named.iter().any(|n| super::same_file(n, path)) {
        return None;
    }
    let inside = named.iter().any(|n| {
        n.is_dir() && std::fs::canonicalize(n).is_ok_and(|folder| real.starts_with(folder))
    });
    (!inside).then_some(Refusal::LinkOut(real))
}

fn on_disk_as_read(path: &Path, report: &InputReport) -> Option<String> {
    if !path.is_file() || report.name.ends_with(".gz") {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut probe = InputReport {
        findings: report.findings.clone(),
        ..InputReport::default()
    };
    probe.keep_lines(body, &[]);
    let same = probe
        .lines
        .iter()
        .all(|(n, line)| report.lines.get(n) == Some(line));
    same.then_some(text)
}

/// Colour only for a terminal, never when NO_COLOR is set (https://no-color.org).
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}
