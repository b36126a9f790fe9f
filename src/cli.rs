//! Command-line arguments: every flag is defined here once, with its help text; `--help`,
//! the man page and shell completions are all generated from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use arsip::read::InputFormat;
use arsip::report::ReportFormat;
use arsip::rules::Severity;
use arsip::write::ninjs::NinjsVersion;
use arsip::write::{OutputFormat, WriteOptions};

const EXIT_CODES: &str = "\
Exit codes:
  0  success: every input read, and no finding at the failure level
  1  a finding at the failure level (check: --fail-on, default error; convert: --strict)
  2  an input could not be read, a usage or configuration error, or output could not be written";

const CHECK_EXAMPLES: &str = "\
Examples:
  arsip check fixtures/text/*.txt
  arsip check archive/                          (every file below the folder)
  arsip check --format sarif archive/*.txt > arsip.sarif
  arsip check --format github --fail-on warning articles/*.txt
  arsip check --select date,quote --ignore D109 article.txt
  arsip check --now 2019-05-01 article.txt     (judge dates against a fixed day)";

const CONVERT_EXAMPLES: &str = "\
Examples:
  arsip convert fixtures/text/banyuwangi-diklatpim.txt
  arsip convert --to yaml article.txt -o article.yaml
  arsip convert old/*.txt > articles.jsonl         (JSON Lines, one article per line)
  arsip convert dump/ | head                       (a folder, walked; JSON Lines)
  arsip convert --out-dir content/ --to markdown dump/ crawl.warc.gz
  arsip convert @pages.txt                         (one path, folder or glob per line)
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
    #[command(flatten)]
    pub inputs: Inputs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub to: OutputFormat,

    #[command(flatten)]
    pub input: InputOptions,

    /// Write to FILE instead of standard output (`-` is standard output). A file appears
    /// whole or not at all; a link's target is replaced and the link kept; a pipe or
    /// device is written to as it is.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
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

    /// No progress bar (it only shows when standard error is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// Write the report of the run (every input and its outcome, duplicate ids) as JSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Take only shard K of N (`3/8`), split by a stable hash of each input path (of each
    /// page's URL in an archive): for GNU parallel, Slurm array jobs or Kubernetes
    /// indexed jobs. Output names are the same in every shard.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,

    /// The ninjs version for `--to ninjs`.
    #[arg(long, value_enum, default_value_t = NinjsVersion::V3_1)]
    pub ninjs_version: NinjsVersion,

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

/// The inputs of a command and how to find them.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Input files, folders (walked), globs, `@list` files (one per line; `@-` reads the
    /// list from standard input) and web archives; `-`, or no input at all, is standard
    /// input.
    #[arg(value_name = "INPUT")]
    pub paths: Vec<PathBuf>,

    /// Input format; `auto` looks at the content, not the file name.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub from: InputFormat,

    /// In folders, take only files matching these globs (`**/*.html`); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// In folders, skip files matching these globs; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Parallel jobs (default: all cores; at most four per core). Outputs, reports and the
    /// stream on stdout are the same bytes for any N.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

impl Inputs {
    pub fn jobs(&self) -> usize {
        arsip::batch::jobs_or_cores(self.jobs.map(usize::from))
    }
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// The profile to try; without it, the built-in profile of each page's CMS.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,

    /// The largest page read, once decompressed (K, M, G); archives and JSON Lines of
    /// page records are read whatever their size, a page or record at a time.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = arsip::source::parse_size)]
    pub max_size: u64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    #[command(flatten)]
    pub input: InputOptions,

    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// The lowest severity that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = Severity::Error)]
    pub fail_on: Severity,

    /// Exit with 0 whatever the findings (read errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Colour in the text report: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Walk folders without honouring their `.gitignore`, `.ignore` and `.arsipignore`.
    #[arg(long)]
    pub no_ignore: bool,

    /// Report only findings not recorded in this baseline (see `--write-baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every finding of this run in a baseline file (JSON; see README).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Apply safe fixes (punctuation only) to text and Markdown files in place; never to
    /// HTML or other formats.
    #[arg(long)]
    pub fix: bool,

    /// Also apply fixes that change words (a near-miss attribution verb); implies --fix
    /// unless --diff is given.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing; exit 1 when there are any.
    #[arg(long)]
    pub diff: bool,

    #[command(flatten)]
    pub rules: RuleOptions,
}

/// What arsip cannot learn from the input bytes alone, shared by `check` and `convert`.
#[derive(Debug, Args)]
pub struct InputOptions {
    /// Charset of HTML inputs, as an HTTP header would give it; beats `<meta charset>`.
    /// A UTF-16 label applies to text and Markdown inputs too, when their bytes are UTF-16.
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

    /// The largest document read, once decompressed (K, M, G); larger ones fail with a
    /// message. Archives and streams of documents (JSON Lines, YAML streams, NewsML
    /// messages) are read whatever their size; this bounds each page or document.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = arsip::source::parse_size)]
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

    /// Tell every finding in this language (`en`, `id`) instead of each article's own;
    /// the words a suggestion quotes for the article stay in the article's language.
    #[arg(long, value_name = "LANG")]
    pub message_language: Option<String>,
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

impl ConvertArgs {
    /// What the writers are asked besides the format.
    pub fn write_options(&self) -> WriteOptions {
        WriteOptions {
            ninjs_version: self.ninjs_version,
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
