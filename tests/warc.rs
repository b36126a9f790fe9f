//! WARC archives: pages come out of `response` records of HTML with status 200, named from
//! their URL, with the record's URL, date and HTTP charset kept; the rest is counted.

use std::io::Write;
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

const PORTAL: &str = "https://www.banyuwangikab.go.id/berita";

fn record(kind: &str, url: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len() * 31 + url.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(url: &str, date: &str, head: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("{head}\r\n\r\n").into_bytes();
    block.extend_from_slice(body);
    let mut out = record(
        "request",
        url,
        date,
        "application/http; msgtype=request",
        format!("GET {url} HTTP/1.1\r\nUser-Agent: Wget/1.21\r\n\r\n").as_bytes(),
    );
    out.extend(record(
        "response",
        url,
        date,
        "application/http; msgtype=response",
        &block,
    ));
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A crawl of the portal as wget writes it: warcinfo, then request and response records;
/// pages plain, chunked and gzipped, one with its charset only in the HTTP header, plus a
/// redirect, a 404, an image and a page fetched twice. Each record is its own gzip member.
fn crawl() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    let page = |name: &str| std::fs::read(root.join(name)).unwrap();
    let ok = "HTTP/1.1 200 OK\r\nServer: Apache\r\nContent-Type: text/html; charset=UTF-8";
    let mut records = vec![record(
        "warcinfo",
        "",
        "2019-04-09T01:00:00Z",
        "application/warc-fields",
        b"software: Wget/1.21 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n",
    )];
    records.push(response(
        &format!("{PORTAL}/festival-gandrung.html"),
        "2019-04-09T01:00:05Z",
        ok,
        &page("festival-gandrung.html"),
    ));
    records.push(response(
        &format!("{PORTAL}/genteng-tabel.html"),
        "2019-04-09T01:00:06Z",
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252",
        &page("genteng-tabel-1252.html"),
    ));
    // Chunked and gzipped, as a server sends it and wget stores it.
    let zipped = gzip(&page("wordpress-vaksinasi.html"));
    let (first, rest) = zipped.split_at(100);
    let mut chunked = Vec::new();
    for chunk in [first, rest] {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    records.push(response(
        &format!("{PORTAL}/index.php?option=com_content&id=77"),
        "2019-04-09T01:00:07Z",
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip",
        &chunked,
    ));
    records.push(response(
        &format!("{PORTAL}/lama"),
        "2019-04-09T01:00:08Z",
        "HTTP/1.1 301 Moved Permanently\r\nLocation: /berita/festival-gandrung.html\r\nContent-Type: text/html",
        b"<p>Moved</p>",
    ));
    records.push(response(
        &format!("{PORTAL}/hilang.html"),
        "2019-04-09T01:00:09Z",
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/html",
        b"<html><body><h1>Halaman tidak ditemukan</h1></body></html>",
    ));
    records.push(response(
        "https://www.banyuwangikab.go.id/images/logo.png",
        "2019-04-09T01:00:10Z",
        "HTTP/1.1 200 OK\r\nContent-Type: image/png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ));
    records.push(response(
        &format!("{PORTAL}/bibit-padi.html"),
        "2019-04-09T01:00:11Z",
        ok,
        &page("joomla-bibit-padi.html"),
    ));
    // The same URL again, later in the crawl.
    records.push(response(
        &format!("{PORTAL}/festival-gandrung.html"),
        "2019-04-10T01:00:05Z",
        ok,
        &page("festival-gandrung.html"),
    ));
    records.iter().flat_map(|r| gzip(r)).collect()
}

const PAGES: usize = 5;
const IGNORED: usize = 1 + 8 + 3; // warcinfo, 8 requests, redirect, 404, image

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/warc/portal-crawl.warc.gz")
}

#[test]
fn the_committed_crawl_fixture_is_the_generated_one() {
    let bytes = crawl();
    if std::env::var_os("ARSIP_BLESS").is_some() {
        std::fs::write(fixture(), &bytes).unwrap();
    }
    assert!(
        std::fs::read(fixture()).is_ok_and(|b| b == bytes),
        "fixtures/warc/portal-crawl.warc.gz differs from tests/warc.rs; run ARSIP_BLESS=1 cargo test --test warc"
    );
}

fn arsip() -> Command {
    let mut command = Command::cargo_bin("arsip").unwrap();
    command.env_remove("CI");
    command
}

fn convert(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut command = Command::cargo_bin("arsip").unwrap();
    command
        .args(["convert", "--no-config", "--out-dir"])
        .arg(out)
        .arg(fixture())
        .args(extra);
    command.output().unwrap()
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    common::outputs_under(dir)
        .into_iter()
        .map(|relative| {
            let bytes = std::fs::read(dir.join(&relative)).unwrap();
            (relative, bytes)
        })
        .collect()
}

#[test]
fn a_crawl_converts_to_files_named_from_urls() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = convert(&out, &["--report", report.to_str().unwrap(), "-j", "2"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let names: Vec<String> = tree(&out)
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(names.len(), PAGES, "{names:?}");
    // Pages are named under the archive's own name, by their URL.
    let host = "portal-crawl/www.banyuwangikab.go.id/berita";
    for expected in [
        "festival-gandrung.json",
        "genteng-tabel.json",
        "bibit-padi.json",
    ] {
        assert!(names.contains(&format!("{host}/{expected}")), "{names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with(&format!("{host}/index-"))),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with(&format!("{host}/festival-gandrung-at"))),
        "{names:?}"
    );

    let article: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(host).join("genteng-tabel.json")).unwrap())
            .unwrap();
    let source = &article["source"];
    assert_eq!(source["url"], format!("{PORTAL}/genteng-tabel.html"));
    assert_eq!(source["fetched_at"], "2019-04-09T01:00:06Z");
    assert_eq!(source["encoding"]["name"], "windows-1252");
    assert_eq!(source["encoding"]["decided_by"], "external");
    assert!(source["path"]
        .as_str()
        .unwrap()
        .ends_with("portal-crawl.warc.gz"));

    let chunked: serde_json::Value = serde_json::from_slice(
        &tree(&out)
            .iter()
            .find(|(p, _)| p.to_string_lossy().contains("index-"))
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(
        chunked["body"].as_array().unwrap().len() > 2,
        "the gzipped, chunked page has its body"
    );

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(report["inputs"], PAGES);
    assert_eq!(report["converted"], PAGES);
    assert_eq!(report["ignored_records"], IGNORED);
    let first = &report["results"][0];
    assert_eq!(first["url"], format!("{PORTAL}/festival-gandrung.html"));
    assert!(first["offset"].as_u64().is_some());
    assert!(
        stderr.contains(&format!("{IGNORED} archive record(s) were not pages")),
        "{stderr}"
    );
}

#[test]
fn a_crawl_gives_the_same_bytes_for_every_jobs_and_resumes() {
    let dir = TempDir::new().unwrap();
    // Same out-dir name in two places, since the report names the outputs.
    let (one, two) = (dir.path().join("1/out"), dir.path().join("2/out"));
    let (r1, r2) = (dir.path().join("r1.json"), dir.path().join("r2.json"));
    assert!(
        convert(&one, &["-j", "1", "--report", r1.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        convert(&two, &["-j", "2", "--report", r2.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(tree(&one), tree(&two));
    let report = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .replace("/1/out", "/2/out")
    };
    assert_eq!(report(&r1), report(&r2));

    // A rerun finds every page done.
    let again = convert(&one, &["--report", r1.to_str().unwrap()]);
    assert!(again.status.success());
    let report: serde_json::Value = serde_json::from_str(&report(&r1)).unwrap();
    assert_eq!(report["skipped"], PAGES);
    assert_eq!(report["converted"], 0);
}

#[test]
fn a_crawl_streams_to_stdout_as_json_lines_in_archive_order() {
    let run = arsip()
        .args(["convert", "--no-config", "-q", "-j", "2"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(run.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), PAGES);
    let urls: Vec<&str> = lines
        .iter()
        .map(|a| a["source"]["url"].as_str().unwrap())
        .collect();
    assert!(urls[0].ends_with("festival-gandrung.html"));
    assert!(urls[1].ends_with("genteng-tabel.html"));
    assert!(urls[4].ends_with("festival-gandrung.html"));
    assert_eq!(lines[4]["source"]["fetched_at"], "2019-04-10T01:00:05Z");
}

#[test]
fn shards_split_a_crawl_by_url() {
    let dir = TempDir::new().unwrap();
    let mut total = 0;
    for k in 1..=3 {
        let out = dir.path().join(format!("s{k}"));
        let run = convert(&out, &["--shard", &format!("{k}/3")]);
        assert!(run.status.success());
        total += tree(&out).len();
    }
    assert_eq!(total, PAGES);
}

#[test]
fn a_truncated_crawl_keeps_the_pages_before_the_damage_and_reports_it() {
    let dir = TempDir::new().unwrap();
    let mut bytes = crawl();
    // Cut inside the last gzip member: the stream ends mid-record.
    bytes.truncate(bytes.len() - 300);
    let broken = dir.path().join("broken.warc.gz");
    std::fs::write(&broken, &bytes).unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "--out-dir"])
        .arg(&out)
        .arg(&broken)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("broken.warc.gz (record at byte"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(report["converted"], PAGES - 1);
    assert_eq!(report["failed"], 1);
    assert_eq!(tree(&out).len(), PAGES - 1);
}

#[test]
fn check_reads_a_crawl_page_by_page() {
    let run = arsip()
        .args(["check", "--no-config", "--format", "json", "--exit-zero"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let text = report.to_string();
    assert!(
        text.contains("portal-crawl.warc.gz (record at byte"),
        "{text}"
    );
}

#[test]
fn from_warc_refuses_what_is_not_an_archive() {
    let run = arsip()
        .args([
            "convert",
            "--no-config",
            "--from",
            "warc",
            "fixtures/text/jakarta-english.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("not a WARC archive"), "{stderr}");
}

#[test]
fn an_archive_that_holds_no_page_is_a_reported_failure_and_the_others_convert() {
    let dir = TempDir::new().unwrap();
    let images = dir.path().join("images.warc");
    let mut bytes = record(
        "warcinfo",
        "",
        "2019-04-01T00:00:00Z",
        "application/warc-fields",
        b"software: wget",
    );
    bytes.extend(response(
        &format!("{PORTAL}/logo.png"),
        "2019-04-01T00:00:01Z",
        "HTTP/1.1 200 OK\r\nContent-Type: image/png",
        b"\x89PNG\r\n",
    ));
    std::fs::write(&images, bytes).unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = arsip()
        .args(["convert", "--no-config", "--quiet", "--out-dir"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&images)
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("images.warc: the WARC archive holds no page (3 records"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let results = report["results"].as_array().unwrap();
    let failed: Vec<_> = results.iter().filter(|r| r["status"] == "failed").collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert!(failed[0]["input"]
        .as_str()
        .unwrap()
        .ends_with("images.warc"));
    // The crawl beside it still converts every page.
    assert!(
        results
            .iter()
            .filter(|r| r["status"] == "converted")
            .count()
            >= 3
    );
}

#[test]
fn a_last_record_that_claims_more_than_the_limit_keeps_its_whole_page() {
    // The archive ends long before the 10 GB the record claims: what is there is all of
    // it, and its page is whole. It was refused as larger than the limit, which it is not.
    let page = b"<!doctype html><html><head><title>Pasar Baru Dibuka</title></head><body><h1>Pasar Baru Dibuka</h1><p>BANYUWANGI - Pasar baru dibuka untuk pedagang desa hari ini.</p></body></html>";
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    http.extend_from_slice(page);
    let mut bytes = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {PORTAL}/pasar\r\nWARC-Date: 2019-04-01T03:15:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 10737418240\r\n\r\n"
    )
    .into_bytes();
    bytes.extend_from_slice(&http);
    bytes.extend_from_slice(b"\r\n\r\n");
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("claims.warc");
    std::fs::write(&archive, &bytes).unwrap();
    let run = arsip()
        .args(["convert", "--no-config", "--quiet", "--compact"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let article: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(article["title"], "Pasar Baru Dibuka");
    // Cut inside the page, it is a truncation, and said so.
    let cut = &bytes[..bytes.len() - 40];
    std::fs::write(&archive, cut).unwrap();
    let run = arsip()
        .args(["convert", "--no-config", "--quiet"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("truncated: the record promised 10737418240 bytes"),
        "{stderr}"
    );
}
