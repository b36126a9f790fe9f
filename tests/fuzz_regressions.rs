//! Inputs the fuzz targets (fuzz/) found, kept so that what they showed stays fixed.

use std::path::Path;

use arsip::read::{read, Input, InputFormat};
use arsip::rules::{check, Settings};

/// Lines as arsip counts them: a line ends at LF, CRLF or a lone CR.
fn line_count(text: &str) -> usize {
    text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1
}

/// `rules` target: an article whose last paragraph ends in a run of lone CRs. Its findings
/// were right (lone CRs end lines, as in editors); the target counted lines with
/// `str::lines`, which does not. Kept: findings must point inside the input.
#[test]
fn findings_point_inside_an_input_ending_in_lone_carriage_returns() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/fuzz-rules-lone-cr.txt");
    let bytes = std::fs::read(&path).unwrap();
    let parsed = read(
        &Input::from_bytes(bytes, Some("lone-cr.txt")),
        InputFormat::Auto,
    )
    .unwrap();
    let lines = line_count(&parsed.text);
    let findings = check(&parsed, &Settings::default());
    assert!(!findings.is_empty());
    for finding in findings {
        assert!(
            finding.line.is_none_or(|l| l <= lines),
            "{finding:?} of {lines} lines"
        );
    }
}

/// Found while fixing the above: HTML positions counted only LF as a line end, so a page
/// saved with old Mac line ends (lone CR) had every finding on line 1.
#[test]
fn html_with_lone_carriage_returns_has_true_line_numbers() {
    let paragraph = "Pasar baru dibuka hari ini oleh Bupati, yang berharap pedagang kembali berjualan di sana dan pembeli datang dari desa sekitar.";
    let page = format!(
        "<html>\r<head><title>Pasar Baru Dibuka</title></head>\r<body>\r<h1>Pasar Baru Dibuka</h1>\r<p>BANYUWANGI – {paragraph}</p>\r<p>{paragraph}</p>\r<p>{paragraph}</p>\r</body></html>\r"
    );
    let parsed = read(
        &Input::from_bytes(page.as_bytes(), Some("cr.html")),
        InputFormat::Html,
    )
    .unwrap();
    let lines: Vec<usize> = parsed.map.body.iter().map(|p| p.start().line).collect();
    assert_eq!(lines, [5, 6, 7]);
    // The title is found first where the page declares it, in `<title>` on line 2.
    assert_eq!(parsed.map.title.map(|p| p.line), Some(2));
}
