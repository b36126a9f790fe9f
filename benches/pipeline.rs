//! Throughput of the HTML pipeline against a bare html5ever parse of the same pages, in the
//! same run, one thread. Run with `cargo bench --bench pipeline`; it needs ../shared.
//!
//! Machines here are noisy, so each measure is the median of several passes and the result
//! that matters is the ratio between the two, taken back to back.

use std::io::Read;
use std::path::Path;

#[path = "common/mod.rs"]
mod common;

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, Settings};
use arsip::write::{to_string, OutputFormat};
use common::median_seconds;

fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bench/article-extraction-benchmark/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "{} is missing: the benchmark needs ../shared beside the repository",
            dir.display()
        );
        std::process::exit(2);
    };
    let mut pages: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
                .read_to_end(&mut bytes)
                .unwrap();
            (p.display().to_string(), bytes)
        })
        .collect();
    pages.sort();
    pages
}

fn main() {
    let pages = pages();
    let megabytes = pages.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let settings = Settings {
        now: "2026-01-01".parse().unwrap(),
        ..Settings::default()
    };
    let passes = 5;
    let parse_only = median_seconds(passes, || {
        for (_, bytes) in &pages {
            let text = String::from_utf8_lossy(bytes);
            std::hint::black_box(scraper::Html::parse_document(&text));
        }
    });
    let full = median_seconds(passes, || {
        for (path, bytes) in &pages {
            let input = Input::from_bytes(bytes.clone(), Some(path));
            let parsed = read(&input, InputFormat::Html).unwrap();
            std::hint::black_box(check(&parsed, &settings));
            std::hint::black_box(to_string(&parsed.article, OutputFormat::Json));
        }
    });
    // Where the time goes, stage by stage, on the same pages.
    let inputs: Vec<Input> = pages
        .iter()
        .map(|(path, bytes)| Input::from_bytes(bytes.clone(), Some(path)))
        .collect();
    let read_only = median_seconds(passes, || {
        for input in &inputs {
            std::hint::black_box(read(input, InputFormat::Html).unwrap());
        }
    });
    let parsed: Vec<_> = inputs
        .iter()
        .map(|i| read(i, InputFormat::Html).unwrap())
        .collect();
    let rules_only = median_seconds(passes, || {
        for p in &parsed {
            std::hint::black_box(check(p, &settings));
        }
    });
    let json_only = median_seconds(passes, || {
        for p in &parsed {
            std::hint::black_box(to_string(&p.article, OutputFormat::Json));
        }
    });
    let n = pages.len() as f64;
    println!(
        "{} pages, {megabytes:.1} MB of HTML, median of {passes} passes, one thread",
        pages.len()
    );
    println!(
        "parse only (html5ever via scraper): {:>7.0} pages/s",
        n / parse_only
    );
    println!(
        "read + extract + rules + JSON:      {:>7.0} pages/s",
        n / full
    );
    println!(
        "ratio to parse only:                {:>7.2}x",
        full / parse_only
    );
    println!(
        "stages, as multiples of parse only: read {:.2}x, rules {:.2}x, JSON {:.2}x",
        read_only / parse_only,
        rules_only / parse_only,
        json_only / parse_only
    );
}
