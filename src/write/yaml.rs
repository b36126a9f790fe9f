//! YAML: one document per article; a stream separates documents with `---`.

use std::io;

use super::{ArticleWriter, Layout};
use crate::model::Article;

pub struct YamlWriter {
    layout: Layout,
}

impl YamlWriter {
    pub fn new(layout: Layout) -> Self {
        YamlWriter { layout }
    }
}

impl ArticleWriter for YamlWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()> {
        let text = serde_yaml::to_string(article).map_err(io::Error::other)?;
        if self.layout.stream {
            out.write_all(b"---\n")?;
        }
        out.write_all(text.as_bytes())
    }
}
