//! SARIF 2.1.0, the format code-scanning services read: a descriptor with help for every
//! rule, one result per finding, and a notification per input that could not be read.

use std::io;

use serde_json::{json, Value};

use super::{InputReport, PrettyArray, ReportSpool};
use crate::rules::fix::Fix;
use crate::rules::{docs, registry, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: `/` separators, and the characters URIs do not allow raw
/// percent-encoded.
fn uri_of(path: &str) -> String {
    percent_encoded(path.replace('\\', "/").as_bytes())
}

/// The bytes as a URI path: unreserved characters and `/` as they are, the rest `%XX`.
fn percent_encoded(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The URI of a report's input: of the file's own path when there is one (a name shown to
/// people escapes what it cannot print: `a\\b.md` shown as `a\b.md` is another file), of
/// its name otherwise.
fn uri_of_report(report: &InputReport) -> String {
    #[cfg(unix)]
    if let Some(path) = &report.path {
        use std::os::unix::ffi::OsStrExt;
        return percent_encoded(path.as_os_str().as_bytes());
    }
    uri_of(&report.name)
}

fn location(uri: &str, line: Option<usize>, column: Option<usize>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    if let Some(line) = line {
        let mut region = json!({ "startLine": line });
        if let Some(column) = column {
            region["startColumn"] = json!(column);
        }
        physical["region"] = region;
    }
    json!({ "physicalLocation": physical })
}

/// A SARIF `fix`: one replacement in one artifact, its columns in code points as the
/// run's `columnKind` says; the property `safety` says whether `--fix` applies it.
fn sarif_fix(uri: &str, fix: &Fix) -> Value {
    json!({
        "description": { "text": fix.description() },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": [{
                "deletedRegion": {
                    "startLine": fix.line,
                    "startColumn": fix.column,
                    "endLine": fix.line,
                    "endColumn": fix.end_column,
                },
                "insertedContent": { "text": fix.replacement },
            }],
        }],
        "properties": { "safety": fix.safety.as_str() },
    })
}

pub fn write(reports: &ReportSpool, out: &mut dyn io::Write) -> io::Result<()> {
    let rules = registry();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.why },
                "help": {
                    "text": docs::explain(rule),
                    "markdown": format!(
                        "{}\n\n**Example**\n\n```text\n{}\n```\n\n**Fixed**\n\n```text\n{}\n```",
                        rule.why, rule.example, rule.fixed
                    ),
                },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "family": rule.family.as_str() },
            })
        })
        .collect();
    // Notifications first (they go before the results), then the results one at a time
    // straight to `out`: a report of a million findings is never one document in memory.
    let mut notifications: Vec<Value> = Vec::new();
    reports.for_each(|_, report| {
        if let Some(reason) = &report.failure {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {reason}", report.name) },
                "locations": [location(&uri_of_report(report), None, None)],
            }));
        }
        Ok(())
    })?;
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "arsip",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            // Columns count characters (code points), as every arsip report does.
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": RESULTS,
        }]
    });
    let text = serde_json::to_string_pretty(&document)?;
    let [head, tail] = super::split_skeleton(&text, [RESULTS])?;
    out.write_all(head.as_bytes())?;
    let mut results = PrettyArray::new(&mut *out, RESULT_INDENT);
    reports.for_each(|_, report| {
        // Fixes are offered for the sources `--fix` edits: their columns count the
        // characters of the file's own UTF-8, which a decoded file does not have.
        let fixes = if report.editable {
            report.fixes()
        } else {
            vec![None; report.findings.len()]
        };
        let uri = uri_of_report(report);
        for (f, fix) in report.findings.iter().zip(fixes) {
            let mut text = f.message.clone();
            if let Some(suggestion) = &f.suggestion {
                text.push_str(&format!(" (help: {suggestion})"));
            }
            let index = rules.iter().position(|r| r.code == f.code);
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [location(&uri, f.line, f.column)],
                "properties": { "field": f.field, "name": f.name },
            });
            if let Some(index) = index {
                result["ruleIndex"] = json!(index);
            }
            if let Some(fix) = fix {
                result["fixes"] = json!([sarif_fix(&uri, &fix)]);
            }
            results.push(&result)?;
        }
        Ok(())
    })?;
    results.finish()?;
    out.write_all(tail.as_bytes())?;
    writeln!(out)
}

/// Where the results go in the skeleton printed first.
const RESULTS: &str = "arsip:results";
/// The indentation of an element of `runs[0].results` in the pretty-printed document.
const RESULT_INDENT: &str = "        ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_of("old pages/a#1.txt"), "old%20pages/a%231.txt");
        assert_eq!(uri_of("fixtures/text/a.txt"), "fixtures/text/a.txt");
    }
}
