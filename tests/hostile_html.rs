//! Markup written to break a parser: nesting html5ever never closes, stray end tags,
//! tables inside formatting elements, thousands of attributes on one tag. Each fails its
//! one input with a one-line reason, in seconds, and a batch goes on with the rest. The
//! pages are generated here, not committed.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

fn arsip(args: &[&str]) -> Output {
    Command::cargo_bin("arsip")
        .unwrap()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

/// The hostile pages, by name.
fn hostile() -> Vec<(&'static str, String)> {
    let attributes = (0..100_000).map(|i| format!(" a{i}")).collect::<String>();
    vec![
        // 6 MB of unclosed <font>: html5ever keeps every one open (a stack overflow).
        ("font.html", "<font>".repeat(1_000_000)),
        // Stray end tags lower no depth (an abort in `check`, 18 s at 50,000).
        ("stray-end.html", "<div></x>".repeat(50_000)),
        // Tables opened inside formatting elements.
        ("table-in-b.html", "<b><table><tr><td>".repeat(20_000)),
        // Foster-parented elements.
        ("foster.html", format!("<table>{}", "<div>".repeat(50_000))),
        // One tag with 100,000 attributes (html5ever is quadratic in them: 40 s).
        ("attributes.html", format!("<div{attributes}>x</div>")),
    ]
}

#[test]
fn each_hostile_page_fails_alone_with_a_one_line_reason_in_seconds() {
    let dir = TempDir::new().unwrap();
    for (name, body) in hostile() {
        let path = write(dir.path(), name, &body);
        for command in ["convert", "check"] {
            let started = Instant::now();
            let out = arsip(&[command, "--no-config", "--from", "html", &path]);
            let took = started.elapsed();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{command} {name}: {:?}\n{stderr}",
                out.status
            );
            let reason = stderr
                .lines()
                .find(|l| l.contains(name))
                .unwrap_or_else(|| panic!("{command} {name}: no reason naming it in {stderr}"));
            assert!(
                reason.contains("not a page arsip can parse"),
                "{command} {name}: {reason}"
            );
            assert!(
                took < Duration::from_secs(30),
                "{command} {name} took {took:?}"
            );
        }
    }
}

#[test]
fn a_batch_reports_the_hostile_pages_and_converts_the_others() {
    let dir = TempDir::new().unwrap();
    let out_dir = dir.path().join("out");
    let mut inputs = vec![write(
        dir.path(),
        "fine.html",
        "<html><head><title>Banjir di Semarang</title></head><body><article><h1>Banjir di \
         Semarang</h1><p>Hujan deras sejak pagi membuat sungai meluap dan merendam ratusan \
         rumah warga di tiga kecamatan.</p></article></body></html>",
    )];
    for (name, body) in hostile() {
        inputs.push(write(dir.path(), name, &body));
    }
    let mut args = vec![
        "convert",
        "--no-config",
        "--from",
        "html",
        "--out-dir",
        out_dir.to_str().unwrap(),
    ];
    args.extend(inputs.iter().map(String::as_str));
    let out = arsip(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (name, _) in hostile() {
        assert!(stderr.contains(name), "{name} not reported: {stderr}");
    }
    let written = common::outputs_under(&out_dir);
    assert_eq!(written.len(), 1, "{written:?}\n{stderr}");
}

#[test]
fn deep_but_legal_nesting_still_converts() {
    let dir = TempDir::new().unwrap();
    let body = format!(
        "<html><body>{}<p>Hujan deras sejak pagi membuat sungai meluap dan merendam ratusan \
         rumah warga di tiga kecamatan di Semarang.</p>{}</body></html>",
        "<div>".repeat(3_000),
        "</div>".repeat(3_000)
    );
    let path = write(dir.path(), "deep.html", &body);
    let out = arsip(&["convert", "--no-config", "--from", "html", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
