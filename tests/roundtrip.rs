//! Output read back is the same article: JSON and YAML carry every field.

mod common;

use arsip::write::{to_string, OutputFormat};
use arsip::Article;

#[test]
fn yaml_output_reads_back_as_the_same_article() {
    for path in common::text_fixtures() {
        let article = common::read_fixture(&path);
        let yaml = to_string(&article, OutputFormat::Yaml);
        let back: Article = yaml_serde::from_str(&yaml)
            .unwrap_or_else(|e| panic!("{}: YAML does not parse: {e}", path.display()));
        assert_eq!(back, article, "{}", path.display());
    }
}

#[test]
fn json_to_model_to_json_is_byte_identical() {
    for path in common::text_fixtures() {
        let article = common::read_fixture(&path);
        let json = to_string(&article, OutputFormat::Json);
        let back: Article = serde_json::from_str(&json).expect("JSON parses");
        assert_eq!(back, article);
        assert_eq!(
            to_string(&back, OutputFormat::Json),
            json,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_field_is_present_even_when_empty() {
    let article = common::read_fixture(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/text/pengumuman-tanpa-dateline.txt"),
    );
    let value: serde_json::Value =
        serde_json::from_str(&to_string(&article, OutputFormat::Json)).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "source",
            "language",
            "title",
            "published",
            "dateline",
            "byline",
            "credit",
            "body",
            "quotes",
            "related",
            "tags",
            "images",
            "extraction"
        ]
    );
    assert!(value["dateline"].is_null());
    assert_eq!(value["images"], serde_json::json!([]));
}
