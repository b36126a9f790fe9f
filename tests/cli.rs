//! The `arsip` command as users run it: outputs, exit codes and one-line errors.

use std::io::Read;
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const FIXTURE: &str = "fixtures/text/semarang-antara-wib.txt";
const OTHER: &str = "fixtures/text/mataram-ntb-region.txt";

fn arsip() -> Command {
    Command::cargo_bin("arsip").unwrap()
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// The one line an input failure prints: `arsip: PATH: REASON`.
fn fails_with(args: &[&str], path: &str, reason: &str) {
    let assert = arsip().args(args).assert().code(2).stdout("");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with(&format!("arsip: {path}: ")) && stderr.contains(reason),
        "{stderr}"
    );
}

#[test]
fn one_input_is_pretty_json() {
    let out = arsip().args(["convert", FIXTURE]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.starts_with("{\n  \"id\": \"semarang-antara-wib\""));
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["dateline"]["agency"], "ANTARA");
}

#[test]
fn compact_forces_one_line() {
    arsip()
        .args(["convert", "--compact", FIXTURE])
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn several_inputs_are_json_lines_in_input_order() {
    let out = arsip().args(["convert", FIXTURE, OTHER]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"semarang-antara-wib\"", "\"mataram-ntb-region\""]);
}

#[test]
fn several_inputs_as_yaml_are_a_document_stream() {
    let out = arsip()
        .args(["convert", "--to", "yaml", FIXTURE, OTHER])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Separated, not led, by `---`: a stream of one writes back as the bytes it was read.
    assert!(!stdout.starts_with("---\n"));
    assert_eq!(stdout.matches("\n---\n").count(), 1);
    let docs: Vec<arsip::Article> = yaml_serde::Deserializer::from_str(&stdout)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].id, "mataram-ntb-region");
}

#[test]
fn stdin_is_read_with_dash_or_no_input() {
    let text = std::fs::read(FIXTURE).unwrap();
    for args in [&["convert"][..], &["convert", "-"][..]] {
        let out = arsip()
            .args(args)
            .write_stdin(text.clone())
            .assert()
            .success();
        let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(value["source"]["path"], serde_json::Value::Null);
        assert_eq!(
            value["id"],
            "pemprov-jateng-siapkan-200-posko-mudik-sepanjang-jalur-pantura"
        );
    }
}

#[test]
fn missing_file() {
    fails_with(
        &["convert", "no/such/file.txt"],
        "no/such/file.txt",
        "no such file",
    );
}

#[test]
fn a_folder_is_walked_into_a_stream_in_path_order() {
    let out = arsip()
        .args(["convert", "--quiet", "fixtures/text"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut expected: Vec<String> = std::fs::read_dir("fixtures/text")
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn empty_input() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "empty.txt", b"");
    fails_with(&["convert", &path], &path, "input is empty");
    arsip()
        .arg("convert")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr("arsip: <stdin>: input is empty\n");
}

#[test]
fn whitespace_only_input() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "blank.txt", " \n\t\r\n\u{a0}\n".as_bytes());
    fails_with(&["convert", &path], &path, "only whitespace");
}

#[test]
fn binary_input() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    fails_with(&["convert", &path], &path, "a PNG image, not article text");
    let path = write(&dir, "data.bin", b"\x01\x02\x00\x03");
    fails_with(&["convert", &path], &path, "binary (NUL byte at offset 2)");
}

#[test]
fn html_is_recognised_by_content_not_by_name() {
    let dir = TempDir::new().unwrap();
    let page = "<!DOCTYPE html><html><head><title>Pasar Baru Dibuka di Genteng - Portal</title></head>\
        <body><h1>Pasar Baru Dibuka di Genteng</h1><div class=\"content\"><p>GENTENG – Bupati meresmikan pasar baru, \
        yang dibangun dengan anggaran daerah, pada Senin pagi.</p></div></body></html>";
    let path = write(&dir, "page.txt", page.as_bytes());
    let out = arsip()
        .args(["convert", "--quiet", &path])
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["source"]["format"], "html");
    assert_eq!(value["title"], "Pasar Baru Dibuka di Genteng");
    assert_eq!(value["dateline"]["place"], "Genteng");
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252_with_a_note() {
    let out = arsip()
        .args(["convert", "--quiet", "fixtures/text/windows-1252-lama.txt"])
        .assert()
        .success()
        .stderr("");
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["source"]["encoding"]["name"], "windows-1252");
    assert!(value["source"]["encoding"]["note"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert_eq!(value["dateline"]["separator"], "–");
    assert!(value["body"][1].as_str().unwrap().starts_with("“Pasar ini"));
}

#[test]
fn utf16_with_bom_is_text_not_binary() {
    let dir = TempDir::new().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Judul\n\nSenin, 1 April 2019\n\nIsi berita.\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let path = write(&dir, "utf16.txt", &bytes);
    let out = arsip().args(["convert", &path]).assert().success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["title"], "Judul");
    assert_eq!(value["source"]["encoding"]["decided_by"], "bom");
}

#[test]
fn a_bad_input_does_not_stop_the_others() {
    let out = arsip()
        .args(["convert", FIXTURE, "missing.txt", OTHER])
        .assert()
        .code(2)
        .stderr("arsip: missing.txt: no such file\n");
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .count(),
        2
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("out.yaml");
    arsip()
        .args(["convert", "--to", "yaml", FIXTURE, "-o"])
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&target).unwrap();
    let back: arsip::Article = yaml_serde::from_str(&text).unwrap();
    assert_eq!(back.id, "semarang-antara-wib");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("out.yaml")],
        "no temp files left"
    );
}

#[test]
fn output_file_is_not_created_when_nothing_converts() {
    let dir = TempDir::new().unwrap();
    let empty = write(&dir, "empty.txt", b"");
    let target = dir.path().join("out.json");
    arsip()
        .args(["convert", &empty, "-o"])
        .arg(&target)
        .assert()
        .code(2);
    assert!(!target.exists());
}

#[test]
fn output_to_a_directory_or_onto_an_input_is_refused() {
    let dir = TempDir::new().unwrap();
    arsip()
        .args(["convert", FIXTURE, "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is a directory; -o takes a file name",
        ));
    let input = write(&dir, "a.txt", b"Judul\n\nIsi.\n");
    arsip()
        .args(["convert", &input, "-o", &input])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never overwrites its input"));
    assert_eq!(std::fs::read(&input).unwrap(), b"Judul\n\nIsi.\n");
}

#[test]
fn closed_pipe_ends_quietly() {
    // Enough articles to fill the pipe, so that arsip is still writing when it closes.
    let mut args = vec!["convert".to_string()];
    args.extend(std::iter::repeat_n(FIXTURE.to_string(), 400));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("arsip"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: the pipe is closed.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit {:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn help_shows_examples_and_exit_codes() {
    arsip()
        .args(["convert", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit codes:")));
}

#[test]
fn usage_errors_exit_2() {
    arsip()
        .args(["convert", "--to", "pdf", FIXTURE])
        .assert()
        .code(2);
    arsip().args(["frobnicate"]).assert().code(2);
}

#[test]
fn completions_and_man_page_are_generated() {
    arsip()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("arsip"));
    arsip()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH arsip"));
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let committed = std::fs::read_to_string("schemas/article.schema.json").unwrap();
    arsip()
        .args(["schema", "article"])
        .assert()
        .success()
        .stdout(committed);
}

#[test]
fn gzip_inputs_are_read_transparently() {
    use std::io::Write as _;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("page.html.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&std::fs::read("fixtures/html/wordpress-vaksinasi.html").unwrap())
        .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let out = arsip()
        .args(["convert", "--quiet"])
        .arg(&path)
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["source"]["format"], "html");
    assert_eq!(
        value["title"],
        "Dinas Kesehatan Gelar Vaksinasi Massal di 24 Kecamatan"
    );
    let corrupt = write(
        &dir,
        "bad.html.gz",
        &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3],
    );
    fails_with(&["convert", &corrupt], &corrupt, "gzip data is corrupt");
}

#[test]
fn a_report_that_cannot_be_written_says_where_it_was_going() {
    // A full disk under standard output: one line naming the output, exit 2.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("SKIPPED: no /dev/full on this system");
        return;
    };
    let run = std::process::Command::new(assert_cmd::cargo::cargo_bin("arsip"))
        .args([
            "check",
            "--no-config",
            "fixtures/text/banyuwangi-festival-gandrung.txt",
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("cannot write the report to standard output"),
        "{stderr}"
    );
}

/// A closed standard output (`>&-`) is a failure, not output thrown away: Rust's runtime
/// opens `/dev/null` in its place, which made every command exit 0 having written nothing.
/// Output to `/dev/null` on purpose, and `-o FILE` with stdout closed, still succeed.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_refused_not_lost() {
    let bin = assert_cmd::cargo::cargo_bin("arsip");
    let run = |script: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(&bin)
            .output()
            .unwrap()
    };
    for command in [
        format!("convert --no-config {FIXTURE}"),
        format!("check --no-config {FIXTURE}"),
        "rules".to_string(),
        "schema article".to_string(),
    ] {
        let out = run(&format!("exec \"$0\" {command} >&-"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("standard output is closed"),
            "{command}: {stderr}"
        );
    }
    let out = run(&format!(
        "exec \"$0\" convert --no-config {FIXTURE} >/dev/null"
    ));
    assert_eq!(out.status.code(), Some(0));
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("a.json");
    let out = run(&format!(
        "exec \"$0\" convert --no-config {FIXTURE} -o {} >&-",
        target.display()
    ));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&target).unwrap().starts_with(b"{"));
}
