//! The reports of a `check` run, kept in input order until the batch is over.
//!
//! Nothing is written while inputs are read: the rules that learn from the whole batch
//! (house style, dateline separators), the baseline and the fixes need every report
//! first. Held in memory the reports of a stream of 100,000 articles took 368 MB, so past
//! a budget they go to an anonymous temporary file, one JSON line each, and every later
//! pass reads them back one at a time: the run's memory then grows with its largest
//! report, not with the number of inputs.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

use super::InputReport;

/// What the reports may take in memory (as [`weight`] estimates it) before they spill.
pub const MEMORY_BUDGET: usize = 8 << 20;

#[derive(Debug)]
pub struct ReportSpool {
    /// The reports while they fit the budget; empty once spilled.
    memory: Vec<InputReport>,
    /// Every report, in order, once spilled.
    file: Option<BufWriter<File>>,
    len: usize,
    held: usize,
    budget: usize,
}

impl Default for ReportSpool {
    fn default() -> Self {
        Self::with_budget(MEMORY_BUDGET)
    }
}

impl ReportSpool {
    pub fn new() -> Self {
        Self::default()
    }

    /// A spool that spills past `budget` estimated bytes (0: from the first report).
    pub fn with_budget(budget: usize) -> Self {
        ReportSpool {
            memory: Vec::new(),
            file: None,
            len: 0,
            held: 0,
            budget,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the reports are on disk.
    pub fn spilled(&self) -> bool {
        self.file.is_some()
    }

    pub fn push(&mut self, report: InputReport) -> io::Result<()> {
        self.len += 1;
        if self.file.is_none() {
            self.held += weight(&report);
            self.memory.push(report);
            // One report alone stays: the run holds it while it is read anyway, and
            // spilling it would only add copies (a page of 6 MB took twice the memory).
            if self.held <= self.budget || self.memory.len() < 2 {
                return Ok(());
            }
            let mut file = BufWriter::new(tempfile::tempfile()?);
            for report in self.memory.drain(..) {
                write_line(&mut file, &report)?;
            }
            file.flush()?;
            self.file = Some(file);
            return Ok(());
        }
        let file = self.file.as_mut().expect("spilled");
        // A pass that stopped early left the cursor inside the file.
        file.seek(SeekFrom::End(0))?;
        write_line(file, &report)?;
        file.flush()
    }

    /// Calls `each` with every report and its index, in order; stops at its first error.
    pub fn for_each(
        &self,
        mut each: impl FnMut(usize, &InputReport) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some(file) = &self.file else {
            return self
                .memory
                .iter()
                .enumerate()
                .try_for_each(|(index, report)| each(index, report));
        };
        read_spilled(file.get_ref(), self.len, |index, report| {
            each(index, &report)
        })
    }

    /// Lets `change` edit every report, in order.
    pub fn update(&mut self, mut change: impl FnMut(usize, &mut InputReport)) -> io::Result<()> {
        let Some(file) = &self.file else {
            for (index, report) in self.memory.iter_mut().enumerate() {
                change(index, report);
            }
            return Ok(());
        };
        let mut next = BufWriter::new(tempfile::tempfile()?);
        read_spilled(file.get_ref(), self.len, |index, mut report| {
            change(index, &mut report);
            write_line(&mut next, &report)
        })?;
        next.flush()?;
        self.file = Some(next);
        Ok(())
    }
}

/// Reads the `len` reports of a spill file back, in order, each to `each` as its own.
fn read_spilled(
    file: &File,
    len: usize,
    mut each: impl FnMut(usize, InputReport) -> io::Result<()>,
) -> io::Result<()> {
    let mut reader = file.try_clone()?;
    reader.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    for index in 0..len {
        line.clear();
        reader.read_line(&mut line)?;
        let report = serde_json::from_str(&line).map_err(|err| {
            io::Error::other(format!(
                "the report spool is damaged at report {index}: {err}"
            ))
        })?;
        each(index, report)?;
    }
    Ok(())
}

fn write_line(out: &mut impl Write, report: &InputReport) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    out.write_all(b"\n")
}

/// About what a report takes in memory, in bytes.
fn weight(report: &InputReport) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let findings: usize = report
        .findings
        .iter()
        .map(|f| {
            f.code.len()
                + f.name.len()
                + f.message.len()
                + f.field.len()
                + text(&f.path)
                + text(&f.suggestion)
                + std::mem::size_of_val(f)
        })
        .sum();
    let lines: usize = report.lines.values().map(|l| l.len() + 64).sum();
    std::mem::size_of::<InputReport>()
        + report.name.len()
        + text(&report.failure)
        + findings
        + lines
        + report.suppressions.len() * 64
        + report.house_style.as_ref().map_or(0, |s| {
            text(&s.site) + text(&s.language) + std::mem::size_of_val(s)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Finding, Severity};

    fn report(index: usize) -> InputReport {
        let finding = Finding {
            code: "Q301".into(),
            name: "quote-unclosed".into(),
            severity: Severity::Warning,
            message: format!("message {index}\nwith a line end"),
            path: Some(format!("batch.jsonl:{index}")),
            line: Some(index + 1),
            column: Some(3),
            field: "body[0]".into(),
            suggestion: None,
        };
        let mut report = InputReport {
            name: format!("batch.jsonl:{index}"),
            findings: vec![finding],
            ..InputReport::default()
        };
        report
            .lines
            .insert(index + 1, format!("“line {index} of ünïcode"));
        report
    }

    fn collect(spool: &ReportSpool) -> Vec<InputReport> {
        let mut all = Vec::new();
        spool
            .for_each(|index, r| {
                assert_eq!(index, all.len());
                all.push(r.clone());
                Ok(())
            })
            .unwrap();
        all
    }

    #[test]
    fn a_spilled_spool_gives_back_what_it_was_given_in_order() {
        let expected: Vec<InputReport> = (0..50).map(report).collect();
        for budget in [0, 2_000, MEMORY_BUDGET] {
            let mut spool = ReportSpool::with_budget(budget);
            for r in &expected {
                spool.push(r.clone()).unwrap();
            }
            assert_eq!(spool.spilled(), budget < MEMORY_BUDGET, "budget {budget}");
            assert_eq!(spool.len(), 50);
            assert_eq!(collect(&spool), expected, "budget {budget}");
            // Read twice, as the writers do.
            assert_eq!(collect(&spool), expected, "budget {budget}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_spills_and_comes_back() {
        use std::os::unix::ffi::OsStringExt;
        let mut named = report(0);
        named.path = Some(std::ffi::OsString::from_vec(b"inv\xff.txt".to_vec()).into());
        let mut spool = ReportSpool::with_budget(0);
        spool.push(named.clone()).unwrap();
        assert!(!spool.spilled(), "one report alone is not spilled");
        spool.push(named.clone()).unwrap();
        assert!(spool.spilled());
        assert_eq!(collect(&spool), [named.clone(), named]);
    }

    #[test]
    fn updates_and_later_pushes_land_on_the_right_reports() {
        let mut spool = ReportSpool::with_budget(0);
        for i in 0..10 {
            spool.push(report(i)).unwrap();
        }
        // A pass stopped early leaves the cursor mid-file: the next push still appends.
        let _ = spool.for_each(|i, _| {
            if i == 3 {
                Err(io::Error::other("stop"))
            } else {
                Ok(())
            }
        });
        spool.push(report(10)).unwrap();
        spool
            .update(|i, r| r.findings[0].message = format!("changed {i}"))
            .unwrap();
        let all = collect(&spool);
        assert_eq!(all.len(), 11);
        assert!(all
            .iter()
            .enumerate()
            .all(|(i, r)| r.findings[0].message == format!("changed {i}")
                && r.name == format!("batch.jsonl:{i}")));
    }
}
