//! YAML: one document per article; a stream separates documents with `---` (between
//! documents, so that a stream of one reads and writes back the same bytes).
//!
//! Every string is written double-quoted. Plain scalars are re-typed by YAML 1.1 readers
//! (PyYAML, Ruby, older Go libraries, hence most static-site tools): a plain `10:15` reads
//! back as the integer 615 and `2019-04-01` as a date. Quoting keeps text text everywhere.

use std::fmt::Write as _;
use std::io;

use serde_json::Value;

use super::{ArticleWriter, Layout};
use crate::model::Article;

pub struct YamlWriter {
    layout: Layout,
    written: usize,
}

impl YamlWriter {
    pub fn new(layout: Layout) -> Self {
        YamlWriter { layout, written: 0 }
    }
}

impl ArticleWriter for YamlWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        let value = serde_json::to_value(article).map_err(io::Error::other)?;
        let mut text = String::new();
        if self.layout.stream && self.written > 0 {
            text.push_str("---\n");
        }
        self.written += 1;
        emit_document(&value, &mut text);
        out.write_all(text.as_bytes())
    }
}

/// Writes any JSON-shaped value as a block-style YAML document.
pub fn emit_document(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => emit_mapping(map, 0, out),
        Value::Array(items) if !items.is_empty() => emit_sequence(items, 0, out),
        scalar => {
            emit_scalar(scalar, out);
            out.push('\n');
        }
    }
}

fn emit_mapping(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first key of a mapping inside a sequence item follows its `- ` directly.
        if i > 0 || !out.ends_with("- ") {
            push_indent(indent, out);
        }
        emit_key(key, out);
        out.push(':');
        emit_nested(value, indent, out);
    }
}

fn emit_sequence(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        push_indent(indent, out);
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => emit_mapping(map, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_sequence(inner, indent + 2, out);
            }
            scalar => {
                emit_scalar(scalar, out);
                out.push('\n');
            }
        }
    }
}

/// The value after `key:`: inline for scalars and empty collections, on the next lines
/// for the rest. Sequences under a key sit at the key's indentation, as is usual.
fn emit_nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            emit_mapping(map, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            emit_sequence(items, indent, out);
        }
        scalar => {
            out.push(' ');
            emit_scalar(scalar, out);
            out.push('\n');
        }
    }
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn emit_key(key: &str, out: &mut String) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if plain {
        out.push_str(key);
    } else {
        quote(key, out);
    }
}

fn emit_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quote(s, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A YAML double-quoted scalar. Characters YAML does not allow raw (C0 and C1 controls,
/// DEL, U+FFFE, U+FFFF, and NEL and line/paragraph separators, which YAML treats as line
/// breaks) are escaped.
pub fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(value: Value) -> String {
        let mut out = String::new();
        emit_document(&value, &mut out);
        out
    }

    #[test]
    fn strings_are_quoted_so_yaml_1_1_readers_keep_them_text() {
        let text = yaml(serde_json::json!({"time": "10:15", "date": "2019-04-01", "n": 3}));
        assert_eq!(text, "time: \"10:15\"\ndate: \"2019-04-01\"\nn: 3\n");
    }

    #[test]
    fn nesting_and_empty_collections() {
        let text = yaml(serde_json::json!({
            "a": {"b": null},
            "list": [{"x": "1", "y": []}, {"x": "2", "y": ["p"]}],
            "empty": [],
        }));
        assert_eq!(
            text,
            "a:\n  b: null\nlist:\n- x: \"1\"\n  y: []\n- x: \"2\"\n  y:\n  - \"p\"\nempty: []\n"
        );
    }

    #[test]
    fn unprintable_characters_are_escaped() {
        let mut out = String::new();
        quote("a\u{1}b\u{85}c\u{FFFF}\"\\", &mut out);
        assert_eq!(out, "\"a\\x01b\\x85c\\uFFFF\\\"\\\\\"");
        let back: String = yaml_serde::from_str(&out).unwrap();
        assert_eq!(back, "a\u{1}b\u{85}c\u{FFFF}\"\\");
    }
}
