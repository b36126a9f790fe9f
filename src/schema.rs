//! JSON Schemas of arsip's data, generated from the types so that they cannot drift.
//! `schemas/*.schema.json` hold the committed copies; a test keeps them equal.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::Schema;

use crate::model::Article;

/// The schemas arsip publishes, by name.
pub const SCHEMAS: &[&str] = &["article", "batch-report", "config", "profile"];

/// The JSON Schema named `name`, pretty-printed with a final newline.
pub fn schema_json(name: &str) -> Option<String> {
    let settings = SchemaSettings::draft2020_12();
    let generator = if name == "article" {
        settings
            .with_transform(RecursiveTransform(require_every_property))
            .into_generator()
    } else {
        settings.into_generator()
    };
    let schema = match name {
        "article" => generator.into_root_schema_for::<Article>(),
        "config" => generator.into_root_schema_for::<crate::config::Config>(),
        "batch-report" => generator.into_root_schema_for::<crate::batch::BatchReport>(),
        "profile" => generator.into_root_schema_for::<crate::read::html::profile::Profile>(),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    Some(text)
}

/// arsip writes every field, `null` or `[]` when empty, so that `jq` paths never vanish:
/// the schema says so by requiring every property, optional ones included. Input schemas
/// (the configuration) keep their optional keys optional.
fn require_every_property(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let Some(properties) = object.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    let names: Vec<serde_json::Value> = properties.keys().cloned().map(Into::into).collect();
    object.insert("required".to_string(), names.into());
}
