//! Snapshots of every writer for every fixture, for review with `cargo insta review`.

mod common;

use arsip::write::{to_string, OutputFormat};

/// Every other writer, for every fixture, text and HTML alike.
#[test]
fn fixtures_in_every_standard_format() {
    for pattern in ["*.txt", "*.html"] {
        let folder = if pattern == "*.txt" {
            "../fixtures/text"
        } else {
            "../fixtures/html"
        };
        insta::glob!(folder, pattern, |path| {
            let article = common::read_fixture(path);
            insta::assert_snapshot!("newsml", to_string(&article, OutputFormat::Newsml));
            insta::assert_snapshot!("ninjs", to_string(&article, OutputFormat::Ninjs));
            insta::assert_snapshot!("markdown", to_string(&article, OutputFormat::Markdown));
            insta::assert_snapshot!("jsonld", to_string(&article, OutputFormat::JsonLd));
        });
    }
}

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
