//! Files in and files out, as users met the defects: no article lost in a batch, names
//! that never meet, nothing arsip writes to damaged, foreign input never a junk article,
//! every kind of input for every command, ids that do not depend on how a path was typed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

const SEMARANG: &str = "fixtures/text/semarang-antara-wib.txt";
const MATARAM: &str = "fixtures/text/mataram-ntb-region.txt";

fn arsip(args: &[&str]) -> Output {
    Command::cargo_bin("arsip")
        .unwrap()
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

/// The outputs below a folder, as `/`-separated relative paths.
fn files_under(dir: &Path) -> Vec<String> {
    common::outputs_under(dir)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Two folders holding files of one name, at -j 1 and -j 2: four outputs, the same bytes
/// and the same report on every run.
#[test]
fn same_names_in_two_folders_are_two_outputs_at_every_jobs() {
    let dir = TempDir::new().unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    std::fs::copy(SEMARANG, dir.path().join("a/x.txt")).unwrap();
    std::fs::copy(MATARAM, dir.path().join("b/x.txt")).unwrap();
    std::fs::copy(SEMARANG, dir.path().join("a/y.html")).unwrap();
    std::fs::copy(MATARAM, dir.path().join("a/y.txt")).unwrap();
    let mut runs = Vec::new();
    for (run, jobs) in ["1", "2", "2", "1"].iter().enumerate() {
        let out = dir.path().join(format!("out{run}"));
        let report = dir.path().join(format!("report{run}.json"));
        let output = arsip(&[
            "convert",
            "--no-config",
            "-j",
            jobs,
            "--out-dir",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            dir.path().join("a").to_str().unwrap(),
            dir.path().join("b/").to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let names = files_under(&out);
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(names.contains(&"a/x.json".to_string()), "{names:?}");
        assert!(names.contains(&"b/x.json".to_string()), "{names:?}");
        let contents: Vec<Vec<u8>> = names
            .iter()
            .map(|n| std::fs::read(out.join(n)).unwrap())
            .collect();
        let report = std::fs::read_to_string(&report)
            .unwrap()
            .replace(&format!("out{run}"), "out");
        runs.push((names, contents, report));
    }
    assert!(runs.windows(2).all(|w| w[0] == w[1]));
    // Nothing was skipped as "already done" in a fresh out-dir.
    assert!(runs[0].2.contains("\"skipped\": 0"), "{}", runs[0].2);
}

#[test]
fn two_files_of_one_name_given_by_name_are_both_kept() {
    let dir = TempDir::new().unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    std::fs::copy(SEMARANG, dir.path().join("a/x.txt")).unwrap();
    std::fs::copy(MATARAM, dir.path().join("b/x.txt")).unwrap();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let output = arsip(&[
            "convert",
            "--no-config",
            "-j",
            "2",
            "--out-dir",
            out.to_str().unwrap(),
            dir.path().join("a/x.txt").to_str().unwrap(),
            dir.path().join("b/x.txt").to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let names = files_under(&out);
    assert_eq!(names.len(), 2, "{names:?}");
    let titles: Vec<String> = names
        .iter()
        .map(|n| {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join(n)).unwrap()).unwrap();
            v["title"].as_str().unwrap().to_string()
        })
        .collect();
    assert_ne!(titles[0], titles[1]);
}

/// Shards that share an out-dir convert every input exactly once between them, with the
/// names a single run gives, at -j 1 and -j 2.
#[test]
fn shards_sharing_an_out_dir_never_collide() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    for i in 0..12 {
        std::fs::copy(SEMARANG, pages.join(format!("p{i}.txt"))).unwrap();
        std::fs::copy(MATARAM, pages.join(format!("p{i}.html"))).unwrap();
    }
    let whole = dir.path().join("whole");
    let output = arsip(&[
        "convert",
        "--no-config",
        "--out-dir",
        whole.to_str().unwrap(),
        pages.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("sharded{jobs}"));
        let mut converted = 0;
        for k in 1..=3 {
            let report = dir.path().join(format!("r{jobs}-{k}.json"));
            let output = arsip(&[
                "convert",
                "--no-config",
                "-j",
                jobs,
                "--shard",
                &format!("{k}/3"),
                "--out-dir",
                out.to_str().unwrap(),
                "--report",
                report.to_str().unwrap(),
                pages.to_str().unwrap(),
            ]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            let report: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
            assert_eq!(
                report["skipped"], 0,
                "shards never take each other's inputs"
            );
            converted += report["converted"].as_u64().unwrap();
        }
        assert_eq!(converted, 24);
        assert_eq!(files_under(&out), files_under(&whole));
    }
}

/// A WARC whose pages differ only in scheme, port or extension, with a URL that a form
/// decoder would mangle.
fn variants_archive(dir: &Path) -> PathBuf {
    let page = std::fs::read("fixtures/html/wordpress-vaksinasi.html").unwrap();
    let mut archive = Vec::new();
    for url in [
        "http://portal.id/jalan.html",
        "http://portal.id/jalan.php",
        "https://portal.id/jalan.html",
        "http://portal.id:8080/jalan.html",
        "http://portal.id/c++-tutorial",
        "http://portal.id/tanya&jawab",
        "http://portal.id/jalan.html",
    ] {
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        block.extend_from_slice(&page);
        archive.extend(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .into_bytes(),
        );
        archive.extend(block);
        archive.extend_from_slice(b"\r\n\r\n");
    }
    let path = dir.join("variants.warc");
    std::fs::write(&path, archive).unwrap();
    path
}

#[test]
fn archive_pages_keep_every_url_apart_in_every_shard() {
    let dir = TempDir::new().unwrap();
    let archive = variants_archive(dir.path());
    let whole = dir.path().join("whole");
    let output = arsip(&[
        "convert",
        "--no-config",
        "--out-dir",
        whole.to_str().unwrap(),
        archive.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let names = files_under(&whole);
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(
        names.contains(&"variants/portal.id/c++-tutorial.json".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"variants/portal.id/tanya&jawab.json".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"variants/portal.id_8080/jalan.json".to_string()),
        "{names:?}"
    );
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("shards{jobs}"));
        for k in 1..=2 {
            let output = arsip(&[
                "convert",
                "--no-config",
                "-j",
                jobs,
                "--shard",
                &format!("{k}/2"),
                "--out-dir",
                out.to_str().unwrap(),
                archive.to_str().unwrap(),
            ]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        }
        assert_eq!(files_under(&out), names);
    }
}

#[cfg(unix)]
#[test]
fn output_to_links_pipes_devices_and_stdout() {
    let dir = TempDir::new().unwrap();
    // `-o -` is standard output, not a file named `-`.
    let output = Command::cargo_bin("arsip")
        .unwrap()
        .current_dir(dir.path())
        .args(["convert", "--no-config", "-q", "-o", "-"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEMARANG))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"id\": \"semarang-antara-wib\""));
    assert!(!dir.path().join("-").exists());
    // A link to this process's stdout, as /dev/stdout is: the link stays, the article
    // goes to stdout.
    let link = dir.path().join("stdout-link");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "-o",
        link.to_str().unwrap(),
        SEMARANG,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(String::from_utf8_lossy(&output.stdout).contains("semarang-antara-wib"));
    // A link to a file: the file is replaced, the link kept.
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let to_real = dir.path().join("to-real.json");
    std::os::unix::fs::symlink(&real, &to_real).unwrap();
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "-o",
        to_real.to_str().unwrap(),
        SEMARANG,
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&to_real)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("semarang"));
    // /dev/null stays a device.
    let output = arsip(&["convert", "--no-config", "-q", "-o", "/dev/null", SEMARANG]);
    assert_eq!(output.status.code(), Some(0));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // A FIFO is written to, never replaced.
    let fifo = dir.path().join("fifo");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "-o",
            fifo.to_str().unwrap(),
            SEMARANG,
        ]);
        assert_eq!(output.status.code(), Some(0));
        assert!(reader.join().unwrap().contains("semarang-antara-wib"));
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
}

#[cfg(unix)]
#[test]
fn files_arsip_creates_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("arsip");
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for (umask, expected) in [("022", 0o644), ("002", 0o664), ("077", 0o600)] {
        let out = dir.path().join(format!("out{umask}"));
        let single = dir.path().join(format!("single{umask}.json"));
        let report = dir.path().join(format!("report{umask}.json"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && \"$0\" convert --no-config -q --out-dir '{}' --report '{}' {SEMARANG} && \"$0\" convert --no-config -q -o '{}' {SEMARANG}",
                out.display(),
                report.display(),
                single.display()
            ))
            .arg(&bin)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            mode(&out.join("semarang-antara-wib.json")),
            expected,
            "umask {umask}"
        );
        assert_eq!(mode(&report), expected, "umask {umask}");
        assert_eq!(mode(&single), expected, "umask {umask}");
    }
}

#[test]
fn foreign_input_is_read_for_what_it_is_or_refused() {
    let dir = TempDir::new().unwrap();
    // arsip's own JSON, piped back, is JSON, not text.
    let json = arsip(&["convert", "--no-config", "-q", SEMARANG]).stdout;
    let back = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "-q", "--to", "yaml"])
        .write_stdin(json)
        .output()
        .unwrap();
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    let yaml = String::from_utf8_lossy(&back.stdout);
    assert!(
        yaml.contains("format: \"text\""),
        "the source is kept: {yaml}"
    );
    assert!(yaml.starts_with("id: \"semarang-antara-wib\""), "{yaml}");
    // JSON Lines and a YAML stream too.
    let lines = arsip(&["convert", "--no-config", "-q", SEMARANG, MATARAM]).stdout;
    let stream = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "-q", "--to", "yaml"])
        .write_stdin(lines)
        .output()
        .unwrap();
    assert_eq!(stream.status.code(), Some(0), "{}", stderr(&stream));
    let again = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "-q"])
        .write_stdin(stream.stdout)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(String::from_utf8_lossy(&again.stdout).lines().count(), 2);
    // A NewsML-G2 item that is not news is refused by name.
    let package = dir.path().join("package.xml");
    std::fs::write(
        &package,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="1" standard="NewsML-G2" standardversion="2.35"><itemMeta><itemClass qcode="ninat:composite"/></itemMeta></packageItem>"#,
    )
    .unwrap();
    let output = arsip(&["convert", "--no-config", package.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("packageItem is not an article"),
        "{}",
        stderr(&output)
    );
    // HTML behind PHP warnings, a style block or a script is HTML.
    let page = std::fs::read_to_string("fixtures/html/wordpress-vaksinasi.html").unwrap();
    for prefix in [
        "<br />\n<b>Warning</b>:  mysql_connect(): Access denied for user 'web'@'localhost' in <b>/var/www/inc/db.php</b> on line <b>12</b><br />\n",
        "<style>body { margin: 0 }</style>\n",
        "<script>var _gaq = _gaq || [];</script>\n",
    ] {
        let path = dir.path().join("page.txt");
        std::fs::write(&path, format!("{prefix}{page}")).unwrap();
        let output = arsip(&["convert", "--no-config", "-q", path.to_str().unwrap()]);
        let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(article["source"]["format"], "html", "{prefix}");
        assert!(!article["title"].as_str().unwrap_or("").contains('<'), "{article}");
    }
    // Bytes no reader takes are a clear error, not a junk article.
    let pdf = dir.path().join("scan.txt");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj").unwrap();
    let output = arsip(&["convert", "--no-config", pdf.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a PDF document"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_arc_file_is_an_archive_of_pages() {
    let dir = TempDir::new().unwrap();
    let page = std::fs::read("fixtures/html/joomla-bibit-padi.html").unwrap();
    let version = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n";
    let mut arc = format!(
        "filedesc://portal.arc 0.0.0.0 20050614070144 text/plain {}\n",
        version.len()
    )
    .into_bytes();
    arc.extend_from_slice(version);
    arc.push(b'\n');
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    block.extend_from_slice(&page);
    arc.extend(
        format!(
            "http://portal.id/berita/bibit.html 10.0.0.1 20050614070159 text/html {}\n",
            block.len()
        )
        .into_bytes(),
    );
    arc.extend(block);
    arc.push(b'\n');
    let path = dir.path().join("portal.arc");
    std::fs::write(&path, &arc).unwrap();
    let output = arsip(&["convert", "--no-config", "-q", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let article: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        article["source"]["url"],
        "http://portal.id/berita/bibit.html"
    );
    assert_eq!(article["source"]["fetched_at"], "2005-06-14T07:01:59Z");
    assert!(!article["title"].as_str().unwrap().contains("filedesc"));
    // `--from arc` demands one; `--from warc` refuses it.
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--from",
        "warc",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a WARC archive"),
        "{}",
        stderr(&output)
    );
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--from",
        "arc",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn folders_lists_and_globs_work_for_every_command() {
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir_all(dump.join("2019")).unwrap();
    std::fs::copy(SEMARANG, dump.join("2019/a.txt")).unwrap();
    std::fs::copy("fixtures/html/joomla-bibit-padi.html", dump.join("b.html")).unwrap();
    let dump_arg = dump.to_str().unwrap();
    // convert a folder to a stream.
    let output = arsip(&["convert", "--no-config", "-q", dump_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
    // check a folder.
    let output = arsip(&["check", "--no-config", "--format", "json", dump_arg]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["inputs"], 2, "{report}");
    // a list, with --include and --report, no --out-dir.
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{dump_arg}\n")).unwrap();
    let report = dir.path().join("report.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--include",
        "**/*.html",
        "--report",
        report.to_str().unwrap(),
        &format!("@{}", list.display()),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["converted"], 1);
    // a glob the shell did not expand.
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        &format!("{dump_arg}/**/*.txt"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
    // profile takes a folder too.
    let output = arsip(&["profile", dump_arg]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("b.html: profile `Joomla`"));
}

#[test]
fn ids_and_guids_do_not_depend_on_how_a_path_was_typed() {
    let absolute = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEMARANG);
    let relative = format!("./{SEMARANG}");
    let mut seen = Vec::new();
    for path in [SEMARANG, relative.as_str(), absolute.to_str().unwrap()] {
        for to in ["json", "ninjs", "newsml"] {
            let output = arsip(&["convert", "--no-config", "-q", "--to", to, path]);
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            let key = match to {
                "json" => {
                    serde_json::from_str::<serde_json::Value>(&text).unwrap()["id"].to_string()
                }
                "ninjs" => {
                    serde_json::from_str::<serde_json::Value>(&text).unwrap()["uri"].to_string()
                }
                _ => text
                    .split("guid=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string(),
            };
            seen.push((to, key));
        }
    }
    for to in ["json", "ninjs", "newsml"] {
        let keys: std::collections::BTreeSet<_> = seen
            .iter()
            .filter(|(t, _)| *t == to)
            .map(|(_, k)| k)
            .collect();
        assert_eq!(keys.len(), 1, "{to}: {keys:?}");
    }
    // Below a folder, the id is made of the path below it.
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("site/2019")).unwrap();
    std::fs::copy(SEMARANG, dir.path().join("site/2019/berita.txt")).unwrap();
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        dir.path().join("site").to_str().unwrap(),
    ]);
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["id"], "2019-berita");
}

#[test]
fn duplicate_ids_are_reported() {
    let dir = TempDir::new().unwrap();
    let archive = variants_archive(dir.path());
    let report = dir.path().join("report.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "--report",
        report.to_str().unwrap(),
        archive.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("id(s) given by more than one article: jalan (5x)"),
        "{}",
        stderr(&output)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["duplicate_ids"][0]["id"], "jalan");
    assert_eq!(
        report["duplicate_ids"][0]["inputs"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn shards_of_an_archive_on_stdout_take_each_page_once() {
    let dir = TempDir::new().unwrap();
    let archive = variants_archive(dir.path());
    let mut total = 0;
    for k in 1..=3 {
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "--shard",
            &format!("{k}/3"),
            archive.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0));
        total += String::from_utf8_lossy(&output.stdout).lines().count();
    }
    assert_eq!(total, 7);
}

/// A rerun into the same out-dir with another file of the same name, a second crawl of
/// the same site, or another stdin: each is converted under a name of its own, never
/// taken for done, never clobbering what the first run wrote.
#[test]
fn a_later_run_with_other_bytes_under_one_name_loses_nothing() {
    let dir = TempDir::new().unwrap();
    for folder in ["x", "y"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    std::fs::copy(SEMARANG, dir.path().join("x/a.txt")).unwrap();
    std::fs::copy(MATARAM, dir.path().join("y/a.txt")).unwrap();
    let out = dir.path().join("out");
    let run = |input: &str| {
        let report = dir.path().join("report.json");
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "--out-dir",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            input,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(report).unwrap())
            .unwrap()
    };
    let x = dir.path().join("x/a.txt");
    let y = dir.path().join("y/a.txt");
    assert_eq!(run(x.to_str().unwrap())["converted"], 1);
    assert_eq!(
        run(y.to_str().unwrap())["converted"],
        1,
        "not skipped as done"
    );
    // Reruns of either are resumed: nothing converted again.
    assert_eq!(run(x.to_str().unwrap())["skipped"], 1);
    assert_eq!(run(y.to_str().unwrap())["skipped"], 1);
    let titles: std::collections::BTreeSet<String> = files_under(&out)
        .iter()
        .filter(|n| n.ends_with(".json"))
        .map(|n| {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join(n)).unwrap()).unwrap();
            v["title"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(titles.len(), 2, "both articles are there: {titles:?}");
}

#[test]
fn a_file_and_a_folder_of_one_name_both_convert_at_every_jobs() {
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir_all(dump.join("a.json")).unwrap();
    std::fs::copy(SEMARANG, dump.join("a.txt")).unwrap();
    std::fs::copy(MATARAM, dump.join("a.json/b.txt")).unwrap();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out{jobs}"));
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "-j",
            jobs,
            "--out-dir",
            out.to_str().unwrap(),
            dump.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let names: Vec<String> = files_under(&out).into_iter().collect();
        assert_eq!(names, ["dump/a.json", "dump/a.json_/b.json"]);
    }
}

#[test]
fn what_a_run_writes_is_never_an_input_nor_overwrites_one() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::copy(SEMARANG, &input).unwrap();
    let input_arg = input.to_str().unwrap();
    // --report onto an input, onto -o, onto a list.
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        input_arg,
        "--report",
        input_arg,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(&input)
            .unwrap()
            .contains("Semarang"),
        "the input is intact"
    );
    let out = dir.path().join("out.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        input_arg,
        "-o",
        out.to_str().unwrap(),
        "--report",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{input_arg}\n")).unwrap();
    let at_list = format!("@{}", list.display());
    for flag in ["-o", "--report"] {
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            &at_list,
            flag,
            list.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{flag}");
        assert_eq!(
            std::fs::read_to_string(&list).unwrap(),
            format!("{input_arg}\n")
        );
    }
    // An out-dir inside the folder it converts: a rerun does not read its outputs.
    let folder = dir.path().join("ind");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(SEMARANG, folder.join("a.txt")).unwrap();
    std::fs::copy(MATARAM, folder.join("b.txt")).unwrap();
    let out_dir = folder.join("out");
    let report_in_folder = folder.join("report.json");
    for _ in 0..3 {
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "--out-dir",
            out_dir.to_str().unwrap(),
            "--report",
            report_in_folder.to_str().unwrap(),
            folder.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let outputs: Vec<String> = files_under(&out_dir);
    assert_eq!(outputs, ["ind/a.json", "ind/b.json"]);
    // A report inside the out-dir keeps its name from the outputs.
    let dir2 = dir.path().join("od");
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--out-dir",
        dir2.to_str().unwrap(),
        "--report",
        dir2.join("in.json").to_str().unwrap(),
        input_arg,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir2.join("in.json")).unwrap()).unwrap();
    let written = report["results"][0]["output"].as_str().unwrap();
    assert!(
        written.contains("in-") && Path::new(written).exists(),
        "{written}"
    );
}

#[test]
fn stdin_and_a_file_named_stdin_are_two_outputs() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("stdin.txt");
    std::fs::copy(SEMARANG, &file).unwrap();
    let out = dir.path().join("out");
    let output = Command::cargo_bin("arsip")
        .unwrap()
        .args([
            "convert",
            "--no-config",
            "-q",
            "--out-dir",
            out.to_str().unwrap(),
            "-",
            file.to_str().unwrap(),
        ])
        .write_stdin(std::fs::read(MATARAM).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let names: Vec<String> = files_under(&out).into_iter().collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn shards_agree_however_the_folder_was_typed() {
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    for i in 0..20 {
        std::fs::copy(SEMARANG, dump.join(format!("{i}.txt"))).unwrap();
    }
    let out = dir.path().join("out");
    // Shard 1 given the folder relatively, shard 2 absolutely.
    for (k, folder) in [(1, "dump".to_string()), (2, dump.display().to_string())] {
        let output = Command::cargo_bin("arsip")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "convert",
                "--no-config",
                "-q",
                "--shard",
                &format!("{k}/2"),
                "--out-dir",
                "out",
                &folder,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
    }
    let outputs = files_under(&out).len();
    assert_eq!(outputs, 20, "every input once between the two shards");
}

#[test]
fn markup_of_other_formats_is_refused_not_read_as_text() {
    let dir = TempDir::new().unwrap();
    for (name, xml) in [
        ("rss.xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Portal</title></channel></rss>"),
        ("nitf.xml", "<?xml version=\"1.0\"?>\n<nitf><body><body.content><p>Isi.</p></body.content></body></nitf>"),
        ("sitemap.xml", "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>http://x.id/</loc></url></urlset>"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, xml).unwrap();
        let output = arsip(&["convert", "--no-config", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(stderr(&output).contains("which is no format arsip reads"), "{}", stderr(&output));
        let output = arsip(&["convert", "--no-config", "-q", "--from", "text", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "--from text still reads it: {name}");
    }
}

#[cfg(unix)]
#[test]
fn links_inside_an_out_dir_are_never_written_through() {
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    std::fs::copy(SEMARANG, dump.join("a.txt")).unwrap();
    std::fs::copy(MATARAM, dump.join("b.txt")).unwrap();
    let before = std::fs::read(dump.join("b.txt")).unwrap();
    // An out-dir prepared with a link from an output's name to an input, and one with
    // its mirrored folder a link to the input folder.
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("dump")).unwrap();
    std::os::unix::fs::symlink(dump.join("b.txt"), out.join("dump/a.json")).unwrap();
    let out2 = dir.path().join("out2");
    std::fs::create_dir_all(&out2).unwrap();
    std::os::unix::fs::symlink(&dump, out2.join("dump")).unwrap();
    for out in [&out, &out2] {
        let output = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "--force",
            "--out-dir",
            out.to_str().unwrap(),
            dump.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("is a symbolic link"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read(dump.join("b.txt")).unwrap(),
        before,
        "the input is intact"
    );
    let names: Vec<_> = std::fs::read_dir(&dump)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "nothing was written into the input folder: {names:?}"
    );
}

#[test]
fn profile_reads_json_lines_of_page_records_a_record_at_a_time() {
    let dir = TempDir::new().unwrap();
    let page = std::fs::read_to_string("fixtures/html/joomla-bibit-padi.html").unwrap();
    let lines = (0..2)
        .map(|i| serde_json::json!({"url": format!("http://x.id/{i}"), "html": page}).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.path().join("pages.jsonl");
    std::fs::write(&path, lines).unwrap();
    let output = arsip(&["profile", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("profile `Joomla`").count(), 2, "{stdout}");
    assert!(stdout.contains("pages.jsonl: line 2: profile"), "{stdout}");
}

#[test]
fn shard_reports_add_up_to_the_whole() {
    let dir = TempDir::new().unwrap();
    let archive = "fixtures/warc/portal-crawl.warc.gz";
    let report_of = |extra: &[&str], name: &str| -> serde_json::Value {
        let report = dir.path().join(name);
        let mut args = vec![
            "convert",
            "--no-config",
            "-q",
            "--report",
            report.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.push(archive);
        let output = arsip(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap()
    };
    let whole = report_of(&[], "whole.json");
    let (mut converted, mut ignored) = (0, 0);
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let report = report_of(&["--shard", &shard], &format!("{k}.json"));
        converted += report["converted"].as_u64().unwrap();
        ignored += report["ignored_records"].as_u64().unwrap();
    }
    assert_eq!(converted, whole["converted"].as_u64().unwrap());
    assert_eq!(ignored, whole["ignored_records"].as_u64().unwrap());
    // JSON Lines on stdin are shared out by record, not taken whole by every shard.
    let lines = arsip(&[
        "convert",
        "--no-config",
        "-q",
        SEMARANG,
        MATARAM,
        "fixtures/text/jakarta-english.txt",
    ])
    .stdout;
    let mut total = 0;
    for k in 1..=2 {
        let output = Command::cargo_bin("arsip")
            .unwrap()
            .args(["convert", "--no-config", "-q", "--shard", &format!("{k}/2")])
            .write_stdin(lines.clone())
            .output()
            .unwrap();
        total += String::from_utf8_lossy(&output.stdout).lines().count();
    }
    assert_eq!(total, 3);
}

#[cfg(unix)]
#[test]
fn names_differing_only_in_bytes_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    for name in [&b"a\xff.txt"[..], b"a\xfe.txt", "a\u{fffd}.txt".as_bytes()] {
        std::fs::copy(SEMARANG, dump.join(std::ffi::OsStr::from_bytes(name))).unwrap();
    }
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--out-dir",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        dump.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files_under(&out).len(), 3);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let inputs: std::collections::BTreeSet<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 3, "the report tells them apart: {inputs:?}");
    assert!(
        inputs.iter().any(|i| i.ends_with("a\\xFF.txt")),
        "{inputs:?}"
    );
}

#[test]
fn control_characters_never_reach_the_terminal_or_the_xml() {
    let dir = TempDir::new().unwrap();
    let evil = dir.path().join("evil\x1b[31m.txt");
    std::fs::write(&evil, "Judul\x1b]0;owned\x07\n\nSenin, 1 April 2019\n\nBANYUWANGI - \u{201c}Isi \x1b[2J tanpa penutup, kata Anas.\n").unwrap();
    let output = arsip(&[
        "check",
        "--no-config",
        "--format",
        "junit",
        dir.path().to_str().unwrap(),
    ]);
    let xml = String::from_utf8_lossy(&output.stdout);
    assert!(!xml.contains('\x1b'), "{xml}");
    // The report is well-formed XML that a CI reader takes.
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{xml}"),
        }
    }
    for format in ["text", "junit"] {
        let output = arsip(&[
            "check",
            "--no-config",
            "--format",
            format,
            "--color",
            "never",
            evil.to_str().unwrap(),
        ]);
        assert!(
            !output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b),
            "{format}"
        );
    }
    let output = arsip(&["convert", "--no-config", evil.to_str().unwrap()]);
    assert!(!output.stderr.contains(&0x1b), "{}", stderr(&output));
}

/// A pipe named on the command line (`mkfifo`, or bash's `<(…)`) is read once: peeking at
/// it and then opening it again for its bytes hung on a FIFO and found `<(…)` empty.
#[test]
fn a_named_pipe_given_as_input_is_read_once() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("pipa.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let text = std::fs::read(SEMARANG).unwrap();
    let writer = {
        let (fifo, text) = (fifo.clone(), text.clone());
        std::thread::spawn(move || std::fs::write(fifo, text).unwrap())
    };
    let output = arsip(&["convert", "--quiet", fifo.to_str().unwrap()]);
    writer.join().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let from_file: serde_json::Value =
        serde_json::from_slice(&arsip(&["convert", "--quiet", SEMARANG]).stdout).unwrap();
    assert_eq!(article["body"], from_file["body"]);

    let substituted = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} convert --quiet <(cat {SEMARANG})",
            assert_cmd::cargo::cargo_bin("arsip").display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        substituted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&substituted.stderr)
    );
    let article: serde_json::Value = serde_json::from_slice(&substituted.stdout).unwrap();
    assert_eq!(article["body"], from_file["body"]);
}

/// A list saved by a Windows editor (byte-order mark, CRLF) names all its files, and a
/// name that is not UTF-8 is still a name.
#[test]
fn a_list_with_a_byte_order_mark_and_crlf_loses_no_entry() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let odd = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"berita-\xff.txt"));
    std::fs::copy(MATARAM, &odd).unwrap();
    let mut list = b"\xEF\xBB\xBF".to_vec();
    list.extend_from_slice(format!("{SEMARANG}\r\n# a comment\r\n").as_bytes());
    list.extend_from_slice(odd.as_os_str().as_bytes());
    list.extend_from_slice(b"\r\n");
    let list_path = dir.path().join("daftar.txt");
    std::fs::write(&list_path, list).unwrap();
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--to",
        "json",
        &format!("@{}", list_path.display()),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let articles: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(articles.len(), 2, "{stdout}");
}

/// `arsip convert --to yaml` read back and written as YAML again gives the same bytes: a
/// YAML file is a stream of documents, and a stream of one used to gain a leading `---`.
#[test]
fn yaml_written_back_as_yaml_is_the_same_bytes() {
    let dir = TempDir::new().unwrap();
    for inputs in [vec![SEMARANG], vec![SEMARANG, MATARAM]] {
        let mut args = vec!["convert", "--no-config", "-q", "--to", "yaml"];
        args.extend(&inputs);
        let first = arsip(&args);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        let yaml = dir.path().join("a.yaml");
        std::fs::write(&yaml, &first.stdout).unwrap();
        let again = arsip(&[
            "convert",
            "--no-config",
            "-q",
            "--to",
            "yaml",
            yaml.to_str().unwrap(),
        ]);
        assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            String::from_utf8_lossy(&first.stdout)
        );
    }
}

/// A reader that closes the pipe early still leaves a report saying how far the run got and
/// which inputs were not written;
/// a report that could never be written is refused before any work.
#[test]
fn a_closed_pipe_still_leaves_the_report_and_a_bad_report_path_fails_first() {
    use std::io::Read;
    let dir = TempDir::new().unwrap();
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..400 {
        std::fs::copy(SEMARANG, many.join(format!("a{i:03}.txt"))).unwrap();
    }
    let report = dir.path().join("r.json");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("arsip"))
        .args(["convert", "--no-config", "-q", "--report"])
        .arg(&report)
        .arg(&many)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    // Hostile case 17: every input is in the report, those after the closed pipe as not
    // written, none left out.
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 400, "every input accounted for");
    assert_eq!(report["inputs"], 400);
    let unwritten: Vec<_> = results.iter().filter(|r| r["status"] == "failed").collect();
    assert!(unwritten.len() > 300, "the run should have stopped early");
    assert!(unwritten
        .iter()
        .all(|r| r["reason"].as_str().unwrap().starts_with("not written")));
    assert_eq!(
        report["converted"].as_u64().unwrap() + unwritten.len() as u64,
        400
    );

    let started = std::time::Instant::now();
    let output = arsip(&[
        "convert",
        "--no-config",
        "--report",
        dir.path().join("no/such/folder/r.json").to_str().unwrap(),
        many.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("does not exist"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "converted before refusing");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// When the reader of stderr goes away (`arsip … 2>&1 | head`), arsip still finishes:
/// `eprintln!` panicked on the collecting thread and left the workers waiting forever.
#[test]
fn a_closed_stderr_pipe_never_hangs_the_run() {
    use std::io::BufRead;
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    for i in 0..300 {
        std::fs::write(bad.join(format!("b{i:03}.bin")), b"\x00\x01binary").unwrap();
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("arsip"))
        .args(["convert", "--no-config", "--out-dir"])
        .arg(dir.path().join("out"))
        .arg(&bad)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe is closed.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("arsip still running 30 s after its stderr closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.code().is_some(), "{status:?}");
}

/// In an out-dir no run of arsip has written to (a Hugo `content/`), a file that has an
/// output's name is someone's page: the article goes beside it, the page stays as it was.
#[test]
fn a_foreign_file_in_a_fresh_out_dir_is_neither_done_nor_overwritten() {
    let dir = TempDir::new().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join("about.md"), "# About us\n").unwrap();
    let about = dir.path().join("about.txt");
    std::fs::write(
        &about,
        "Judul tentang\n\nBanyuwangi - Isi artikel tentang kabupaten.\n",
    )
    .unwrap();
    let report = dir.path().join("r.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "-q",
        "--to",
        "markdown",
        "--out-dir",
        content.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        about.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(content.join("about.md")).unwrap(),
        "# About us\n"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["converted"], 1, "{report}");
    let written = report["results"][0]["output"].as_str().unwrap();
    assert!(std::fs::read_to_string(written)
        .unwrap()
        .contains("Isi artikel tentang kabupaten"));
}

/// Runs that could never settle or could collide are refused before any work: an out-dir
/// that holds an input folder (its outputs would be read as inputs next time), a shard's
/// report inside the shared out-dir (another shard may give that name to an output), a
/// report in a folder no file can be made in.
#[test]
fn out_dirs_and_reports_that_would_go_wrong_are_refused_up_front() {
    let dir = TempDir::new().unwrap();
    let dump = dir.path().join("dump");
    std::fs::create_dir(&dump).unwrap();
    std::fs::copy(SEMARANG, dump.join("a.txt")).unwrap();
    let d = dump.to_str().unwrap();
    for args in [
        vec!["convert", "--no-config", "--out-dir", d, d],
        vec![
            "convert",
            "--no-config",
            "--out-dir",
            dir.path().to_str().unwrap(),
            d,
        ],
    ] {
        let output = arsip(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("holds the input folder"),
            "{}",
            stderr(&output)
        );
        assert!(!dump.join("a.json").exists() && !dump.join("dump").exists());
    }
    let out = dir.path().join("out");
    let report = out.join("report-1.json");
    let output = arsip(&[
        "convert",
        "--no-config",
        "--shard",
        "1/2",
        "--out-dir",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        d,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("shard"), "{}", stderr(&output));
    let output = arsip(&[
        "convert",
        "--no-config",
        "--report",
        "/proc/arsip-report.json",
        d,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write in"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "converted before refusing");
}

/// `arsip ARGS` in `dir` as a user that file modes bind: this one when it is not root,
/// else uid 65534 through `setpriv` (`None`, said, when there is none).
#[cfg(unix)]
fn arsip_as_a_user(dir: &Path, args: &[&str]) -> Option<Output> {
    use std::os::unix::fs::MetadataExt;
    let bin = assert_cmd::cargo::cargo_bin("arsip");
    let probe = dir.join(".probe");
    std::fs::write(&probe, "").unwrap();
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(&probe).unwrap();
    let mut command = if root {
        if !std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            eprintln!("SKIPPED: running as root and no setpriv to drop it");
            return None;
        }
        for entry in walkdir::WalkDir::new(dir) {
            std::os::unix::fs::lchown(entry.unwrap().path(), Some(65534), Some(65534)).unwrap();
        }
        let mut command = std::process::Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin);
        command
    } else {
        std::process::Command::new(bin)
    };
    Some(command.args(args).current_dir(dir).output().unwrap())
}

/// Hostile case 14: a read-only file is refused, never replaced behind its mode, with one
/// line naming it; `check --fix` still fixes the other files.
#[cfg(unix)]
#[test]
fn a_read_only_file_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let text =
        "Judul Berita\nSenin, 01 Apr 2019 10.15 WIB\n\nBanyuwangi - ”Ini kutipan,” kata Bupati.\n";
    for name in ["fixme.txt", "other.txt"] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(dir.path().join("keep.json"), "precious, do not touch\n").unwrap();
    for name in ["fixme.txt", "keep.json"] {
        std::fs::set_permissions(
            dir.path().join(name),
            std::fs::Permissions::from_mode(0o444),
        )
        .unwrap();
    }
    let Some(fix) = arsip_as_a_user(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--exit-zero",
            "fixme.txt",
            "other.txt",
        ],
    ) else {
        return;
    };
    assert_eq!(fix.status.code(), Some(2), "{}", stderr(&fix));
    assert!(
        stderr(&fix).contains("arsip: fixme.txt: not fixed: is read-only\n"),
        "{}",
        stderr(&fix)
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("fixme.txt"), text, "the read-only file is untouched");
    assert_eq!(
        read("other.txt"),
        text.replace("”Ini", "“Ini"),
        "the other is fixed"
    );
    let convert = arsip_as_a_user(
        dir.path(),
        &[
            "convert",
            "--no-config",
            "--quiet",
            "other.txt",
            "-o",
            "keep.json",
        ],
    )
    .unwrap();
    assert_eq!(convert.status.code(), Some(2));
    assert!(
        stderr(&convert).contains("keep.json: cannot write output: is read-only"),
        "{}",
        stderr(&convert)
    );
    assert_eq!(read("keep.json"), "precious, do not touch\n");
}

/// Hostile case 15: a file `check --fix` edits keeps its hard links, its inode and mode.
#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(
        &a,
        "Judul Berita\nSenin, 01 Apr 2019 10.15 WIB\n\nBanyuwangi - ”Ini kutipan,” kata Bupati.\n",
    )
    .unwrap();
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let inode = std::fs::metadata(&a).unwrap().ino();
    common::check_command(&["--fix", "--exit-zero", "a.txt"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let meta = std::fs::metadata(&a).unwrap();
    assert_eq!(
        (meta.ino(), meta.nlink(), meta.mode() & 0o777),
        (inode, 2, 0o640)
    );
    let b_text = std::fs::read_to_string(&b).unwrap();
    assert!(b_text.contains("“Ini kutipan,”"), "{b_text}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary left"
    );
}

/// Hostile case 20: a tar made by `tar` and a file gzipped twice by `gzip` are each refused
/// in one line that says what they are, not "binary (NUL byte ...)" or "gzip data that did
/// not come through a file".
#[test]
fn a_tar_and_a_twice_gzipped_file_are_named_for_what_they_are() {
    let dir = TempDir::new().unwrap();
    std::fs::copy(SEMARANG, dir.path().join("a.txt")).unwrap();
    let made = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .current_dir(dir.path())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !made("tar", &["cf", "a.tar", "a.txt"])
        || !made("sh", &["-c", "gzip -c a.txt | gzip -c > a.txt.gz.gz"])
    {
        eprintln!("SKIPPED: tar and gzip are needed to make the inputs");
        return;
    }
    for (name, said) in [
        ("a.tar", "a tar archive"),
        ("a.txt.gz.gz", "gzip inside gzip"),
    ] {
        let path = dir.path().join(name);
        let output = arsip(&["convert", "--no-config", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let message = stderr(&output);
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(
            message.contains(name) && message.contains(said),
            "{message}"
        );
    }
}

/// An `@list` is read within a bound like every file given beside the inputs: `@/dev/zero`
/// is refused in one line, at once, instead of read until memory runs out (it was).
#[test]
fn an_endless_list_is_refused_within_a_bound() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("SKIPPED: no /dev/zero on this system");
        return;
    }
    let output = arsip(&["convert", "--no-config", "@/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("@/dev/zero: the list is larger than"),
        "{message}"
    );
}
