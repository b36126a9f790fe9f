//! JSON Schemas of arsip's data, generated from the types so that they cannot drift.
//! `schemas/*.schema.json` hold the committed copies; a test keeps them equal.

use crate::model::Article;

/// The schemas arsip publishes, by name.
pub const SCHEMAS: &[&str] = &["article"];

/// The JSON Schema named `name`, pretty-printed with a final newline.
pub fn schema_json(name: &str) -> Option<String> {
    let schema = match name {
        "article" => schemars::schema_for!(Article),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    Some(text)
}
