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

/// The output formats arsip writes, as `--to` names them.
/// `--to` takes the names of [`WRITERS`] and shows their help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Yaml,
    Newsml,
    Ninjs,
    Markdown,
    JsonLd,
}

#[cfg(feature = "cli")]
impl clap::ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [OutputFormat; 6] = [
            OutputFormat::Json,
            OutputFormat::Yaml,
            OutputFormat::Newsml,
            OutputFormat::Ninjs,
            OutputFormat::Markdown,
            OutputFormat::JsonLd,
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let writer = self.writer();
        Some(clap::builder::PossibleValue::new(writer.name).help(writer.help))
    }
}

/// What a format's writer may be asked besides the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteOptions {
    pub ninjs_version: ninjs::NinjsVersion,
}

/// One output format's writer.
pub struct Writer {
    pub format: OutputFormat,
    /// The name `--to` takes.
    pub name: &'static str,
    /// The extension of the files `--out-dir` writes.
    pub extension: &'static str,
    /// What it writes, for `--help` and the docs.
    pub help: &'static str,
    pub make: fn(Layout, &WriteOptions) -> Box<dyn ArticleWriter>,
}

/// Every writer: `--to`, `--out-dir` naming and the docs all read this table.
pub const WRITERS: &[Writer] = &[
    Writer {
        format: OutputFormat::Json,
        name: "json",
        extension: "json",
        help: "JSON: pretty for one article, JSON Lines for several",
        make: |layout, _| Box::new(json::JsonWriter::new(layout)),
    },
    Writer {
        format: OutputFormat::Yaml,
        name: "yaml",
        extension: "yaml",
        help: "YAML: one document, or a `---` separated stream for several",
        make: |layout, _| Box::new(yaml::YamlWriter::new(layout)),
    },
    Writer {
        format: OutputFormat::Newsml,
        name: "newsml",
        extension: "xml",
        help: "NewsML-G2 2.35: a `newsItem`, or a `newsMessage` for several",
        make: |layout, _| Box::new(newsml::NewsmlWriter::new(layout)),
    },
    Writer {
        format: OutputFormat::Ninjs,
        name: "ninjs",
        extension: "json",
        help: "IPTC ninjs 3.1 (or 2.2 with --ninjs-version)",
        make: |layout, options| Box::new(ninjs::NinjsWriter::new(layout, options.ninjs_version)),
    },
    Writer {
        format: OutputFormat::Markdown,
        name: "markdown",
        extension: "md",
        help: "Markdown with YAML front matter, for Hugo and Jekyll",
        make: |layout, _| Box::new(markdown::MarkdownWriter::new(layout)),
    },
    Writer {
        format: OutputFormat::JsonLd,
        name: "jsonld",
        extension: "json",
        help: "schema.org NewsArticle as JSON-LD",
        make: |layout, _| Box::new(jsonld::JsonLdWriter::new(layout)),
    },
];

impl OutputFormat {
    /// This format's entry in [`WRITERS`].
    pub fn writer(self) -> &'static Writer {
        WRITERS
            .iter()
            .find(|w| w.format == self)
            .expect("every output format has a writer")
    }
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
pub fn writer_for(
    format: OutputFormat,
    layout: Layout,
    options: &WriteOptions,
) -> Box<dyn ArticleWriter> {
    (format.writer().make)(layout, options)
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
    to_string_with(article, format, &WriteOptions::default())
}

/// [`to_string`] with the writer's options.
pub fn to_string_with(article: &Article, format: OutputFormat, options: &WriteOptions) -> String {
    let mut out = Vec::new();
    let mut writer = writer_for(format, Layout::default(), options);
    writer
        .write_article(article, &mut out)
        .and_then(|()| writer.finish(&mut out))
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("writers produce UTF-8")
}
