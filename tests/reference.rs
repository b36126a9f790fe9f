//! The reference article (`../shared/samples/banyuwangi-2019-04-01.txt`), converted as a
//! new user would, meets the foundation's acceptance criteria.

mod common;

use assert_cmd::Command;

use arsip::Article;

fn convert_reference() -> Option<Article> {
    let path = common::shared_file("samples/banyuwangi-2019-04-01.txt")?;
    let output = Command::cargo_bin("arsip")
        .unwrap()
        .arg("convert")
        .arg(&path)
        .output()
        .expect("arsip runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("stdout is one JSON article"))
}

#[test]
fn reference_article_header_fields() {
    let Some(a) = convert_reference() else { return };
    assert_eq!(
        a.title.as_deref(),
        Some("Diklatpim IV Balai Pelatihan Kesehatan Semarang, Benchmark ke Banyuwangi")
    );
    let published = a.published.expect("a date");
    assert_eq!(published.date.as_deref(), Some("2019-04-01"));
    assert_eq!(published.weekday, Some(arsip::model::Weekday::Monday));
    let dateline = a.dateline.expect("a dateline");
    assert_eq!(dateline.place.as_deref(), Some("Banyuwangi"));
    assert_eq!(dateline.raw, "BANYUWANGI –");
    assert_eq!(a.language.as_deref(), Some("id"));
}

#[test]
fn reference_article_body_and_chrome() {
    let Some(a) = convert_reference() else { return };
    assert_eq!(a.body.len(), 11, "{:#?}", a.body);
    assert!(a.body[0].starts_with("Berbagai prestasi"));
    assert!(a.body.last().unwrap().ends_with("pungkas Emmilya."));
    assert_eq!(a.credit.as_deref(), Some("*"));
    assert!(a.related.is_empty());
    for paragraph in &a.body {
        assert!(!paragraph.contains("Berita Terkait") && !paragraph.contains("Bagikan"));
        assert!(!paragraph.contains('\u{a0}'), "NBSP left in {paragraph:?}");
    }
}

#[test]
fn reference_article_quotes() {
    let Some(a) = convert_reference() else { return };
    let attributed: Vec<_> = a.quotes.iter().filter(|q| q.speaker.is_some()).collect();
    assert_eq!(attributed.len(), 7, "{:#?}", a.quotes);
    for q in &attributed {
        let speaker = q.speaker.as_deref().unwrap();
        assert!(
            ["Emmilya", "Emmliya", "Anas"].contains(&speaker),
            "unexpected speaker {speaker}"
        );
    }
    let verb_of = |verb: &str| {
        a.quotes
            .iter()
            .find(|q| q.verb.as_deref() == Some(verb))
            .unwrap_or_else(|| panic!("no quote with verb {verb}"))
    };
    for verb in ["ujar", "kata", "terang", "pungkas"] {
        verb_of(verb);
    }
    assert_eq!(verb_of("imbuhnya").speaker.as_deref(), Some("Anas"));
    assert!(verb_of("tandasmya").speaker.is_some());
    let term = a
        .quotes
        .iter()
        .find(|q| q.text == "Smart Kampung")
        .expect("the quoted term");
    assert_eq!(term.speaker, None);
    assert_eq!(
        (term.open.as_deref(), term.close.as_deref()),
        (Some("“"), Some("’"))
    );
}

#[test]
fn reference_article_yaml_round_trips() {
    let Some(path) = common::shared_file("samples/banyuwangi-2019-04-01.txt") else {
        return;
    };
    let article = common::read_fixture(&path);
    let yaml = arsip::write::to_string(&article, arsip::write::OutputFormat::Yaml);
    let back: Article = yaml_serde::from_str(&yaml).unwrap();
    assert_eq!(back, article);
}
