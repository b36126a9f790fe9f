//! Markdown with YAML front matter, as Hugo and Jekyll read it: the body's text renders
//! exactly as written, with Markdown's own characters escaped.

use std::io;

use serde_json::{json, Map, Value};

use super::yaml::emit_document;
use super::{ArticleWriter, Layout};
use crate::model::Article;

pub struct MarkdownWriter {
    layout: Layout,
}

impl MarkdownWriter {
    pub fn new(layout: Layout) -> Self {
        MarkdownWriter { layout }
    }
}

impl ArticleWriter for MarkdownWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        if self.layout.stream {
            // Several articles in one stream cannot be one page; keep them apart visibly.
            out.write_all(b"\n")?;
        }
        out.write_all(to_markdown(article).as_bytes())
    }
}

/// The front matter fields static-site generators use, then the body.
pub fn to_markdown(article: &Article) -> String {
    let mut front = Map::new();
    front.insert(
        "title".into(),
        json!(article.title.clone().unwrap_or_default()),
    );
    if let Some(published) = &article.published {
        // A time without a printed zone stays local time (Hugo reads it in the site's
        // zone), rather than being written as UTC.
        let date = match (&published.date, &published.time, &published.offset) {
            (Some(_), Some(_), Some(_)) => published.date_time(),
            (Some(date), Some(time), None) => Some(format!("{date}T{time}")),
            (date, ..) => date.clone(),
        };
        if let Some(date) = date {
            front.insert("date".into(), json!(date));
        }
    }
    if let Some(dateline) = &article.dateline {
        front.insert("dateline".into(), json!(dateline.raw));
    }
    if let Some(byline) = &article.byline {
        front.insert("author".into(), json!(byline));
    }
    if let Some(credit) = &article.credit {
        front.insert("credit".into(), json!(credit));
    }
    if let Some(language) = &article.language {
        front.insert("lang".into(), json!(language));
    }
    front.insert("tags".into(), json!(article.tags));
    let related: Vec<Value> = article
        .related
        .iter()
        .map(|r| json!({ "title": r.title, "url": r.url }))
        .collect();
    front.insert("related".into(), Value::Array(related));
    front.insert(
        "source".into(),
        json!({ "path": article.source.path, "url": article.source.url, "id": article.id }),
    );
    let mut out = String::from("---\n");
    emit_document(&Value::Object(front), &mut out);
    out.push_str("---\n");
    for paragraph in &article.body {
        out.push('\n');
        out.push_str(&escape_markdown(paragraph));
        out.push('\n');
    }
    out
}

/// Escapes what Markdown would otherwise read as markup: emphasis, code, links, HTML,
/// headings, lists and quotes at the start of a line, tables and strikethrough.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A paragraph opening like a list item (`- `, `+ `, `1. `) or a heading would change
    // block type.
    let needs_lead_escape =
        out.starts_with("- ") || out.starts_with("+ ") || out.starts_with('=') || {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && matches!(out[digits..].chars().next(), Some('.') | Some(')'))
        };
    if needs_lead_escape {
        let at = out.chars().take_while(char::is_ascii_digit).count();
        out.insert(at, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            escape_markdown("Harga *naik* 10% [sumber]"),
            "Harga \\*naik\\* 10% \\[sumber\\]"
        );
        assert_eq!(escape_markdown("- bukan daftar"), "\\- bukan daftar");
        assert_eq!(escape_markdown("1. bukan daftar"), "1\\. bukan daftar");
        assert_eq!(
            escape_markdown("“Kami siap,” kata Anas."),
            "“Kami siap,” kata Anas."
        );
    }
}
