//! `arsip check` as CI and editors run it: formats, exit codes, configuration errors.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const CLEAN: &str = "fixtures/text/semarang-antara-wib.txt";
const MISMATCH: &str = "fixtures/text/weekday-mismatch-body-dates.txt";
const DEFECTS: &str = "fixtures/text/banyuwangi-festival-gandrung.txt";

fn arsip() -> Command {
    Command::cargo_bin("arsip").unwrap()
}

fn check(args: &[&str]) -> Command {
    common::check_command(args)
}

fn stdout_of(mut command: Command) -> String {
    String::from_utf8(command.output().unwrap().stdout).unwrap()
}

#[test]
fn text_report_has_headline_snippet_caret_and_summary() {
    // An Indonesian article is told in Indonesian.
    let out = check(&[MISMATCH]).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains(
        "fixtures/text/weekday-mismatch-body-dates.txt:3:1: error[D104] hari yang tercetak Selasa, padahal 2019-04-01 jatuh pada hari Senin\n  |\n3 | Selasa, 1 April 2019\n  | ^^^^^^^\n  = help: cetak harinya sebagai `Senin`, atau periksa tanggalnya\n"
    ), "{text}");
    assert!(
        text.ends_with(
            "Found 2 finding(s) (1 error(s), 1 warning(s), 0 info) in 1 of 1 input(s).\n"
        ),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn color_is_forced_with_always_and_refused_with_never() {
    let forced = stdout_of(check(&["--color", "always", MISMATCH]));
    assert!(forced.contains("\x1b[1;31merror"));
    let plain = stdout_of(check(&["--color", "never", MISMATCH]));
    assert!(!plain.contains('\x1b'));
}

#[test]
fn exit_codes_follow_the_failure_level() {
    // Warnings and infos only: passes by default, fails from --fail-on warning.
    check(&[DEFECTS]).assert().code(0);
    check(&["--fail-on", "warning", DEFECTS]).assert().code(1);
    check(&["--fail-on", "info", CLEAN]).assert().code(0);
    check(&[MISMATCH]).assert().code(1);
    check(&["--exit-zero", MISMATCH]).assert().code(0);
    // An unreadable input is exit 2, even with --exit-zero.
    check(&["--exit-zero", MISMATCH, "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("arsip: missing.txt: no such file"));
}

#[test]
fn json_report_is_one_document_with_summary() {
    let text = stdout_of(check(&["--format", "json", MISMATCH, "missing.txt"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["summary"]["errors"], 1);
    assert_eq!(value["summary"]["failed"], 1);
    assert_eq!(value["findings"][0]["code"], "D104");
    assert_eq!(value["findings"][0]["line"], 3);
    assert_eq!(value["findings"][0]["field"], "published");
    assert_eq!(value["failures"][0]["path"], "missing.txt");
}

#[test]
fn ndjson_report_is_one_finding_per_line() {
    let text = stdout_of(check(&["--format", "ndjson", MISMATCH, DEFECTS]));
    let findings: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(findings.len() >= 5);
    assert!(findings
        .iter()
        .all(|f| f["code"].is_string() && f["severity"].is_string()));
}

#[test]
fn sarif_report_validates_against_the_sarif_schema() {
    let text = stdout_of(check(&[
        "--format",
        "sarif",
        MISMATCH,
        DEFECTS,
        "missing.txt",
    ]));
    let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), arsip::rules::registry().len());
    assert!(rules.iter().all(|r| r["help"]["text"].is_string()));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "D104"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3));
    let Some(errors) = common::sarif_schema_errors(&sarif) else {
        return;
    };
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn junit_report_has_one_test_case_per_input() {
    let text = stdout_of(check(&[
        "--format",
        "junit",
        MISMATCH,
        CLEAN,
        "missing.txt",
    ]));
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut cases, mut failures, mut errors) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    b"error" => errors += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((cases, failures, errors), (3, 1, 1));
    // The failure's type is its worst finding's severity, whatever --fail-on crossed.
    let info = stdout_of(check(&["--format", "junit", "--fail-on", "info", MISMATCH]));
    assert!(info.contains("type=\"error\""), "{info}");
    assert!(text.contains("tests=\"3\" failures=\"1\" errors=\"1\""));
}

#[test]
fn github_report_is_workflow_annotations() {
    // A team that reads English forces it; the weekday to print stays the article's.
    let text = stdout_of(check(&[
        "--format",
        "github",
        "--message-language",
        "en",
        MISMATCH,
    ]));
    assert!(text.contains(
        "::error file=fixtures/text/weekday-mismatch-body-dates.txt,line=3,col=1,title=D104 date-weekday-mismatch::printed weekday is Tuesday but 2019-04-01 is a Monday (help: print the weekday as `Senin`, or check the date)"
    ), "{text}");
    let refused = check(&["--message-language", "xx", MISMATCH])
        .assert()
        .code(2);
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no messages in `xx`"), "{stderr}");
    assert!(text.contains("::warning file="));
}

#[test]
fn reports_are_deterministic() {
    let args = ["--format", "sarif", DEFECTS, MISMATCH, CLEAN];
    assert_eq!(stdout_of(check(&args)), stdout_of(check(&args)));
}

#[test]
fn configuration_is_found_upwards_and_applied() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("arsip.yaml"),
        "ignore: [D104]\nnow: 2026-01-01\n",
    )
    .unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let input = nested.join("x.txt");
    std::fs::copy(MISMATCH, &input).unwrap();
    Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(&nested)
        .args(["check", "x.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("D104").not());
}

#[test]
fn override_paths_are_relative_to_the_configuration_however_inputs_are_named() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("arsip.yaml"),
        "now: 2026-01-01\noverrides:\n  - paths: [\"archive/2008/**\"]\n    ignore: [D104]\n",
    )
    .unwrap();
    let folder = dir.path().join("archive/2008");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(MISMATCH, folder.join("x.txt")).unwrap();
    let absolute = dir.path().join("archive").to_string_lossy().into_owned();
    for (cwd, input) in [
        (dir.path().to_path_buf(), "archive"),
        (dir.path().to_path_buf(), "./archive"),
        (dir.path().to_path_buf(), absolute.as_str()),
        (folder.clone(), "x.txt"),
    ] {
        Command::cargo_bin("arsip")
            .unwrap()
            .current_dir(&cwd)
            .args(["check", input])
            .assert()
            .stdout(predicate::str::contains("D104").not());
    }
}

#[test]
fn bad_configuration_is_exit_2_with_line_and_key() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("arsip.yaml");
    std::fs::write(&config, "now: 2026-01-01\nselct: [date]\n").unwrap();
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["check", "--config"])
        .arg(&config)
        .arg(CLEAN)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(":2:").and(predicate::str::contains("unknown field `selct`")),
        );
    std::fs::write(&config, "severity:\n  D999: error\n").unwrap();
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["check", "--config"])
        .arg(&config)
        .arg(CLEAN)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("severity.D999: no rule"));
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let text = stdout_of(check(&["--select", "quote", DEFECTS]));
    assert!(text.contains("[Q30") && !text.contains("[R401]"));
    let text = stdout_of(check(&["--ignore", "Q3,related", DEFECTS]));
    assert!(!text.contains("[Q30") && !text.contains("[R401]"));
    check(&["--select", "nonsense", DEFECTS]).assert().code(2);
}

#[test]
fn convert_prints_findings_on_stderr_only_and_strict_fails_on_errors() {
    let out = arsip()
        .args(["convert", "--no-config", "--now", "2026-01-01", MISMATCH])
        .assert()
        .code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    serde_json::from_str::<serde_json::Value>(&stdout).expect("stdout is only the article");
    assert!(stderr.contains("error[D104]"), "{stderr}");
    arsip()
        .args([
            "convert",
            "--no-config",
            "--strict",
            "--now",
            "2026-01-01",
            MISMATCH,
        ])
        .assert()
        .code(1);
    arsip()
        .args([
            "convert",
            "--no-config",
            "--strict",
            "--quiet",
            "--now",
            "2026-01-01",
            CLEAN,
        ])
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn rules_and_explain() {
    let mut rules_json = arsip();
    rules_json.args(["rules", "--format", "json"]);
    let json = stdout_of(rules_json);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rules.len(), arsip::rules::registry().len());
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["explain", "date-weekday-mismatch"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("D104 date-weekday-mismatch"));
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["explain", "X999"])
        .assert()
        .code(2)
        .stderr("arsip: no rule with code or name `X999` (see `arsip rules`)\n");
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = arsip::rules::docs::markdown();
    if std::env::var("ARSIP_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date; run `ARSIP_BLESS=1 cargo test --test check`"
    );
}

/// The acceptance of the check issue, on the reference article as a new user runs it.
#[test]
fn reference_article_findings() {
    let Some(path) = common::shared_file("samples/banyuwangi-2019-04-01.txt") else {
        return;
    };
    let text = stdout_of(check(&["--format", "json", path.to_str().unwrap()]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let findings = value["findings"].as_array().unwrap();
    let at = |code: &str| -> Vec<(u64, String)> {
        findings
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(at("Q302").len(), 1, "“Smart Kampung’");
    assert_eq!(at("Q302")[0].0, 24);
    assert_eq!(at("Q303")[0].0, 24, "”Dengan");
    let verb = findings
        .iter()
        .find(|f| f["code"] == "Q305")
        .expect("tandasmya");
    assert_eq!(verb["line"], 14);
    assert!(verb["suggestion"].as_str().unwrap().contains("tandasnya"));
    assert_eq!(at("Q306")[0].0, 10, "diadopsi,,”");
    assert!(at("Q307")[0].1.contains("Emmliya") && at("Q307")[0].1.contains("Emmilya"));
    let related = findings
        .iter()
        .find(|f| f["code"] == "R401")
        .expect("empty related section");
    assert_eq!(related["severity"], "info");
    assert_eq!(related["line"], 32);
    for f in findings {
        let code = f["code"].as_str().unwrap();
        assert!(
            !code.starts_with('D') && !code.starts_with('L'),
            "unexpected {f}"
        );
        assert_ne!(
            code, "Q304",
            "straight-quoted paragraphs are attributed: {f}"
        );
    }
}

#[test]
fn reports_that_cannot_spill_name_the_temporary_folder() {
    // Enough reports to pass the spool's memory budget, with TMPDIR pointing nowhere.
    let dir = TempDir::new().unwrap();
    let stream = dir.path().join("many.jsonl");
    let line = |i: usize| {
        format!("{{\"text\":\"Judul {i}\\n\\n“Kami siap,, kata dia. Tanpa tanggal.\"}}\n")
    };
    std::fs::write(&stream, (0..20_000).map(line).collect::<String>()).unwrap();
    let missing = dir.path().join("no-such-folder");
    let out = arsip()
        .args(["check", "--no-config", "--from", "ndjson"])
        .arg(&stream)
        .env("TMPDIR", &missing)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!("temporary folder {}", missing.display()))
            && stderr.contains("TMPDIR"),
        "{stderr}"
    );
}
