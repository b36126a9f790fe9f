//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use arsip::read::{read, Input, InputFormat};
use arsip::Article;

/// Reads a fixture the way `arsip convert fixtures/...` does, with the same relative path.
pub fn read_fixture(path: &Path) -> Article {
    let relative = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read(
        &Input::from_bytes(bytes, Some(&relative)),
        InputFormat::Auto,
    )
    .unwrap_or_else(|e| panic!("{relative}: {e}"))
    .article
}

/// Every text fixture, sorted.
pub fn text_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/text exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "expected at least 8 text fixtures");
    paths
}

/// A file from `../shared`, or `None` with a plain message when it is not there. In CI
/// (`CI=true`) its absence is a failure: CI always has `../shared` beside the clone.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is missing, and CI must have ../shared", path.display());
    }
    eprintln!(
        "SKIPPED: {} is not present; this test needs ../shared beside the repository",
        path.display()
    );
    None
}

/// `arsip check` that depends neither on the clock nor on a configuration above the
/// repository.
pub fn check_command(args: &[&str]) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("arsip").unwrap();
    command
        .arg("check")
        .arg("--no-config")
        .args(["--now", "2026-01-01"])
        .args(args);
    command
}

/// The errors of a SARIF document against the SARIF 2.1.0 schema in `../shared`; `None`
/// (said) when `../shared` is not there.
pub fn sarif_schema_errors(sarif: &serde_json::Value) -> Option<Vec<String>> {
    let schema_path = shared_file("schemas/sarif/sarif-schema-2.1.0.json")?;
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    Some(
        validator
            .iter_errors(sarif)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect(),
    )
}

/// Whether `program` runs (`program version_arg`); without it a test says so, with how to
/// install it, and passes, except in CI (`CI=true`), whose `.ci/run` installs it.
pub fn have(program: &str, version_arg: &str, install: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{program} is missing, and .ci/run installs it");
        }
        eprintln!("SKIPPED: `{program}` is not installed ({install})");
    }
    found
}

/// The files below an out-dir, relative to it, sorted; the out-dir's journal (which names
/// each run, so differs from run to run) left out.
pub fn outputs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".arsip-journal") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}
