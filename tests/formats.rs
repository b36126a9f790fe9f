//! ninjs, Markdown and JSON-LD output: valid against ninjs' schemas, front matter that
//! YAML readers accept, Markdown that renders the text as written.

mod common;

use std::path::{Path, PathBuf};

use arsip::write::ninjs::NinjsVersion;
use arsip::write::{to_string, OutputFormat};
use arsip::Article;

fn inputs() -> Vec<PathBuf> {
    let mut all = common::text_fixtures();
    let html = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    all.extend(std::fs::read_dir(html).unwrap().map(|e| e.unwrap().path()));
    if let Some(samples) = common::shared_file("samples") {
        all.push(samples.join("banyuwangi-2019-04-01.txt"));
        for e in std::fs::read_dir(samples.join("id-news")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "html") {
                all.push(p);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn ninjs_validates_against_both_schema_versions() {
    for (version, file) in [
        (NinjsVersion::V3_1, "ninjs-schema_3.1.json"),
        (NinjsVersion::V2_2, "ninjs-schema_2.2.json"),
    ] {
        let Some(path) = common::shared_file(&format!("schemas/ninjs/{file}")) else {
            return;
        };
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // ninjs refers to the GeoJSON schema by URL for `geometry`, which arsip never writes;
        // the tests run offline, so a permissive stand-in answers for it.
        let geojson = jsonschema::Resource::from_contents(serde_json::json!({})).unwrap();
        let validator = jsonschema::options()
            .with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
            .build(&schema)
            .expect("ninjs schema compiles");
        for input in inputs() {
            let article = common::read_fixture(&input);
            let value: serde_json::Value = serde_json::from_str(&ninjs(&article, version)).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(
                errors.is_empty(),
                "{} ({file}): {errors:#?}",
                input.display()
            );
        }
    }
}

#[test]
fn ninjs_carries_the_article() {
    let article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/semarang-antara-wib.txt"),
    );
    let v: serde_json::Value = serde_json::from_str(&ninjs(&article, NinjsVersion::V3_1)).unwrap();
    assert_eq!(v["headlines"][0]["value"], article.title.clone().unwrap());
    assert_eq!(v["versionCreated"], "2015-11-05T09:25:00+07:00");
    assert_eq!(v["located"], "Semarang");
    let old: serde_json::Value =
        serde_json::from_str(&ninjs(&article, NinjsVersion::V2_2)).unwrap();
    assert_eq!(old["versioncreated"], "2015-11-05T09:25:00+07:00");
}

fn ninjs(article: &arsip::Article, version: NinjsVersion) -> String {
    arsip::write::to_string_with(
        article,
        OutputFormat::Ninjs,
        &arsip::write::WriteOptions {
            ninjs_version: version,
        },
    )
}

fn front_matter_and_body(markdown: &str) -> (yaml_serde::Value, &str) {
    let rest = markdown
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let (front, body) = rest.split_once("\n---\n").expect("front matter closes");
    (
        yaml_serde::from_str(front).expect("front matter is YAML"),
        body,
    )
}

/// The text a Markdown renderer shows for `source`, paragraph by paragraph.
fn rendered_paragraphs(source: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Start(Tag::Paragraph) => current.clear(),
            Event::End(TagEnd::Paragraph) => paragraphs.push(std::mem::take(&mut current)),
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => current.push_str(&h),
            Event::Start(other) => panic!("markup where text was expected: {other:?}"),
            _ => {}
        }
    }
    paragraphs
}

#[test]
fn markdown_front_matter_parses_and_the_body_renders_as_written() {
    for input in inputs() {
        let article: Article = common::read_fixture(&input);
        let markdown = to_string(&article, OutputFormat::Markdown);
        let (front, body) = front_matter_and_body(&markdown);
        assert_eq!(
            front["title"].as_str(),
            Some(article.title.as_deref().unwrap_or("")),
            "{}",
            input.display()
        );
        if let Some(date) = article.published.as_ref().and_then(|p| p.date.clone()) {
            assert!(front["date"].as_str().unwrap().starts_with(&date));
        }
        assert_eq!(
            rendered_paragraphs(body),
            article.body,
            "{}",
            input.display()
        );
    }
}

#[test]
fn markdown_escapes_what_would_be_markup() {
    let mut article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/semarang-antara-wib.txt"),
    );
    article.body = vec![
        "Harga *naik* 10% di [pasar] <b>besar</b> & kecil_kecil `kode`".into(),
        "- bukan daftar".into(),
        "1. bukan daftar juga".into(),
        "# bukan judul | bukan tabel ~coret~".into(),
    ];
    let markdown = to_string(&article, OutputFormat::Markdown);
    let (_, body) = front_matter_and_body(&markdown);
    assert_eq!(rendered_paragraphs(body), article.body);
}

#[test]
fn json_ld_is_a_news_article() {
    let article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/wordpress-vaksinasi.html"),
    );
    let v: serde_json::Value =
        serde_json::from_str(&to_string(&article, OutputFormat::JsonLd)).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(
        v["headline"],
        "Dinas Kesehatan Gelar Vaksinasi Massal di 24 Kecamatan"
    );
    assert_eq!(v["datePublished"], "2019-08-14T08:30:00+07:00");
    assert_eq!(v["dateline"], "BANYUWANGI, (Humas) –");
    assert_eq!(v["author"][0]["name"], "Humas Dinkes");
    assert_eq!(v["inLanguage"], "id");
    assert_eq!(v["articleBody"], article.body.join("\n\n"));
    assert_eq!(
        v["isBasedOn"],
        "https://warta.example.go.id/2019/08/14/vaksinasi-massal-24-kecamatan/"
    );
}

/// The format tables in docs/formats.md, made from the reader and writer tables that
/// `--from`, `--to` and `--out-dir` naming read; `ARSIP_BLESS=1` rewrites them.
#[test]
fn the_format_tables_in_the_docs_are_the_code_tables() {
    use clap::ValueEnum;
    let mut table = String::from("| `--to` | `--out-dir` files | writes |\n| --- | --- | --- |\n");
    for writer in arsip::write::WRITERS {
        table.push_str(&format!(
            "| `{}` | `.{}` | {} |\n",
            writer.name, writer.extension, writer.help
        ));
    }
    table.push_str("\n| `--from` | reads |\n| --- | --- |\n");
    for format in arsip::read::InputFormat::value_variants() {
        let value = format.to_possible_value().unwrap();
        let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
        let help = help.trim_end_matches('.').replace('|', "\\|");
        table.push_str(&format!("| `{}` | {help} |\n", value.get_name()));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/formats.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = (
        "<!-- format tables: generated from READERS and WRITERS -->\n",
        "<!-- end of format tables -->",
    );
    let start = docs
        .find(begin)
        .expect("docs/formats.md has the generated section")
        + begin.len();
    let stop = docs[start..].find(end).unwrap() + start;
    if std::env::var_os("ARSIP_BLESS").is_some() {
        let updated = format!("{}{table}{}", &docs[..start], &docs[stop..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &docs[start..stop],
        table,
        "docs/formats.md is out of date; run `ARSIP_BLESS=1 cargo test --test formats`"
    );
    // Every reader's name is a `--from` value, and the other way round.
    for reader in arsip::read::READERS {
        assert_eq!(
            reader.format.to_possible_value().unwrap().get_name(),
            reader.name
        );
    }
}
