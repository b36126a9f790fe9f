//! The whole-process baseline for `bench/README.md`: reads each file named on the command
//! line (gunzipping `.gz`), decodes it as UTF-8 and builds html5ever's tree (through
//! scraper, as arsip does), nothing else. `arsip convert --out-dir` over the same files,
//! timed beside it, says what arsip costs on top of the parse.
//!
//!     cargo build --release --example parse_only
//!     target/release/examples/parse_only ../shared/bench/article-extraction-benchmark/html/*.gz

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut elements = 0usize;
    for path in std::env::args_os().skip(1) {
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&path).and_then(|mut file| {
            if path.to_string_lossy().ends_with(".gz") {
                flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)
            } else {
                file.read_to_end(&mut bytes)
            }
        });
        if let Err(e) = read {
            eprintln!("parse_only: {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        // Something from every tree, so that the parse cannot be optimised away.
        elements += html.tree.nodes().count();
    }
    println!("{elements} nodes");
    ExitCode::SUCCESS
}
