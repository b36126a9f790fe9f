//! JUnit XML, which CI test reporters read: one test case per input, failed when it has a
//! finding at or above the failure level, in error when it could not be read.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{headline, printable, InputReport, ReportSpool, Style};
use crate::rules::Severity;

pub fn write(reports: &ReportSpool, style: Style, out: &mut dyn io::Write) -> io::Result<()> {
    let fail_on = style.fail_on.unwrap_or(Severity::Error);
    let failing = |r: &InputReport| r.findings.iter().any(|f| f.severity >= fail_on);
    // The counts go first, in the suites' attributes: one pass for them, one to write.
    let (mut failures, mut errors) = (0usize, 0usize);
    reports.for_each(|_, r| {
        failures += usize::from(failing(r));
        errors += usize::from(r.failure.is_some());
        Ok(())
    })?;
    let (tests, failures, errors) = (
        reports.len().to_string(),
        failures.to_string(),
        errors.to_string(),
    );

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let counts = [
        ("name", "arsip check"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
    ];
    writer.write_event(Event::Start(
        BytesStart::new("testsuites").with_attributes(counts),
    ))?;
    writer.write_event(Event::Start(
        BytesStart::new("testsuite").with_attributes(counts.into_iter().chain([("skipped", "0")])),
    ))?;
    reports.for_each(|_, report| {
        // XML 1.0 has no place for control characters: they go, one for one.
        let name = printable(&report.name);
        let case = BytesStart::new("testcase")
            .with_attributes([("name", name.as_ref()), ("classname", "arsip.check")]);
        writer.write_event(Event::Start(case))?;
        if let Some(reason) = &report.failure {
            let reason = printable(reason);
            let error = BytesStart::new("error")
                .with_attributes([("message", reason.as_ref()), ("type", "read")]);
            writer.write_event(Event::Empty(error))?;
        } else if failing(report) {
            let above: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.severity >= fail_on)
                .map(|f| headline(f, &report.name))
                .collect();
            let message = format!("{} finding(s) at or above {fail_on}", above.len());
            // The type is the worst finding's severity, not the threshold it crossed.
            let worst = report
                .findings
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(fail_on);
            let failure = BytesStart::new("failure")
                .with_attributes([("message", message.as_str()), ("type", worst.as_str())]);
            writer.write_event(Event::Start(failure))?;
            writer.write_event(Event::Text(BytesText::new(&above.join("\n"))))?;
            writer.write_event(Event::End(BytesEnd::new("failure")))?;
        }
        let below: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.severity < fail_on)
            .map(|f| headline(f, &report.name))
            .collect();
        if !below.is_empty() {
            writer.write_event(Event::Start(BytesStart::new("system-out")))?;
            writer.write_event(Event::Text(BytesText::new(&below.join("\n"))))?;
            writer.write_event(Event::End(BytesEnd::new("system-out")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("testcase")))?;
        Ok(())
    })?;
    writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}
