//! One module per subcommand that does more than print, and what they share: naming and
//! loading inputs, and loading the rule configuration.

pub mod batch;
pub mod check;
pub mod convert;
pub mod profile;
pub mod rules;

use std::path::{Path, PathBuf};

use anyhow::Context;

use arsip::config::{self, Loaded};
use arsip::read::{Input, ReadError};

use crate::cli::{InputOptions, RuleOptions};

/// Where one input comes from.
pub enum Source<'a> {
    Stdin,
    File(&'a Path),
}

impl Source<'_> {
    /// How the input is named in messages and reports.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }

    pub fn load(&self, options: &InputOptions) -> Result<Input, ReadError> {
        let mut input = match self {
            Source::Stdin => Input::from_stdin(),
            Source::File(path) => Input::from_path(path),
        }?;
        input.charset = options.encoding.clone();
        input.base_url = options.base_url.clone();
        Ok(input)
    }
}

/// The inputs as given; none, or `-`, means standard input.
pub fn sources(inputs: &[PathBuf]) -> Vec<Source<'_>> {
    if inputs.is_empty() {
        return vec![Source::Stdin];
    }
    inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Source::Stdin
            } else {
                Source::File(p)
            }
        })
        .collect()
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
