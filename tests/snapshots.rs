//! Snapshots of every writer for every fixture, for review with `cargo insta review`.

mod common;

use arsip::write::{to_string, OutputFormat};

#[test]
fn html_fixtures_as_json_and_yaml() {
    insta::glob!("../fixtures/html", "*.html", |path| {
        let article = common::read_fixture(path);
        insta::assert_snapshot!("json", to_string(&article, OutputFormat::Json));
        insta::assert_snapshot!("yaml", to_string(&article, OutputFormat::Yaml));
    });
}

#[test]
fn text_fixtures_as_json_and_yaml() {
    insta::glob!("../fixtures/text", "*.txt", |path| {
        let article = common::read_fixture(path);
        insta::assert_snapshot!("json", to_string(&article, OutputFormat::Json));
        insta::assert_snapshot!("yaml", to_string(&article, OutputFormat::Yaml));
    });
}
