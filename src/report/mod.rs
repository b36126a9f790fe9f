//! Check reports: one formatter per output format, all fed the same per-input results.

pub mod baseline;
pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod spool;
pub mod text;

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::rules::{Finding, Severity};
pub use spool::ReportSpool;

/// The outcome of checking one input.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct InputReport {
    /// The input as named to the user: its path, or `<stdin>`.
    pub name: String,
    pub findings: Vec<Finding>,
    /// The source lines findings point at, for snippets.
    pub lines: BTreeMap<usize, String>,
    /// Why the input could not be read, if it could not.
    pub failure: Option<String>,
    /// The format the input was read as, when it was read.
    pub format: Option<crate::model::SourceFormat>,
    /// The input's suppression comments, for findings a whole batch adds later.
    pub suppressions: Vec<crate::rules::suppress::Directive>,
    /// The file's own path when the input is a whole file: what `--fix` edits and SARIF
    /// names. `name` is for people (control characters in it escaped).
    #[serde(with = "path_bytes")]
    pub path: Option<std::path::PathBuf>,
    /// Whether fixes can be offered: a text or Markdown file read as UTF-8, its bytes as
    /// they are on disk (not decoded from another encoding, not decompressed, no
    /// archive's record), which is what `check --fix` edits.
    pub editable: bool,
    /// What the batch's house-style rules learn from the article, when it was read.
    pub house_style: Option<crate::rules::HouseStyle>,
}

impl InputReport {
    /// The fix of each finding, in order, from the lines kept for snippets.
    pub fn fixes(&self) -> Vec<Option<crate::rules::fix::Fix>> {
        let columns = self.columns();
        self.findings
            .iter()
            .map(|f| crate::rules::fix::fix_of(f, columns.get(&f.line?)?))
            .collect()
    }

    /// The kept lines, each indexed once for the findings on it: a one-line page may have
    /// thousands of findings on a line of megabytes.
    pub fn columns(&self) -> BTreeMap<usize, crate::analyze::text::Columns<'_>> {
        self.lines
            .iter()
            .map(|(&number, line)| (number, crate::analyze::text::Columns::new(line)))
            .collect()
    }

    /// Keeps the input lines that `findings` point at, and the lines in `also` (for
    /// findings that a whole batch will add later).
    pub fn keep_lines(&mut self, text: &str, also: &[usize]) {
        let wanted: std::collections::BTreeSet<usize> = self
            .findings
            .iter()
            .filter_map(|f| f.line)
            .chain(also.iter().copied())
            .collect();
        if wanted.is_empty() {
            return;
        }
        let mut number = 0;
        let mut rest = text;
        // Count lines as the readers do: `\r\n`, `\n` and a lone `\r` each end one.
        while !rest.is_empty() {
            number += 1;
            let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
            if wanted.contains(&number) {
                self.lines.insert(number, rest[..end].to_string());
            }
            let mut next = end;
            if rest[end..].starts_with("\r\n") {
                next += 2;
            } else if end < rest.len() {
                next += 1;
            }
            rest = &rest[next..];
        }
    }
}

/// A path as its bytes in the report spool: a file name need not be UTF-8, which serde's
/// own form of a path requires.
mod path_bytes {
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[cfg(unix)]
    pub fn serialize<S: Serializer>(
        path: &Option<PathBuf>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        use std::os::unix::ffi::OsStrExt;
        path.as_ref()
            .map(|p| p.as_os_str().as_bytes())
            .serialize(serializer)
    }

    #[cfg(unix)]
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<PathBuf>, D::Error> {
        use std::os::unix::ffi::OsStringExt;
        let bytes: Option<Vec<u8>> = Deserialize::deserialize(deserializer)?;
        Ok(bytes.map(|b| PathBuf::from(std::ffi::OsString::from_vec(b))))
    }

    // Elsewhere a path is Unicode (Windows' is UTF-16, which serde's form keeps).
    #[cfg(not(unix))]
    pub fn serialize<S: Serializer>(
        path: &Option<PathBuf>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        path.serialize(serializer)
    }

    #[cfg(not(unix))]
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<PathBuf>, D::Error> {
        Deserialize::deserialize(deserializer)
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub failed: usize,
    pub with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings per rule code.
    pub by_rule: BTreeMap<String, usize>,
}

impl Summary {
    pub fn of(reports: &ReportSpool) -> io::Result<Self> {
        let mut summary = Summary {
            inputs: reports.len(),
            ..Summary::default()
        };
        reports.for_each(|_, report| {
            summary.failed += usize::from(report.failure.is_some());
            summary.with_findings += usize::from(!report.findings.is_empty());
            for finding in &report.findings {
                match finding.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
                *summary.by_rule.entry(finding.code.clone()).or_default() += 1;
            }
            Ok(())
        })?;
        Ok(summary)
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// How many findings are at `severity` or above.
    pub fn at_or_above(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.findings(),
        }
    }
}

/// The report formats of `arsip check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ReportFormat {
    /// Findings with their source line, and a summary.
    Text,
    /// One JSON document: findings, failures and summary.
    Json,
    /// One finding per line.
    Ndjson,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// JUnit XML, one test case per input.
    Junit,
    /// GitHub Actions annotations.
    Github,
}

/// Options that change how a report looks, not what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// Findings at or above this level fail the run (JUnit marks them as failures).
    pub fail_on: Option<Severity>,
}

/// The parts of a pretty-printed skeleton around its placeholder strings (each given
/// without its quotes, each there once, in order).
fn split_skeleton<'a, const N: usize, const M: usize>(
    text: &'a str,
    placeholders: [&str; N],
) -> io::Result<[&'a str; M]> {
    let mut parts = Vec::with_capacity(M);
    let mut rest = text;
    for placeholder in placeholders {
        let (before, after) = rest
            .split_once(&format!("\"{placeholder}\""))
            .ok_or_else(|| io::Error::other(format!("the report's skeleton lost {placeholder}")))?;
        parts.push(before);
        rest = after;
    }
    parts.push(rest);
    parts.try_into().map_err(|_| {
        io::Error::other("a skeleton splits into one part more than it has placeholders")
    })
}

/// A JSON array written one element at a time, each as serde_json's pretty printer
/// places it `indent` in: a report of a million findings is never one document in
/// memory, yet reads byte for byte as if it had been printed whole.
struct PrettyArray<'a> {
    out: &'a mut dyn io::Write,
    indent: &'static str,
    empty: bool,
}

impl<'a> PrettyArray<'a> {
    fn new(out: &'a mut dyn io::Write, indent: &'static str) -> Self {
        PrettyArray {
            out,
            indent,
            empty: true,
        }
    }

    fn push(&mut self, element: &impl Serialize) -> io::Result<()> {
        self.out
            .write_all(if self.empty { b"[\n" } else { b",\n" })?;
        self.empty = false;
        // JSON strings hold no raw line end, so the lines are the printer's.
        let pretty = serde_json::to_string_pretty(element)?;
        for (i, line) in pretty.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(self.indent.as_bytes())?;
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        if self.empty {
            return self.out.write_all(b"[]");
        }
        // The closing bracket sits one level (two spaces) out from the elements.
        let outer = &self.indent[..self.indent.len().saturating_sub(2)];
        write!(self.out, "\n{outer}]")
    }
}

/// Writes the whole report for `reports` in `format`, and returns its totals.
pub fn write_report(
    format: ReportFormat,
    reports: &ReportSpool,
    style: Style,
    out: &mut dyn io::Write,
) -> io::Result<Summary> {
    let summary = Summary::of(reports)?;
    match format {
        ReportFormat::Text => text::write(reports, &summary, style, out),
        ReportFormat::Json => json::write(reports, &summary, out),
        ReportFormat::Ndjson => json::write_lines(reports, out),
        ReportFormat::Sarif => sarif::write(reports, out),
        ReportFormat::Junit => junit::write(reports, style, out),
        ReportFormat::Github => github::write(reports, &summary, out),
    }?;
    Ok(summary)
}

/// `path:line:col: severity[CODE] message`, the first line of a finding everywhere.
pub fn headline(finding: &Finding, name: &str) -> String {
    let name = printable(name);
    let place = match (finding.line, finding.column) {
        (Some(line), Some(column)) => format!("{name}:{line}:{column}"),
        (Some(line), None) => format!("{name}:{line}"),
        _ => name.to_string(),
    };
    format!(
        "{place}: {}[{}] {}",
        finding.severity,
        finding.code,
        printable(&finding.message)
    )
}

/// Text safe to print on a terminal or put in XML: control characters (an escape
/// sequence in a file name or an article, a NUL, a line end inside a one-line message)
/// become U+FFFD, one character for one, so columns still count right.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}';
    if text.chars().any(unsafe_char) {
        text.chars()
            .map(|c| if unsafe_char(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
