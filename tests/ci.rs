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

/// The lines of the findings of `code`, in report order.
fn lines_of(findings: &[(String, u64)], code: &str) -> Vec<u64> {
    findings
        .iter()
        .filter(|f| f.0 == code)
        .map(|f| f.1)
        .collect()
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
    let q303 = lines_of(&all, "Q303");
    assert_eq!(q303, [6, 8], "{all:?}");

    let one = POST.replace(
        "\n\n”Kami senang",
        "\n\n<!-- arsip-ignore Q303 -->\n”Kami senang",
    );
    std::fs::write(&path, one).unwrap();
    let (some, _) = findings_in(dir.path(), &["a.md"]);
    let q303 = lines_of(&some, "Q303");
    assert_eq!(q303, [6], "{some:?}");

    let file = format!("{POST}\n<!-- arsip-ignore-file quote-reversed-open -->\n");
    std::fs::write(&path, file).unwrap();
    let (none, _) = findings_in(dir.path(), &["a.md"]);
    assert!(none.iter().all(|f| f.0 != "Q303"), "{none:?}");

    let html = "<html><head><title>Pantai</title></head><body><article><h1>Pantai</h1>\n<p>”Kami bangga,” kata Bupati.</p>\n<!-- arsip-ignore Q303 --><p>”Kami senang,” kata Bupati.</p>\n</article></body></html>\n";
    std::fs::write(dir.path().join("b.html"), html).unwrap();
    let (html_findings, _) = findings_in(dir.path(), &["b.html"]);
    let q303 = lines_of(&html_findings, "Q303");
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
    assert_eq!(baseline["version"], 2);
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
    // Another tool's file of the same shape is refused too.
    std::fs::write(
        dir.path().join("ruff.json"),
        r#"{"version": 2, "tool": "ruff", "findings": []}"#,
    )
    .unwrap();
    common::check_command(&["--baseline", "ruff.json", "a.md"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("written by `ruff`, not arsip"));
}

#[test]
fn a_baseline_matches_however_the_input_is_named_and_whatever_safe_fixes_did() {
    let dir = TempDir::new().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    // A reversed opening (Q303, fixable) beside an unattributed quotation that stays.
    let text = "Judul\n\nSenin, 8 April 2019\n\nBANYUWANGI - Warga datang. ”Ramai,,” kata Anas. “Kami senang sekali melihat warga datang ke pantai.”\n";
    std::fs::write(content.join("a.txt"), text).unwrap();
    let (all, _) = findings_in(dir.path(), &["--write-baseline", "base.json", "content"]);
    assert!(!all.is_empty());
    let absolute = content.to_string_lossy().into_owned();
    for named in ["./content", "content//", absolute.as_str()] {
        let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", named]);
        assert!(left.is_empty(), "{named}: {left:?}");
    }
    // From inside the folder, the baseline one level up.
    let (left, _) = findings_in(&content, &["--baseline", "../base.json", "."]);
    assert!(left.is_empty(), "{left:?}");
    // Through a symbolic link to the folder, or to the baseline's folder.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&content, dir.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("here")).unwrap();
        let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", "linked"]);
        assert!(left.is_empty(), "{left:?}");
        let (left, _) = findings_in(dir.path(), &["--baseline", "here/base.json", "content"]);
        assert!(left.is_empty(), "{left:?}");
    }

    // The safe fixes change the marks and the commas the other findings' words hold.
    common::check_command(&["--fix", "content"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(content.join("a.txt")).unwrap();
    assert!(fixed.contains("“Ramai,”"), "{fixed}");
    let (left, _) = findings_in(dir.path(), &["--baseline", "base.json", "content"]);
    assert!(left.is_empty(), "{left:?}");

    // Fixing and writing a baseline at once records what is left, not what was fixed.
    std::fs::write(content.join("a.txt"), text).unwrap();
    let (_, stderr) = findings_in(
        dir.path(),
        &["--fix", "--write-baseline", "fixed.json", "content"],
    );
    let baseline: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fixed.json")).unwrap()).unwrap();
    let codes: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"Q303") && !codes.contains(&"Q306"),
        "{codes:?} {stderr}"
    );
    std::fs::write(content.join("a.txt"), text).unwrap();
    let (left, _) = findings_in(dir.path(), &["--baseline", "fixed.json", "content"]);
    assert!(
        left.iter().any(|f| f.0 == "Q303"),
        "the typo came back: {left:?}"
    );

    // `--diff --exit-zero` exits 0 like every `--exit-zero` run.
    common::check_command(&["--diff", "--exit-zero", "content"])
        .current_dir(dir.path())
        .assert()
        .code(0);
}

#[test]
fn a_version_1_baseline_is_still_read() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.md"), POST).unwrap();
    let (all, _) = findings_in(dir.path(), &["a.md"]);
    // Version 1: paths as typed, 40 characters either side of the column.
    let v1 = r#"{"version": 1, "tool": "arsip", "findings": [
        {"path": "a.md", "code": "Q303", "fingerprint": "FP6"},
        {"path": "a.md", "code": "Q303", "fingerprint": "FP8"}]}"#;
    let fp = |line: &str| {
        use sha2::{Digest, Sha256};
        let chars: Vec<char> = line.chars().collect();
        let window: String = chars[..chars.len().min(40)].iter().collect();
        let mut hash = Sha256::new();
        hash.update(b"Q303");
        hash.update([0]);
        hash.update(
            window
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_bytes(),
        );
        hash.finalize()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let v1 = v1
        .replace("FP6", &fp("”Kami bangga,” kata Bupati."))
        .replace("FP8", &fp("”Kami senang,” kata Bupati."));
    std::fs::write(dir.path().join("v1.json"), v1).unwrap();
    let (left, _) = findings_in(dir.path(), &["--baseline", "v1.json", "a.md"]);
    let q303 = all.iter().filter(|f| f.0 == "Q303").count();
    assert_eq!(q303, 2, "{all:?}");
    assert!(left.iter().all(|f| f.0 != "Q303"), "{left:?}");
}

/// The reference article in a temporary folder, or `None` (said) without ../shared.
fn reference_copy() -> Option<(TempDir, String)> {
    let source = common::shared_file("samples/banyuwangi-2019-04-01.txt")?;
    let dir = TempDir::new().unwrap();
    let text = std::fs::read_to_string(source).unwrap();
    std::fs::write(dir.path().join("ref.txt"), &text).unwrap();
    Some((dir, text))
}

fn run_fix(dir: &Path, flag: &str) -> String {
    common::check_command(&[flag, "ref.txt"])
        .current_dir(dir)
        .output()
        .unwrap();
    std::fs::read_to_string(dir.join("ref.txt")).unwrap()
}

#[test]
fn fix_on_the_reference_article_fixes_the_marks_and_the_comma_and_nothing_else() {
    let Some((dir, original)) = reference_copy() else {
        return;
    };
    let expected = original
        .replacen("“Smart Kampung’", "“Smart Kampung”", 1)
        .replacen("”Dengan", "“Dengan", 1)
        .replacen("diadopsi,,”", "diadopsi,”", 1);
    assert_ne!(expected, original);
    // --diff shows them and writes nothing.
    let out = common::check_command(&["--diff", "ref.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        2,
        "{diff}"
    );
    assert!(
        diff.contains("+Banyuwangi juga memiliki program penguatan desa “Smart Kampung”."),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ref.txt")).unwrap(),
        original
    );

    let fixed = run_fix(dir.path(), "--fix");
    assert_eq!(fixed, expected);
    assert_eq!(
        run_fix(dir.path(), "--fix"),
        expected,
        "a second run changes nothing"
    );
    // What is left: the verb, the two spellings of a name, the empty related section.
    let (left, _) = findings_in(dir.path(), &["ref.txt"]);
    let codes: Vec<&str> = left.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["Q307", "Q305", "R401"], "{left:?}");

    let with_verb = expected.replacen("tandasmya", "tandasnya", 1);
    std::fs::write(dir.path().join("ref.txt"), &original).unwrap();
    assert_eq!(run_fix(dir.path(), "--unsafe-fixes"), with_verb);
    assert_eq!(
        run_fix(dir.path(), "--unsafe-fixes"),
        with_verb,
        "a second run changes nothing"
    );
}

#[test]
fn fix_edits_markdown_but_never_html() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.md"), POST).unwrap();
    common::check_command(&["--fix", "a.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        POST.replace("”Kami", "“Kami"),
        "only the reversed opening marks"
    );

    let html = "<html><body><article><h1>Pantai</h1>\n<p>”Kami bangga,” kata Bupati.</p>\n</article></body></html>\n";
    std::fs::write(dir.path().join("b.html"), html).unwrap();
    let out = common::check_command(&["--format", "sarif", "--fix", "b.html"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.html")).unwrap(),
        html
    );
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "Q303"), "{sarif:#}");
    assert!(
        results.iter().all(|r| r.get("fixes").is_none()),
        "no fixes offered for HTML"
    );
}

#[test]
fn sarif_offers_no_fixes_for_a_file_fix_would_not_edit() {
    let dir = TempDir::new().unwrap();
    // Windows-1252: the columns of the decoded text are not the file's bytes.
    let mut bytes = b"Judul\n\nSenin, 8 April 2019\n\nBANYUWANGI - Caf\xe9 ramai. \x94Kami senang,,\x94 kata Anas.\n".to_vec();
    bytes.extend_from_slice(b"\n");
    std::fs::write(dir.path().join("w.txt"), &bytes).unwrap();
    let out = common::check_command(&["--format", "sarif", "w.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "Q303"), "{sarif:#}");
    assert!(
        results.iter().all(|r| r.get("fixes").is_none()),
        "{sarif:#}"
    );
}

#[test]
fn sarif_carries_the_fixes_valid_and_read_by_sarif_tools() {
    let Some((dir, _)) = reference_copy() else {
        return;
    };
    let out = common::check_command(&["--format", "sarif", "ref.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    std::fs::write(dir.path().join("ref.sarif"), &out.stdout).unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let errors = common::sarif_schema_errors(&sarif).unwrap();
    assert!(errors.is_empty(), "{errors:#?}");

    // The sarif-tools package reads it back, fixes included.
    let script = "import json, sys\nfrom sarif import loader\nf = loader.load_sarif_file(sys.argv[1])\nprint(json.dumps([[r['ruleId'], [c['insertedContent']['text'] for x in r.get('fixes', []) for a in x['artifactChanges'] for c in a['replacements']]] for r in f.get_results()]))\n";
    let python = std::process::Command::new("python3")
        .args(["-c", script, "ref.sarif"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    if !python.status.success() {
        let stderr = String::from_utf8_lossy(&python.stderr);
        if std::env::var("CI").is_ok_and(|v| v == "true") || !stderr.contains("No module named") {
            panic!("sarif-tools: {stderr}");
        }
        eprintln!(
            "SKIPPED: the sarif-tools Python package is not installed (pip install sarif-tools)"
        );
        return;
    }
    let read: Value = serde_json::from_slice(&python.stdout).unwrap();
    assert_eq!(
        read,
        serde_json::json!([
            ["Q306", [","]],
            ["Q307", []],
            ["Q305", ["tandasnya"]],
            ["Q302", ["”"]],
            ["Q303", ["“"]],
            ["R401", []]
        ])
    );
}

/// PATH with the arsip under test first.
fn path_with_arsip() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_arsip")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_pre_commit_hooks_run_with_the_real_pre_commit() {
    if !common::have("pre-commit", "--version", "pip install pre-commit") {
        return;
    }
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("pre-commit")
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let dir = TempDir::new().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/a.md"), POST).unwrap();
    std::fs::write(site.join("content/style.css"), "p { color: red }\n").unwrap();
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    let try_repo = |hook: &str| {
        std::process::Command::new("pre-commit")
            .args(["try-repo", repo, hook, "--all-files"])
            .current_dir(&site)
            .env("PATH", path_with_arsip())
            .env("PRE_COMMIT_HOME", dir.path().join("cache"))
            .output()
            .unwrap()
    };
    let out = try_repo("arsip-check-system");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("content/a.md:6:1: warning[Q303]"),
        "{stdout}"
    );
    assert!(!stdout.contains("style.css"), "{stdout}");

    // Fixed and suppressed, the hook passes.
    let clean = POST.replace("”Kami", "“Kami").replace(
        "---\n\n",
        "---\n\n<!-- arsip-ignore-file dateline-missing -->\n\nBANYUWANGI – Pantai ramai.\n\n",
    );
    std::fs::write(site.join("content/a.md"), clean).unwrap();
    git(&site, &["add", "."]);
    let out = try_repo("arsip-check-system");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_github_actions_example_runs_as_written() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/github/arsip.yml");
    let workflow: Value = yaml_serde::from_str(&std::fs::read_to_string(example).unwrap()).unwrap();
    assert_eq!(workflow["permissions"]["security-events"], "write");
    let steps = workflow["jobs"]["check"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
        && s["with"]["sarif_file"] == "arsip.sarif"));
    let commands: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .filter(|run| run.starts_with("arsip "))
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");

    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/a.md"), POST).unwrap();
    let run = |command: &str| {
        std::process::Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .env("PATH", path_with_arsip())
            .output()
            .unwrap()
    };
    let out = run("arsip check --write-baseline arsip-baseline.json content/ > /dev/null");
    assert!(out.status.success() || out.status.code() == Some(1));
    for command in &commands {
        let out = run(command);
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("arsip.sarif")).unwrap()).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(
        uri, "content/a.md",
        "relative to the repository, as code scanning wants"
    );
    if let Some(errors) = common::sarif_schema_errors(&sarif) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // A new defect fails the gate, as a GitHub annotation.
    std::fs::write(
        dir.path().join("content/a.md"),
        format!("{POST}\n”Kami lelah,” kata Bupati.\n"),
    )
    .unwrap();
    let out = run(commands[1]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::warning file=content/a.md,line=10"));
}

#[test]
fn file_comments_silence_what_the_whole_batch_finds_too() {
    let dir = TempDir::new().unwrap();
    let page = |title: &str, separator: &str| {
        format!("---\ntitle: {title}\ndate: 2019-04-01\n---\n\nBANYUWANGI {separator} Pantai ramai sekali hari ini.\n")
    };
    for i in 1..=3 {
        std::fs::write(dir.path().join(format!("a{i}.md")), page("Pantai", "–")).unwrap();
    }
    std::fs::write(dir.path().join("b.md"), page("Pantai", "-")).unwrap();
    let (found, _) = findings_in(dir.path(), &["."]);
    assert_eq!(found, [("L205".to_string(), 6)]);
    let silenced = format!("{}\n<!-- arsip-ignore-file L205 -->\n", page("Pantai", "-"));
    std::fs::write(dir.path().join("b.md"), silenced).unwrap();
    let (found, _) = findings_in(dir.path(), &["."]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn fix_leaves_files_it_cannot_write_back_as_read_and_says_so() {
    let dir = TempDir::new().unwrap();
    // windows-1252: `\x94` is `”`. Writing back UTF-8 would change every other letter.
    let bytes = b"Jalan Baru\n\nSenin, 1 April 2019\n\nPara warga datang. \x94Kami bangga,\x94 kata Bupati caf\xe9.\n".to_vec();
    std::fs::write(dir.path().join("lama.txt"), &bytes).unwrap();
    let out = common::check_command(&["--fix", "lama.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(std::fs::read(dir.path().join("lama.txt")).unwrap(), bytes);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lama.txt: not fixed: the file is not UTF-8"),
        "{stderr}"
    );
}

/// Hostile case 08: `check --fix` reaches its fixed point in one run. Mending one mark can
/// leave or reveal another defect, so the fixes are made again on the fixed text until
/// none is left.
mod fix_reaches_its_fixed_point {
    use super::common;
    use proptest::prelude::*;
    use proptest::test_runner::RngSeed;
    use std::path::Path;

    const HEAD: &str = "Judul Berita\nSenin, 01 Apr 2019 10.15 WIB\n\n";

    /// `t.txt` in `dir` after one `arsip check FLAG t.txt`.
    fn fix_once(dir: &Path, flag: &str) -> String {
        common::check_command(&[flag, "--exit-zero", "t.txt"])
            .current_dir(dir)
            .output()
            .unwrap();
        std::fs::read_to_string(dir.join("t.txt")).unwrap()
    }

    /// What one run and then a second run of `FLAG` leave of `text`.
    fn fixed_twice(text: &str, flag: &str) -> (String, String) {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("t.txt"), text).unwrap();
        let once = fix_once(dir.path(), flag);
        (once, fix_once(dir.path(), flag))
    }

    #[test]
    fn a_reversed_pair_is_mended_in_one_run() {
        let (once, twice) = fixed_twice(&format!("{HEAD}”“\n"), "--fix");
        assert_eq!(once, format!("{HEAD}“”\n"));
        assert_eq!(twice, once, "a second run changes nothing");
    }

    #[test]
    fn doubled_commas_and_stray_marks_settle_in_one_run() {
        let (once, twice) = fixed_twice(&format!("{HEAD}“,,,““\n"), "--fix");
        assert_eq!(twice, once, "a second run changes nothing");
        // (A left mark after a comma opens a quotation, `said,“Hello`: there the commas
        // stand in an unclosed one, which Q306 does not judge.)
        let (once, twice) = fixed_twice(&format!("{HEAD}“Ramai,,,”“ kata Anas.\n"), "--fix");
        assert_eq!(twice, once, "a second run changes nothing");
        assert!(!once.contains(",,"), "{once}");
    }

    #[test]
    fn a_well_formed_pair_glued_to_words_is_left_alone() {
        let text = format!("{HEAD}AprWIB ANTARAẞ“”ıIKAFÉANTARAİ(*)İİSTANBUL–(fyk/ash)Pewarta:2019Editor:01ANTARAI01“-SeninWIB\n");
        let (once, twice) = fixed_twice(&text, "--fix");
        assert_eq!(once, text, "nothing to mend");
        assert_eq!(twice, text);
    }

    fn body() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "«",
            "»",
            "„",
            " ",
            ",",
            ".",
            ",,",
            "!!",
            "kata Anas",
            "tandasmya",
            "Ini",
            "ẞ",
            "İ",
            "\n\n",
        ]);
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        // Each case runs arsip four times: a few dozen cases, the same ones every run.
        #![proptest_config(ProptestConfig {
            cases: 40,
            rng_seed: RngSeed::Fixed(14),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]
        #[test]
        fn fixing_twice_changes_nothing_the_second_time(body in body()) {
            let text = format!("{HEAD}{body}\n");
            for flag in ["--fix", "--unsafe-fixes"] {
                let (once, twice) = fixed_twice(&text, flag);
                prop_assert_eq!(twice, once, "{}", flag);
            }
        }
    }
}

#[test]
fn fix_leaves_html_by_name_read_only_files_and_links_out_of_the_folder_alone() {
    let dir = TempDir::new().unwrap();
    let text = "Judul Berita\n\nSenin, 8 April 2019\n\nBANYUWANGI - Warga datang. “Tahun ini ramai,,” ujar Bramuda.\n";
    // Plain text saved under an HTML name: an HTML source all the same.
    std::fs::write(dir.path().join("berita.html"), text).unwrap();
    common::check_command(&["--fix", "berita.html"])
        .current_dir(dir.path())
        .assert()
        .stderr(predicates::str::contains("never edited"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("berita.html")).unwrap(),
        text
    );

    // Read-only: refused and exit 2, also for root, whom the mode does not stop.
    let frozen = dir.path().join("ro.txt");
    std::fs::write(&frozen, text).unwrap();
    let mut mode = std::fs::metadata(&frozen).unwrap().permissions();
    mode.set_readonly(true);
    std::fs::set_permissions(&frozen, mode).unwrap();
    common::check_command(&["--fix", "ro.txt"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is read-only"));
    assert_eq!(std::fs::read_to_string(&frozen).unwrap(), text);
    // So is `convert -o` onto it.
    assert_cmd::Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "convert",
            "--no-config",
            "--quiet",
            "berita.html",
            "-o",
            "ro.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "ro.txt: cannot write output: is read-only",
        ));
    assert_eq!(std::fs::read_to_string(&frozen).unwrap(), text);

    // A link in the folder to a file outside it.
    #[cfg(unix)]
    {
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, text).unwrap();
        std::os::unix::fs::symlink(&outside, content.join("link.txt")).unwrap();
        common::check_command(&["--fix", "content"])
            .current_dir(dir.path())
            .assert()
            .stderr(predicates::str::contains("outside the folders checked"));
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), text);
        // Named itself, the link is followed as a shell would.
        common::check_command(&["--fix", "content/link.txt"])
            .current_dir(dir.path())
            .assert()
            .code(0);
        assert!(std::fs::read_to_string(&outside)
            .unwrap()
            .contains("ramai,”"));
    }
}

#[test]
fn the_diff_applies_with_patch_to_the_bytes_fix_writes() {
    let Ok(status) = std::process::Command::new("patch")
        .arg("--version")
        .output()
    else {
        eprintln!("SKIP: no `patch` on PATH to apply the diff with");
        return;
    };
    assert!(status.status.success());
    let line = "BANYUWANGI - Warga datang ke pantai. “Tahun ini ramai,,” ujar Bramuda.";
    for (name, text) in [
        ("bom.md", format!("\u{feff}{line}\n\nParagraf dua.\n")),
        (
            "cr.txt",
            format!("Judul\r\rSenin, 8 April 2019\r\r{line}\r"),
        ),
        (
            "crlf.txt",
            format!("Judul\r\n\r\nSenin, 8 April 2019\r\n\r\n{line}"),
        ),
    ] {
        let dir = TempDir::new().unwrap();
        std::fs::write(dir.path().join(name), &text).unwrap();
        let diff = common::check_command(&["--diff", name])
            .current_dir(dir.path())
            .output()
            .unwrap();
        std::fs::write(dir.path().join("d.patch"), &diff.stdout).unwrap();
        std::fs::copy(dir.path().join(name), dir.path().join("patched")).unwrap();
        let applied = std::process::Command::new("patch")
            .args(["-s", "patched", "d.patch"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            applied.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&applied.stdout),
            String::from_utf8_lossy(&diff.stdout)
        );
        // Other findings may be left (a Markdown file without front matter has no title).
        common::check_command(&["--fix", name])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_ne!(
            std::fs::read(dir.path().join(name)).unwrap(),
            text.as_bytes()
        );
        assert_eq!(
            std::fs::read(dir.path().join("patched")).unwrap(),
            std::fs::read(dir.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn check_walks_a_hugo_page_bundle_for_its_article_not_its_resources() {
    let dir = TempDir::new().unwrap();
    let bundle = dir.path().join("content/posts/festival");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(bundle.join("index.md"), POST.replace("”Kami", "“Kami")).unwrap();
    std::fs::write(bundle.join("cover.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(bundle.join("data.json"), r#"{"cover": "cover.png"}"#).unwrap();
    std::fs::write(
        dir.path().join("content/style.css"),
        "body { color: red }\n",
    )
    .unwrap();
    common::check_command(&["content"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout(predicates::str::contains("in 1 of 1 input(s)"));
    // Named by --include, a resource is read (and this one is no article).
    common::check_command(&["--include", "**/*.json", "content"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    // `convert` leaves nothing out: every file is an output or a reported failure.
    let out = dir.path().join("out");
    assert_cmd::Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(dir.path())
        .args(["convert", "--no-config", "--out-dir"])
        .arg(&out)
        .arg("content")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cover.png"));
}

/// Text that only looks like a comment (in code, front matter, a `<script>`, a
/// `<textarea>`, an attribute) is no comment and silences nothing.
#[test]
fn only_real_comments_silence() {
    let dir = TempDir::new().unwrap();
    let front = "---\ntitle: Judul\ndate: 2019-04-08\nlang: id\n---\n\n";
    let quote = "“Ramai,,” ujar Bramuda.";
    let markdown = [
        format!("{front}```html\n<!-- arsip-ignore-file -->\n```\n\n{quote}\n"),
        format!("{front}    <!-- arsip-ignore-file -->\n\n{quote}\n"),
        format!("{front}Tulis `<!-- arsip-ignore-file -->` di sini.\n\n{quote}\n"),
        format!("{front}<script>\nvar w = \"<!-- arsip-ignore-file -->\";\n</script>\n\n{quote}\n"),
        front.replace(
            "lang: id\n",
            "lang: id\ndescription: \"<!-- arsip-ignore-file -->\"\n",
        ) + quote
            + "\n",
    ];
    let page = |inside: &str| {
        format!("<!doctype html>\n<html lang=\"id\"><head><title>Judul Berita Festival</title></head><body>\n<h1>Judul Berita Festival</h1>\n<article>\n<p>BANYUWANGI - Warga datang ke pantai untuk festival tahun ini.</p>\n{inside}\n<p>{quote}</p>\n</article></body></html>\n")
    };
    let html = [
        page("<script>var w = \"<!-- arsip-ignore-file -->\";</script>"),
        page("<style>/* <!-- arsip-ignore-file --> */</style>"),
        page("<textarea><!-- arsip-ignore-file --></textarea>"),
        page("<p title=\"<!-- arsip-ignore-file -->\">Keterangan foto.</p>"),
    ];
    let files = markdown
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("{i}.md"), text))
        .chain(
            html.iter()
                .enumerate()
                .map(|(i, text)| (format!("{i}.html"), text)),
        );
    for (name, text) in files {
        std::fs::write(dir.path().join(&name), text).unwrap();
        let (found, _) = findings_in(dir.path(), &[&name]);
        assert!(
            found.iter().any(|f| f.0 == "Q306"),
            "{name}: {found:?}\n{text}"
        );
    }
    // The real comment, for contrast, in both.
    std::fs::write(
        dir.path().join("real.md"),
        format!("{front}<!-- arsip-ignore-file -->\n\n{quote}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("real.html"),
        page("<!-- arsip-ignore-file -->"),
    )
    .unwrap();
    for name in ["real.md", "real.html"] {
        let (found, _) = findings_in(dir.path(), &[name]);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}

/// In HTML a comment silences the paragraph it stands in wherever it stands in it, and
/// of paragraphs split by `<br><br>` only the one it stands in or before.
#[test]
fn html_comments_silence_their_own_paragraph() {
    let dir = TempDir::new().unwrap();
    let trailing = "<!doctype html>\n<html lang=\"id\">\n<head><title>Judul Berita Festival</title></head>\n<body>\n<h1>Judul Berita Festival</h1>\n<p>Senin, 8 April 2019</p>\n<article>\n<p>BANYUWANGI - Warga datang ke pantai untuk festival tahun ini.</p>\n<p>“Ramai,,” ujar Bramuda. <!-- arsip-ignore Q306 --></p>\n<p>“Ramai,,” ujar Bramuda lagi.</p>\n</article>\n</body>\n</html>\n";
    std::fs::write(dir.path().join("trailing.html"), trailing).unwrap();
    let (found, _) = findings_in(dir.path(), &["trailing.html"]);
    let q306 = lines_of(&found, "Q306");
    assert_eq!(q306, [10], "{found:?}");

    let breaks = "<!doctype html>\n<html lang=\"id\"><head><title>Judul Berita Festival</title></head><body>\n<h1>Judul Berita Festival</h1>\n<p>Senin, 8 April 2019</p>\n<article>\nBANYUWANGI - Warga datang ke pantai untuk festival tahun ini.<br><br>\n<!-- arsip-ignore Q306 -->“Ramai,,” ujar Bramuda.<br><br>\n“Ramai,,” ujar Bramuda lagi di tempat lain. <!-- arsip-ignore Q305 --><br><br>\n“Ramai,,” tandasmya Bramuda.<br><br>\nPenutup berita ini.\n</article></body></html>\n";
    std::fs::write(dir.path().join("breaks.html"), breaks).unwrap();
    let (found, _) = findings_in(dir.path(), &["breaks.html"]);
    let q306 = lines_of(&found, "Q306");
    assert_eq!(q306, [8, 9], "{found:?}");
    let q305 = lines_of(&found, "Q305");
    assert_eq!(
        q305,
        [9],
        "the trailing comment is its own paragraph's: {found:?}"
    );
}

/// Comments name rules as `arsip.yaml` does (families and prefixes too); a word that names
/// none is told with the file and line, and silences nothing.
#[test]
fn comments_take_families_and_tell_unknown_rules() {
    let dir = TempDir::new().unwrap();
    let text = "---\ntitle: Judul\ndate: 2019-04-08\nlang: id\n---\n\nBANYUWANGI - Warga datang ke pantai untuk festival tahun ini.\n\n<!-- arsip-ignore Q036, quote-dubled -->\n“Ramai,,” ujar Bramuda.\n\n<!-- arsip-ignore quote -->\n“Ramai,,” ujar Bramuda lagi.\n\n<!-- arsip-ignore Q3 -->\n“Ramai,,” ujar Bramuda sekali lagi.\n";
    std::fs::write(dir.path().join("s.md"), text).unwrap();
    let (found, stderr) = findings_in(dir.path(), &["s.md"]);
    let q306 = lines_of(&found, "Q306");
    assert_eq!(q306, [10], "{found:?}");
    assert!(
        stderr.contains("s.md: line 9: `arsip-ignore` names no rule, family or code prefix `Q036`, `quote-dubled`"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("names no rule").count(), 1, "{stderr}");

    let page = "<html lang=\"id\"><head><title>Judul</title></head><body><article>\n<p>BANYUWANGI - Warga datang ke pantai untuk festival tahun ini.</p>\n<!-- arsip-ignore-file Q999 -->\n<p>“Ramai,,” ujar Bramuda.</p>\n</article></body></html>\n";
    std::fs::write(dir.path().join("p.html"), page).unwrap();
    let (found, stderr) = findings_in(dir.path(), &["p.html"]);
    assert!(found.iter().any(|f| f.0 == "Q306"), "{found:?}");
    assert!(
        stderr.contains("p.html: line 3: `arsip-ignore-file` names no rule"),
        "{stderr}"
    );
}

#[test]
fn the_diff_names_a_file_with_a_space_so_patch_finds_it() {
    if std::process::Command::new("patch")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIP: no `patch` on PATH to apply the diff with");
        return;
    }
    let dir = TempDir::new().unwrap();
    let text =
        "Judul\n\nSenin, 8 April 2019\n\nBANYUWANGI - Warga datang. “Ramai,,” ujar Bramuda.\n";
    std::fs::write(dir.path().join("Berita Baru.txt"), text).unwrap();
    let diff = common::check_command(&["--diff", "Berita Baru.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let applied = std::process::Command::new("patch")
        .args(["-s", "-p1"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&diff.stdout)?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    let patched = std::fs::read_to_string(dir.path().join("Berita Baru.txt")).unwrap();
    assert!(patched.contains("“Ramai,” ujar"), "{patched}");
}

#[test]
fn an_exclude_written_with_a_leading_dot_slash_excludes() {
    let dir = TempDir::new().unwrap();
    let posts = dir.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(posts.join("a.md"), POST).unwrap();
    std::fs::write(posts.join("b.md"), POST.replace("”Kami", "“Kami")).unwrap();
    let (findings, _) = findings_in(
        &dir.path().join("content"),
        &["--exclude", "./posts/a.md", "."],
    );
    assert!(
        findings.iter().all(|f| f.0 != "Q303"),
        "a.md was checked: {findings:?}"
    );
}

/// Hostile round 13b, case 05: a name shown to people is not the file's URI.
#[cfg(unix)]
#[test]
fn sarif_names_the_file_by_its_own_path_and_fix_edits_it() {
    let dir = TempDir::new().unwrap();
    let text =
        "Judul\n\nSenin, 8 April 2019\n\nBANYUWANGI - Warga datang. “Ramai,,” ujar Bramuda.\n";
    for name in ["a\\b.txt", "tab\tname.txt"] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = common::check_command(&["--format", "sarif", "a\\b.txt", "tab\tname.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let uris: std::collections::BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris.into_iter().collect::<Vec<_>>(),
        ["a%5Cb.txt", "tab%09name.txt"]
    );
    common::check_command(&["--fix", "--exit-zero", "tab\tname.txt"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(dir.path().join("tab\tname.txt")).unwrap();
    assert!(fixed.contains("“Ramai,” ujar"), "{fixed}");
}
