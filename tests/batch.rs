//! Batches: every input ends as an output or a reported failure, outputs are the same for
//! every --jobs, reruns resume, nothing is written outside the out-dir.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn arsip() -> Command {
    let mut command = Command::cargo_bin("arsip").unwrap();
    command.args(["convert", "--no-config", "--quiet"]);
    command
}

/// A folder of good and bad inputs, with a symlink loop and an awkward name.
fn mixed_folder() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("pages/old")).unwrap();
    for (from, to) in [
        (
            "fixtures/text/semarang-antara-wib.txt",
            "pages/semarang.txt",
        ),
        (
            "fixtures/text/mataram-ntb-region.txt",
            "pages/old/mataram.txt",
        ),
        ("fixtures/html/wordpress-vaksinasi.html", "pages/wp.html"),
        (
            "fixtures/html/genteng-tabel-1252.html",
            "pages/old/genteng.html",
        ),
    ] {
        std::fs::copy(from, root.join(to)).unwrap();
    }
    std::fs::write(root.join("pages/empty.txt"), b"").unwrap();
    std::fs::write(root.join("pages/binary.txt"), b"\x00\x01\x02").unwrap();
    std::fs::write(root.join("pages/.hidden.txt"), b"Judul\n\nIsi.\n").unwrap();
    std::fs::write(
        root.join("pages/a\nb.txt"),
        b"Judul Aneh\n\nIsi berita pendek.\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("pages"), root.join("pages/old/loop")).unwrap();
    dir
}

/// The outputs below a folder (the out-dir's journal of what they were made from left
/// out: it names each run, so it differs from run to run).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".arsip-journal") {
            continue;
        }
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_input_is_an_output_or_a_reported_failure() {
    let dir = mixed_folder();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = arsip()
        .arg("--out-dir")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(dir.path().join("pages"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("empty.txt: input is empty"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let results = report["results"].as_array().unwrap();
    // 4 good pages, the awkward name, 2 bad ones; the hidden file is not an input.
    assert_eq!(results.len(), 7, "{report:#}");
    assert_eq!(report["converted"], 5);
    assert_eq!(
        report["failed"].as_u64().unwrap(),
        2 + report["listing_failures"].as_array().unwrap().len() as u64
    );
    assert!(report["listing_failures"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("symlink loop"));
    // Every output is inside the out-dir, named from its input.
    let outputs = files_under(&out);
    assert_eq!(outputs.len(), 5);
    assert!(outputs.iter().all(|p| p.starts_with(&out)));
    // The folder is mirrored under its own name.
    assert!(out.join("pages/old/genteng.json").exists(), "{outputs:?}");
    assert!(out.join("pages/a_b.json").exists(), "{outputs:?}");
    // Nothing else appeared beside the pages.
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 3, "{beside:?}");
}

#[test]
fn outputs_and_report_are_the_same_for_every_jobs() {
    let dir = mixed_folder();
    let mut runs = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = dir.path().join(format!("out{jobs}"));
        let report = dir.path().join(format!("report{jobs}.json"));
        arsip()
            .args(["--jobs", jobs, "--out-dir"])
            .arg(&out)
            .arg("--report")
            .arg(&report)
            .arg(dir.path().join("pages"))
            .assert()
            .code(2);
        let outputs: Vec<(PathBuf, Vec<u8>)> = files_under(&out)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(&out).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        let report_text = std::fs::read_to_string(&report)
            .unwrap()
            .replace(&format!("out{jobs}"), "out");
        runs.push((outputs, report_text));
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}

#[test]
fn a_rerun_resumes_and_force_redoes() {
    let dir = mixed_folder();
    let out = dir.path().join("out");
    let pages = dir.path().join("pages");
    arsip()
        .arg("--out-dir")
        .arg(&out)
        .arg(&pages)
        .assert()
        .code(2);
    // As if the first run had been killed before these two.
    std::fs::remove_file(out.join("pages/semarang.json")).unwrap();
    std::fs::remove_file(out.join("pages/wp.json")).unwrap();
    let report = dir.path().join("report.json");
    // Converted and skipped counts of a run over the pages, extra arguments first.
    let run = |extra: &[&str]| -> (Option<u64>, Option<u64>) {
        arsip()
            .args(extra)
            .arg("--out-dir")
            .arg(&out)
            .arg("--report")
            .arg(&report)
            .arg(&pages)
            .assert()
            .code(2);
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        (r["converted"].as_u64(), r["skipped"].as_u64())
    };
    assert_eq!(run(&[]), (Some(2), Some(3)));
    assert_eq!(run(&["--force"]), (Some(5), Some(0)));
}

/// Hostile case 13: an input edited between two runs is converted again over its own
/// output; it never ends as two outputs (the stale one and a hash-suffixed new one). An
/// output of the same name made from another input stays, and the new one goes beside it.
#[test]
fn an_edited_input_replaces_its_own_output_and_no_other() {
    let dir = TempDir::new().unwrap();
    let (pages, out) = (dir.path().join("d"), dir.path().join("out"));
    std::fs::create_dir_all(&pages).unwrap();
    let article = |title: &str| format!("{title}\n\nBANYUWANGI - Isi berita {title}.\n");
    std::fs::write(pages.join("f00.txt"), article("Judul Lama")).unwrap();
    let run = |input: &Path| {
        arsip()
            .arg("--out-dir")
            .arg(&out)
            .arg(input)
            .current_dir(dir.path())
            .assert()
            .success();
    };
    run(&pages);
    std::fs::write(pages.join("f00.txt"), article("Judul Baru")).unwrap();
    run(&pages);
    let outputs = |folder: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(outputs(&out.join("d")), ["f00.json"]);
    let written = std::fs::read_to_string(out.join("d/f00.json")).unwrap();
    assert!(written.contains("Judul Baru"), "{written}");

    // Another folder called `d` elsewhere: its f00 is another input of that name.
    let elsewhere = dir.path().join("other/d");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("f00.txt"), article("Judul Lain")).unwrap();
    run(&elsewhere);
    let names = outputs(&out.join("d"));
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(std::fs::read_to_string(out.join("d/f00.json"))
        .unwrap()
        .contains("Judul Baru"));
}

#[test]
fn shards_split_a_batch_without_overlap() {
    let dir = mixed_folder();
    let pages = dir.path().join("pages");
    let mut converted = Vec::new();
    for shard in ["1/2", "2/2"] {
        let out = dir.path().join("out");
        let status = arsip()
            .args([
                "--include",
                "**/*.txt",
                "--include",
                "**/*.html",
                "--shard",
                shard,
                "--out-dir",
            ])
            .arg(&out)
            .arg(&pages)
            .output()
            .unwrap();
        // The shard holding the empty or binary file exits 2; the other 0.
        assert!(matches!(status.status.code(), Some(0 | 2)), "{status:?}");
        converted = files_under(&out);
    }
    assert_eq!(
        converted.len(),
        5,
        "both shards together convert every good input once"
    );
}

#[test]
fn include_and_exclude_and_lists() {
    let dir = mixed_folder();
    let out = dir.path().join("out");
    arsip()
        .args(["--include", "**/*.html", "--exclude", "old/**", "--out-dir"])
        .arg(&out)
        .arg(dir.path().join("pages"))
        .assert()
        .success();
    assert_eq!(files_under(&out), vec![out.join("pages/wp.json")]);
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        format!(
            "# inputs\n{}\n",
            dir.path().join("pages/semarang.txt").display()
        ),
    )
    .unwrap();
    let out2 = dir.path().join("out2");
    arsip()
        .arg("--out-dir")
        .arg(&out2)
        .arg(format!("@{}", list.display()))
        .assert()
        .success();
    assert_eq!(files_under(&out2), vec![out2.join("semarang.json")]);
}

/// The Hadoop Streaming / Spark `RDD.pipe` contract: page records in on stdin, one JSON
/// article per line out, in order.
#[test]
fn ndjson_page_records_stream_through() {
    let html = std::fs::read_to_string("fixtures/html/joomla-bibit-padi.html").unwrap();
    let text = std::fs::read_to_string("fixtures/text/semarang-antara-wib.txt").unwrap();
    let records = format!(
        "{}\n{}\n",
        serde_json::json!({"url": "https://portal.example.go.id/berita/1", "html": html, "fetched_at": "2019-01-01T00:00:00Z"}),
        serde_json::json!({"path": "x/semarang.txt", "text": text}),
    );
    let out = arsip()
        .args(["--from", "ndjson", "-"])
        .write_stdin(records)
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["source"]["url"],
        "https://portal.example.go.id/berita/1"
    );
    assert_eq!(lines[0]["source"]["format"], "html");
    assert_eq!(lines[1]["source"]["path"], "x/semarang.txt");
    arsip()
        .args(["--from", "ndjson", "-"])
        .write_stdin("{\"html\": \"<p>x</p>\", \"text\": \"x\"}\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "line 1: a record has `html` or `text`, not both",
        ));
}

/// One bad record of a stream is one reported failure; the records around it convert.
#[test]
fn a_bad_record_does_not_lose_its_neighbours() {
    let text = std::fs::read_to_string("fixtures/text/semarang-antara-wib.txt").unwrap();
    let good = serde_json::json!({"path": "a.txt", "text": text}).to_string();
    let records = format!("{good}\n{{\"path\": \"b.txt\", \"text\": \"\"}}\n{good}\n");
    let out = arsip()
        .args(["--from", "ndjson", "-"])
        .write_stdin(records)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 2, "the two good records convert");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("arsip: <stdin>: line 2: input is empty"),
        "{stderr}"
    );
}

#[test]
fn the_stdout_stream_is_the_same_for_every_jobs() {
    let dir = mixed_folder();
    let pages = dir.path().join("pages");
    let files: Vec<PathBuf> = [
        "semarang.txt",
        "empty.txt",
        "wp.html",
        "binary.txt",
        "old/mataram.txt",
        "old/genteng.html",
    ]
    .iter()
    .map(|f| pages.join(f))
    .collect();
    let run = |jobs: &str| {
        Command::cargo_bin("arsip")
            .unwrap()
            .args(["convert", "--no-config", "-j", jobs])
            .args(&files)
            .output()
            .unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), Some(2), "the folder holds bad inputs");
    assert_eq!(one.stdout, two.stdout);
    // Findings and failures come out in input order too.
    assert_eq!(one.stderr, two.stderr);
    let lines = String::from_utf8(one.stdout).unwrap().lines().count();
    assert!(lines >= 4, "{lines} articles");
}

#[test]
fn shards_sharing_an_out_dir_agree_on_colliding_names() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    // Each stem twice, as .txt and .html: both would become STEM.json.
    for i in 0..12 {
        let text = format!("Judul Berita {i}\n\nIsi berita nomor {i} yang cukup panjang.\n");
        std::fs::write(pages.join(format!("berita-{i}.txt")), &text).unwrap();
        std::fs::write(
            pages.join(format!("berita-{i}.html")),
            format!("<html><body><h1>Judul {i}</h1><p>Isi berita {i}.</p></body></html>"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    for shard in ["1/3", "2/3", "3/3"] {
        arsip()
            .args(["--shard", shard, "--out-dir"])
            .arg(&out)
            .arg(&pages)
            .assert()
            .success();
    }
    assert_eq!(
        files_under(&out).len(),
        24,
        "no shard overwrote another's output"
    );
}

#[test]
fn a_killed_run_resumes_without_redoing_or_losing_anything() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let total = 3000;
    let body = "Isi berita yang cukup panjang untuk sebuah paragraf, kata Bupati. ".repeat(20);
    for i in 0..total {
        let text =
            format!("Judul Berita Nomor {i}\n\nSenin, 1 April 2019\n\nBANYUWANGI – {body}\n");
        std::fs::write(pages.join(format!("berita-{i:05}.txt")), text).unwrap();
    }
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("arsip"))
        .args(["convert", "--no-config", "--quiet", "-j", "1", "--out-dir"])
        .arg(&out)
        .arg(&pages)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while files_under_if_any(&out) < 100 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before = files_under_if_any(&out);
    assert!(
        done_before >= 100 && done_before < total,
        "killed halfway: {done_before}"
    );
    // What a killed run left is whole: every output parses. (A write cut short leaves only
    // a hidden temporary file, never a partial output.)
    for path in files_under(&out)
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{}: partial output: {e}", path.display()));
    }

    let report = dir.path().join("report.json");
    arsip()
        .args(["--out-dir"])
        .arg(&out)
        .arg(&pages)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let skipped = report["skipped"].as_u64().unwrap() as usize;
    let converted = report["converted"].as_u64().unwrap() as usize;
    assert!(
        skipped >= done_before,
        "{skipped} skipped, {done_before} were done"
    );
    assert_eq!(skipped + converted, total);
    assert_eq!(files_under_if_any(&out), total);
}

/// Outputs written so far (temporary files of a write in progress are hidden and not
/// counted).
fn files_under_if_any(dir: &Path) -> usize {
    if !dir.exists() {
        return 0;
    }
    files_under(dir)
        .iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .count()
}

#[test]
fn an_input_is_never_overwritten_by_its_own_output() {
    let dir = TempDir::new().unwrap();
    let article = Command::cargo_bin("arsip")
        .unwrap()
        .args([
            "convert",
            "--no-config",
            "-q",
            "fixtures/text/semarang-antara-wib.txt",
        ])
        .output()
        .unwrap()
        .stdout;
    let input = dir.path().join("semarang.json");
    std::fs::write(&input, &article).unwrap();
    // Out-dir and input folder are the same: semarang.json would become semarang.json.
    let run = arsip()
        .args(["--force", "--from", "json", "--out-dir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("would overwrite this input"));
    assert_eq!(std::fs::read(&input).unwrap(), article);
}

/// JSON Lines are read a record at a time: a stream larger than --max-size converts, and
/// only a record larger than it fails, alone.
#[test]
fn json_lines_stream_past_max_size_record_by_record() {
    let text = "Judul Berita\n\nBANYUWANGI – Isi berita yang cukup panjang, kata Bupati.\n";
    let record = serde_json::json!({"path": "a.txt", "text": text}).to_string();
    let long = serde_json::json!({"path": "b.txt", "text": "x".repeat(5000)}).to_string();
    let mut stream = String::new();
    for i in 0..20 {
        stream.push_str(if i == 7 { &long } else { &record });
        stream.push('\n');
    }
    assert!(stream.len() > 4096);
    let out = arsip()
        .args(["--from", "ndjson", "--max-size", "4K", "-"])
        .write_stdin(stream)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 19);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("<stdin>: line 8: longer than the limit of 4096 bytes"),
        "{stderr}"
    );
    // A single record still comes out as one line, for a pipe to split.
    let one = arsip()
        .args(["--from", "ndjson", "-"])
        .write_stdin(format!("{record}\n"))
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(one.get_output().stdout.clone())
            .unwrap()
            .lines()
            .count(),
        1
    );
}

#[test]
fn report_and_summary_name_the_least_confident_inputs() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::copy(
        "fixtures/html/wordpress-vaksinasi.html",
        pages.join("wp.html"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/html/genteng-tabel-1252.html",
        pages.join("genteng.html"),
    )
    .unwrap();
    // A page whose only text is a notice: no title, no date, a one-line body.
    std::fs::write(
        pages.join("notice.html"),
        "<html><body><p>Situs ini memakai cookie.</p></body></html>",
    )
    .unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "--no-progress", "--out-dir"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&pages)
        .assert();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    // Every converted input carries its score; the least confident are listed lowest first.
    let scores: Vec<u64> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["confidence"]["score"].as_u64().expect("a score"))
        .collect();
    assert_eq!(scores.len(), 3, "{report:#}");
    let least = report["least_confident"].as_array().unwrap();
    assert_eq!(least.len(), 3, "{report:#}");
    let listed: Vec<u64> = least.iter().map(|l| l["score"].as_u64().unwrap()).collect();
    assert!(listed.windows(2).all(|w| w[0] <= w[1]), "{listed:?}");
    assert_eq!(listed[0], *scores.iter().min().unwrap());
    assert!(
        least[0]["input"].as_str().unwrap().ends_with("notice.html"),
        "{report:#}"
    );
    assert!(least[0]["signal"].is_string(), "{report:#}");
    // The summary names it, with its score and main signal.
    let line = stderr
        .lines()
        .find(|l| l.starts_with("arsip: least confident:"))
        .unwrap_or_else(|| panic!("no least-confident line in {stderr}"));
    assert!(line.ends_with("notice.html"), "{line}");
    assert!(line.contains(&listed[0].to_string()), "{line}");
    assert!(
        line.contains(least[0]["signal"].as_str().unwrap()),
        "{line}"
    );
}

/// `convert --out-dir` hashes each input once, to name and resume its output, and the
/// readers reuse that hash: `source.sha256` must still be the hash of the bytes read (a
/// gzip file's content, not the file), as it is on standard output.
#[test]
fn out_dir_outputs_carry_the_hash_of_what_was_read() {
    use sha2::{Digest, Sha256};
    let dir = TempDir::new().unwrap();
    let page = std::fs::read("fixtures/html/wordpress-vaksinasi.html").unwrap();
    std::fs::write(dir.path().join("plain.html"), &page).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &page).unwrap();
    std::fs::write(dir.path().join("zipped.html.gz"), gz.finish().unwrap()).unwrap();
    let out = dir.path().join("out");
    arsip()
        .arg("--out-dir")
        .arg(&out)
        .arg(dir.path().join("plain.html"))
        .arg(dir.path().join("zipped.html.gz"))
        .assert()
        .success();
    let expected: String = Sha256::digest(&page)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for name in ["plain.json", "zipped.json"] {
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap();
        assert_eq!(written["source"]["sha256"], expected.as_str(), "{name}");
    }
}
