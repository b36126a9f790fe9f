//! `arsip rules` and `arsip explain`.

use std::io::Write;
use std::process::ExitCode;

use arsip::rules::{docs, find_rule, registry};

use crate::cli::RulesFormat;

pub fn list(format: RulesFormat) -> anyhow::Result<ExitCode> {
    let mut out = arsip::output::stdout()?;
    match format {
        RulesFormat::Text => {
            for rule in registry() {
                writeln!(
                    out,
                    "{}  {:<34} {:<10} {:<8} {}",
                    rule.code,
                    rule.name,
                    rule.family.as_str(),
                    rule.severity,
                    rule.summary
                )?;
            }
        }
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &registry())?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => out.write_all(docs::markdown().as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(key: &str) -> anyhow::Result<ExitCode> {
    let rule = find_rule(key)
        .ok_or_else(|| anyhow::anyhow!("no rule with code or name `{key}` (see `arsip rules`)"))?;
    arsip::output::stdout()?.write_all(docs::explain(rule).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
