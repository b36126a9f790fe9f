//! GitHub Actions workflow commands: each finding becomes an annotation on its line.

use std::io;

use super::{text::summary_line, ReportSpool, Summary};
use crate::rules::Severity;

/// Workflow-command data escaping: `%`, CR and LF everywhere, and `:` and `,` in properties.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(reports: &ReportSpool, summary: &Summary, out: &mut dyn io::Write) -> io::Result<()> {
    reports.for_each(|_, report| {
        if let Some(reason) = &report.failure {
            writeln!(
                out,
                "::error file={}::{}",
                escape_property(&report.name),
                escape_data(reason)
            )?;
        }
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![format!("file={}", escape_property(&report.name))];
            if let Some(line) = f.line {
                properties.push(format!("line={line}"));
            }
            if let Some(column) = f.column {
                properties.push(format!("col={column}"));
            }
            properties.push(format!(
                "title={}",
                escape_property(&format!("{} {}", f.code, f.name))
            ));
            let mut message = f.message.clone();
            if let Some(suggestion) = &f.suggestion {
                message.push_str(&format!(" (help: {suggestion})"));
            }
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
        Ok(())
    })?;
    writeln!(out, "{}", summary_line(summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny: z"), "x%0Ay: z");
    }
}
