//! One module per subcommand that does more than print, and what they share: naming and
//! loading inputs, and loading the rule configuration.

pub mod batch;
pub mod check;
pub mod convert;
pub mod profile;
pub mod rules;

use std::path::PathBuf;

use anyhow::Context;

use arsip::batch::{UnitSource, Work};
use arsip::config::{self, Loaded};
use arsip::read::{read_each, read_warc_page, Parsed, ReadError, ReadOptions};

use crate::cli::{InputOptions, RuleOptions};

/// The inputs as given, as sources of units; none, or `-`, means standard input.
pub fn unit_sources(inputs: &[PathBuf]) -> Vec<UnitSource> {
    if inputs.is_empty() {
        return vec![UnitSource::Stdin];
    }
    inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                UnitSource::Stdin
            } else {
                UnitSource::File {
                    path: p.clone(),
                    output: None,
                }
            }
        })
        .collect()
}

/// Reads one unit into its articles, each with its own result where the format has
/// records that fail alone (JSON Lines); the command line's input options apply.
pub fn read_unit(
    work: Work,
    options: &ReadOptions,
    input_options: &InputOptions,
) -> Result<Vec<Result<Parsed, ReadError>>, ReadError> {
    let (mut input, page) = match work.load(input_options.max_size) {
        Work::Read(input) => (input, false),
        Work::Page(input) => (input, true),
        Work::Record {
            line,
            number,
            mut input,
        } => {
            input.base_url = input_options.base_url.clone();
            return Ok(vec![arsip::read::data::read_line(
                number, &line, &input, options,
            )]);
        }
        Work::Failed(err) => return Err(err),
        Work::Skipped => return Ok(Vec::new()),
        Work::File(_) => {
            return Err(ReadError::Io {
                reason: "was not read".to_string(),
            })
        }
    };
    // A page's HTTP header beats `--encoding`, as it would in a browser.
    if input.charset.is_none() {
        input.charset = input_options.encoding.clone();
    }
    input.base_url = input_options.base_url.clone();
    if page {
        return Ok(vec![read_warc_page(&input, options)]);
    }
    read_each(&input, options)
}

/// The configuration in force: `--config`, else `arsip.yaml` found upwards from the current
/// folder, else the defaults; then the command line's own choices on top.
pub fn load_rules(options: &RuleOptions) -> anyhow::Result<Loaded> {
    let found = match (&options.config, options.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd)),
        (None, true) => None,
    };
    let mut loaded = match found {
        Some(path) => config::load(&path)?,
        None => Loaded::defaults(),
    };
    config::apply_selection(
        &mut loaded.settings.selection,
        options.select.as_deref(),
        &options.ignore,
        &Default::default(),
    )
    .map_err(|(key, reason)| anyhow::anyhow!("--{key}: {reason}"))
    .context("bad rule selection")?;
    if let Some(now) = options.now {
        loaded.settings.now = now;
    }
    Ok(loaded)
}

/// The read options the command line gives, with the profile loaded and checked once.
pub fn read_options(
    format: arsip::read::InputFormat,
    options: &InputOptions,
) -> anyhow::Result<arsip::read::ReadOptions> {
    check_input_options(options)?;
    let profile = options
        .profile
        .as_deref()
        .map(arsip::read::html::profile::Profile::load)
        .transpose()?;
    if let Some(dir) = &options.profile_dir {
        if !dir.is_dir() {
            anyhow::bail!("{}: not a folder of profiles", dir.display());
        }
    }
    Ok(arsip::read::ReadOptions {
        format,
        profile,
        profile_dir: options.profile_dir.clone(),
    })
}

/// Input options that are wrong for every input are refused once, up front.
fn check_input_options(options: &InputOptions) -> anyhow::Result<()> {
    if let Some(label) = &options.encoding {
        if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
            anyhow::bail!("--encoding: `{label}` is not an encoding label (try utf-8, windows-1252, iso-8859-1)");
        }
    }
    if let Some(url) = &options.base_url {
        if url::Url::parse(url).is_err() {
            anyhow::bail!("--base-url: `{url}` is not an absolute URL");
        }
    }
    Ok(())
}
