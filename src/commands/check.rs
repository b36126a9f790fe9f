//! `arsip check`: read every input, run the rules, report findings in the chosen format.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use arsip::batch::Units;
use arsip::report::{write_report, InputReport, Style};
use arsip::rules::{self, sort_findings, Severity};

use super::{load_rules, read_unit, unit_sources};
use crate::cli::{CheckArgs, ColorChoice};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.from.into(), &args.input)?;
    let mut reports = Vec::new();
    // Per input with a dateline: report index, position, separator, and its line's text.
    let mut datelines = Vec::new();
    for unit in Units::new(
        unit_sources(&args.inputs),
        options.format,
        args.input.max_size,
    ) {
        let name = unit.origin.to_string();
        let parsed = read_unit(unit.work, &options, &args.input);
        match parsed {
            Ok(articles) => {
                for parsed in articles {
                    // One bad record of a stream is one failure; the others are checked.
                    let parsed = match parsed {
                        Ok(parsed) => parsed,
                        Err(err) => {
                            eprintln!("arsip: {name}: {err}");
                            reports.push(InputReport {
                                name: name.clone(),
                                failure: Some(err.to_string()),
                                ..InputReport::default()
                            });
                            continue;
                        }
                    };
                    for note in &parsed.notes {
                        eprintln!("arsip: {name}: {note}");
                    }
                    let path = parsed.article.source.path.clone();
                    let settings = loaded.settings_for(path.as_deref());
                    let mut report = InputReport {
                        name: name.clone(),
                        findings: rules::check(&parsed, &settings),
                        ..InputReport::default()
                    };
                    if let Some(dateline) = &parsed.article.dateline {
                        datelines.push((
                            reports.len(),
                            parsed.map.dateline,
                            dateline.separator.clone(),
                        ));
                    }
                    // The batch rule may point at the dateline's line later.
                    let dateline_line: Vec<usize> =
                        parsed.map.dateline.map(|p| p.line).into_iter().collect();
                    report.keep_lines(&parsed.text, &dateline_line);
                    reports.push(report);
                }
            }
            Err(err) => {
                eprintln!("arsip: {name}: {err}");
                reports.push(InputReport {
                    name,
                    failure: Some(err.to_string()),
                    ..InputReport::default()
                });
            }
        }
    }
    let batch: Vec<_> = datelines
        .iter()
        .map(|(i, position, separator)| {
            (Some(reports[*i].name.clone()), *position, separator.clone())
        })
        .collect();
    for finding in rules::check_batch(&batch, &loaded.settings) {
        if let Some((i, ..)) = datelines
            .iter()
            .find(|(i, ..)| Some(&reports[*i].name) == finding.path.as_ref())
        {
            reports[*i].findings.push(finding);
        }
    }
    for report in &mut reports {
        sort_findings(&mut report.findings);
    }

    let fail_on: Severity = args.fail_on.into();
    let style = Style {
        color: use_color(args.color),
        fail_on: Some(fail_on),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    write_report(args.format.into(), &reports, style, &mut out)?;
    out.flush()?;

    let failed = reports.iter().any(|r| r.failure.is_some());
    let failing = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= fail_on);
    Ok(if failed {
        ExitCode::from(2)
    } else if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
