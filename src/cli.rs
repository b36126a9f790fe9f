//! Command-line arguments: every flag is defined here once, with its help text; `--help`,
//! the man page and shell completions are all generated from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use arsip::read::InputFormat;
use arsip::write::OutputFormat;

const EXIT_CODES: &str = "\
Exit codes:
  0  success: every input read, and no finding at the failure level
  1  a finding at the failure level (check: --fail-on, default error; convert: --strict)
  2  an input could not be read, a usage or configuration error, or output could not be written";

const CHECK_EXAMPLES: &str = "\
Examples:
  arsip check fixtures/text/*.txt
  arsip check --format sarif archive/*.txt > arsip.sarif
  arsip check --format github --fail-on warning articles/*.txt
  arsip check --select date,quote --ignore D109 article.txt
  arsip check --now 2019-05-01 article.txt     (judge dates against a fixed day)";

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
    /// Check articles against the validation rules.
    #[command(after_help = format!("{CHECK_EXAMPLES}\n\n{EXIT_CODES}"))]
    Check(CheckArgs),
    /// List every rule with its code, name, family and default severity.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Explain one rule: why it matters, an example, and the fix.
    Explain {
        /// A rule code (`D104`) or name (`date-weekday-mismatch`).
        rule: String,
    },
    /// Show what each selector of a site profile matches on pages, to write profiles.
    #[command(
        after_help = "Examples:\n  arsip profile --profile portal.yaml page.html\n  arsip profile page.html        (the built-in profile the page's CMS gets, if any)"
    )]
    Profile(ProfileArgs),
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

    #[command(flatten)]
    pub input: InputOptions,

    /// Write to FILE instead of standard output; the file appears whole or not at all.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// One line per article, even for a single article.
    #[arg(long)]
    pub compact: bool,

    /// Write one file per input into DIR, mirroring the input folders; existing outputs
    /// are kept (a rerun resumes) unless --force.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// With --out-dir: convert again inputs whose output exists.
    #[arg(long, requires = "out_dir")]
    pub force: bool,

    /// With --out-dir: flush each output to disk before the next, so that even a power cut
    /// leaves no partial file (a killed run never does). Slower on many small files.
    #[arg(long, requires = "out_dir")]
    pub fsync: bool,

    /// Parallel jobs (default: all cores). Output files, the stream on stdout and the
    /// report are the same bytes for any N.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// In folders, take only files matching these globs (`**/*.html`); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// In folders, skip files matching these globs; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// No progress bar (it only shows when standard error is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// With --out-dir: write the batch report (every input and its outcome) as JSON.
    #[arg(long, value_name = "FILE", requires = "out_dir")]
    pub report: Option<PathBuf>,

    /// Take only shard K of N (`3/8`), split by a stable hash of each input path (of each
    /// page's URL in a WARC archive): for GNU parallel, Slurm array jobs or Kubernetes
    /// indexed jobs.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,

    /// The ninjs version for `--to ninjs`.
    #[arg(long, value_enum, default_value_t = NinjsVersionArg::V3_1)]
    pub ninjs_version: NinjsVersionArg,

    /// Exit with code 1 when a rule finds an error-level problem.
    #[arg(long)]
    pub strict: bool,

    /// Do not print findings on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub rules: RuleOptions,
}

/// `K/N` with 1 <= K <= N.
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| "expected K/N, such as 2/8".to_string())?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a number"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: K must be between 1 and N"));
    }
    Ok((k, n))
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// HTML pages to try the profile on.
    #[arg(value_name = "PAGE", required = true)]
    pub pages: Vec<PathBuf>,

    /// The profile to try; without it, the built-in profile of each page's CMS.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Input files; `-`, or no input at all, reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Input format; `auto` looks at the content, not the file name.
    #[arg(long, value_enum, default_value_t = FromFormat::Auto)]
    pub from: FromFormat,

    #[command(flatten)]
    pub input: InputOptions,

    /// Report format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// The lowest severity that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = Level::Error)]
    pub fail_on: Level,

    /// Exit with 0 whatever the findings (read errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Colour in the text report: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub rules: RuleOptions,
}

/// What arsip cannot learn from the input bytes alone, shared by `check` and `convert`.
#[derive(Debug, Args)]
pub struct InputOptions {
    /// Charset of HTML inputs, as an HTTP header would give it; beats `<meta charset>`.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// The address relative links in HTML pages point from, when a page has no `<base>`
    /// or canonical link.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// A site profile (YAML of CSS selectors) for HTML pages; see `arsip schema profile`.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,

    /// A folder of site profiles, chosen by each page's host.
    #[arg(long, value_name = "DIR", conflicts_with = "profile")]
    pub profile_dir: Option<PathBuf>,

    /// The largest input read, once decompressed (K, M, G); larger ones fail with a
    /// message. WARC archives and JSON Lines on stdout are streamed whatever their size;
    /// this bounds each page or record.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = arsip::read::open::parse_size)]
    pub max_size: u64,
}

/// Options that choose and configure rules, shared by `check` and `convert`.
#[derive(Debug, Args)]
pub struct RuleOptions {
    /// Configuration file; by default `arsip.yaml` in the current folder or the nearest above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any `arsip.yaml`: built-in defaults only.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Run only these rules (codes, names, families or code prefixes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Do not run these rules (codes, names, families or code prefixes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Today's date for the rules (YYYY-MM-DD), instead of the clock.
    #[arg(long, value_name = "DATE")]
    pub now: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Findings with their source line, and a summary.
    Text,
    /// One JSON document: findings, failures and summary.
    Json,
    /// One finding per line.
    Ndjson,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// JUnit XML, one test case per input.
    Junit,
    /// GitHub Actions annotations.
    Github,
}

impl From<CheckFormat> for arsip::report::ReportFormat {
    fn from(format: CheckFormat) -> Self {
        use arsip::report::ReportFormat as R;
        match format {
            CheckFormat::Text => R::Text,
            CheckFormat::Json => R::Json,
            CheckFormat::Ndjson => R::Ndjson,
            CheckFormat::Sarif => R::Sarif,
            CheckFormat::Junit => R::Junit,
            CheckFormat::Github => R::Github,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for arsip::rules::Severity {
    fn from(level: Level) -> Self {
        match level {
            Level::Error => arsip::rules::Severity::Error,
            Level::Warning => arsip::rules::Severity::Warning,
            Level::Info => arsip::rules::Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Text,
    /// The registry as JSON.
    Json,
    /// The Markdown reference, as in docs/rules.md.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromFormat {
    /// Decide from the content.
    Auto,
    /// Plain scraped text.
    Text,
    /// An HTML page (`.gz` is read transparently).
    Html,
    /// arsip's own JSON: one article.
    Json,
    /// JSON Lines: arsip's own articles, or page records {"path"|"url", "html"|"text"}.
    Ndjson,
    /// arsip's own YAML: one document or a `---` stream.
    Yaml,
    /// NewsML-G2 newsItems, alone or in a newsMessage.
    Newsml,
    /// A WARC web archive (`.warc` or `.warc.gz`): its HTML responses with status 200.
    Warc,
}

impl From<FromFormat> for InputFormat {
    fn from(format: FromFormat) -> Self {
        match format {
            FromFormat::Auto => InputFormat::Auto,
            FromFormat::Text => InputFormat::Text,
            FromFormat::Html => InputFormat::Html,
            FromFormat::Json => InputFormat::Json,
            FromFormat::Ndjson => InputFormat::Ndjson,
            FromFormat::Yaml => InputFormat::Yaml,
            FromFormat::Newsml => InputFormat::Newsml,
            FromFormat::Warc => InputFormat::Warc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToFormat {
    /// JSON: pretty for one article, JSON Lines for several.
    Json,
    /// YAML: one document, or a `---` separated stream for several.
    Yaml,
    /// NewsML-G2 2.35: a `newsItem`, or a `newsMessage` for several.
    Newsml,
    /// IPTC ninjs (3.1, or 2.2 with --ninjs-version).
    Ninjs,
    /// Markdown with YAML front matter, for Hugo and Jekyll.
    Markdown,
    /// schema.org NewsArticle as JSON-LD.
    Jsonld,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NinjsVersionArg {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "2.2")]
    V2_2,
}

impl ConvertArgs {
    /// The output format, with its version where it has one.
    pub fn output_format(&self) -> OutputFormat {
        use arsip::write::ninjs::NinjsVersion;
        match self.to {
            ToFormat::Json => OutputFormat::Json,
            ToFormat::Yaml => OutputFormat::Yaml,
            ToFormat::Newsml => OutputFormat::Newsml,
            ToFormat::Ninjs => OutputFormat::Ninjs(match self.ninjs_version {
                NinjsVersionArg::V3_1 => NinjsVersion::V3_1,
                NinjsVersionArg::V2_2 => NinjsVersion::V2_2,
            }),
            ToFormat::Markdown => OutputFormat::Markdown,
            ToFormat::Jsonld => OutputFormat::JsonLd,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The Article model that `convert` emits.
    Article,
    /// The `arsip.yaml` configuration file.
    Config,
    /// A site profile for HTML pages.
    Profile,
    /// The batch report of `convert --out-dir --report`.
    BatchReport,
}

impl SchemaName {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaName::Article => "article",
            SchemaName::Config => "config",
            SchemaName::Profile => "profile",
            SchemaName::BatchReport => "batch-report",
        }
    }
}
