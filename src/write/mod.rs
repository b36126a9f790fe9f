//! Writers: one per output format, each turning [`Article`]s into bytes. A writer knows the
//! model and its format, nothing about where the article was read from.

pub mod json;
pub mod jsonld;
pub mod markdown;
pub mod newsml;
pub mod ninjs;
pub mod yaml;

use std::io;

use crate::model::Article;

/// The output formats arsip writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Yaml,
    Newsml,
    Ninjs(ninjs::NinjsVersion),
    Markdown,
    JsonLd,
}

/// How articles are laid out in one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// More than one article goes to this output: JSON Lines, or a YAML stream.
    pub stream: bool,
    /// One line per article even for a single article.
    pub compact: bool,
}

/// A format's writer: called once per article, in order, then once at the end.
pub trait ArticleWriter {
    fn write_article(&mut self, article: &Article, out: &mut dyn io::Write) -> io::Result<()>;

    /// Closes a stream that needs it (a NewsML `newsMessage`, say); most need nothing.
    fn finish(&mut self, _out: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }
}

/// The writer for `format`.
pub fn writer_for(format: OutputFormat, layout: Layout) -> Box<dyn ArticleWriter> {
    match format {
        OutputFormat::Json => Box::new(json::JsonWriter::new(layout)),
        OutputFormat::Yaml => Box::new(yaml::YamlWriter::new(layout)),
        OutputFormat::Newsml => Box::new(newsml::NewsmlWriter::new(layout)),
        OutputFormat::Ninjs(version) => Box::new(ninjs::NinjsWriter::new(layout, version)),
        OutputFormat::Markdown => Box::new(markdown::MarkdownWriter::new(layout)),
        OutputFormat::JsonLd => Box::new(jsonld::JsonLdWriter::new(layout)),
    }
}

/// Writes one article to a string in `format`, as `arsip convert` prints a single article.
///
/// ```
/// use arsip::read::{read, Input, InputFormat};
/// use arsip::write::{to_string, OutputFormat};
///
/// let text = "Judul\n\nSenin, 1 April 2019\n\nJAKARTA – Isi berita. (*)\n";
/// let article = read(&Input::from_bytes(text, Some("judul.txt")), InputFormat::Text)
///     .unwrap()
///     .article;
/// let yaml = to_string(&article, OutputFormat::Yaml);
/// assert!(yaml.contains("place: \"Jakarta\""));
/// ```
pub fn to_string(article: &Article, format: OutputFormat) -> String {
    let mut out = Vec::new();
    let mut writer = writer_for(format, Layout::default());
    writer
        .write_article(article, &mut out)
        .and_then(|()| writer.finish(&mut out))
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("writers produce UTF-8")
}
