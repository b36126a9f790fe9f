//! The committed JSON Schema matches the model, and every output validates against it.

mod common;

use std::path::Path;

use arsip::write::{to_string, OutputFormat};

fn committed(name: &str) -> (std::path::PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    (path, text)
}

#[test]
fn committed_schemas_match_the_code() {
    for name in arsip::schema::SCHEMAS {
        let generated = arsip::schema::schema_json(name).expect("known schema");
        let (path, text) = committed(name);
        if std::env::var("ARSIP_BLESS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &generated).expect("schema written");
            continue;
        }
        assert!(
            text == generated,
            "{} is out of date with the model; run `ARSIP_BLESS=1 cargo test --test schema` and commit it",
            path.display()
        );
    }
}

#[test]
fn fixture_output_validates_against_the_article_schema() {
    let (_, text) = committed("article");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for path in common::text_fixtures() {
        let article = common::read_fixture(&path);
        let json: serde_json::Value =
            serde_json::from_str(&to_string(&article, OutputFormat::Json)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn schema_rejects_a_missing_nullable_field() {
    let (_, text) = committed("article");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let article = common::read_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/semarang-antara-wib.txt"),
    );
    let mut json = serde_json::to_value(&article).unwrap();
    json.as_object_mut().unwrap().remove("dateline");
    assert!(!validator.is_valid(&json));
}
