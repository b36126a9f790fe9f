//! Command-line arguments: every flag is defined here once, with its help text; `--help`,
//! the man page and shell completions are all generated from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use arsip::read::InputFormat;
use arsip::write::OutputFormat;

const EXIT_CODES: &str = "\
Exit codes:
  0  every input converted
  2  an input could not be read, a usage error, or output could not be written";

const CONVERT_EXAMPLES: &str = "\
Examples:
  arsip convert fixtures/text/banyuwangi-diklatpim.txt
  arsip convert --to yaml article.txt -o article.yaml
  arsip convert old/*.txt > articles.jsonl         (JSON Lines, one article per line)
  curl -s https://portal.example/berita/123 | arsip convert --from text -
  arsip convert old/*.txt | jq -r '.published.date'";

/// Turn old news-portal archives into clean, typed, validated data.
#[derive(Debug, Parser)]
#[command(name = "arsip", version, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert articles to structured data (JSON or YAML).
    #[command(after_help = format!("{CONVERT_EXAMPLES}\n\n{EXIT_CODES}"))]
    Convert(ConvertArgs),
    /// Print the JSON Schema of arsip's data.
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaName::Article)]
        name: SchemaName,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), for `arsip man > arsip.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input files; `-`, or no input at all, reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Input format; `auto` looks at the content, not the file name.
    #[arg(long, value_enum, default_value_t = FromFormat::Auto)]
    pub from: FromFormat,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ToFormat::Json)]
    pub to: ToFormat,

    /// Write to FILE instead of standard output; the file appears whole or not at all.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// One line per article, even for a single article.
    #[arg(long)]
    pub compact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromFormat {
    /// Decide from the content.
    Auto,
    /// Plain scraped text.
    Text,
}

impl From<FromFormat> for InputFormat {
    fn from(format: FromFormat) -> Self {
        match format {
            FromFormat::Auto => InputFormat::Auto,
            FromFormat::Text => InputFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToFormat {
    /// JSON: pretty for one article, JSON Lines for several.
    Json,
    /// YAML: one document, or a `---` separated stream for several.
    Yaml,
}

impl From<ToFormat> for OutputFormat {
    fn from(format: ToFormat) -> Self {
        match format {
            ToFormat::Json => OutputFormat::Json,
            ToFormat::Yaml => OutputFormat::Yaml,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The Article model that `convert` emits.
    Article,
}

impl SchemaName {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaName::Article => "article",
        }
    }
}
