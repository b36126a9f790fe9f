//! JSON: one document with every finding and the summary; NDJSON: one finding per line.

use std::io;

use serde::Serialize;

use super::{PrettyArray, ReportSpool, Summary};

#[derive(Serialize)]
struct Failure<'a> {
    path: &'a str,
    reason: &'a str,
}

/// The document's skeleton; its arrays are written one element at a time where the
/// placeholders stand.
#[derive(Serialize)]
struct Document<'a> {
    summary: &'a Summary,
    findings: &'a str,
    failures: &'a str,
}

const FINDINGS: &str = "arsip:findings";
const FAILURES: &str = "arsip:failures";
/// The indentation of an element of a top-level array in the pretty-printed document.
const ELEMENT_INDENT: &str = "    ";

pub fn write(reports: &ReportSpool, summary: &Summary, out: &mut dyn io::Write) -> io::Result<()> {
    let skeleton = serde_json::to_string_pretty(&Document {
        summary,
        findings: FINDINGS,
        failures: FAILURES,
    })?;
    let [head, middle, tail] = super::split_skeleton(&skeleton, [FINDINGS, FAILURES])?;
    out.write_all(head.as_bytes())?;
    let mut findings = PrettyArray::new(&mut *out, ELEMENT_INDENT);
    reports.for_each(|_, r| r.findings.iter().try_for_each(|f| findings.push(f)))?;
    findings.finish()?;
    out.write_all(middle.as_bytes())?;
    let mut failures = PrettyArray::new(&mut *out, ELEMENT_INDENT);
    reports.for_each(|_, r| match r.failure.as_deref() {
        Some(reason) => failures.push(&Failure {
            path: &r.name,
            reason,
        }),
        None => Ok(()),
    })?;
    failures.finish()?;
    out.write_all(tail.as_bytes())?;
    writeln!(out)
}

pub fn write_lines(reports: &ReportSpool, out: &mut dyn io::Write) -> io::Result<()> {
    reports.for_each(|_, r| {
        for finding in &r.findings {
            serde_json::to_writer(&mut *out, finding)?;
            writeln!(out)?;
        }
        Ok(())
    })
}
