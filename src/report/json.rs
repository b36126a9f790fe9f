//! JSON: one document with every finding and the summary; NDJSON: one finding per line.

use std::io;

use serde::Serialize;

use super::{InputReport, Summary};
use crate::rules::Finding;

#[derive(Serialize)]
struct Failure<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    summary: &'a Summary,
    findings: Vec<&'a Finding>,
    failures: Vec<Failure<'a>>,
}

pub fn write(
    reports: &[InputReport],
    summary: &Summary,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let document = Document {
        summary,
        findings: reports.iter().flat_map(|r| &r.findings).collect(),
        failures: reports
            .iter()
            .filter_map(|r| {
                r.failure.as_deref().map(|reason| Failure {
                    path: &r.name,
                    reason,
                })
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

pub fn write_lines(reports: &[InputReport], out: &mut dyn io::Write) -> io::Result<()> {
    for finding in reports.iter().flat_map(|r| &r.findings) {
        serde_json::to_writer(&mut *out, finding)?;
        writeln!(out)?;
    }
    Ok(())
}
