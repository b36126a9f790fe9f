//! IPTC ninjs (News in JSON), version 3.1 by default or 2.2, which differ here only in the
//! case of the property names (`versionCreated` / `versioncreated`).

use std::io;

use serde_json::{json, Map, Value};

use super::{ArticleWriter, Layout};
use crate::model::{Article, Published};

/// The ninjs versions arsip writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum NinjsVersion {
    #[default]
    #[cfg_attr(feature = "cli", value(name = "3.1"))]
    V3_1,
    #[cfg_attr(feature = "cli", value(name = "2.2"))]
    V2_2,
}

pub struct NinjsWriter {
    layout: Layout,
    version: NinjsVersion,
}

impl NinjsWriter {
    pub fn new(layout: Layout, version: NinjsVersion) -> Self {
        NinjsWriter { layout, version }
    }
}

impl ArticleWriter for NinjsWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        let value = to_ninjs(article, self.version);
        if self.layout.stream || self.layout.compact {
            serde_json::to_writer(&mut *out, &value)?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &value)?;
        }
        out.write_all(b"\n")
    }
}

/// The body as simple HTML, one `<p>` per paragraph.
pub fn body_html(article: &Article) -> String {
    article
        .body
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The article as a ninjs object.
pub fn to_ninjs(article: &Article, version: NinjsVersion) -> Value {
    let mut item = Map::new();
    item.insert("uri".into(), json!(super::newsml::guid(article)));
    item.insert("type".into(), json!("text"));
    item.insert("representationType".into(), json!("full"));
    item.insert("version".into(), json!("1"));
    if let Some(instant) = article.published.as_ref().and_then(Published::date_time) {
        item.insert("firstCreated".into(), json!(instant));
        item.insert("versionCreated".into(), json!(instant));
        item.insert("contentCreated".into(), json!(instant));
    }
    item.insert("pubStatus".into(), json!("usable"));
    if let Some(language) = &article.language {
        item.insert("language".into(), json!(language));
    }
    if let Some(title) = &article.title {
        item.insert("headlines".into(), json!([{ "value": title }]));
    }
    if !article.body.is_empty() {
        item.insert(
            "bodies".into(),
            json!([
                { "role": "main", "contentType": "text/html", "value": body_html(article) },
                { "role": "main", "contentType": "text/plain", "value": article.body.join("\n\n") }
            ]),
        );
    }
    if let Some(dateline) = &article.dateline {
        item.insert(
            "descriptions".into(),
            json!([{ "role": "dateline", "value": dateline.raw }]),
        );
        if let Some(place) = &dateline.place {
            item.insert("located".into(), json!(place));
        }
    }
    if !article.tags.is_empty() {
        let subjects: Vec<Value> = article.tags.iter().map(|t| json!({ "name": t })).collect();
        item.insert("subjects".into(), Value::Array(subjects));
    }
    if let Some(byline) = &article.byline {
        item.insert("by".into(), json!(byline));
    }
    if let Some(credit) = &article.credit {
        item.insert("edNote".into(), json!(format!("credit: {credit}")));
    }
    let mut associations = Vec::new();
    for (i, link) in article.related.iter().enumerate() {
        if let Some(url) = link.url.as_deref().filter(|u| url::Url::parse(u).is_ok()) {
            let mut related =
                json!({ "name": format!("related-{}", i + 1), "uri": url, "type": "text" });
            if let Some(title) = &link.title {
                related["headlines"] = json!([{ "value": title }]);
            }
            associations.push(related);
        }
    }
    for (i, image) in article.images.iter().enumerate() {
        if let Some(src) = image.src.as_deref().filter(|u| url::Url::parse(u).is_ok()) {
            let mut picture =
                json!({ "name": format!("image-{}", i + 1), "uri": src, "type": "picture" });
            if let Some(caption) = &image.caption {
                picture["descriptions"] = json!([{ "value": caption }]);
            }
            associations.push(picture);
        }
    }
    if !associations.is_empty() {
        item.insert("associations".into(), Value::Array(associations));
    }
    item.insert(
        "altIds".into(),
        json!([{ "role": "arsip-id", "value": article.id }]),
    );
    let value = Value::Object(item);
    match version {
        NinjsVersion::V3_1 => value,
        NinjsVersion::V2_2 => lower_case_keys(value),
    }
}

/// ninjs 2.2 spells every property in lower case.
fn lower_case_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lower_case_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(lower_case_keys).collect()),
        other => other,
    }
}
