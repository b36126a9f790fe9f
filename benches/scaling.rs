//! Bounded time: ten times the input must take at most about twelve times as long, for the
//! text reader, the HTML reader and the rules, on ordinary and on pathological inputs
//! (thousands of unmatched quotation marks, a run of marks with no space between them, a 100,000-character paragraph, a page of
//! dateline-like lines, text entity-encoded in the source). Run with
//! `cargo bench --bench scaling`; it exits 1 when a case grows faster than that.
//!
//! The smaller input of each case is already past the CPU's caches (over 100 KB of text,
//! with its article and findings): smaller ones measured growth from cache misses, not
//! from the algorithm.

use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, Settings};
use common::fastest_seconds;

/// The allowed growth for 10x the input; linear is 10, a little more is noise.
const LIMIT: f64 = 12.0;

struct Case {
    name: &'static str,
    format: InputFormat,
    /// The input at a given scale (1 and 10).
    make: fn(usize) -> String,
    base: usize,
}

fn text_article(n: usize) -> String {
    let mut out = String::from("Bupati Resmikan Pasar Baru\n\nSenin, 1 April 2019\n\n");
    out.push_str("BANYUWANGI – Pasar baru diresmikan hari ini.\n\n");
    for i in 0..n {
        out.push_str(&format!(
            "“Pasar ini untuk warga nomor {i},” kata Bupati Abdullah Azwar Anas. Pedagang menyambut baik, ujarnya.\n\n"
        ));
    }
    out
}

fn unmatched_quotes(n: usize) -> String {
    let mut out = String::from("Kutipan Rusak\n\n");
    for i in 0..n {
        out.push_str(if i % 3 == 0 {
            "“kata "
        } else if i % 3 == 1 {
            "\" ujar "
        } else {
            "‘ "
        });
    }
    out.push('\n');
    out
}

/// Quotation marks with no space or full stop between them (`““““…`, `""""…`): every
/// quotation's sentence runs on through all the others.
fn run_of_marks(n: usize) -> String {
    format!("Kutipan Rapat\n\n{}\n\n{}\n", "“".repeat(n), "\"".repeat(n))
}

fn long_paragraph(n: usize) -> String {
    let sentence =
        "Warga bergotong royong membersihkan saluran, kata Kepala Desa pada Senin (1/4/2019). ";
    format!("Paragraf Panjang\n\n{}\n", sentence.repeat(n))
}

fn dateline_lines(n: usize) -> String {
    let mut out = String::from("Banyak Dateline\n\n");
    for i in 0..n {
        out.push_str(&format!(
            "BANYUWANGI – Semarang (ANTARA) - JAKARTA, KOMPAS.com – {i}\n\n"
        ));
    }
    out
}

/// Thousands of distinct tags on one line and of bylines (each kept once, found in a set).
fn tags_and_bylines(n: usize) -> String {
    let tags: Vec<String> = (0..n).map(|i| format!("tag{i}")).collect();
    let mut out = format!(
        "Banyak Tag\n\nBANYUWANGI – Isi berita.\n\nTags: {}\n\n",
        tags.join(", ")
    );
    for i in 0..n {
        out.push_str(&format!("Editor: Nama {i}\n\n"));
    }
    out
}

fn html_page(n: usize) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Pasar Baru - Portal</title></head><body><nav><a href=/>Beranda</a></nav><article><h1>Pasar Baru</h1><p class=date>Senin, 1 April 2019</p>",
    );
    for i in 0..n {
        out.push_str(&format!(
            "<p>BANYUWANGI &ndash; &ldquo;Pasar ini untuk warga nomor {i},&rdquo; kata <b>Bupati</b> Anas. Pedagang&nbsp;menyambut baik.</p>"
        ));
    }
    out.push_str("<div class=related><h3>Baca Juga</h3><ul>");
    for i in 0..n / 10 {
        out.push_str(&format!("<li><a href=/berita/{i}.html>Berita {i}</a></li>"));
    }
    out.push_str("</ul></div></article><footer>Hak cipta</footer></body></html>");
    out
}

/// Quotation marks of every script in one run (`‘’“”„«»「」…`), the shape the `tag_soup`
/// fuzz target found slow: each quotation's sentence after it ran on through the others.
fn html_mixed_marks(n: usize) -> String {
    format!(
        "<html><head><title>Kutipan</title></head><body><article><h1>Kutipan</h1><p>{}</p></article></body></html>",
        "‘’“”„«»「」".repeat(n)
    )
}

fn html_quotes(n: usize) -> String {
    format!(
        "<html><head><title>Kutipan</title></head><body><article><h1>Kutipan</h1><p>{}</p></article></body></html>",
        unmatched_quotes(n)
    )
}

/// The fastest time of `work` over enough runs to last about half a second.
fn time(mut work: impl FnMut()) -> f64 {
    let started = Instant::now();
    work();
    let once = started.elapsed().as_secs_f64().max(1e-6);
    fastest_seconds(((0.5 / once) as usize).clamp(5, 200), work)
}

fn main() {
    let cases = [
        Case {
            name: "text: article paragraphs",
            format: InputFormat::Text,
            make: text_article,
            base: 1_000,
        },
        Case {
            name: "text: unmatched quote marks",
            format: InputFormat::Text,
            make: unmatched_quotes,
            base: 10_000,
        },
        Case {
            name: "text: a run of quote marks",
            format: InputFormat::Text,
            make: run_of_marks,
            base: 2_000,
        },
        Case {
            name: "text: one long paragraph",
            format: InputFormat::Text,
            make: long_paragraph,
            base: 1_000,
        },
        Case {
            name: "text: dateline-like lines",
            format: InputFormat::Text,
            make: dateline_lines,
            base: 1_500,
        },
        Case {
            name: "text: tags and bylines",
            format: InputFormat::Text,
            make: tags_and_bylines,
            base: 4_000,
        },
        Case {
            name: "html: page paragraphs",
            format: InputFormat::Html,
            make: html_page,
            base: 1_000,
        },
        Case {
            name: "html: unmatched quote marks",
            format: InputFormat::Html,
            make: html_quotes,
            base: 10_000,
        },
        Case {
            name: "html: marks of every script",
            format: InputFormat::Html,
            make: html_mixed_marks,
            base: 4_000,
        },
    ];
    let settings = Settings {
        now: "2026-01-01".parse().unwrap(),
        ..Settings::default()
    };
    // `--case I --scale S`: read and check case I at scale S once, for an instruction
    // count under valgrind (bench/scaling-instructions.sh), which the machine's load
    // does not disturb.
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1)?.parse::<usize>().ok())
    };
    if let (Some(index), Some(scale)) = (flag("--case"), flag("--scale")) {
        let case = &cases[index];
        let input = Input::from_bytes((case.make)(case.base * scale), Some("scaling"));
        let parsed = read(&input, case.format).unwrap();
        std::hint::black_box(check(&parsed, &settings));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        for (index, case) in cases.iter().enumerate() {
            println!("{index}\t{}", case.name);
        }
        return;
    }
    let mut worst: f64 = 0.0;
    println!(
        "{:<30} {:>12} {:>12} {:>9} {:>12} {:>12} {:>9}",
        "case", "read 1x", "read 10x", "ratio", "rules 1x", "rules 10x", "ratio"
    );
    for case in &cases {
        let mut row = Vec::new();
        let inputs: Vec<Input> = [1, 10]
            .iter()
            .map(|scale| Input::from_bytes((case.make)(case.base * scale), Some("scaling")))
            .collect();
        let reads: Vec<f64> = inputs
            .iter()
            .map(|input| time(|| drop(std::hint::black_box(read(input, case.format).unwrap()))))
            .collect();
        let parsed: Vec<_> = inputs
            .iter()
            .map(|i| read(i, case.format).unwrap())
            .collect();
        let rules: Vec<f64> = parsed
            .iter()
            .map(|p| time(|| drop(std::hint::black_box(check(p, &settings)))))
            .collect();
        for pair in [&reads, &rules] {
            let ratio = pair[1] / pair[0];
            worst = worst.max(ratio);
            row.push(format!(
                "{:>10.2}ms {:>10.2}ms {:>8.1}x",
                pair[0] * 1e3,
                pair[1] * 1e3,
                ratio
            ));
        }
        println!(
            "{:<30} {} {}   ({} -> {} bytes)",
            case.name,
            row[0],
            row[1],
            inputs[0].bytes.len(),
            inputs[1].bytes.len()
        );
    }
    println!("worst growth for 10x the input: {worst:.1}x (limit {LIMIT}x)");
    if worst > LIMIT {
        std::process::exit(1);
    }
}
