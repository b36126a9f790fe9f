//! `arsip check` in CI: inline suppression, baselines, fixes, SARIF fixes, pre-commit.

mod common;

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

fn findings_in(dir: &Path, args: &[&str]) -> (Vec<(String, u64)>, String) {
    let out = common::check_command(&[&["--format", "json"], args].concat())
        .current_dir(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (findings, String::from_utf8_lossy(&out.stderr).into_owned())
}

const POST: &str = "---
title: Pantai
date: 2019-04-01
---

”Kami bangga,” kata Bupati.

”Kami senang,” kata Bupati.
";

#[test]
fn comments_silence_one_paragraph_or_the_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, POST).unwrap();
    let (all, _) = findings_in(dir.path(), &["a.md"]);
    let q303: Vec<u64> = all.iter().filter(|f| f.0 == "Q303").map(|f| f.1).collect();
    assert_eq!(q303, [6, 8], "{all:?}");

    let one = POST.replace(
        "\n\n”Kami senang",
        "\n\n<!-- arsip-ignore Q303 -->\n”Kami senang",
    );
    std::fs::write(&path, one).unwrap();
    let (some, _) = findings_in(dir.path(), &["a.md"]);
    let q303: Vec<u64> = some.iter().filter(|f| f.0 == "Q303").map(|f| f.1).collect();
    assert_eq!(q303, [6], "{some:?}");

    let file = format!("{POST}\n<!-- arsip-ignore-file quote-reversed-open -->\n");
    std::fs::write(&path, file).unwrap();
    let (none, _) = findings_in(dir.path(), &["a.md"]);
    assert!(none.iter().all(|f| f.0 != "Q303"), "{none:?}");

    let html = "<html><head><title>Pantai</title></head><body><article><h1>Pantai</h1>\n<p>”Kami bangga,” kata Bupati.</p>\n<!-- arsip-ignore Q303 --><p>”Kami senang,” kata Bupati.</p>\n</article></body></html>\n";
    std::fs::write(dir.path().join("b.html"), html).unwrap();
    let (html_findings, _) = findings_in(dir.path(), &["b.html"]);
    let q303: Vec<u64> = html_findings
        .iter()
        .filter(|f| f.0 == "Q303")
        .map(|f| f.1)
        .collect();
    assert_eq!(q303, [2], "{html_findings:?}");
}

#[test]
fn a_baseline_gates_only_new_findings_and_survives_edits_elsewhere() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.md"), POST).unwrap();
    let (all, stderr) = findings_in(dir.path(), &["--write-baseline", "base.json", "a.md"]);
    assert!(!all.is_empty());
    assert!(stderr.contains("to the baseline"), "{stderr}");
    let baseline: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("base.json")).unwrap()).unwrap();
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["findings"].as_array().unwrap().len(), all.len());

    let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", "a.md"]);
    assert!(left.is_empty(), "{left:?}");

    // Lines added above and a paragraph edited elsewhere: old findings stay known.
    let edited = POST
        .replace("date: 2019-04-01\n", "date: 2019-04-01\ntags: [a]\n")
        .replace("\n\n”Kami senang", "\n\nParagraf baru.\n\n”Kami senang");
    std::fs::write(dir.path().join("a.md"), edited).unwrap();
    let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", "a.md"]);
    assert!(left.is_empty(), "{left:?}");

    // A new defect is reported, and fails the run at --fail-on warning.
    let new = format!("{POST}\n”Kami lelah,” kata Bupati.\n");
    std::fs::write(dir.path().join("a.md"), new).unwrap();
    let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", "a.md"]);
    assert_eq!(left, [("Q303".to_string(), 10)], "{left:?}");
    common::check_command(&["--baseline", "base.json", "--fail-on", "warning", "a.md"])
        .current_dir(dir.path())
        .assert()
        .code(1);

    std::fs::write(dir.path().join("bad.json"), "{}").unwrap();
    common::check_command(&["--baseline", "bad.json", "a.md"])
        .current_dir(dir.path())
        .assert()
        .failure()
        .stderr(predicates::str::contains("not an arsip baseline"));
}
