//! The bad-input corpus: every hostile or broken input gives a clear one-line error naming
//! the file (or a finding), a non-zero exit where nothing could be converted, and never a
//! panic, a hang or a partial output. Small cases live in `fixtures/bad/`; large ones are
//! generated here.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bad")
        .join(name)
}

fn convert(args: &[&str], inputs: &[&Path]) -> Output {
    let mut command = Command::cargo_bin("arsip").unwrap();
    command
        .args(["convert", "--no-config"])
        .args(args)
        .args(inputs)
        .timeout(Duration::from_secs(60));
    command.output().unwrap()
}

/// Asserts a clean refusal: exit 2, nothing on stdout, one `arsip: PATH: reason` line
/// (among the summary lines) that names the file and says `reason`, and no panic.
fn refused(output: &Output, path: &Path, reason: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "no partial output");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let name = path.file_name().unwrap().to_string_lossy();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("arsip: ") && l.contains(name.as_ref()))
        .unwrap_or_else(|| panic!("no line names {name}: {stderr}"));
    assert!(line.contains(reason), "{line}");
}

/// A batch of a folder into `out`, with its report read back.
fn batch(folder: &Path, out: &Path) -> (Output, serde_json::Value) {
    let report = out.with_extension("report.json");
    let output = convert(
        &[
            "--out-dir",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        &[folder],
    );
    let report = std::fs::read(&report).expect("a batch always writes its report");
    (output, serde_json::from_slice(&report).unwrap())
}

fn article(output: &Output) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&output.stdout).expect("one JSON article")
}

#[test]
fn empty_whitespace_and_binary_are_refused() {
    for (name, reason) in [
        ("empty.txt", "input is empty"),
        ("whitespace-only.txt", "input holds only whitespace"),
        ("binary.png", "input is a PNG image, not article text"),
    ] {
        let path = bad(name);
        refused(&convert(&[], &[&path]), &path, reason);
    }
}

#[test]
fn invalid_utf8_is_read_with_a_fallback_that_is_noted() {
    let out = article(&convert(&[], &[&bad("invalid-utf8.txt")]));
    assert_eq!(out["title"], "Jalan Desa Diperbaiki");
    assert_eq!(out["source"]["encoding"]["decided_by"], "fallback");
    assert!(out["source"]["encoding"]["note"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert_eq!(out["published"]["date"], "2019-04-01");
}

#[test]
fn utf16_with_a_bom_reads_as_text() {
    let out = article(&convert(&[], &[&bad("utf16-bom.txt")]));
    assert_eq!(out["title"], "Pasar Rakyat Dibuka Kembali");
    assert_eq!(out["source"]["encoding"]["name"], "utf-16le");
    assert_eq!(out["source"]["encoding"]["decided_by"], "bom");
    assert_eq!(
        out["quotes"][0]["text"],
        "Pedagang sudah bisa berjualan mulai besok,"
    );
}

#[test]
fn mixed_line_endings_give_paragraphs_and_true_line_numbers() {
    let path = bad("mixed-line-endings.txt");
    let out = article(&convert(&[], &[&path]));
    assert_eq!(out["body"].as_array().unwrap().len(), 2, "{out}");
    assert_eq!(out["dateline"]["place"], "Banyuwangi");
    // CRLF, LF and a lone CR each end one line: the second paragraph starts on line 7.
    let bytes = std::fs::read(&path).unwrap();
    let parsed = arsip::read::read(
        &arsip::read::Input::from_bytes(bytes, Some("mixed-line-endings.txt")),
        arsip::read::InputFormat::Text,
    )
    .unwrap();
    assert_eq!(parsed.map.body[1].start().line, 7);
    assert_eq!(parsed.map.body[0].start().line, 5);
}

#[test]
fn a_page_of_scripts_only_is_an_empty_article_with_an_error_finding() {
    let path = bad("scripts-only.html");
    let output = convert(&[], &[&path]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let out = article(&output);
    assert_eq!(out["body"], serde_json::json!([]));
    assert!(
        stderr.contains("scripts-only.html:2:20: error[S503] the article has no body text"),
        "{stderr}"
    );
    // In CI, --strict makes that error fail the run.
    assert_eq!(convert(&["--strict"], &[&path]).status.code(), Some(1));
}

#[test]
fn unterminated_tags_and_comments_still_give_the_article() {
    let out = article(&convert(&[], &[&bad("unterminated.html")]));
    assert_eq!(out["title"], "Bupati Resmikan Jembatan Baru");
    let body = out["body"].to_string();
    assert!(body.contains("Jembatan sepanjang 40 meter"), "{body}");
}

#[test]
fn entity_bombs_and_external_entities_in_xml_are_refused_at_once() {
    for name in ["entity-bomb.xml", "external-entity.xml"] {
        let path = bad(name);
        let started = Instant::now();
        let output = convert(&["--from", "newsml"], &[&path]);
        refused(&output, &path, "DOCTYPE");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(!String::from_utf8_lossy(&output.stderr).contains("root:"));
    }
}

#[test]
fn a_yaml_alias_bomb_is_refused_at_once() {
    let path = bad("alias-bomb.yaml");
    let started = Instant::now();
    refused(
        &convert(&["--from", "yaml"], &[&path]),
        &path,
        "not an arsip article",
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_wide_yaml_alias_bomb_is_refused_as_article_front_matter_profile_and_config() {
    // One 100 KB anchor and 2,000 aliases of it: 200 MB from 110 KB. The parser's
    // repetition limit counts events, not bytes, so it let this through (1.2 GB).
    let anchor = "y".repeat(100_000);
    let aliases = vec!["*z"; 2_000].join(",");
    let dir = TempDir::new().unwrap();
    let article = dir.path().join("wide.yaml");
    std::fs::write(
        &article,
        format!("title: &z \"{anchor}\"\nbody: [{aliases}]\n"),
    )
    .unwrap();
    let markdown = dir.path().join("wide.md");
    std::fs::write(
        &markdown,
        format!("---\ntitle: &z \"{anchor}\"\ntags: [{aliases}]\n---\n\nIsi berita.\n"),
    )
    .unwrap();
    let profile = dir.path().join("wide-profile.yaml");
    std::fs::write(
        &profile,
        format!("name: &z \"{anchor}\"\ntitle: h1\nbody: [{aliases}]\n"),
    )
    .unwrap();
    for (path, format) in [(&article, "yaml"), (&markdown, "markdown")] {
        let started = Instant::now();
        refused(&convert(&["--from", format], &[path]), path, "alias bomb");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    let page = bad("../html/wordpress-vaksinasi.html");
    refused(
        &convert(&["--profile", profile.to_str().unwrap()], &[&page]),
        &profile,
        "alias bomb",
    );
    // A few aliases of a small anchor are YAML as people write it.
    let shared = dir.path().join("shared.md");
    std::fs::write(
        &shared,
        "---\ntitle: Pasar Baru\nauthor: &a Rina\neditor: *a\ntags: [pasar, *a]\n---\n\nIsi berita.\n",
    )
    .unwrap();
    assert_eq!(convert(&["--quiet"], &[&shared]).status.code(), Some(0));
}

#[test]
fn an_input_past_max_size_is_refused_without_reading_it_into_memory() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("besar.txt");
    {
        // 200 MB written in pieces: the test never holds it either.
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let line = "Berita panjang sekali yang diulang-ulang tanpa henti. ".repeat(20) + "\n";
        let mut written = 0;
        while written < 200 * 1024 * 1024 {
            file.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
    }
    let started = Instant::now();
    let output = convert(&[], &[&path]);
    refused(
        &output,
        &path,
        "input is larger than the limit of 67108864 bytes (raise it with --max-size)",
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    let output = convert(
        &["--max-size", "1M"],
        &[&bad("../text/semarang-antara-wib.txt")],
    );
    assert_eq!(output.status.code(), Some(0));
    let output = convert(
        &["--max-size", "100"],
        &[&bad("../text/semarang-antara-wib.txt")],
    );
    refused(
        &output,
        Path::new("semarang-antara-wib.txt"),
        "larger than the limit of 100 bytes",
    );
}

#[test]
fn nesting_past_the_limit_is_refused_and_deep_but_sane_nesting_converts() {
    let dir = TempDir::new().unwrap();
    let page = |depth: usize| {
        format!(
            "<html><head><title>Berita Bersarang</title></head><body>{}<h1>Berita Bersarang</h1><p>BANYUWANGI – Isi berita yang cukup panjang untuk dibaca, kata Bupati.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    };
    let hostile = dir.path().join("bersarang.html");
    std::fs::write(&hostile, page(100_000)).unwrap();
    let started = Instant::now();
    refused(
        &convert(&[], &[&hostile]),
        &hostile,
        // Building stops at the first level past the limit, so that is the depth named.
        "markup is nested 4097 levels deep, past the limit of 4096",
    );
    // A guard against a hang, not a speed test: debug builds on a loaded 2-core machine
    // take seconds, html5ever's quadratic scope checks on this page took minutes.
    assert!(started.elapsed() < Duration::from_secs(60));

    let deep = dir.path().join("dalam.html");
    std::fs::write(&deep, page(4000)).unwrap();
    let out = article(&convert(&[], &[&deep]));
    assert_eq!(out["title"], "Berita Bersarang");
    // And on the worker threads of a batch, whose stacks are their own.
    let out_dir = dir.path().join("out");
    let output = convert(
        &["-j", "2", "--out-dir", out_dir.to_str().unwrap()],
        &[&deep],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_one_megabyte_line_converts_in_bounded_time() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("satu-baris.txt");
    let sentence = "Warga desa bergotong royong membersihkan saluran air, kata Kepala Desa. ";
    let line = sentence.repeat(1024 * 1024 / sentence.len());
    std::fs::write(&path, format!("Gotong Royong\n\n{line}\n")).unwrap();
    let started = Instant::now();
    let out = article(&convert(&[], &[&path]));
    assert_eq!(out["title"], "Gotong Royong");
    // A hang guard (the quadratic reader took minutes); speed is the benchmarks' job.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[cfg(unix)]
#[test]
fn awkward_names_convert_to_safe_outputs_and_are_named_in_messages() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let text = std::fs::read(bad("../text/semarang-antara-wib.txt")).unwrap();
    let names: [&OsStr; 4] = [
        OsStr::new("berita..lama...txt"),
        OsStr::new("baris\nbaru.txt"),
        OsStr::from_bytes(b"bukan-utf8-\xff\xfe.txt"),
        OsStr::new("con.txt"),
    ];
    for name in names {
        std::fs::write(pages.join(name), &text).unwrap();
    }
    std::fs::write(pages.join(OsStr::from_bytes(b"kosong-\xff.txt")), b"").unwrap();
    let out = dir.path().join("out");
    let (output, report) = batch(&pages, &out);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The empty file's message names it, lossily but on one line.
    let failure = stderr.lines().find(|l| l.contains("kosong-")).unwrap();
    assert!(failure.contains("input is empty"), "{failure}");
    // The folder is mirrored under its own name.
    let mut written: Vec<String> = std::fs::read_dir(out.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 4, "{written:?}");
    for name in &written {
        assert!(
            !name.contains('\n') && !name.starts_with('.') && name.ends_with(".json"),
            "{name:?}"
        );
        assert!(
            !name.contains('\u{fffd}') || name.starts_with("bukan-utf8"),
            "{name:?}"
        );
    }
    assert!(written.contains(&"con_.json".to_string()), "{written:?}");
    assert_eq!(report["inputs"], 5);
    assert_eq!(report["converted"], 4);
    assert_eq!(report["failed"], 1);
}

#[cfg(unix)]
#[test]
fn unreadable_entries_in_a_folder_are_reported_not_waited_on() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::copy(
        bad("../text/semarang-antara-wib.txt"),
        pages.join("baik.txt"),
    )
    .unwrap();
    // A named pipe would block a reader forever; a dangling link points nowhere; a loop.
    let fifo = pages.join("pipa.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(dir.path().join("hilang.txt"), pages.join("putus.txt")).unwrap();
    std::os::unix::fs::symlink(&pages, pages.join("putar")).unwrap();
    let locked = pages.join("terkunci.txt");
    std::fs::write(&locked, b"Judul\n\nIsi.\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::read(&locked).is_ok();

    let out = dir.path().join("out");
    let (output, report) = batch(&pages, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pipa.txt: not a regular file"), "{stderr}");
    assert!(stderr.contains("putus.txt: no such file"), "{stderr}");
    assert!(stderr.contains("putar: symlink loop"), "{stderr}");
    if !root {
        assert!(
            stderr.contains("terkunci.txt: permission denied"),
            "{stderr}"
        );
    }
    let converted = report["converted"].as_u64().unwrap();
    let failed = report["failed"].as_u64().unwrap();
    assert_eq!(converted + failed, report["inputs"].as_u64().unwrap());
    assert_eq!(converted, if root { 2 } else { 1 });
}

#[test]
fn an_unwritable_out_dir_is_one_clear_error() {
    let input = bad("../text/semarang-antara-wib.txt");
    let output = convert(&["--out-dir", "/proc/arsip-tidak-bisa"], &[&input]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("arsip: /proc/arsip-tidak-bisa: cannot create the output folder"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn an_output_that_cannot_be_written_fails_alone() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(pages.join("a")).unwrap();
    std::fs::copy(
        bad("../text/semarang-antara-wib.txt"),
        pages.join("a/satu.txt"),
    )
    .unwrap();
    std::fs::copy(bad("../text/mataram-ntb-region.txt"), pages.join("dua.txt")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // `out/pages/a` should be a folder; a file is in the way.
    std::fs::create_dir(out.join("pages")).unwrap();
    std::fs::write(out.join("pages/a"), b"bukan folder").unwrap();
    let output = convert(&["--out-dir", out.to_str().unwrap()], &[&pages]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("satu.txt"), "{stderr}");
    assert!(out.join("pages/dua.json").exists());
}

/// `arsip check` with `args`, in `dir`.
fn check_in(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-config"])
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn endless_settings_files_are_refused_at_a_size_limit() {
    // `/dev/zero` as a baseline, configuration or profile was read until memory ran out.
    let dir = TempDir::new().unwrap();
    std::fs::copy(
        bad("../text/semarang-antara-wib.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    for (args, expected) in [
        (
            ["--baseline", "/dev/zero"],
            "arsip: --baseline /dev/zero: input is larger than the limit of",
        ),
        (
            ["--profile", "/dev/zero"],
            "arsip: /dev/zero: larger than 1048576 bytes; not a profile",
        ),
    ] {
        let started = Instant::now();
        let output = check_in(dir.path(), &[args[0], args[1], "a.txt"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with(expected), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(20), "{args:?}");
    }
    let output = Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--config", "/dev/zero", "a.txt"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero: (document): larger than 1048576 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_baseline_is_never_written_over_an_input() {
    let dir = TempDir::new().unwrap();
    let article = std::fs::read(bad("../text/semarang-antara-wib.txt")).unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/a.txt"), &article).unwrap();
    for args in [
        ["--write-baseline", "content/a.txt", "content/a.txt"],
        ["--write-baseline", "content/a.txt", "content"],
    ] {
        let output = check_in(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(
                "content/a.txt: is also an input; arsip never overwrites its input (--write-baseline)"
            ),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read(dir.path().join("content/a.txt")).unwrap(),
            article
        );
    }
}

#[test]
fn deeply_nested_profiles_are_refused_not_aborted() {
    let dir = TempDir::new().unwrap();
    let selectors = dir.path().join("selectors.yaml");
    let deep = format!("{}h1{}", ":not(".repeat(5000), ")".repeat(5000));
    std::fs::write(&selectors, format!("name: x\ntitle: \"{deep}\"\n")).unwrap();
    let yaml = dir.path().join("yaml.yaml");
    std::fs::write(&yaml, format!("name: x\ntitle: {}\n", "[".repeat(100_000))).unwrap();
    let page = bad("../html/wordpress-vaksinasi.html");
    for (profile, reason) in [
        (&selectors, "title: selector nested too deeply"),
        (&yaml, "levels deep; not a profile"),
    ] {
        let output = convert(&["--profile", profile.to_str().unwrap()], &[&page]);
        refused(&output, profile, reason);
    }
}

#[test]
fn a_bad_line_of_detected_json_lines_is_refused_not_an_article() {
    let dir = TempDir::new().unwrap();
    let stream = dir.path().join("mixed.jsonl");
    let record = r#"{"url":"http://a.example/b","html":"<html><body><h1>Judul</h1><p>Banyuwangi - isi berita yang panjang.</p></body></html>"}"#;
    std::fs::write(
        &stream,
        format!("{record}\n[1,2]\nnot json at all\n\"str\"\n{record}\n"),
    )
    .unwrap();
    let output = convert(&["--quiet"], &[&stream]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for line in 2..=4 {
        assert!(
            stderr.contains(&format!("mixed.jsonl: line {line}: not a JSON object")),
            "{stderr}"
        );
    }
    // The good lines still convert; the bad ones are no article.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("\"source\":{").count(), 2, "{stdout}");
    assert!(!stdout.contains("not json at all"), "{stdout}");
}

/// The article every page of the wide-encoding cases holds.
fn assert_kafe_page(out: &serde_json::Value) {
    assert_eq!(out["source"]["format"], "html", "{out}");
    assert_eq!(out["title"], "Judul Berita Kafé");
    assert_eq!(out["body"].as_array().unwrap().len(), 2, "{out}");
}

#[test]
fn utf16_and_utf32_pages_with_a_bom_are_recognised_as_html() {
    for (name, encoding) in [
        ("utf16le-bom.html", "utf-16le"),
        ("utf16be-bom.html", "utf-16be"),
        ("utf32-bom.html", "utf-32le"),
    ] {
        let out = article(&convert(&[], &[&bad(name)]));
        assert_kafe_page(&out);
        assert_eq!(out["source"]["encoding"]["name"], encoding);
    }
}

#[test]
fn encoding_flag_reads_utf16_without_a_bom() {
    let path = bad("utf16le-no-bom.html");
    let out = article(&convert(&["--encoding", "utf-16le"], &[&path]));
    assert_kafe_page(&out);
    assert_eq!(out["source"]["encoding"]["decided_by"], "external");
    // Without the charset the bytes are half NULs: binary, as before.
    refused(
        &convert(&[], &[&path]),
        &path,
        "it looks like UTF-16LE without a byte order mark: give --encoding utf-16le",
    );
}

#[test]
fn stray_nuls_are_dropped_and_noted_not_a_refusal() {
    let out = article(&convert(&[], &[&bad("stray-nuls.html")]));
    assert_kafe_page(&out);
    assert_eq!(out["source"]["encoding"]["note"], "2 NUL bytes dropped");
    let out = article(&convert(&[], &[&bad("nul-bytes.txt")]));
    assert_eq!(out["title"], "Judul Berita");
    assert!(!out["body"][0].as_str().unwrap().contains('\0'), "{out}");
    assert_eq!(out["source"]["encoding"]["note"], "1 NUL byte dropped");
}

#[test]
fn declared_utf8_with_a_few_bad_bytes_stays_utf8() {
    let out = article(&convert(&[], &[&bad("declared-utf8-damaged.html")]));
    assert_kafe_page(&out);
    assert_eq!(out["source"]["encoding"]["name"], "utf-8");
    assert!(out["body"][0].as_str().unwrap().contains('\u{FFFD}'));
    assert_eq!(out["quotes"][0]["text"], "Ini kutipan,", "{out}");
}

/// Issue #14: a text of millions of one-word paragraphs (24 MB of `a` between blank lines
/// took 2.4 GB) is refused once it passes a million paragraphs, in bounded memory, with
/// one line; a text just under the limit still converts.
#[test]
fn a_text_of_millions_of_paragraphs_is_refused_and_one_under_the_limit_reads() {
    let dir = TempDir::new().unwrap();
    let huge = dir.path().join("paragraphs.txt");
    std::fs::write(&huge, "a\n\n".repeat(arsip::read::text::MAX_ITEMS + 2)).unwrap();
    refused(
        &convert(&[], &[&huge]),
        &huge,
        "more than 1000000 paragraphs",
    );
    let under = dir.path().join("under.txt");
    let text = format!("Judul berita\n\n{}", "Kalimat.\n\n".repeat(1000));
    std::fs::write(&under, text).unwrap();
    let output = convert(&[], &[&under]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(article(&output)["body"].as_array().unwrap().len(), 1000);
}
