//! schema.org `NewsArticle` as JSON-LD, the form search engines and many CMSs read.

use std::io;

use serde_json::{json, Value};

use super::{ArticleWriter, Layout};
use crate::model::Article;

pub struct JsonLdWriter {
    layout: Layout,
}

impl JsonLdWriter {
    pub fn new(layout: Layout) -> Self {
        JsonLdWriter { layout }
    }
}

impl ArticleWriter for JsonLdWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        let value = to_json_ld(article);
        if self.layout.stream || self.layout.compact {
            serde_json::to_writer(&mut *out, &value)?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &value)?;
        }
        out.write_all(b"\n")
    }
}

/// The article as a schema.org `NewsArticle`.
pub fn to_json_ld(article: &Article) -> Value {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": article.id,
    });
    let set = |value: &mut Value, key: &str, v: Value| {
        value[key] = v;
    };
    if let Some(title) = &article.title {
        set(&mut value, "headline", json!(title));
    }
    if let Some(published) = &article.published {
        // A date alone stays a date: schema.org accepts ISO 8601 dates as well as instants.
        let date = match (&published.date, &published.time) {
            (Some(_), Some(_)) => published.date_time(),
            (date, None) => date.clone(),
            (None, Some(_)) => None,
        };
        if let Some(date) = date {
            set(&mut value, "datePublished", json!(date));
        }
    }
    if let Some(dateline) = &article.dateline {
        set(&mut value, "dateline", json!(dateline.raw));
        if let Some(place) = &dateline.place {
            set(
                &mut value,
                "locationCreated",
                json!({ "@type": "Place", "name": place }),
            );
        }
    }
    if !article.body.is_empty() {
        set(&mut value, "articleBody", json!(article.body.join("\n\n")));
    }
    if let Some(byline) = &article.byline {
        let authors: Vec<Value> = byline
            .split(", ")
            .map(|name| json!({ "@type": "Person", "name": name }))
            .collect();
        set(&mut value, "author", Value::Array(authors));
    }
    if let Some(credit) = &article.credit {
        set(&mut value, "creditText", json!(credit));
    }
    if let Some(language) = &article.language {
        set(&mut value, "inLanguage", json!(language));
    }
    if !article.tags.is_empty() {
        set(&mut value, "keywords", json!(article.tags));
    }
    if let Some(url) = &article.source.url {
        set(&mut value, "url", json!(url));
        set(&mut value, "isBasedOn", json!(url));
    } else if let Some(path) = &article.source.path {
        set(&mut value, "isBasedOn", json!(path));
    }
    let images: Vec<Value> = article
        .images
        .iter()
        .filter_map(|i| {
            let src = i.src.as_ref()?;
            Some(json!({ "@type": "ImageObject", "contentUrl": src, "caption": i.caption }))
        })
        .collect();
    if !images.is_empty() {
        set(&mut value, "image", Value::Array(images));
    }
    let related: Vec<Value> = article
        .related
        .iter()
        .filter_map(|r| {
            let url = r.url.as_ref()?;
            Some(json!({ "@type": "NewsArticle", "url": url, "headline": r.title }))
        })
        .collect();
    if !related.is_empty() {
        set(
            &mut value,
            "relatedLink",
            json!(related.iter().map(|r| r["url"].clone()).collect::<Vec<_>>()),
        );
    }
    value
}
