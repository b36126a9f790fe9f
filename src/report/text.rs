//! Human-readable findings: the headline, the source line with a caret, the suggestion,
//! and a summary line.

use std::collections::BTreeMap;
use std::io;

use super::{headline, InputReport, ReportSpool, Style, Summary};
use crate::analyze::text::Columns;
use crate::rules::{Finding, Severity};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;34m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

pub fn write(
    reports: &ReportSpool,
    summary: &Summary,
    style: Style,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    reports.for_each(|_, report| {
        let columns = report.columns();
        for finding in &report.findings {
            write_finding(finding, report, &columns, style, out)?;
        }
        Ok(())
    })?;
    writeln!(out, "{}", summary_line(summary))
}

fn write_finding(
    finding: &Finding,
    report: &InputReport,
    columns: &BTreeMap<usize, Columns>,
    style: Style,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let paint = |code: &'static str, text: &str| {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let first = headline(finding, &report.name);
    if style.color {
        // Colour the severity and code only; the rest stays plain for copy and paste.
        let tag = format!("{}[{}]", finding.severity, finding.code);
        let painted = format!(
            "{}{BOLD}[{}]{RESET}",
            paint(severity_color(finding.severity), finding.severity.as_str()),
            finding.code
        );
        writeln!(out, "{}", first.replacen(&tag, &painted, 1))?;
    } else {
        writeln!(out, "{first}")?;
    }
    let gutter_width = finding.line.map_or(1, |l| l.to_string().len());
    let bar = paint(BLUE, &format!("{:width$} |", "", width = gutter_width));
    if let (Some(line), Some(column)) = (finding.line, finding.column) {
        if let Some(source) = columns.get(&line) {
            let number = paint(BLUE, &format!("{line:>gutter_width$} |"));
            let (shown, column) = window(source, column);
            // Underline the word the finding points at.
            let word = shown
                .chars()
                .skip(column.saturating_sub(1))
                .take_while(|c| !c.is_whitespace())
                .count()
                .clamp(1, 40);
            let pad = " ".repeat(column.saturating_sub(1));
            let caret = paint(severity_color(finding.severity), &"^".repeat(word));
            writeln!(out, "{bar}")?;
            writeln!(out, "{number} {shown}")?;
            writeln!(out, "{bar} {pad}{caret}")?;
        }
    }
    if let Some(suggestion) = &finding.suggestion {
        let suggestion = super::printable(suggestion);
        writeln!(
            out,
            "{} help: {suggestion}",
            paint(BLUE, &format!("{:width$} =", "", width = gutter_width))
        )?;
    }
    writeln!(out)
}

/// Scraped paragraphs are single lines of hundreds of characters: show the part around
/// the column, with `…` where text is cut, and the column within what is shown. Only the
/// part shown is made printable (one character for one, so columns hold).
fn window(line: &Columns, column: usize) -> (String, usize) {
    const BEFORE: usize = 50;
    const WIDTH: usize = 110;
    let printable = |text: &str| super::printable(&text.replace('\t', " ")).into_owned();
    let count = line.len_chars();
    if count <= WIDTH {
        return (printable(line.source()), column);
    }
    let at = column.saturating_sub(1).min(count);
    let start = at.saturating_sub(BEFORE);
    let end = (start + WIDTH).min(count);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.push_str(&printable(line.slice_chars(start, end)));
    if end < count {
        shown.push('…');
    }
    (shown, at - start + 1 + usize::from(start > 0))
}

/// `Found 7 findings (2 errors, 4 warnings, 1 info) in 1 of 3 inputs.`
pub fn summary_line(summary: &Summary) -> String {
    let mut line = if summary.findings() == 0 {
        format!(
            "No findings in {} input(s).",
            summary.inputs - summary.failed
        )
    } else {
        format!(
            "Found {} finding(s) ({} error(s), {} warning(s), {} info) in {} of {} input(s).",
            summary.findings(),
            summary.errors,
            summary.warnings,
            summary.infos,
            summary.with_findings,
            summary.inputs - summary.failed
        )
    };
    if summary.failed > 0 {
        line.push_str(&format!(" {} input(s) could not be read.", summary.failed));
    }
    line
}
