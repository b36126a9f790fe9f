//! JSON: pretty for one article, one line per article (JSON Lines) in a stream.

use std::io;

use super::{ArticleWriter, Layout};
use crate::model::Article;

pub struct JsonWriter {
    layout: Layout,
}

impl JsonWriter {
    pub fn new(layout: Layout) -> Self {
        JsonWriter { layout }
    }
}

impl ArticleWriter for JsonWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        if self.layout.stream || self.layout.compact {
            serde_json::to_writer(&mut *out, article)?;
        } else {
            serde_json::to_writer_pretty(&mut *out, article)?;
        }
        out.write_all(b"\n")
    }
}
