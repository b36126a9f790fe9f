//! `arsip profile`: what each selector of a site profile matches, page by page.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use arsip::read::decode::decode_html;
use arsip::read::html::meta::read_meta;
use arsip::read::html::profile::{detect_builtin, test_profile, Profile};
use arsip::read::Input;

use crate::cli::ProfileArgs;

/// Exit 1 when a selector matches nothing on some page: the profile needs work.
pub fn run(args: &ProfileArgs) -> anyhow::Result<ExitCode> {
    let chosen = args.profile.as_deref().map(Profile::load).transpose()?;
    let mut out = std::io::stdout().lock();
    let mut missed = false;
    for path in &args.pages {
        let input = Input::from_path(path).with_context(|| path.display().to_string())?;
        let (text, _) = decode_html(&input.bytes, None);
        let html =
            arsip::read::html::parse_page(&text).with_context(|| path.display().to_string())?;
        let profile = match &chosen {
            Some(p) => p.clone(),
            None => match detect_builtin(&html, read_meta(&html).generator.as_deref()) {
                Some(p) => p,
                None => {
                    writeln!(
                        out,
                        "{}: no built-in profile fits this page; give one with --profile",
                        path.display()
                    )?;
                    continue;
                }
            },
        };
        writeln!(out, "{}: profile `{}`", path.display(), profile.name)?;
        for m in test_profile(&html, &profile) {
            match (&m.first, m.count) {
                (_, 0) => {
                    missed = true;
                    writeln!(out, "  {:<8} {}  matched nothing", m.field, m.selector)?;
                }
                (Some(first), count) => writeln!(
                    out,
                    "  {:<8} {}  {count} match(es): {first}",
                    m.field, m.selector
                )?,
                (None, count) => {
                    writeln!(out, "  {:<8} {}  {count} match(es)", m.field, m.selector)?
                }
            }
        }
    }
    Ok(if missed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
