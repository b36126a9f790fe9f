//! `arsip profile`: what each selector of a site profile matches, page by page.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use arsip::read::decode::decode_html;
use arsip::read::html::meta::read_meta;
use arsip::read::html::profile::{detect_builtin, test_profile, CompiledProfile};
use arsip::read::InputFormat;

use super::locate;
use crate::cli::ProfileArgs;

/// The page a JSON page record carries (`{"html": "..."}`, a line of JSON Lines).
fn page_record_html(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[start] != b'{' {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    value.get("html")?.as_str().map(str::to_string)
}

/// Exit 1 when a selector matches nothing on some page: the profile needs work; exit 2
/// when a page could not be read.
pub fn run(args: &ProfileArgs) -> anyhow::Result<ExitCode> {
    let chosen = args
        .profile
        .as_deref()
        .map(CompiledProfile::load)
        .transpose()?;
    let (located, listing_failures) = locate(&args.inputs, &[])?;
    let format = match args.inputs.from {
        InputFormat::Auto => InputFormat::Auto,
        other if other.archive().is_some() => other,
        _ => InputFormat::Html,
    };
    // JSON Lines of page records are read a record at a time, like archives.
    let units = super::units(located, format, args.max_size, true);
    let mut out = arsip::output::stdout()?;
    let mut missed = false;
    let mut failed = !listing_failures.is_empty();
    for failure in &listing_failures {
        say!("{}", super::failure_line(&failure.path, &failure.reason));
    }
    let items = units.map(|unit| (unit.origin, unit.work));
    let max_size = args.max_size;
    let mut write_error = None;
    arsip::batch::run_ordered(
        items,
        args.inputs.jobs(),
        |work| -> Result<(String, bool), String> {
            let input = work.load(max_size).map_err(|e| e.to_string())?;
            let html = page_record_html(&input.bytes);
            let bytes = html.as_ref().map_or(&input.bytes[..], |h| h.as_bytes());
            let (text, _) = decode_html(bytes, input.charset.as_deref());
            let html = arsip::read::html::parse_page(&text).map_err(|e| e.to_string())?;
            let profile = match &chosen {
                Some(p) => p,
                None => match detect_builtin(&html, read_meta(&html).generator.as_deref()) {
                    Some(p) => p,
                    None => {
                        return Ok((
                            ": no built-in profile fits this page; give one with --profile\n"
                                .to_string(),
                            false,
                        ))
                    }
                },
            };
            let mut shown = format!(": profile `{}`\n", profile.profile.name);
            let mut missed = false;
            for m in test_profile(&html, profile) {
                let _ = match (&m.first, m.count) {
                    (_, 0) => {
                        missed = true;
                        writeln!(shown, "  {:<8} {}  matched nothing", m.field, m.selector)
                    }
                    (Some(first), count) => writeln!(
                        shown,
                        "  {:<8} {}  {count} match(es): {first}",
                        m.field, m.selector
                    ),
                    (None, count) => {
                        writeln!(shown, "  {:<8} {}  {count} match(es)", m.field, m.selector)
                    }
                };
            }
            Ok((shown, missed))
        },
        |origin, result| match result.and_then(|r| r) {
            Ok((shown, page_missed)) => {
                missed |= page_missed;
                let origin = arsip::report::printable(&origin.to_string()).into_owned();
                if let Err(e) = write!(out, "{origin}{shown}") {
                    write_error = Some(e);
                    return false;
                }
                true
            }
            Err(reason) => {
                failed = true;
                say!("{}", super::failure_line(&origin, &reason));
                true
            }
        },
    );
    if let Some(e) = write_error {
        return Err(e.into());
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if missed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
