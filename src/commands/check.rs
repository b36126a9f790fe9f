//! `arsip check`: read every input, run the rules, report findings in the chosen format.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use arsip::report::{write_report, InputReport, Style};
use arsip::rules::{self, sort_findings, Severity};

use super::{load_rules, locate, read_unit};
use crate::cli::{CheckArgs, ColorChoice};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_rules(&args.rules)?;
    let options = super::read_options(args.inputs.from, &args.input)?;
    let (located, listing_failures) = locate(&args.inputs, &[])?;
    let units = super::units(located, options.format, args.input.max_size, true);
    let mut reports = Vec::new();
    // Per input with a dateline: report index, position, separator.
    let mut datelines = Vec::new();
    // Per article: what house-style rules learn from the batch.
    let mut styles = std::collections::BTreeMap::new();
    for failure in &listing_failures {
        eprintln!("{}", super::failure_line(&failure.path, &failure.reason));
        reports.push(InputReport {
            name: failure.path.clone(),
            failure: Some(failure.reason.clone()),
            ..InputReport::default()
        });
    }
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
                        let findings = rules::check(&parsed, &settings);
                        let mut report = InputReport {
                            findings,
                            ..InputReport::default()
                        };
                        // The batch rule may point at the dateline's line later.
                        let dateline_line: Vec<usize> =
                            parsed.map.dateline.map(|p| p.line).into_iter().collect();
                        report.keep_lines(&parsed.text, &dateline_line);
                        let dateline = parsed
                            .article
                            .dateline
                            .as_ref()
                            .map(|d| (parsed.map.dateline, d.separator.clone()));
                        let style = rules::HouseStyle::of(&parsed.article);
                        (report, parsed.notes, dateline, style)
                    })
                    .collect::<Vec<_>>()
            })
        },
        |origin, result| {
            let name = origin.to_string();
            let failure = match result {
                Ok(Ok(articles)) => {
                    for (mut report, notes, dateline, style) in articles {
                        for note in &notes {
                            eprintln!("{}", super::failure_line(&name, note));
                        }
                        report.name = name.clone();
                        if let Some((position, separator)) = dateline {
                            datelines.push((reports.len(), position, separator));
                        }
                        styles.insert(reports.len(), style);
                        reports.push(report);
                    }
                    return true;
                }
                Ok(Err(err)) => err.to_string(),
                Err(reason) => reason,
            };
            eprintln!("{}", super::failure_line(&name, &failure));
            reports.push(InputReport {
                name,
                failure: Some(failure),
                ..InputReport::default()
            });
            true
        },
    );
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
    let mut articles: Vec<_> = reports
        .iter_mut()
        .enumerate()
        .filter_map(|(i, r)| styles.get(&i).map(|s| (s, &mut r.findings)))
        .collect();
    rules::apply_house_style(&mut articles, &loaded.settings);
    for report in &mut reports {
        sort_findings(&mut report.findings);
    }

    let fail_on: Severity = args.fail_on;
    let style = Style {
        color: use_color(args.color),
        fail_on: Some(fail_on),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    write_report(args.format, &reports, style, &mut out)?;
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
