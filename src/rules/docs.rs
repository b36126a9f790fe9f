//! Rule documentation, generated from the registry: `docs/rules.md`, `arsip explain`.

use std::fmt::Write as _;

use super::{registry, Family, Rule};

/// One rule as `arsip explain` prints it.
pub fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}, {} by default)",
        rule.code,
        rule.name,
        rule.family.as_str(),
        rule.severity
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", rule.summary);
    let _ = writeln!(out);
    let _ = writeln!(out, "Why it matters:\n  {}", rule.why);
    let _ = writeln!(out);
    let _ = writeln!(out, "Example:\n{}", indent(rule.example));
    let _ = writeln!(out);
    let _ = writeln!(out, "Fixed:\n{}", indent(rule.fixed));
    let _ = writeln!(out);
    let _ = writeln!(out, "Automatic fix: {}", fix_note(rule));
    out
}

/// Whether `arsip check --fix` can fix the rule's findings, and how safely.
fn fix_note(rule: &Rule) -> &'static str {
    match super::fix::safety_of(rule.code) {
        Some(super::fix::Safety::Safe) => "safe (`--fix` applies it: punctuation only)",
        Some(super::fix::Safety::Unsafe) => {
            "unsafe (only `--unsafe-fixes` applies it: it changes a word)"
        }
        None => "none",
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole rule reference as Markdown, as committed in `docs/rules.md`.
pub fn markdown() -> String {
    let rules = registry();
    let mut out = String::from(
        "# arsip rules\n\n\
         Generated from the rule registry (`src/rules/`) by `arsip rules --format markdown`;\n\
         a test fails when this file and the code disagree. Select, ignore or re-grade rules\n\
         by code, name or family in `arsip.yaml`. Findings are told in the article's\n\
         language where it has a message table (Indonesian, English), else in English;\n\
         `--message-language en` (or `message_language:` in `arsip.yaml`) forces one.\n\n\
         | code | name | family | default severity | summary |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for rule in &rules {
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | `{name}` | {family} | {severity} | {summary} |",
            code = rule.code,
            anchor = rule.code.to_lowercase(),
            name = rule.name,
            family = rule.family.as_str(),
            severity = rule.severity,
            summary = rule.summary.replace('|', "\\|"),
        );
    }
    for family in Family::ALL {
        let _ = write!(out, "\n## {} rules\n", family.as_str());
        for rule in rules.iter().filter(|r| r.family == family) {
            let _ = write!(
                out,
                "\n### {code}\n\n`{name}`, {severity} by default.\n\n{summary}\n\n\
                 **Why it matters.** {why}\n\n**Example**\n\n```text\n{example}\n```\n\n\
                 **Fixed**\n\n```text\n{fixed}\n```\n\n**Automatic fix:** {fix}.\n",
                code = rule.code,
                name = rule.name,
                severity = rule.severity,
                summary = rule.summary,
                why = rule.why,
                example = rule.example,
                fixed = rule.fixed,
                fix = fix_note(rule),
            );
        }
    }
    out
}
